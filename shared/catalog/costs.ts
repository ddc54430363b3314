/**
 * Cost models a catalog composes. The provider's own report (meta.creditsUsed) always wins; the
 * model decides only when the provider is silent.
 */
import type { CostContext, CostModel, ReservationSpec, ResponseMeta, SettlementSpec } from './types';
import type { HttpResponse } from '../transport/types';
import { type Credits, credits, timesCredits, ZERO } from '../credits/amount';
import { numberAt, stringAt, valueAt } from './read';

export const FREE_SUMMARY = 'Free';

/** The provider's own report wins whenever it gives one. */
function reportedOr<I>(ctx: CostContext<I>, fallback: () => Credits): Credits {
  return ctx.meta.creditsUsed ?? fallback();
}

export function free<I>(summary = FREE_SUMMARY): CostModel<I> {
  return { summary, free: true, estimate: () => ZERO, actual: (ctx) => reportedOr(ctx, () => ZERO) };
}

/** A fixed price per call that is not charged when `charged(data)` says the call found nothing. */
export function perLookup<I>(amount: number, summary: string, charged: (data: unknown) => boolean): CostModel<I> {
  const price = credits(amount);
  return { summary, estimate: () => price, actual: (ctx) => reportedOr(ctx, () => (charged(ctx.data) ? price : ZERO)) };
}

/** `amount` per unit of `units(input)` (upper bound) and per unit actually returned. */
export function perUnit<I>(amount: number, summary: string, units: (input: I) => number, charged: (ctx: CostContext<I>) => number): CostModel<I> {
  const price = credits(amount);
  return { summary, estimate: (input) => timesCredits(price, units(input)), actual: (ctx) => reportedOr(ctx, () => timesCredits(price, charged(ctx))) };
}

/**
 * A batch submit: the provider reserves `perItem × unique items`. The reservation is reported
 * through meta.creditsReserved (the client holds it against the budget); nothing is charged
 * until the first results read after the job ends settles it, so the submit's actual is 0 —
 * otherwise the ledger would count the reservation and the settlement both.
 */
export function reservation<I>(perItem: number, summary: string, units: (input: I) => number): CostModel<I> {
  const price = credits(perItem);
  return { summary, estimate: (input) => timesCredits(price, units(input)), actual: (ctx) => ctx.meta.creditsUsed ?? ZERO };
}

/**
 * A read that reports its job's settlement in meta.creditsUsed: the read charges nothing
 * itself — the settlement is booked once per job through the operation's `settles`.
 */
export function settledRead<I>(summary: string): CostModel<I> {
  return { summary, estimate: () => ZERO, actual: () => ZERO };
}

/** A submit whose answer names the job its reservation is held for. */
export const reservesJob: ReservationSpec = {
  jobId: (data) => stringAt(data, 'batchId') ?? stringAt(data, 'jobId'),
  reserved: (data) => {
    const n = numberAt(data, 'creditsReserved');
    return n === undefined ? undefined : credits(n);
  },
};

/**
 * A read that carries its job's settlement in meta (creditsUsed / creditsRefunded) once the job
 * has ended; `ended` says when that is (before it, the provider reports 0 and settles nothing).
 */
export function settlesFromMeta(idParam: string, ended: (data: unknown) => boolean): SettlementSpec {
  return {
    jobId: (input) => String((input as Record<string, unknown>)[idParam]),
    read: ({ data, meta }) => (ended(data) ? { charged: meta.creditsUsed ?? ZERO, refunded: meta.creditsRefunded ?? ZERO } : undefined),
  };
}

// ---- Reports: what the provider says it charged ----

/**
 * Reading what a provider reports it charged, wherever it puts it: a response header
 * (`credits-deducted`), a body path (`credits_cost`, `meta.credits.charged`), as a number or a
 * numeric string, fractional amounts exact (micro-credits). A reader answers undefined when the
 * provider said nothing — absent is not 0 — so a catalog can fall back to its cost model.
 */

/** What a reader may look at: the raw response, and the parsed body when the caller has it. */
export interface ReportSource {
  response: HttpResponse;
  body?: unknown;
}

export type CreditReader = (source: ReportSource) => Credits | undefined;

/** A reported amount: a non-negative finite number or numeric string; anything else is no report. */
export function reportedAmount(value: unknown): Credits | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  // A numeric string converts digit for digit ("0.01" → 10 000 micro-credits), never through float sums.
  return credits(typeof value === 'string' ? value.trim() : n);
}

/** Credits in a response header, e.g. `creditsFromHeader('credits-deducted')`. */
export function creditsFromHeader(name: string): CreditReader {
  const key = name.toLowerCase();
  return ({ response }) => reportedAmount(response.headers[key]);
}

/** Credits at a path of the JSON body, e.g. `creditsInBody('meta', 'credits', 'charged')`. */
export function creditsInBody(...path: string[]): CreditReader {
  return ({ response, body }) => reportedAmount(valueAt(body !== undefined ? body : parsed(response), ...path));
}

/** The first reader that finds a report (a provider documented in two ways). */
export function firstReported(...readers: CreditReader[]): CreditReader {
  return (source) => {
    for (const read of readers) {
      const amount = read(source);
      if (amount !== undefined) return amount;
    }
    return undefined;
  };
}

/** ResponseMeta amounts from readers, for a catalog's `unwrap`; fields nobody reported stay absent. */
export function reportedMeta(
  readers: Partial<Record<'creditsUsed' | 'creditsRemaining' | 'creditsReserved' | 'creditsRefunded', CreditReader>>,
  source: ReportSource,
): ResponseMeta {
  const meta: ResponseMeta = {};
  for (const [field, read] of Object.entries(readers) as [keyof typeof readers, CreditReader][]) {
    const amount = read(source);
    if (amount !== undefined) meta[field] = amount;
  }
  return meta;
}

/**
 * A cost model whose actual charge is what `reader` finds in the answer; when the provider says
 * nothing, `model` decides (its actual, else its estimate).
 */
export function chargedAsReported<I>(reader: CreditReader, model: CostModel<I>): CostModel<I> {
  return {
    summary: model.summary,
    estimate: (input) => model.estimate(input),
    actual: (ctx: CostContext<I>) => reader({ response: ctx.response }) ?? ctx.meta.creditsUsed ?? model.actual?.(ctx) ?? model.estimate(ctx.input),
  };
}

function parsed(response: HttpResponse): unknown {
  if (!response.body) return undefined;
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
}
