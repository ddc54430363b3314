/**
 * The claim a run holds on a batch submit: one record in the store (memory, file or Redis), so
 * a retried or parallel run never submits the same list twice. While the submit is on the wire
 * its owner beats on the claim; a claim whose beat stopped was cut off (a crash, a killed
 * worker, right after the answer even) — found out within a minute, not after ten — and the
 * next run reconciles it from the provider's own records instead of refusing.
 */
import type { Clock } from '../clock';
import type { Store } from '../store/types';

export interface JobRecord {
  /** `unknown`: the submit was sent and its answer lost (reset, timeout, garbled body). */
  state: 'submitting' | 'submitted' | 'unknown';
  jobId?: string;
  itemCount: number;
  /** When the submit was claimed (sent right after). */
  at: number;
  /** The owner's last sign of life while `submitting`. */
  beat?: number;
  /** Why the outcome is unknown. */
  reason?: string;
}

export const REGISTRY_TTL_MS = 7 * 24 * 3600_000;
/** How often the owner of a submit in flight says it is alive. */
export const HEARTBEAT_MS = 15_000;
/** No beat for this long: the owner is gone (four beats missed, for a slow store or a busy host). */
export const HEARTBEAT_STALE_MS = 4 * HEARTBEAT_MS;
/** A claim written without beats (an older release) is cut off after this long. */
const UNBEATEN_STALE_MS = 10 * 60_000;

/** Whether a `submitting` claim's owner is gone. */
export function claimIsStale(record: JobRecord, now: number): boolean {
  return record.beat === undefined ? now - record.at > UNBEATEN_STALE_MS : now - record.beat > HEARTBEAT_STALE_MS;
}

/** Seconds since the owner's last sign of life, for messages. */
export function sinceLastBeat(record: JobRecord, now: number): number {
  return Math.max(0, Math.round((now - (record.beat ?? record.at)) / 1000));
}

/**
 * Beat on `claim` every HEARTBEAT_MS until `stop()`, which resolves once no beat can be written
 * any more: the owner's next write (the job id) is never overwritten by a late beat.
 */
export function beatOn(store: Store, clock: Clock, key: string, claim: JobRecord): { stop(): Promise<void> } {
  const quit = new AbortController();
  let writing: Promise<unknown> = Promise.resolve();
  void (async () => {
    for (;;) {
      try {
        await clock.sleep(HEARTBEAT_MS, quit.signal);
      } catch {
        return;
      }
      if (quit.signal.aborted) return;
      // Checked and started in one turn: stop() either comes before (no write) or waits for it.
      writing = store.set<JobRecord>(key, { ...claim, beat: clock.now() }, REGISTRY_TTL_MS).catch(() => undefined);
      await writing;
    }
  })();
  return {
    stop: async () => {
      quit.abort();
      await writing;
    },
  };
}
