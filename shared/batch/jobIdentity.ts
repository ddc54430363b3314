/**
 * Whether a job found in the provider's records is the one a lost submit started. A job of the
 * same size proves nothing — another workflow on the same account may have submitted it a
 * minute earlier — so it is adopted only on the exact input fingerprint: every item its results
 * name is one of ours and, once it has ended, every one of ours is named. Its results are read
 * without booking (host.inspectAll): if it is not ours, its settlement is its owner's.
 */
import type { BatchSpec } from '../catalog/types';
import type { BatchHost } from './host';
import { sleepOrAbort } from '../retry';

export type JobIdentity = { verdict: 'ours' } | { verdict: 'notOurs'; why: string } | { verdict: 'undecided'; why: string };

const ENDED = new Set(['completed', 'failed', 'partial']);

export interface IdentityOptions {
  /** How long to keep reading a running job whose results do not decide yet (0: look once). */
  waitMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

export async function jobIdentity(host: BatchHost, spec: BatchSpec, jobId: string, items: readonly unknown[], opts: IdentityOptions): Promise<JobIdentity> {
  const ours = new Set(items.map((item) => spec.itemKey(item)));
  const until = host.clock.now() + opts.waitMs;
  for (;;) {
    const progress = spec.progress((await host.call(spec.statusOp, spec.jobInput(jobId))).data);
    if (progress.total !== undefined && progress.total !== ours.size) return { verdict: 'notOurs', why: `it has ${progress.total} item(s), not ${ours.size}` };
    const results = await host.inspectAll(spec.resultsOp, spec.jobInput(jobId), { signal: opts.signal });
    const named = results.map((r) => spec.resultKey(r)).filter((k): k is string => k !== undefined);
    const foreign = named.find((k) => !ours.has(k));
    if (foreign !== undefined) return { verdict: 'notOurs', why: 'its results name items not in this list' };
    const ended = ENDED.has(progress.status);
    if (ended && new Set(named).size === ours.size) return { verdict: 'ours' };
    const why = ended
      ? `it ended ${progress.rawStatus} with results naming ${new Set(named).size} of these ${ours.size} item(s)`
      : `it is ${progress.rawStatus} and its results so far name ${named.length} of these ${ours.size} item(s)`;
    // Only a running job can still decide; a paused or ended one says all it will.
    const left = until - host.clock.now();
    if (ended || progress.status === 'paused' || left <= 0) return { verdict: 'undecided', why };
    await sleepOrAbort(host.clock, Math.min(left, opts.intervalMs), opts.signal, `waiting for job ${jobId} to show whose it is`);
  }
}
