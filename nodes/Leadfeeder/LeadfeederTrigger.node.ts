import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { leadfeeder } from '@enrichflow/core/providers/leadfeeder';
import { pollSourceTrigger, pollSourceTriggerDescription } from '../adapter/pollSource';
import { sharedStoreMethods } from '../adapter/sharedStore';

/** Leadfeeder "New Website Visitor Company": each visitor company once per visit window, by polling. */
export class LeadfeederTrigger implements INodeType {
  description: INodeTypeDescription = {
    ...pollSourceTriggerDescription(leadfeeder),
    icon: { light: 'file:leadfeeder.svg', dark: 'file:leadfeeder.dark.svg' },
    subtitle: '={{$parameter["event"]}}',
  };

  methods = sharedStoreMethods;

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    return pollSourceTrigger(this, leadfeeder);
  }
}
