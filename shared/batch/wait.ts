/**
 * Waiting for a job: poll (or wait for a callback, polling as fallback) through outages until it
 * ends, resuming a paused job when asked to, and read its result pages.
 */
import type { BatchProgress } from '../catalog/types';
import type { CallCredits } from '../client';
import { ProviderFailureError, RateLimitedError } from '../errors';
import { backoffDelay, isRetryable, sleepOrAbort } from '../retry';
import type { BatchHost } from './host';
import { pollDelays, resumeBatchJob, resumeWhenCovered } from './pause';
import { type BatchRunOptions, batchSpec } from './spec';

const TERMINAL = new Set(['completed', 'failed', 'partial']);

export async function getBatchStatus(host: BatchHost, batchName: string, jobId: string): Promise<BatchProgress> {
  const spec = batchSpec(host, batchName);
  const result = await host.call(spec.statusOp, spec.jobInput(jobId));
  return spec.progress(result.data);
}

/**
 * Read every result page of a finished job. The provider settles the reservation on the first
 * read after a terminal status; the client books that settlement once per job (the results
 * operation's `settles`), so reading again costs and books nothing.
 */
export async function fetchBatchResults(host: BatchHost, batchName: string, jobId: string): Promise<{ results: unknown[]; credits: CallCredits }> {
  const spec = batchSpec(host, batchName);
  // The largest page the provider allows: a 950-row result is one request, not ten.
  const pageSize = host.operation(spec.resultsOp).pagination?.maxPageSize;
  // The job's settlement is booked for the walk; no row needs its share of it (one object per row).
  const listed = await host.list(spec.resultsOp, spec.jobInput(jobId), { pageSize, perItemCredits: false });
  return { results: listed.items, credits: listed.credits };
}

/** Backoff between failed status reads: from one poll interval up to 5 minutes. */
function pollBackoff(attempt: number, interval: number, retryAfterMs: number | undefined): number {
  return backoffDelay(attempt, { retries: 0, baseDelayMs: Math.max(1000, interval), maxDelayMs: 5 * 60_000 }, Math.random, retryAfterMs);
}

/**
 * `read` until it succeeds or `deadline` passes. A transient failure (429, 5xx, reset, timeout,
 * garbled body — what isRetryable calls safe for a free read) never ends the wait: the job may
 * still be running, and a job that finished must still be read so its reservation settles.
 */
export async function readThroughOutages<T>(
  host: BatchHost,
  read: () => Promise<T>,
  opts: { deadline: number; interval: number; signal?: AbortSignal; what: string },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const left = opts.deadline - host.clock.now();
      if (left <= 0 || !isRetryable(error, true) || opts.signal?.aborted) throw error;
      const retryAfter = error instanceof RateLimitedError ? error.retryAfterMs : undefined;
      await sleepOrAbort(host.clock, Math.min(left, pollBackoff(attempt, opts.interval, retryAfter)), opts.signal, opts.what);
    }
  }
}

/**
 * Poll (or wait for a callback, polling as fallback) until the job is terminal — or paused,
 * unless `autoResume` resumes it once the balance covers the rest.
 */
export async function waitForBatch(host: BatchHost, batchName: string, jobId: string, opts: BatchRunOptions = {}): Promise<BatchProgress> {
  const spec = batchSpec(host, batchName);
  const base = opts.pollIntervalMs ?? spec.pollIntervalMs;
  const nextDelay = pollDelays(base, opts.maxPollIntervalMs ?? (opts.pollIntervalMs === undefined ? spec.maxPollIntervalMs : undefined));
  const deadline = host.clock.now() + (opts.maxWaitMs ?? 3600_000);
  // A callback that woke us for a job the API still reports running is not trusted again:
  // from then on the wait polls at its interval (no spinning on a forged or early completion).
  let trustCallbacks = opts.wait === 'webhook' && opts.waitForCallback !== undefined;
  const waitStarted = host.clock.now();
  let started = false;
  for (;;) {
    const progress = {
      ...(await readThroughOutages(host, () => getBatchStatus(host, batchName, jobId), {
        deadline,
        interval: base,
        signal: opts.signal,
        what: `polling job ${jobId} again`,
      })),
      jobId,
    };
    started ||= progress.status !== 'queued' || (progress.processed ?? 0) > 0;
    opts.onProgress?.({ jobId, status: progress.status, processed: progress.processed, total: progress.total, reason: progress.reason });
    if (TERMINAL.has(progress.status)) return progress;
    if (progress.status === 'paused') {
      if (!opts.autoResume || !spec.resumeOp) return progress;
      // Resumed: read the status again right away rather than after a whole interval.
      if (await resumeWhenCovered(host, spec, progress)) continue;
    }
    const interval = nextDelay();
    const left = deadline - host.clock.now();
    if (left <= 0 && !started) {
      // Never picked up: say so — it is the provider's queue, not this run, and nothing ran yet.
      const minutes = Math.max(1, Math.round((host.clock.now() - waitStarted) / 60_000));
      throw new ProviderFailureError(
        `${spec.displayName} job ${jobId} stayed ${progress.rawStatus} for ${minutes} min: ${host.provider.displayName} has not started it, so none of its items has run or been charged yet. It keeps its place in the queue: fetch its results later with the job id, or ask ${host.provider.displayName} why it is not starting`,
        { provider: host.provider.id, code: 'still_queued' },
      );
    }
    if (left <= 0) {
      throw new ProviderFailureError(
        `${spec.displayName} job ${jobId} is still ${progress.rawStatus} after the maximum wait; its results were not read (fetch them later with the job id)`,
        { provider: host.provider.id, code: 'still_running' },
      );
    }
    if (trustCallbacks) {
      const stop = new AbortController();
      // The callback usually wins; the slower poll guards against a lost callback.
      const woke = await Promise.race([
        opts.waitForCallback!(jobId, stop.signal).then(
          () => true,
          () => false,
        ),
        host.clock.sleep(Math.min(left, interval * 6), stop.signal).then(
          () => false,
          () => false,
        ),
      ]);
      stop.abort();
      if (woke) {
        const now = await readThroughOutages(host, () => getBatchStatus(host, batchName, jobId), {
          deadline,
          interval: base,
          signal: opts.signal,
          what: `polling job ${jobId} again`,
        });
        if (TERMINAL.has(now.status)) return now;
        trustCallbacks = false;
      }
    } else {
      await sleepOrAbort(host.clock, Math.min(left, interval), opts.signal, `waiting for job ${jobId}`);
    }
  }
}

/** Resume a job the provider paused (free); see `autoResume` to let the runner do it. */
export async function resumeBatch(host: BatchHost, batchName: string, jobId: string): Promise<unknown> {
  return resumeBatchJob(host, batchSpec(host, batchName), jobId);
}
