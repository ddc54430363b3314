/**
 * Many records in one request (an operation whose catalog entry declares `records`): the
 * operation's schema is ONE record; the core validates each input item on its own, sends the
 * valid ones a chunk per request (chunked to the provider's limit, the budget and the request
 * fields), and matches every answer back to its input by the catalog's match key, whatever
 * order the provider answers in. One outcome per input item, in input order; each result
 * carries its own share of what its request cost, so the shares add up to the ledger.
 */
import { z } from 'zod';
import type { CostContext, OperationSpec, ProviderCatalog, RecordsSpec, RequestParts } from '../catalog/types';
import type { CallCredits, CallResult } from './callResult';
import { type Credits, ZERO, addCredits, credits as toCredits, formatCredits, shareCredits, toCreditNumber } from '../credits/amount';
import type { Notice } from '../quota';
import type { ItemOutcome } from '../runEach';
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
  /** Later input items identical to this one (same record and request fields): sent and charged once, each gets this answer. */
  copies: { index: number; callerKey: unknown }[];
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
    const parsed = op.output.safeParse(data);
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

/**
 * The match key each record travels with: the caller's own (a CRM id the provider's support can
 * see) when it is a non-empty text no other record of the request uses, else one of ours that
 * no caller's key in the request equals.
 */
function wireKeys(chunk: Pending[]): string[] {
  const own = chunk.map((p) => (typeof p.callerKey === 'string' && p.callerKey.trim() !== '' ? p.callerKey : undefined));
  const counts = new Map<string, number>();
  for (const k of own) if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  const taken = new Set(counts.keys());
  return chunk.map((p, i) => {
    const k = own[i];
    if (k !== undefined && counts.get(k) === 1) return k;
    let ours = `r${p.index + 1}`;
    for (let n = 2; taken.has(ours); n++) ours = `r${p.index + 1}_${n}`;
    taken.add(ours);
    return ours;
  });
}

/**
 * What answers that matched no record were charged lands on the records left without an answer
 * (their errors carry it), else on the first record: per-item credits still add up to the booking.
 */
function orphanChargesOnto(chunk: Pending[], matched: (unknown | undefined)[], shares: Credits[]): Credits[] {
  const own = shares.slice(0, chunk.length);
  const orphanTotal = shares.slice(chunk.length).reduce<Credits>((a, b) => addCredits(a, b), ZERO);
  if (orphanTotal === ZERO) return own;
  const takers = chunk.map((_, i) => matched[i] === undefined);
  const spread = shareOut(
    orphanTotal,
    own.map(() => ZERO),
    takers.some(Boolean) ? takers : own.map((_, i) => i === 0),
  );
  return own.map((c, i) => addCredits(c, spread[i]!));
}

/** "; it carried 1 record matching none sent (smarteTransactionId stx_…), charged 1 credit — booked on the records without an answer". */
function orphanReport(client: RecordsHost, spec: RecordsSpec, orphans: unknown[], charges: Credits[]): string {
  if (orphans.length === 0) return '';
  const labels = orphans.map((a) => spec.answerLabel?.(a) ?? `${spec.matchKey} ${JSON.stringify(keyOf(a, spec) ?? null)}`).join(', ');
  const charged = charges.reduce<Credits>((a, b) => addCredits(a, b), ZERO);
  const paid = charged > 0 ? `, charged ${formatCredits(charged)} credit(s), booked on the records left without an answer` : '';
  return `; the answer carried ${orphans.length} record(s) matching none sent (${labels})${paid} — quote these to ${client.provider.displayName} support`;
}

function answersOf(spec: RecordsSpec, data: unknown): unknown[] {
  if (spec.answers) return spec.answers(data);
  if (Array.isArray(data)) return data;
  return data === undefined || data === null ? [] : [data];
}

/**
 * Answers by match key (any of its spellings); a lone answer without one belongs to a lone
 * record. Answers that match no record sent are the orphans: charged, so never dropped.
 */
function matchAnswers(spec: RecordsSpec, answers: unknown[], wires: string[]): { matched: (unknown | undefined)[]; orphans: unknown[] } {
  if (wires.length === 1 && answers.length === 1 && keyOf(answers[0], spec) === undefined) return { matched: [answers[0]], orphans: [] };
  const wanted = new Set(wires);
  const byKey = new Map<string, unknown>();
  const orphans: unknown[] = [];
  for (const a of answers) {
    const k = keyOf(a, spec);
    if (k !== undefined && wanted.has(k) && !byKey.has(k)) byKey.set(k, a);
    else orphans.push(a);
  }
  return { matched: wires.map((w) => byKey.get(w)), orphans };
}

function keyOf(answer: unknown, spec: RecordsSpec): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  for (const name of [spec.matchKey, ...(spec.matchKeyAliases ?? [])]) {
    const v = (answer as Record<string, unknown>)[name];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

function withCallerKey(answer: unknown, matchKey: string, callerKey: unknown, aliases: readonly string[] = []): unknown {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return answer;
  const out = { ...(answer as Record<string, unknown>) };
  for (const alias of aliases) delete out[alias];
  if (callerKey === undefined) delete out[matchKey];
  else out[matchKey] = callerKey;
  return out;
}

/** What the model says one answer cost: a cost the record states, else the operation's per-record model (on the record's whole input, request fields included). */
function recordModelCost(
  op: OperationSpec,
  spec: RecordsSpec,
  input: Record<string, unknown>,
  estimate: Credits,
  answer: unknown,
  ctx: CostContext<unknown>,
): Credits {
  if (answer === undefined || spec.recordError?.(answer)) return ZERO;
  const stated = spec.recordCredits?.(answer);
  if (stated !== undefined) return stated;
  // The model alone decides here: the provider's figure is the request's, shared out below.
  const one: CostContext<unknown> = { input, data: answer, response: ctx.response, meta: {} };
  return op.cost.actual ? op.cost.actual(one) : estimate;
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
