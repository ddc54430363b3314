/**
 * The action node's `execute`: one client per run (so throttling and the budget span all its
 * items), then the operation's mode decides how input items become calls.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
  callStartingCallbackJob,
  credits,
  type EnrichflowClient,
  type ItemOutcome,
  onePageInput,
  pagesByNumber,
  type ProviderCatalog,
  runEach,
  toCreditNumber,
  type WalkResult,
} from '@enrichflow/core';
import { readBatchEntries, startJob, waitByPolling } from './batch';
import { type ItemInputs, readInputs, requireAllValid } from './inputs';
import { OPTIONS, PARK_AND_CHECK, SPREADSHEET_SAFE } from './description';
import { credentialName } from './names';
import { type OperationPlan, planOperation } from './operations';
import { asEnrichflowError, failOrItem, resultItem, spreadsheetSafeItems } from './output';
import { callsAtOnce } from './requestsAtOnce';
import { parkAndCheck } from './resume';
import { clientFor, processStore, type ProviderCredentials } from './runtime';
import { storeFor } from './sharedStore';
import { runsAsTool, toolAnswer, toolBudgets, toolRunKey } from './tool';
import { executeSpendReport, finishSpend, SPEND_RESOURCE, spendLimiterFor } from './spend';

/**
 * Without Continue On Fail a budget stop would fail the node after paying for the items before
 * it, and n8n would drop their results: refuse up front when the estimates exceed the budget.
 */
async function requireWithinBudget(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, inputs: ItemInputs): Promise<void> {
  const remaining = client.budgetRemaining();
  // An agent's tool call: the client refuses it before sending and the agent reads why (tool.ts).
  if (ctx.continueOnFail() || remaining === undefined || runsAsTool(ctx)) return;
  let total = 0;
  for (const x of inputs) if (x.ok) total += await client.estimate(plan.op.key, x.input);
  if (total > remaining) {
    throw new NodeOperationError(
      ctx.getNode(),
      `Credit budget: these ${inputs.length} items may cost up to ${total} credits but the budget allows ${remaining}; nothing was sent`,
      { description: 'Raise "Credit Budget", send fewer items, or turn on Continue On Fail to run the items the budget covers.' },
    );
  }
}

async function runItems<R>(
  ctx: IExecuteFunctions,
  inputs: ItemInputs,
  call: (input: Record<string, unknown>, index: number) => Promise<R>,
  concurrency = 1,
): Promise<ItemOutcome<R>[]> {
  // Without Continue On Fail the first failure ends the run: later items would only spend. Items
  // already in flight finish (their answers reach the answer cache); runEach keeps input order.
  // The first item goes alone: a refused key is sent once, not once per item of the first wave.
  const stop = new AbortController();
  return runEach(
    inputs,
    async (x, index) => {
      if (!x.ok) throw x.error;
      // A failure stays this item's outcome (runEach), which emit() hands to n8n as a
      // NodeOperationError (failOrItem → nodeError); here it only stops the items after it.
      let succeeded = false;
      try {
        const result = await call(x.input, index);
        succeeded = true;
        return result;
      } finally {
        if (!succeeded && !ctx.continueOnFail()) stop.abort();
      }
    },
    { signal: stop.signal, concurrency, firstAlone: true },
  );
}

function emit(ctx: IExecuteFunctions, outcomes: ItemOutcome<INodeExecutionData[]>[]): INodeExecutionData[] {
  const out: INodeExecutionData[] = [];
  for (const o of outcomes) {
    if (o.ok) out.push(...o.value);
    else out.push(failOrItem(ctx, o.error, o.index));
  }
  return out;
}

async function executeSingle(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, options: IDataObject): Promise<INodeExecutionData[]> {
  const inputs = readInputs(ctx, client, plan);
  requireAllValid(ctx, inputs);
  await requireWithinBudget(ctx, client, plan, inputs);
  const concurrency = await callsAtOnce(ctx, client, plan, inputs, options);
  // A job that calls back (a follower scrape given the trigger's URL) is registered for the trigger.
  const outcomes = await runItems(
    ctx,
    inputs,
    (input) => callStartingCallbackJob(client, plan.op.key, input, { signal: ctx.getExecutionCancelSignal() }),
    concurrency,
  );
  return emit(
    ctx,
    outcomes.map((o) => (o.ok ? { ...o, value: [resultItem(o.value.data, o.value.credits, o.index)] } : o)),
  );
}

