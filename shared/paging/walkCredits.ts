/**
 * A walk's cost on the records it bought: each page's estimate and charge shared by the records
 * that page returned, exact to the micro-credit, so summing per record gives the walk's total.
 */
import { type Credits, shareCredits, toCreditNumber } from '../credits/amount';

/** A page's cost shared by the `n` records it returned. */
export function shareWalkPage<S extends string>(
  page: { estimated: Credits; charged: Credits },
  n: number,
  source: S,
): { estimated: number; charged: number; source: S; fromCache: boolean }[] {
  const estimated = shareCredits(page.estimated, n);
  const charged = shareCredits(page.charged, n);
  return charged.map((c, i) => ({ estimated: toCreditNumber(estimated[i]!), charged: toCreditNumber(c), source, fromCache: false }));
}
