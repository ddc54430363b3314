/**
 * What a call costs: the model that estimates it before sending and reads the charge after,
 * what the provider reported, and the reserve-and-settle shape of a job's credits.
 */
import type { Credits } from '../credits/amount';
import type { HttpResponse } from '../transport/types';
import type { Bill } from './bill';

/** What the provider told us about a call, independent of the data. */
export interface ResponseMeta {
  requestId?: string;
  /** Credits the provider says it charged for this call. */
  creditsUsed?: Credits;
  /** Balance after the call, when the provider reports it. */
  creditsRemaining?: Credits;
  creditsReserved?: Credits;
  creditsRefunded?: Credits;
}

/** What a price may depend on besides the input: the account's plan (credential setting). */
export interface PricingContext {
  plan?: string;
}

export interface CostContext<I> extends PricingContext {
  input: I;
  /** The parsed `data` of the response (after `unwrap`). */
  data: unknown;
  response: HttpResponse;
  meta: ResponseMeta;
}

export interface CostModel<I> {
  /** One line a user reads in the UI: "1 credit per email; not charged when the result is risky". */
  summary: string;
  /**
   * True when the operation never charges, whatever its input (set by `free()`). Only such an
   * operation may back something that runs unattended, such as a polling trigger.
   */
  free?: boolean;
  /** Credits the call may charge, decided from the input (and plan) alone (upper bound). */
  estimate(input: I, ctx?: PricingContext): Credits;
  /** The estimate itemised the way the provider bills (see catalog/bill.ts). */
  quote?(input: I, ctx?: PricingContext): Bill;
  /** The charge itemised the way the provider bills, read from the answer; it sums to `actual`. */
  billed?(ctx: CostContext<I>): Bill;
  /**
   * Credits actually charged. Default: the provider's own report (`meta.creditsUsed`), else the
   * estimate. Override when the provider reports nothing and the model decides (no match → 0).
   */
  actual?(ctx: CostContext<I>): Credits;
  /**
   * `balance`: the answer does not say what the call charged and the model cannot know (a record
   * may be subscribed where this client could not see it), so a call that may charge is measured:
   * the provider's free balance (`ProviderCatalog.balance`) is read right before and right after
   * it, and the difference, within 0 … the estimate, is booked (credits/balanceBracket.ts). A
   * charge the answer does report wins.
   */
  measured?: 'balance';
}

/** A call that reserves credits for a job (reserve-and-settle): the reservation is remembered per job. */
export interface ReservationSpec {
  jobId(data: unknown): string | undefined;
  /** The reserved amount when the provider reports it in the data rather than `meta.creditsReserved`. */
  reserved?(data: unknown): Credits | undefined;
}

/**
 * A read that reports a finished job's settlement. Providers repeat the settlement on every
 * read, so the client books it once per job, when `read` first returns it.
 */
export interface SettlementSpec<I = any> {
  jobId(input: I): string;
  /**
   * The job is charged as it runs (the provider reports a running total, e.g. `credits_used`
   * on every status read, and may pause): `read` returns the total so far at any status and
   * the client books each increase once, instead of one settlement at the end.
   */
  cumulative?: boolean;
  /**
   * True when the refund returns an outright charge (a count estimate that failed), not a
   * reservation: the run was then charged that much less.
   */
  refundsCharge?: boolean;
  /** The settlement once the job is finished, undefined while it runs; `reserved` when known. */
  read(ctx: { data: unknown; meta: ResponseMeta; reserved?: Credits }): { charged: Credits; refunded: Credits } | undefined;
}