/**
 * Operations that take many records per request: every valid item goes out in few requests
 * (the core chunks them and matches each answer back by the catalog's key), and every item
 * gets its own result or error. Without Continue On Fail a failed request stops the rest.
 */
async function executeRecords(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan): Promise<INodeExecutionData[]> {
  const inputs = readInputs(ctx, client, plan);
  requireAllValid(ctx, inputs);
  await requireWithinBudget(ctx, client, plan, inputs);
  const valid = inputs.flatMap((x, index) => (x.ok ? [{ index, input: x.input }] : []));
  const answered = await client.callRecords(
    plan.op.key,
    valid.map((v) => v.input),
    { signal: ctx.getExecutionCancelSignal(), stopOnError: !ctx.continueOnFail() },
  );
  const byItem = new Map(answered.map((o, n) => [valid[n]!.index, o]));
  const outcomes = inputs.map((x, index): ItemOutcome<INodeExecutionData[]> => {
    const o = byItem.get(index);
    if (!o) return { index, ok: false, error: asEnrichflowError(x.ok ? undefined : x.error) };
    return o.ok ? { index, ok: true, value: [resultItem(o.value.data, o.value.credits, index)] } : { index, ok: false, error: o.error };
  });
  return emit(ctx, outcomes);
}

async function executeList(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan): Promise<INodeExecutionData[]> {
  const inputs = readInputs(ctx, client, plan);
  requireAllValid(ctx, inputs);
  const limits = inputs.map((_, i) => (ctx.getNodeParameter('returnAll', i, false) ? undefined : (ctx.getNodeParameter('limit', i, 50) as number)));
  const outcomes = await runItems(ctx, inputs, async (input, i) => {
    const one = chosenPage(ctx, plan, input, i, limits[i]);
    // One chosen page: Limit is its size. Otherwise the largest page the provider allows (capped at the limit): the fewest requests.
    return {
      result: await client.list(plan.op.key, one ?? input, {
        limit: limits[i],
        pageSize: one ? limits[i] : plan.op.pagination?.maxPageSize,
        signal: ctx.getExecutionCancelSignal(),
      }),
    };
  });
  // Each record carries its share of the page that returned it, so summing `_credits.charged` over items is exact.
  return emit(
    ctx,
    outcomes.map((o) => (o.ok ? { ...o, value: walkItems(ctx, o.value.result, o.index) } : o)),
  );
}

/** The input asking for the one page the user chose (Fetch One Page), or undefined. */
function chosenPage(ctx: IExecuteFunctions, plan: OperationPlan, input: unknown, i: number, limit: number | undefined): unknown {
  const paging = plan.op.pagination;
  if (!paging || limit === undefined || !pagesByNumber(paging) || !ctx.getNodeParameter('onePage', i, false)) return undefined;
  return onePageInput(paging, input as Record<string, unknown>, ctx.getNodeParameter('page', i, 1) as number, limit);
}

/**
 * A walk's records as items, each with its share of its page's cost (the walk's whole bill on the
 * first); a walk that found nothing but was charged (a flat per-request price) is one item saying
 * so. A walk the budget stopped says so on its first record and in the run's hints.
 */
function walkItems(ctx: IExecuteFunctions, walk: WalkResult, index: number): INodeExecutionData[] {
  const items = walk.items.map((record, n) => resultItem(record, n === 0 ? { ...walk.itemCredits[n]!, walk: walkTotals(walk) } : walk.itemCredits[n], index));
  if (!items.length && walk.credits.charged !== 0) items.push(resultItem({ records: 0 }, { ...walk.credits, walk: walkTotals(walk) }, index));
  if (walk.stoppedBy && items[0]) {
    (items[0].json._credits as IDataObject).stoppedBy = walk.stoppedBy;
    ctx.addExecutionHints({
      message: `Item ${index + 1}: stopped after ${walk.pages} page(s), ${walk.items.length} records — ${walk.stopReason}`,
      location: 'outputPane',
    });
  }
  return items;
}

