/**
 * A walk's cost on the records it bought: each page's estimate and charge shared by the records
 * that page returned, exact to the micro-credit, so summing per record gives the walk's total.
 */
import { type Credits, shareCredits, toCreditNumber } from './credits/amount';
import type { CallCredits } from './client';

/** A list walk: its records, what each record's page cost it, and the walk's total. */
export interface WalkResult {
  items: unknown[];
  /**
   * Each record's share of the page that returned it (0.01 each for 150 creators paid 1.5),
   * exact to the micro-credit: summed over the records they equal `credits`.
   */
  itemCredits: CallCredits[];
  pages: number;
  credits: CallCredits;
  stoppedBy?: 'budget';
  stopReason?: string;
}

/** A page's cost shared by the `n` records it returned. */
export function shareWalkPage(page: { estimated: Credits; charged: Credits }, n: number, source: CallCredits['source']): CallCredits[] {
  const estimated = shareCredits(page.estimated, n);
  const charged = shareCredits(page.charged, n);
  return charged.map((c, i) => ({ estimated: toCreditNumber(estimated[i]!), charged: toCreditNumber(c), source, fromCache: false }));
}
