import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { influencersClub } from '@enrichflow/core/providers/influencersClub';
import { batchPollTriggerDescription, pollBatches } from '../adapter/pollTrigger';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** Influencers.club "batch finished" by polling the job status (the provider never calls back). */
export class InfluencersClubBatchTrigger implements INodeType {
  description: INodeTypeDescription = {
    ...batchPollTriggerDescription(influencersClub),
    icon: { light: 'file:influencersClub.svg', dark: 'file:influencersClub.dark.svg' },
    subtitle: '={{$parameter["batch"]}}',
  };

  methods = sharedStoreMethods;

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    return pollBatches(this, influencersClub);
  }
}
