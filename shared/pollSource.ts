/**
 * Watching a list by polling, for any catalog's `pollSources`: each poll reads every entry of
 * the last window and names each one by its dedupe key and the window it fell in, so the same
 * entry is emitted once per window however often the trigger polls (n8n remembers the ids in its
 * static data, Zapier dedupes on `id`).
 */
import type { PollSourceSpec, ProviderCatalog } from './catalog/types';
import type { CallCredits, EnrichflowClient } from './client';
import { ValidationError } from './errors';

export const DAY_MS = 24 * 3600_000;

export interface PolledEntry {
  /** `<dedupe key>:<window start>`: the same entry in the same window has the same id. */
  id: string;
  key: string;
  /** ISO start of the window the poll fell in. */
  window: string;
  item: Record<string, unknown>;
}

export function pollSourceOf(catalog: ProviderCatalog, key: string): PollSourceSpec {
  const spec = catalog.pollSources?.find((s) => s.key === key);
  if (!spec) {
    const known = (catalog.pollSources ?? []).map((s) => s.key).join(', ') || 'none';
    throw new ValidationError(`${catalog.displayName} has no trigger "${key}" (triggers: ${known})`, [{ field: 'event', rule: `one of ${known}` }]);
  }
  return spec;
}

/** A window of whole days (1–31), in ms. */
export function windowFromDays(days: unknown, spec: PollSourceSpec): number {
  if (days === undefined || days === null || days === '') return spec.defaultWindowMs;
  const n = Number(days);
  if (!Number.isInteger(n) || n < 1 || n > 31)
    throw new ValidationError(`windowDays must be a whole number of days from 1 to 31 (got ${String(days)})`, [
      { field: 'windowDays', rule: 'whole number 1..31' },
    ]);
  return n * DAY_MS;
}

/** One poll: every entry of the last window (all pages), each once, with its per-window id. */
export async function pollEntries(
  client: EnrichflowClient,
  spec: PollSourceSpec,
  opts: { now: number; windowMs: number; fields?: Record<string, unknown>; signal?: AbortSignal },
): Promise<{ entries: PolledEntry[]; credits: CallCredits }> {
  const fields: Record<string, unknown> = {};
  for (const name of spec.fields) if (opts.fields?.[name] !== undefined && opts.fields[name] !== '') fields[name] = opts.fields[name];
  const { items, credits } = await client.list(spec.op, spec.input({ now: opts.now, windowMs: opts.windowMs, fields }), { signal: opts.signal });
  const window = new Date(Math.floor(opts.now / opts.windowMs) * opts.windowMs).toISOString();
  const seen = new Set<string>();
  const entries: PolledEntry[] = [];
  for (const item of items) {
    const key = spec.dedupeKey(item);
    if (key === undefined || seen.has(key)) continue;
    seen.add(key);
    entries.push({
      id: `${key}:${window}`,
      key,
      window,
      item: typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : { value: item },
    });
  }
  return { entries, credits };
}
