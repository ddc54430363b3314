import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { enrichSo } from '@enrichflow/core/providers/enrichSo';
import { callbackTriggerDescription, receiveCallback } from '../adapter/trigger';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** Enrich.so callbacks (per result, batch finished), authenticated, deduplicated, confirmed. */
export class EnrichSoTrigger implements INodeType {
  description: INodeTypeDescription = {
    ...callbackTriggerDescription(enrichSo),
    icon: { light: 'file:enrichSo.svg', dark: 'file:enrichSo.dark.svg' },
    subtitle: '={{($parameter["events"] || []).join(", ")}}',
  };

  methods = sharedStoreMethods;

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return receiveCallback(this, enrichSo);
  }
}
