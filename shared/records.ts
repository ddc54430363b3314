/**
 * Many records in one request (an operation whose catalog entry declares `records`): the
 * operation's schema is ONE record; the core validates each input item on its own, sends the
 * valid ones a chunk per request (chunked to the provider's limit, the budget and the request
 * fields), and matches every answer back to its input by the catalog's match key, whatever
 * order the provider answers in. One outcome per input item, in input order; each result
 * carries its own share of what its request cost, so the shares add up to the ledger.
 */
import { z } from 'zod';
import type { CostContext, OperationSpec, RecordsSpec, RequestParts } from './catalog/types';
import type { CallCredits, CallResult, EnrichflowClient } from './client';
import { type Credits, ZERO, addCredits, credits as toCredits, toCreditNumber } from './credits/amount';
import type { ItemOutcome } from './credits/budget';
import { BudgetExceededError, EnrichflowError, InsufficientCreditsError, ProviderFailureError, TransportError, ValidationError } from './errors';

export interface RecordResult<O = unknown> {
  /** The answer record for this input (the caller's own match key value given back). */
  data: O;
  /** This record's share of its request's cost. */
  credits: CallCredits;
  requestId?: string;
  status: number;
}

export type RecordOutcome<O = unknown> = ItemOutcome<RecordResult<O>>;

/** Failures after which the other chunks would fail the same way (or must not be sent). */
const STOPS_THE_RUN = new Set(['budget_exceeded', 'insufficient_credits', 'auth', 'forbidden']);

export function recordsSpec(op: OperationSpec): RecordsSpec {
  if (!op.records) throw new RangeError(`${op.key} does not take many records per request`);
  if (!(Number.isInteger(op.records.maxPerRequest) && op.records.maxPerRequest >= 1)) {
    throw new RangeError(`${op.key}: records.maxPerRequest must be a whole number of at least 1`);
  }
  return op.records;
}

interface Pending {
  index: number;
  record: Record<string, unknown>;
  shared: Record<string, unknown>;
  /** The caller's own value of the match key, given back on the result. */
  callerKey: unknown;
  estimate: Credits;
}

/**
 * Run `inputs` through a records operation: every input item yields exactly one outcome.
 * Bad items fail alone (nothing sent for them); a request's failure is each of its items'
 * error; a budget, balance or auth failure stops the run (any failed request with
 * `stopOnError`), and the items not sent say so.
 */
export async function callRecords<O = unknown>(
  client: EnrichflowClient,
  key: string,
  inputs: readonly unknown[],
  opts: { signal?: AbortSignal; stopOnError?: boolean } = {},
): Promise<RecordOutcome<O>[]> {
  const op = client.operation(key);
  const spec = recordsSpec(op);
  const outcomes: (RecordOutcome<O> | undefined)[] = new Array(inputs.length).fill(undefined);
  const groups = new Map<string, Pending[]>();
  inputs.forEach((input, index) => {
    try {
      const parsed = client.validate<Record<string, unknown>>(key, input);
      const { record, shared } = splitFields(parsed, spec);
      const group = JSON.stringify(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b)));
      const list = groups.get(group) ?? [];
      list.push({ index, record, shared, callerKey: parsed[spec.matchKey], estimate: op.cost.estimate(parsed) });
      groups.set(group, list);
    } catch (error) {
      outcomes[index] = { index, ok: false, error: asError(error) };
    }
  });

  let stop: EnrichflowError | undefined;
  for (const pending of groups.values()) {
    let at = 0;
    while (at < pending.length && !stop) {
      if (opts.signal?.aborted) break;
      const chunk = fitToBudget(client, pending.slice(at, at + spec.maxPerRequest));
      if (chunk.length === 0) {
        const remaining = client.budgetRemaining() ?? 0;
        stop = new BudgetExceededError(pending[at]!.estimate, toCredits(remaining), `Not sent: the credit budget (${remaining} credits left) cannot cover item ${pending[at]!.index + 1}`);
        break;
      }
      at += chunk.length;
      try {
        for (const o of await sendChunk<O>(client, op, spec, chunk, opts.signal)) outcomes[o.index] = o;
      } catch (error) {
        const e = asError(error);
        for (const p of chunk) outcomes[p.index] = { index: p.index, ok: false, error: e };
        if (STOPS_THE_RUN.has(e.kind) || opts.stopOnError) stop = e;
      }
    }
  }

  return outcomes.map((o, index) => o ?? { index, ok: false, error: notSent(stop, index) });
}

