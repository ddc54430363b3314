/**
 * Cost models a catalog composes. The provider's own report (meta.creditsUsed) always wins; the
 * model decides only when the provider is silent.
 */
import type { CostContext, CostModel, ReservationSpec, SettlementSpec } from './types';
import { type Credits, credits, timesCredits, ZERO } from '../credits/amount';
import { numberAt, stringAt } from './read';

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

/**
 * A finished Lead Finder job (reveal, enrich, export): the provider's worker charged what it
 * found and refunded the rest of the reservation (`creditsUsed` / `creditsRefunded`, at the
 * top level or inside `results`).
 */
