/**
 * Which rows of a batch job already carry their credits on an output item, in any run. A job is
 * read more than once — a rerun of the same list reuses it, a paused job is delivered in part
 * and then finished — and each paid row must be counted on exactly one item over all the runs,
 * or the items add up to more than the wallet moved (a rerun showed 60.54 for 30.54 charged).
 */
import { type Credits, ZERO } from './credits/amount';
import type { Store } from './store/types';

const TTL_MS = 30 * 24 * 3600_000;

export interface CreditedRows {
  /** Item keys of the rows whose credits an earlier delivery put on an item. */
  keys: string[];
  /** Charges put on rows without a readable result (spread over rows processed before a pause). */
  spread: Credits;
}

export function creditedRowsKey(provider: string, account: string, jobId: string): string {
  return `credited:${provider}:${account}:${jobId}`;
}

export async function creditedRows(store: Store, key: string): Promise<CreditedRows> {
  return (await store.get<CreditedRows>(key)) ?? { keys: [], spread: ZERO };
}

export async function noteCreditedRows(store: Store, key: string, before: CreditedRows, keys: Iterable<string>, spread: Credits = ZERO): Promise<void> {
  const all = new Set(before.keys);
  for (const k of keys) all.add(k);
  if (all.size === before.keys.length && spread === ZERO) return;
  await store.set<CreditedRows>(key, { keys: [...all], spread: (before.spread + spread) as Credits }, TTL_MS);
}
