/**
 * Many records in one request (an operation whose catalog entry declares `records`): the
 * operation's schema is ONE record; the core validates each input item on its own, sends the
 * valid ones a chunk per request (chunked to the provider's limit, the budget and the request
 * fields), and matches every answer back to its input by the catalog's match key, whatever
 * order the provider answers in. One outcome per input item, in input order; each result
 * carries its own share of what its request cost, so the shares add up to the ledger.
 */
import { z } from 'zod';
import type { OperationSpec, ProviderCatalog, RecordsSpec, RequestParts } from '../catalog/types';
import { parseWithSchema } from '../catalog/schemaParse';
import type { CallCredits, CallResult } from './callResult';
import { type Credits, ZERO, addCredits, credits as toCredits, formatCredits, shareCredits, toCreditNumber } from '../credits/amount';
import type { Notice } from '../quota';
import type { ItemOutcome } from '../runEach';
import { type Pending, wireKeys, orphanChargesOnto, orphanReport, answersOf, matchAnswers, withCallerKey, recordModelCost, shareOut } from './recordAnswers';
import { BudgetExceededError, EnrichflowError, InsufficientCreditsError, ProviderFailureError, TransportError, ValidationError } from '../errors';

/**
 * What a records run needs of the client that hosts it: validation, the budget left, a place for
 * notices, and the paid pipeline for one assembled chunk request. Narrow on purpose: records
 * never reach the client's insides, and the client is the one that depends on this module.
 */
export interface RecordsHost {
  readonly provider: Pick<ProviderCatalog, 'id' | 'displayName'>;
  operation(key: string): OperationSpec;
  validate<I>(key: string, input: unknown): I;
  /** Credits left in the run's budget, or undefined without a budget. */
  budgetRemaining(): number | undefined;
  notify(notice: Notice): void;
  /**
   * One chunk request (an operation this module assembled, its `input` already validated) through
   * the paid pipeline: balance/budget → throttle → send → retry → classify → ledger. The answer
   * must be priced with the chunk operation's `cost.actual`: that is where it is matched back to
   * the records sent.
   */
  sendChunk<O>(op: OperationSpec, input: unknown, opts: { signal?: AbortSignal }): Promise<CallResult<O>>;
}

export { shareOut } from './recordAnswers';

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

/**
 * Run `inputs` through a records operation: every input item yields exactly one outcome.
 * Bad items fail alone (nothing sent for them); a request's failure is each of its items'
 * error; a budget, balance or auth failure stops the run (any failed request with
 * `stopOnError`), and the items not sent say so.
 */
export async function callRecords<O = unknown>(
  client: RecordsHost,
  key: string,
  inputs: readonly unknown[],
  opts: { signal?: AbortSignal; stopOnError?: boolean } = {},
): Promise<RecordOutcome<O>[]> {
  const op = client.operation(key);
  const spec = recordsSpec(op);
  const outcomes: (RecordOutcome<O> | undefined)[] = new Array(inputs.length).fill(undefined);
  const groups = new Map<string, Pending[]>();
  const firsts = new Map<string, Pending>();
  inputs.forEach((input, index) => {
    try {
      const parsed = client.validate<Record<string, unknown>>(key, input);
      const { record, shared } = splitFields(parsed, spec);
      const group = sortedJson(shared);
      const same = firsts.get(`${group}\u0000${sortedJson(record)}`);
      if (same) {
        same.copies.push({ index, callerKey: parsed[spec.matchKey] });
        return;
      }
      const pending: Pending = { index, record, shared, callerKey: parsed[spec.matchKey], estimate: op.cost.estimate(parsed), copies: [] };
      firsts.set(`${group}\u0000${sortedJson(record)}`, pending);
      const list = groups.get(group) ?? [];
      list.push(pending);
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
        stop = new BudgetExceededError(
          pending[at]!.estimate,
          toCredits(remaining),
          `Not sent: the credit budget (${remaining} credits left) cannot cover item ${pending[at]!.index + 1}`,
        );
        break;
      }
      at += chunk.length;
      try {
        const sent = await sendChunk<O>(client, op, spec, chunk, opts.signal);
        for (const o of sent.outcomes) outcomes[o.index] = o;
        for (const p of chunk) for (const copy of p.copies) outcomes[copy.index] = copyOutcome(outcomes[p.index]!, copy, spec.matchKey);
        const advice = sent.charged > 0 ? spec.chargedWhenFree?.(chunk[0]!.shared) : undefined;
        if (advice) stop = chargedFreeCall(client, op, chunk.length, sent.charged, advice);
      } catch (error) {
        const e = asError(error);
        // What the failed request charged (a lost answer, read from the balance) is shared by its records; their copies paid nothing.
        const shares = e.charged === undefined ? undefined : shareCredits(toCredits(e.charged), chunk.length);
        chunk.forEach((p, n) => {
          outcomes[p.index] = { index: p.index, ok: false, error: withCharge(e, shares?.[n]) };
          for (const c of p.copies) outcomes[c.index] = { index: c.index, ok: false, error: withCharge(e, undefined) };
        });
        if (STOPS_THE_RUN.has(e.kind) || opts.stopOnError) stop = e;
      }
    }
  }

  return outcomes.map((o, index) => o ?? { index, ok: false, error: notSent(stop, index) });
}

