/**
 * Which rows of a batch job already carry their credits on an output item, in any run. A job is
 * read more than once — a rerun of the same list reuses it, a paused job is delivered in part
 * and then finished — and each paid row must be counted on exactly one item over all the runs,
 * or the items add up to more than the wallet moved (a rerun showed 60.54 for 30.54 charged).
 */
import { type Credits, ZERO } from '../credits/amount';
import type { Store } from '../store/types';

const TTL_MS = 30 * 24 * 3600_000;

export interface CreditedRows {
  /** Every row was delivered once (the job had ended): a later delivery credits none. */
  all?: boolean;
  /** Item keys of the rows a partial delivery (a paused job) put credits on. */
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

/** Whether an earlier delivery already put this row's credits on an item. */
export function creditedBefore(rows: CreditedRows): (key: string) => boolean {
  const keys = new Set(rows.keys);
  return (key) => rows.all === true || keys.has(key);
}

/** After a delivery: every row (an ended job — one small record, however big the job), or the rows a partial one credited. */
export async function noteCreditedRows(
  store: Store,
  key: string,
  before: CreditedRows,
  delivered: { all: true } | { keys: Iterable<string>; spread?: Credits },
): Promise<void> {
  if (before.all) return;
  if ('all' in delivered) {
    await store.set<CreditedRows>(key, { all: true, keys: [], spread: before.spread }, TTL_MS);
    return;
  }
  const keys = new Set(before.keys);
  for (const k of delivered.keys) keys.add(k);
  const spread = delivered.spread ?? ZERO;
  if (keys.size === before.keys.length && spread === ZERO) return;
  await store.set<CreditedRows>(key, { keys: [...keys], spread: (before.spread + spread) as Credits }, TTL_MS);
}
