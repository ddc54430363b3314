import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { catalogs } from '@enrichflow/core/providers';
import { actionDescription } from '../adapter/description';
import { executeAction } from '../adapter/execute';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** EnrichLayer action node: every operation of the catalog (see nodes/adapter/description.ts). */
export class EnrichLayer implements INodeType {
  description: INodeTypeDescription = {
    ...actionDescription(catalogs.enrichLayer),
    icon: { light: 'file:enrichLayer.svg', dark: 'file:enrichLayer.dark.svg' },
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    usableAsTool: true,
  };

  methods = sharedStoreMethods;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, catalogs.enrichLayer);
  }
}
