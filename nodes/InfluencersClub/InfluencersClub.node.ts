import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { influencersClub } from '@enrichflow/core/providers/influencersClub';
import { actionDescription } from '../adapter/description';
import { executeAction } from '../adapter/execute';
import { loadOptionsMethods } from '../adapter/loadOptions';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** Influencers.club action node: every operation of the catalog (see nodes/adapter/description.ts). */
export class InfluencersClub implements INodeType {
  description: INodeTypeDescription = {
    ...actionDescription(influencersClub),
    icon: { light: 'file:influencersClub.svg', dark: 'file:influencersClub.dark.svg' },
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    usableAsTool: true,
  };

  methods = { loadOptions: loadOptionsMethods(influencersClub), ...sharedStoreMethods };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, influencersClub);
  }
}
