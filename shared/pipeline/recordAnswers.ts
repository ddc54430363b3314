/**
 * A records request's answers matched back to the records sent: the match key each record
 * travels with, the answers found by it whatever their order, answers that match nothing
 * (booked and reported, never dropped), and each record's share of what its request cost.
 */
import type { CostContext, OperationSpec, RecordsSpec } from '../catalog/types';
import { type Credits, ZERO, addCredits, formatCredits } from '../credits/amount';

/** A record waiting to be sent. */
export interface Pending {
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
 * The match key each record travels with: the caller's own (a CRM id the provider's support can
 * see) when it is a non-empty text no other record of the request uses, else one of ours that
 * no caller's key in the request equals.
 */
export function wireKeys(chunk: Pending[]): string[] {
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
export function orphanChargesOnto(chunk: Pending[], matched: (unknown | undefined)[], shares: Credits[]): Credits[] {
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
export function orphanReport(client: { provider: { displayName: string } }, spec: RecordsSpec, orphans: unknown[], charges: Credits[]): string {
  if (orphans.length === 0) return '';
  const labels = orphans.map((a) => spec.answerLabel?.(a) ?? `${spec.matchKey} ${JSON.stringify(keyOf(a, spec) ?? null)}`).join(', ');
  const charged = charges.reduce<Credits>((a, b) => addCredits(a, b), ZERO);
  const paid = charged > 0 ? `, charged ${formatCredits(charged)} credit(s), booked on the records left without an answer` : '';
  return `; the answer carried ${orphans.length} record(s) matching none sent (${labels})${paid} — quote these to ${client.provider.displayName} support`;
}

export function answersOf(spec: RecordsSpec, data: unknown): unknown[] {
  if (spec.answers) return spec.answers(data);
  if (Array.isArray(data)) return data;
  return data === undefined || data === null ? [] : [data];
}

/**
 * Answers by match key (any of its spellings); a lone answer without one belongs to a lone
 * record. Answers that match no record sent are the orphans: charged, so never dropped.
 */
export function matchAnswers(spec: RecordsSpec, answers: unknown[], wires: string[]): { matched: (unknown | undefined)[]; orphans: unknown[] } {
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

export function keyOf(answer: unknown, spec: RecordsSpec): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  for (const name of [spec.matchKey, ...(spec.matchKeyAliases ?? [])]) {
    const v = (answer as Record<string, unknown>)[name];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

export function withCallerKey(answer: unknown, matchKey: string, callerKey: unknown, aliases: readonly string[] = []): unknown {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return answer;
  const out = { ...(answer as Record<string, unknown>) };
  for (const alias of aliases) delete out[alias];
  if (callerKey === undefined) delete out[matchKey];
  else out[matchKey] = callerKey;
  return out;
}

/** What the model says one answer cost: a cost the record states, else the operation's per-record model (on the record's whole input, request fields included). */
export function recordModelCost(
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
