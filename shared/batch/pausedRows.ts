/**
 * A job paused for credits has already charged for the rows it processed: they are delivered,
 * not hidden behind the pause. Their results are read while paused where the provider allows
 * it (influencers.club's docs say results come when the job is finished; its own client reads
 * them while paused — the sandbox plays both); where it does not, the rows processed before the
 * pause (rows run in upload order) carry the job's charge between them and say their results
 * come when the job finishes. Every row still waiting says that it waits.
 */
import type { BatchProgress, BatchSpec } from '../catalog/types';
import type { ItemOutcome } from '../client';
import type { BatchHost } from './host';
import { type Credits, subCredits, toCreditNumber, ZERO } from '../credits/amount';
import { type CreditedRows, creditedBefore } from './creditedRows';
import { type EnrichflowError, ProviderFailureError } from '../errors';
import { shareOut } from '../pipeline/records';

export interface PausedDelivery {
  /** One outcome per entry; undefined for the entries the results settle (matched by the caller). */
  waiting: Map<number, ItemOutcome<unknown>>;
  /** Keys of the rows whose charge this delivery put on them (spread mode). */
  credited: string[];
  spread: Credits;
}

/**
 * The outcomes of the rows a paused job cannot show: `results` undefined when the provider would
 * not give them while paused. Entries are in upload order.
 */
export function pausedOutcomes(
  host: BatchHost,
  spec: BatchSpec,
  progress: BatchProgress,
  entries: { index: number; item: unknown }[],
  results: unknown[] | undefined,
  waitError: EnrichflowError,
  before: CreditedRows,
): PausedDelivery {
  const waiting = new Map<number, ItemOutcome<unknown>>();
  if (results) {
    const named = new Set(results.map((r) => spec.resultKey(r)).filter((k): k is string => k !== undefined));
    for (const { index, item } of entries) if (!named.has(spec.itemKey(item))) waiting.set(index, { index, ok: false, error: waitError });
    return { waiting, credited: [], spread: ZERO };
  }
  const processed = Math.min(entries.length, progress.processed ?? 0);
  const done = entries.slice(0, processed);
  const previously = creditedBefore(before);
  const fresh = done.filter(({ item }) => !previously(spec.itemKey(item)));
  // What the job charged that no row carries yet, shared over the processed rows that carry nothing yet.
  const owed = progress.charged === undefined ? ZERO : (Math.max(0, subCredits(progress.charged, before.spread)) as Credits);
  const shares = shareOut(
    owed,
    fresh.map(() => ZERO),
    fresh.map(() => true),
  );
  const note = `processed before ${spec.displayName} job ${progress.jobId} paused (${progress.reason ?? progress.rawStatus}); ${host.provider.displayName} gives its result only when the job finishes — resume it (or run again with Auto Resume) to read it`;
  fresh.forEach(({ index }, n) => {
    const error = new ProviderFailureError(`${host.provider.displayName}: this row was ${note}`, { provider: host.provider.id, code: 'paused_processed' });
    if (shares[n]! > 0) error.charged = toCreditNumber(shares[n]!);
    waiting.set(index, { index, ok: false, error });
  });
  for (const { index } of entries.slice(processed)) waiting.set(index, { index, ok: false, error: waitError });
  for (const { index } of done)
    if (!waiting.has(index))
      waiting.set(index, {
        index,
        ok: false,
        error: new ProviderFailureError(`${host.provider.displayName}: this row was ${note}`, { provider: host.provider.id, code: 'paused_processed' }),
      });
  return { waiting, credited: fresh.map(({ item }) => spec.itemKey(item)), spread: fresh.length ? owed : ZERO };
}