/** One record through a records operation (a single lookup): its answer, or its error thrown. */
export async function callOneRecord<O = unknown>(
  client: RecordsHost,
  key: string,
  input: unknown,
  opts: { signal?: AbortSignal } = {},
): Promise<CallResult<O>> {
  const [outcome] = await callRecords<O>(client, key, [input], opts);
  if (!outcome!.ok) throw outcome!.error;
  const r = outcome!.value;
  return { data: r.data, credits: r.credits, requestId: r.requestId, meta: r.requestId ? { requestId: r.requestId } : {}, status: r.status, attempts: 1 };
}

/** The same error saying it charged `charged` (a copy when that differs: one error object may stand for several items). */
function withCharge(error: EnrichflowError, charged: Credits | undefined): EnrichflowError {
  const amount = charged === undefined || charged === ZERO ? undefined : toCreditNumber(charged);
  if (error.charged === amount) return error;
  const copy = Object.create(Object.getPrototypeOf(error), Object.getOwnPropertyDescriptors(error)) as EnrichflowError;
  copy.charged = amount;
  return copy;
}

const sortedJson = (o: Record<string, unknown>): string => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** A repeated input item gets the answer of the one that was sent: its own key back, nothing charged again. */
function copyOutcome<O>(sent: RecordOutcome<O>, copy: { index: number; callerKey: unknown }, matchKey: string): RecordOutcome<O> {
  if (!sent.ok) return { index: copy.index, ok: false, error: sent.error };
  const credits: CallCredits = { estimated: 0, charged: 0, source: 'cache', fromCache: true };
  return { index: copy.index, ok: true, value: { ...sent.value, data: withCallerKey(sent.value.data, matchKey, copy.callerKey) as O, credits } };
}

