/**
 * What one call through the pipeline gives back: its answer and what it cost. A module of its
 * own so every piece (records, paging, batch) can name a call's result without importing the
 * client that composes them.
 */
import type { BillBreakdown } from '../catalog/bill';
import type { ResponseMeta } from '../catalog/types';
import type { CreditSource } from '../credits/ledger';
import type { Quote } from './price';

export interface CallCredits {
  estimated: number;
  charged: number;
  /** Who decided `charged`: 'provider' (its report), 'balance' (read from the balance), 'model', 'cache', 'subscription'. */
  source: CreditSource;
  fromCache: boolean;
  /**
   * Part of `charged` is this call's share of what answers lost at the same time cost: one
   * balance read settled them together and cannot tell which cost what (their total is exact).
   */
  shared?: true;
  /** The charge itemised the way the provider bills it, when the catalog prices by line. */
  bill?: BillBreakdown;
}

export interface CallResult<O = unknown> {
  data: O;
  credits: CallCredits;
  requestId?: string;
  meta: ResponseMeta;
  /** The whole parsed body (envelope included), for cursors that live outside `data`. */
  body?: unknown;
  status: number;
  attempts: number;
}

/**
 * A call checked and priced once, sent later as it was checked: the parsed input stays the
 * core's own (out of the caller's reach), so sending checks and copies nothing again.
 */
export interface PreparedCall<O = unknown> {
  readonly quote: Quote;
  call(opts?: { signal?: AbortSignal }): Promise<CallResult<O>>;
}
