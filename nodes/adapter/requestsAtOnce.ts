/**
 * "Requests at Once": how many items' calls the node keeps in flight together. A real provider
 * takes 100–500 ms to answer; one call at a time cannot reach a plan's rate (at 300 ms an answer,
 * 200 a minute against a plan's 500), while the core's limiter still spaces every request to the
 * plan whatever the number here.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { EnrichflowClient } from '@enrichflow/core';
import type { ItemInputs } from './inputs';
import type { OperationPlan } from './operations';

export const REQUESTS_AT_ONCE = 'requestsAtOnce';
export const DEFAULT_REQUESTS_AT_ONCE = 4;
export const MAX_REQUESTS_AT_ONCE = 20;

const RULE = `a whole number from 1 to ${MAX_REQUESTS_AT_ONCE}`;

const KEPT =
  "The plan's rate limit is still kept: requests wait for their turn, so a higher number fills the plan faster when the provider answers slowly and never causes rate-limit errors.";

/** The action nodes' Options entry. */
export const requestsAtOnceOption: INodeProperties = {
  displayName: 'Requests at Once',
  name: REQUESTS_AT_ONCE,
  type: 'number',
  typeOptions: { minValue: 1, maxValue: MAX_REQUESTS_AT_ONCE, numberPrecision: 0 },
  default: DEFAULT_REQUESTS_AT_ONCE,
  description: `How many items are sent at the same time (${RULE}), for operations making one call per item (lists, batch jobs and multi-record requests have their own pace). ${KEPT} Output items keep the input order. Without Continue On Fail the first failure stops new items from starting; those already sent finish and their answers stay in the answer cache, so running the items again does not pay twice (an operation whose answers are not cached then runs one item at a time).`,
};

/** The Waterfall's Options entry: the steps of different items that run as single calls. */
export const waterfallRequestsAtOnceOption: INodeProperties = {
  ...requestsAtOnceOption,
  description: `How many items' single-call steps are sent at the same time (${RULE}); a step shared by many items can also go as one batch job (Batch Jobs From). ${KEPT} Output items keep the input order.`,
};

/** The option's value for this run; an expression giving anything else is refused before any call. */
export function requestsAtOnce(ctx: IExecuteFunctions, options: IDataObject): number {
  const value = options[REQUESTS_AT_ONCE];
  if (value === undefined || value === null || value === '') return DEFAULT_REQUESTS_AT_ONCE;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_REQUESTS_AT_ONCE) {
    throw new NodeOperationError(ctx.getNode(), `Requests at Once must be ${RULE} (got ${JSON.stringify(value)}); nothing was sent`, {
      description: 'Set Options › Requests at Once to a number of calls to keep in flight together, e.g. 4.',
    });
  }
  return n;
}

/**
 * How many of this run's items go out together. Without Continue On Fail a failure fails the node
 * and n8n drops every answer of the run, so calls still in flight must leave their paid answers
 * somewhere a rerun finds them: the answer cache. An operation that charges and caches nothing
 * then runs one item at a time, as it did before the option, and the run says why.
 */
export async function callsAtOnce(
  ctx: IExecuteFunctions,
  client: EnrichflowClient,
  plan: OperationPlan,
  inputs: ItemInputs,
  options: IDataObject,
): Promise<number> {
  const wanted = requestsAtOnce(ctx, options);
  if (wanted === 1 || inputs.length < 2 || ctx.continueOnFail() || plan.op.cacheTtlMs) return wanted;
  let paid = false;
  for (const x of inputs) if (!paid && x.ok && (await client.estimate(plan.op.key, x.input)) > 0) paid = true;
  if (!paid) return wanted;
  ctx.addExecutionHints({
    message: `Requests at Once: one item at a time. ${client.provider.displayName} answers to "${plan.op.operation}" are not cached, so a failure while others were in flight would lose answers already paid for; turn on Continue On Fail (Settings › On Error) to send ${wanted} at once.`,
    location: 'outputPane',
  });
  return 1;
}