/** A request meant to be free was charged: say so now, and stop, since every further one would be charged too. */
function chargedFreeCall(client: RecordsHost, op: OperationSpec, records: number, charged: Credits, advice: string): EnrichflowError {
  const message = `${client.provider.displayName}: ${op.displayName} charged ${formatCredits(charged)} credit(s) for ${records} record(s) sent as a free check — ${advice}. The run stopped there: nothing more was sent.`;
  client.notify({ kind: 'charged_free_call', message, charged: toCreditNumber(charged) });
  return new ProviderFailureError(message, { provider: client.provider.id, code: 'charged_free_call' });
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
function fitToBudget(client: RecordsHost, chunk: Pending[]): Pending[] {
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

async function sendChunk<O>(
  client: RecordsHost,
  op: OperationSpec,
  spec: RecordsSpec,
  chunk: Pending[],
  signal?: AbortSignal,
): Promise<{ outcomes: RecordOutcome<O>[]; charged: Credits }> {
  const wires = wireKeys(chunk);
  const records = chunk.map((p, i) => ({ ...p.record, [spec.matchKey]: wires[i] }));
  const shared = chunk[0]!.shared;
  // Per-record amounts the cost model gives each answer (and each answer that matched nothing); filled in when the answer is priced.
  let model: Credits[] = [];
  let matched: (unknown | undefined)[] = [];
  let orphans: unknown[] = [];
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
        ({ matched, orphans } = matchAnswers(spec, answersOf(spec, ctx.data), wires));
        model = [
          ...chunk.map((p, i) => recordModelCost(op, spec, { ...p.shared, ...p.record }, p.estimate, matched[i], ctx)),
          ...orphans.map((a) => recordModelCost(op, spec, { ...shared }, chunk[0]!.estimate, a, ctx)),
        ];
        return ctx.meta.creditsUsed ?? model.reduce<Credits>((a, b) => addCredits(a, b), ZERO);
      },
    },
  };
  const result = await client.sendChunk<unknown>(chunkOp, records, { signal });
  const eligible = [...chunk.map((_, i) => matched[i] !== undefined && !spec.recordError?.(matched[i])), ...orphans.map((a) => !spec.recordError?.(a))];
  const shares = shareOut(result.meta.creditsUsed, model, eligible);
  const recordShares = orphanChargesOnto(chunk, matched, shares);
  const orphanNote = orphanReport(client, spec, orphans, shares.slice(chunk.length));

  const outcomes = chunk.map((p, i): RecordOutcome<O> => {
    const answer = matched[i];
    const fail = (message: string): RecordOutcome<O> => {
      const error = new ProviderFailureError(message, { provider: client.provider.id, requestId: result.requestId });
      if (recordShares[i]! > 0) error.charged = toCreditNumber(recordShares[i]!);
      return { index: p.index, ok: false, error };
    };
    if (answer === undefined)
      return fail(`${client.provider.displayName}: the answer to ${op.displayName} carried no record for item ${p.index + 1}${orphanNote}`);
    const failure = spec.recordError?.(answer);
    if (failure) return fail(`${client.provider.displayName}: ${failure}`);
    const data = withCallerKey(answer, spec.matchKey, p.callerKey, spec.matchKeyAliases);
    const parsed = parseWithSchema(op.output, data);
    const credits: CallCredits = {
      estimated: toCreditNumber(p.estimate),
      charged: toCreditNumber(recordShares[i]!),
      source: result.credits.source,
      fromCache: false,
    };
    return {
      index: p.index,
      ok: true,
      value: { data: (parsed.success ? parsed.data : data) as O, credits, requestId: result.requestId, status: result.status },
    };
  });
  return { outcomes, charged: toCredits(result.credits.charged) };
}

function notSent(stop: EnrichflowError | undefined, index: number): EnrichflowError {
  const at = `item ${index + 1}`;
  if (stop instanceof BudgetExceededError)
    return new BudgetExceededError(stop.estimate, stop.remaining, `Not run: the credit budget was exhausted before ${at}`);
  if (stop instanceof InsufficientCreditsError) {
    return new InsufficientCreditsError(stop.required, stop.balance, stop.shortfall, `Not run: the credit balance ran out before ${at} (${stop.message})`, {
      provider: stop.provider,
    });
  }
  if (stop)
    return new (stop.constructor as new (m: string, o: object) => EnrichflowError)(`Not sent (${at}): ${stop.message}`, {
      provider: stop.provider,
      status: stop.status,
      code: stop.code,
    });
  return new TransportError(`Not run: the run was aborted before ${at}`, 'aborted');
}

function asError(error: unknown): EnrichflowError {
  if (error instanceof EnrichflowError) return error;
  if (error instanceof z.ZodError) return new ValidationError(error.message);
  return new ProviderFailureError(error instanceof Error ? error.message : String(error));
}
