import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { enrichLayer } from '@enrichflow/core/providers/enrichLayer';
import { actionDescription } from '../adapter/description';
import { executeAction } from '../adapter/execute';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** EnrichLayer action node: every operation of the catalog (see nodes/adapter/description.ts). */
export class EnrichLayer implements INodeType {
  description: INodeTypeDescription = {
    ...actionDescription(enrichLayer),
    icon: { light: 'file:enrichLayer.svg', dark: 'file:enrichLayer.dark.svg' },
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    usableAsTool: true,
  };

  methods = sharedStoreMethods;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, enrichLayer);
  }
}
