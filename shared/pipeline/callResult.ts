/**
 * What one call through the pipeline gives back: its answer and what it cost. A module of its
 * own so every piece (records, paging, batch) can name a call's result without importing the
 * client that composes them.
 */
import type { BillBreakdown } from '../catalog/bill';
import type { ResponseMeta } from '../catalog/types';

export interface CallCredits {
  estimated: number;
  charged: number;
  source: 'provider' | 'model' | 'cache' | 'subscription';
  fromCache: boolean;
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
