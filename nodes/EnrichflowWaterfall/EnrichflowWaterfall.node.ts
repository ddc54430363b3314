import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { waterfallProperties } from '../adapter/waterfall/description';
import { executeWaterfall } from '../adapter/waterfall/execute';
import { sharedStoreMethods } from '../adapter/sharedStore';

/**
 * Enrichflow Waterfall: one goal (work email, mobile phone, person, company) across the
 * providers whose credentials are set, cheapest sure source first, stopping at the first valid
 * hit (see nodes/adapter/waterfall/ and shared/waterfall/).
 */
export class EnrichflowWaterfall implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Enrichflow Waterfall',
    name: 'enrichflowWaterfall',
    icon: { light: 'file:enrichflowWaterfall.svg', dark: 'file:enrichflowWaterfall.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description:
      'Find a work email, phone, person or company across several providers: cheapest sure source first, stop at the first valid hit, one credit budget',
    defaults: { name: 'Enrichflow Waterfall' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    // Every provider's credential is optional: only the providers with one take part.
    credentials: [
      { name: 'enrichSoApi', displayName: 'Enrich.so (Optional)', required: false },
      { name: 'smarteApi', displayName: 'SMARTe (Optional)', required: false },
      { name: 'enrichLayerApi', displayName: 'EnrichLayer (Optional)', required: false },
      // Leadfeeder serves the company goals only (its capabilities in shared/providers/leadfeeder).
      { name: 'leadfeederApi', displayName: 'Leadfeeder (Optional)', required: false, displayOptions: { show: { resource: ['company'] } } },
      // n8n in queue mode: every worker throttles, caches and registers subscriptions in one Redis.
      { name: 'enrichflowSharedStoreApi', required: true, testedBy: 'enrichflowSharedStoreConnection', displayOptions: { show: { sharedStore: ['redis'] } } },
    ],
    properties: waterfallProperties(),
  };

  methods = sharedStoreMethods;

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeWaterfall(this);
  }
}
