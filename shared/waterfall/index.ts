/** The waterfall: one goal across several providers, cheapest sure source first (see run.ts). */
export { runWaterfall, type WaterfallOptions, type WaterfallOutcome, type WaterfallResult } from './run';
export { capabilitiesFor, planLead, type LeadPlan, type StepOutcome, type StepRecord, type WaterfallOrder } from './plan';
export { summarize, type ProviderCoverage, type WaterfallSummary } from './summary';