/** One record through a records operation (a single lookup): its answer, or its error thrown. */
export async function callOneRecord<O = unknown>(client: EnrichflowClient, key: string, input: unknown, opts: { signal?: AbortSignal } = {}): Promise<CallResult<O>> {
  const [outcome] = await callRecords<O>(client, key, [input], opts);
  if (!outcome!.ok) throw outcome!.error;
  const r = outcome!.value;
  return { data: r.data, credits: r.credits, requestId: r.requestId, meta: r.requestId ? { requestId: r.requestId } : {}, status: r.status, attempts: 1 };
}

function splitFields(parsed: Record<string, unknown>, spec: RecordsSpec): { record: Record<string, unknown>; shared: Record<string, unknown> } {
  const record: Record<string, unknown> = {};
  const shared: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (v === undefined || k === spec.matchKey) continue;
    if (spec.requestFields?.includes(k)) shared[k] = v;
    else record[k] = v;
  }
  return { record, shared };
}

/** The leading records whose estimates the budget still covers (all of them without a budget). */
function fitToBudget(client: EnrichflowClient, chunk: Pending[]): Pending[] {
  const remaining = client.budgetRemaining();
  if (remaining === undefined) return chunk;
  const left = toCredits(remaining);
  let sum = ZERO;
  let n = 0;
  for (const p of chunk) {
    if (addCredits(sum, p.estimate) > left) break;
    sum = addCredits(sum, p.estimate);
    n++;
  }
  return chunk.slice(0, n);
}


async function sendChunk<O>(client: EnrichflowClient, op: OperationSpec, spec: RecordsSpec, chunk: Pending[], signal?: AbortSignal): Promise<RecordOutcome<O>[]> {
  const wireKey = (p: Pending) => `r${p.index + 1}`;
  const records = chunk.map((p) => ({ ...p.record, [spec.matchKey]: wireKey(p) }));
  const shared = chunk[0]!.shared;
  // Per-record amounts the cost model gives each answer; filled in when the answer is priced.
  let model: Credits[] = [];
  let matched: (unknown | undefined)[] = [];
  const chunkOp: OperationSpec = {
    ...op,
    input: z.array(z.unknown()),
    output: z.unknown(),
    cacheTtlMs: undefined,
    cacheKey: undefined,
    pagination: undefined,
    records: undefined,
    request: (): RequestParts => (spec.request ? spec.request(records, shared) : { path: {}, query: { ...(shared as RequestParts['query']) }, body: records }),
    cost: {
      summary: op.cost.summary,
      estimate: () => chunk.reduce<Credits>((sum, p) => addCredits(sum, p.estimate), ZERO),
      actual: (ctx) => {
        matched = matchAnswers(spec, chunk, answersOf(spec, ctx.data), wireKey);
        model = chunk.map((p, i) => recordModelCost(op, spec, p, matched[i], ctx));
        return ctx.meta.creditsUsed ?? model.reduce<Credits>((a, b) => addCredits(a, b), ZERO);
      },
    },
  };
  const result = await client.executePrepared(chunkOp, records, { signal });
  const eligible = chunk.map((_, i) => matched[i] !== undefined && !spec.recordError?.(matched[i]));
  const shares = shareOut(result.meta.creditsUsed, model, eligible);

  return chunk.map((p, i): RecordOutcome<O> => {
    const answer = matched[i];
    if (answer === undefined) {
      return { index: p.index, ok: false, error: new ProviderFailureError(`${client.provider.displayName}: the answer to ${op.displayName} carried no record for item ${p.index + 1}`, { provider: client.provider.id, requestId: result.requestId }) };
    }
    const failure = spec.recordError?.(answer);
    if (failure) return { index: p.index, ok: false, error: new ProviderFailureError(`${client.provider.displayName}: ${failure}`, { provider: client.provider.id, requestId: result.requestId }) };
    const data = withCallerKey(answer, spec.matchKey, p.callerKey);
    const parsed = op.output.safeParse(data);
    const credits: CallCredits = { estimated: toCreditNumber(p.estimate), charged: toCreditNumber(shares[i]!), source: result.credits.source, fromCache: false };
    return { index: p.index, ok: true, value: { data: (parsed.success ? parsed.data : data) as O, credits, requestId: result.requestId, status: result.status } };
  });
}

