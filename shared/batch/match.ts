/**
 * Matching a finished job's results back to its items by what the provider's contract
 * guarantees. A result that names its item (the batch's `resultKey`) is matched by that key.
 * A result that names none (Enrich.so's bulk reverse lookup promises profiles, not the email
 * each was found for) can still be placed by elimination — every result belongs to one
 * submitted item and missing items were not found — but only when that leaves no doubt: one
 * result for one item, or (results listed in submitted order) as many results as items.
 * Otherwise the items it could belong to are reported as undecided, never as "not found":
 * saying a paid-for profile was not found would lose it.
 */
import type { BatchSpec } from '../catalog/types';
import { indexByKey } from '../catalog/distinct';

export interface MatchedResults {
  /** The result of the item at `position` (repeats of a key share its result); undefined: none. */
  resultOf(position: number): unknown;
  /** Results that name no item and could not be placed (0 when every result was placed). */
  unplaced: number;
}

/**
 * `items` in upload order. Results are placed by the position of the first item with their key
 * (one Int32Array over the items, no Map of 500,000 keys); the first result for a key wins.
 */
export function matchResults(spec: BatchSpec, items: readonly unknown[], results: readonly unknown[]): MatchedResults {
  const index = indexByKey(items, (item) => spec.itemKey(item));
  const placed: unknown[] = new Array(items.length);
  const anonymous: unknown[] = [];
  for (const r of results) {
    const k = spec.resultKey(r);
    if (k === undefined) {
      anonymous.push(r);
      continue;
    }
    const at = index.find(k);
    if (at >= 0 && placed[at] === undefined) placed[at] = r;
  }
  const resultOf = (position: number) => placed[index.find(spec.itemKey(items[position]))];
  if (anonymous.length === 0) return { resultOf, unplaced: 0 };
  // Each distinct key without a result, by its first item, in upload order.
  const missing: number[] = [];
  for (let p = 0; p < items.length; p++) if (placed[p] === undefined && index.find(spec.itemKey(items[p])) === p) missing.push(p);
  // As many results without an item as items without a result: every one was found. One of each
  // belong together; several pair up in submitted order where the provider lists results so.
  if (missing.length === anonymous.length && (missing.length === 1 || spec.resultsInSubmittedOrder)) {
    missing.forEach((p, i) => (placed[p] = anonymous[i]));
    return { resultOf, unplaced: 0 };
  }
  return { resultOf, unplaced: anonymous.length };
}
