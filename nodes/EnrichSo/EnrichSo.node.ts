import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { catalogs } from '../../shared/providers';
import { actionDescription } from '../adapter/description';
import { executeAction } from '../adapter/execute';
import { resumeOnCallback } from '../adapter/resume';

/** Enrich.so action node: every operation of the catalog (see nodes/adapter/description.ts). */
export class EnrichSo implements INodeType {
  description: INodeTypeDescription = {
    ...actionDescription(catalogs.enrichSo),
    icon: { light: 'file:enrichSo.svg', dark: 'file:enrichSo.dark.svg' },
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    usableAsTool: true,
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, catalogs.enrichSo);
  }

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return resumeOnCallback(this, catalogs.enrichSo);
  }
}