function answersOf(spec: RecordsSpec, data: unknown): unknown[] {
  if (spec.answers) return spec.answers(data);
  if (Array.isArray(data)) return data;
  return data === undefined || data === null ? [] : [data];
}

/** Answers by match key; a lone answer without one belongs to a lone record. */
function matchAnswers(spec: RecordsSpec, chunk: Pending[], answers: unknown[], wireKey: (p: Pending) => string): (unknown | undefined)[] {
  const byKey = new Map<string, unknown>();
  for (const a of answers) {
    const k = keyOf(a, spec.matchKey);
    if (k !== undefined && !byKey.has(k)) byKey.set(k, a);
  }
  if (chunk.length === 1 && answers.length === 1 && byKey.size === 0) return [answers[0]];
  return chunk.map((p) => byKey.get(wireKey(p)));
}

function keyOf(answer: unknown, matchKey: string): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const v = (answer as Record<string, unknown>)[matchKey];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function withCallerKey(answer: unknown, matchKey: string, callerKey: unknown): unknown {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return answer;
  const out = { ...(answer as Record<string, unknown>) };
  if (callerKey === undefined) delete out[matchKey];
  else out[matchKey] = callerKey;
  return out;
}

/** What the model says one answer cost: a cost the record states, else the operation's per-record model. */
function recordModelCost(op: OperationSpec, spec: RecordsSpec, p: Pending, answer: unknown, ctx: CostContext<unknown>): Credits {
  if (answer === undefined || spec.recordError?.(answer)) return ZERO;
  const stated = spec.recordCredits?.(answer);
  if (stated !== undefined) return stated;
  // The model alone decides here: the provider's figure is the request's, shared out below.
  const one: CostContext<unknown> = { input: p.record, data: answer, response: ctx.response, meta: {} };
  return op.cost.actual ? op.cost.actual(one) : p.estimate;
}

/**
 * Share a request's reported total over its records: in proportion to the model's amounts,
 * else equally over the records that got an answer; integer micro-credits whose sum is exactly
 * the total. Without a reported total each record keeps the model's amount.
 */
export function shareOut(total: Credits | undefined, model: Credits[], eligible: boolean[]): Credits[] {
  if (total === undefined) return model.slice();
  const modelSum = model.reduce((a, b) => a + b, 0);
  if (modelSum === total) return model.slice();
  let weights: number[] = model.slice();
  if (modelSum === 0) {
    const takers = eligible.some(Boolean) ? eligible : model.map(() => true);
    weights = takers.map((t) => (t ? 1 : 0));
  }
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return model.map(() => ZERO);
  const exact = weights.map((w) => (total * w) / weightSum);
  const shares = exact.map((x) => Math.floor(x));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length) {
    if (weights[order[k]!.i]! === 0) continue;
    shares[order[k]!.i]!++;
    left--;
  }
  return shares as Credits[];
}

function notSent(stop: EnrichflowError | undefined, index: number): EnrichflowError {
  const at = `item ${index + 1}`;
  if (stop instanceof BudgetExceededError) return new BudgetExceededError(stop.estimate, stop.remaining, `Not run: the credit budget was exhausted before ${at}`);
  if (stop instanceof InsufficientCreditsError) {
    return new InsufficientCreditsError(stop.required, stop.balance, stop.shortfall, `Not run: the credit balance ran out before ${at} (${stop.message})`, { provider: stop.provider });
  }
  if (stop) return new (stop.constructor as new (m: string, o: object) => EnrichflowError)(`Not sent (${at}): ${stop.message}`, { provider: stop.provider, status: stop.status, code: stop.code });
  return new TransportError(`Not run: the run was aborted before ${at}`, 'aborted');
}

function asError(error: unknown): EnrichflowError {
  if (error instanceof EnrichflowError) return error;
  if (error instanceof z.ZodError) return new ValidationError(error.message);
  return new ProviderFailureError(error instanceof Error ? error.message : String(error));
}
