import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { enrichSo } from '@enrichflow/core/providers/enrichSo';
import { batchPollTriggerDescription, pollBatches } from '../adapter/pollTrigger';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** Enrich.so "batch finished" by polling the job status (no callback needed). */
export class EnrichSoBatchTrigger implements INodeType {
  description: INodeTypeDescription = {
    ...batchPollTriggerDescription(enrichSo),
    icon: { light: 'file:enrichSo.svg', dark: 'file:enrichSo.dark.svg' },
    subtitle: '={{$parameter["batch"]}}',
  };

  methods = sharedStoreMethods;

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    return pollBatches(this, enrichSo);
  }
}