async function executeDownload(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, options: IDataObject): Promise<INodeExecutionData[]> {
  const inputs = readInputs(ctx, client, plan);
  requireAllValid(ctx, inputs);
  const concurrency = await callsAtOnce(ctx, client, plan, inputs, options);
  const outcomes = await runItems(ctx, inputs, (input) => client.call<string>(plan.op.key, input, { signal: ctx.getExecutionCancelSignal() }), concurrency);
  const out: INodeExecutionData[] = [];
  for (const o of outcomes) {
    if (!o.ok) {
      out.push(failOrItem(ctx, o.error, o.index));
      continue;
    }
    const text = typeof o.value.data === 'string' ? o.value.data : JSON.stringify(o.value.data);
    const field = ctx.getNodeParameter('binaryPropertyName', o.index, 'data') as string;
    const fileName = `${plan.op.resource}-${plan.op.operation}.csv`;
    const binary = await ctx.helpers.prepareBinaryData(Buffer.from(text, 'utf8'), fileName, 'text/csv');
    const item = resultItem({ fileName, bytes: Buffer.byteLength(text) }, o.value.credits, o.index);
    out.push({ ...item, binary: { [field]: binary } });
  }
  return out;
}

/** Batch operations: all items become one job; the mode decides how the node waits for it. */
async function executeBatch(
  ctx: IExecuteFunctions,
  client: EnrichflowClient,
  plan: OperationPlan,
  credentials: ProviderCredentials,
): Promise<INodeExecutionData[]> {
  const entries = readBatchEntries(ctx, client, plan);
  if (ctx.getNodeParameter('batchMode', 0, 'start') === 'start') return startJob(ctx, client, plan, entries);
  const method = plan.batch!.spec.webhook ? (ctx.getNodeParameter('waitMethod', 0, PARK_AND_CHECK) as string) : 'poll';
  return method === PARK_AND_CHECK ? parkAndCheck(ctx, client, plan, entries, credentials) : waitByPolling(ctx, client, plan, entries);
}

function walkTotals(walk: WalkResult): IDataObject {
  return {
    pages: walk.pages,
    estimated: walk.credits.estimated,
    charged: walk.credits.charged,
    ...(walk.credits.bill ? { bill: walk.credits.bill as IDataObject } : {}),
  };
}

/** Estimate Only: each item's bill before the call (lists: the pages up to Limit); nothing is sent. */
async function estimateOnly(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan): Promise<INodeExecutionData[]> {
  const inputs = readInputs(ctx, client, plan);
  requireAllValid(ctx, inputs);
  const out: INodeExecutionData[] = [];
  for (const [i, x] of inputs.entries()) {
    if (!x.ok) {
      out.push(failOrItem(ctx, x.error, i));
      continue;
    }
    const limit = plan.mode === 'list' && !ctx.getNodeParameter('returnAll', i, false) ? (ctx.getNodeParameter('limit', i, 50) as number) : undefined;
    // Priced as executeList walks: the chosen page, or the largest page allowed capped at the limit.
    const one = plan.mode === 'list' ? chosenPage(ctx, plan, x.input, i, limit) : undefined;
    const quote =
      plan.mode === 'list'
        ? await client.quoteWalk(plan.op.key, one ?? x.input, { limit, pageSize: one ? limit : plan.op.pagination?.maxPageSize })
        : await client.quote(plan.op.key, x.input);
    out.push({ json: { _quote: { ...quote, formula: plan.op.cost.summary } as IDataObject }, pairedItem: { item: i } });
  }
  return out;
}

/** One line in the run's output pane: what this run cost. */
function creditHint(ctx: IExecuteFunctions, catalog: ProviderCatalog, client: EnrichflowClient, budget: number | undefined): void {
  const s = client.summary();
  const budgetText = budget === undefined ? '' : `; budget ${budget}, ${client.budgetRemaining()} left`;
  ctx.addExecutionHints({
    message: `${catalog.displayName}: ${s.calls} calls, ${s.charged} credits charged, ${s.reserved} reserved, ${s.refunded} refunded${budgetText}`,
    location: 'outputPane',
  });
  // A request quota nearly used up, a free check charged: warnings the user sees on the node, not failures.
  for (const notice of client.notices()) ctx.addExecutionHints({ message: notice.message, type: 'warning', location: 'outputPane' });
}

