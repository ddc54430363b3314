import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { leadfeeder } from '@enrichflow/core/providers/leadfeeder';
import { actionDescription } from '../adapter/description';
import { executeAction } from '../adapter/execute';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** Leadfeeder action node: every operation of the catalog (see nodes/adapter/description.ts). */
export class Leadfeeder implements INodeType {
  description: INodeTypeDescription = {
    ...actionDescription(leadfeeder),
    icon: { light: 'file:leadfeeder.svg', dark: 'file:leadfeeder.dark.svg' },
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    usableAsTool: true,
  };

  methods = sharedStoreMethods;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, leadfeeder);
  }
}
