import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { smarte } from '@enrichflow/core/providers/smarte';
import { actionDescription } from '../adapter/description';
import { executeAction } from '../adapter/execute';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** SMARTe action node: every operation of the catalog (see nodes/adapter/description.ts); many items go out as few requests. */
export class Smarte implements INodeType {
  description: INodeTypeDescription = {
    ...actionDescription(smarte),
    icon: { light: 'file:smarte.svg', dark: 'file:smarte.dark.svg' },
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    usableAsTool: true,
  };

  methods = sharedStoreMethods;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, smarte);
  }
}