/** The ids this run's answers carry for the provider's support, in one place for the user to copy. */
function supportIdHint(ctx: IExecuteFunctions, catalog: ProviderCatalog, items: INodeExecutionData[]): void {
  if (!catalog.supportId) return;
  const field = catalog.supportId.field;
  const ids = [...new Set(items.map((i) => i.json[field]).filter((v): v is string => typeof v === 'string' && v !== ''))];
  if (!ids.length) return;
  ctx.addExecutionHints({
    message: `${catalog.displayName} ${catalog.supportId.label} of this run (quote them to ${catalog.displayName} support): ${ids.join(', ')}`,
    location: 'outputPane',
  });
}

/** One run of the node: one client, so throttling and the budget span all its items. */
async function runOperation(
  ctx: IExecuteFunctions,
  catalog: ProviderCatalog,
  plan: OperationPlan,
  options: IDataObject,
  budget: number | undefined,
): Promise<{ items: INodeExecutionData[]; client: EnrichflowClient }> {
  const credentials = (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials;
  const store = await storeFor(ctx, processStore);
  const spend = await spendLimiterFor(ctx, catalog, store);
  const client = clientFor(ctx, catalog, credentials, { budget, store, spend });

  if (options.estimateOnly === true) return { items: await estimateOnly(ctx, client, plan), client };

  let items: INodeExecutionData[] | undefined;
  try {
    switch (plan.mode) {
      case 'list':
        items = await executeList(ctx, client, plan);
        break;
      case 'download':
        items = await executeDownload(ctx, client, plan, options);
        break;
      case 'batch':
        items = await executeBatch(ctx, client, plan, credentials);
        break;
      case 'records':
        items = await executeRecords(ctx, client, plan);
        break;
      default:
        items = await executeSingle(ctx, client, plan, options);
    }
  } finally {
    creditHint(ctx, catalog, client, budget);
    await finishSpend(ctx, spend, items);
  }
  supportIdHint(ctx, catalog, items);
  return { items, client };
}

/** What a run spent against its budget (the budget counts reservations and refunds as they happen). */
function spentBy(client: EnrichflowClient, budget: number | undefined): number {
  if (budget === undefined) return client.summary().charged;
  return exactCredits(budget - (client.budgetRemaining() ?? budget));
}

/** Fractional credits (0.01 per creator) without float noise: the core's micro-credit rounding. */
function exactCredits(n: number): number {
  return toCreditNumber(credits(n));
}

/**
 * A tool call of an AI agent: the Credit Budget covers all calls of this node in the execution,
 * so each call gets what the earlier ones left; the answer carries the run's credits.
 */
async function runToolCall(
  ctx: IExecuteFunctions,
  catalog: ProviderCatalog,
  plan: OperationPlan,
  options: IDataObject,
  budget: number | undefined,
): Promise<INodeExecutionData[]> {
  return toolBudgets.run(toolRunKey(ctx), budget, async (left, spentBefore) => {
    const { items, client } = await runOperation(ctx, catalog, plan, options, left);
    const spent = spentBy(client, left);
    const spentThisRun = exactCredits(spentBefore + spent);
    const answer = toolAnswer(items, { spentThisRun, budget, budgetLeft: budget === undefined ? undefined : Math.max(0, exactCredits(budget - spentThisRun)) });
    return { value: answer, spent };
  });
}

export async function executeAction(ctx: IExecuteFunctions, catalog: ProviderCatalog): Promise<INodeExecutionData[][]> {
  const resource = ctx.getNodeParameter('resource', 0) as string;
  const operation = ctx.getNodeParameter('operation', 0) as string;
  if (resource === SPEND_RESOURCE) return [await executeSpendReport(ctx, catalog, await storeFor(ctx, processStore))];
  const op = catalog.operations.find((o) => o.resource === resource && o.operation === operation);
  if (!op) throw new NodeOperationError(ctx.getNode(), `${catalog.displayName} has no operation "${operation}" on "${resource}"`);
  const plan = planOperation(catalog, op);
  const options = ctx.getNodeParameter(OPTIONS, 0, {}) as IDataObject;
  const budget = typeof options.creditBudget === 'number' ? options.creditBudget : undefined;
  if (runsAsTool(ctx)) return [await runToolCall(ctx, catalog, plan, options, budget)];
  const { items } = await runOperation(ctx, catalog, plan, options, budget);
  return [spreadsheetSafeItems(items, options[SPREADSHEET_SAFE] !== false)];
}
