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

export interface MatchedResults {
  /** Result by item key. */
  byKey: Map<string, unknown>;
  /** Results that name no item and could not be placed (0 when every result was placed). */
  unplaced: number;
}

export function matchResults(spec: BatchSpec, items: readonly { item: unknown }[], results: readonly unknown[]): MatchedResults {
  const byKey = new Map<string, unknown>();
  const anonymous: unknown[] = [];
  for (const r of results) {
    const k = spec.resultKey(r);
    if (k === undefined) anonymous.push(r);
    else if (!byKey.has(k)) byKey.set(k, r);
  }
  if (anonymous.length === 0) return { byKey, unplaced: 0 };
  const missing = [...new Set(items.map(({ item }) => spec.itemKey(item)).filter((k) => !byKey.has(k)))];
  // As many results without an item as items without a result: every one was found. One of each
  // belong together; several pair up in submitted order where the provider lists results so.
  if (missing.length === anonymous.length && (missing.length === 1 || spec.resultsInSubmittedOrder)) {
    missing.forEach((k, i) => byKey.set(k, anonymous[i]));
    return { byKey, unplaced: 0 };
  }
  return { byKey, unplaced: anonymous.length };
}
