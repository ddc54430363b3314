import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { catalogs } from '@enrichflow/core/providers';
import { callbackTriggerDescription, receiveCallback } from '../adapter/trigger';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** Enrich.so callbacks (per result, batch finished), authenticated, deduplicated, confirmed. */
export class EnrichSoTrigger implements INodeType {
  description: INodeTypeDescription = {
    ...callbackTriggerDescription(catalogs.enrichSo),
    icon: { light: 'file:enrichSo.svg', dark: 'file:enrichSo.dark.svg' },
    subtitle: '={{($parameter["events"] || []).join(", ")}}',
  };

  methods = sharedStoreMethods;

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return receiveCallback(this, catalogs.enrichSo);
  }
}
