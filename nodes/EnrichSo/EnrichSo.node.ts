import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { enrichSo } from '@enrichflow/core/providers/enrichSo';
import { actionDescription } from '../adapter/description';
import { executeAction } from '../adapter/execute';
import { resumeOnCallback } from '../adapter/resume';
import { editionCredentials, sharedStoreMethods } from '../adapter/sharedStore';

/** Enrich.so action node: every operation of the catalog (see nodes/adapter/description.ts). */
export class EnrichSo implements INodeType {
  description: INodeTypeDescription = {
    ...actionDescription(enrichSo),
    icon: { light: 'file:enrichSo.svg', dark: 'file:enrichSo.dark.svg' },
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    usableAsTool: true,
    // The same list actionDescription generates, written out for n8n's lint, which reads it
    // here to see that the shared-store credential is tested by this node (a test holds them equal).
    credentials: [
      { name: 'enrichSoApi', required: true },
      { name: 'enrichflowSharedStoreApi', required: true, testedBy: 'enrichflowSharedStoreConnection', displayOptions: { show: { sharedStore: ['redis'] } } },
    ],
  };

  constructor() {
    // The per-provider package has no shared store (nodes/adapter/edition.ts): drop its credential there.
    this.description.credentials = editionCredentials(this.description.credentials ?? []);
  }

  methods = sharedStoreMethods;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, enrichSo);
  }

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return resumeOnCallback(this, enrichSo);
  }
}
