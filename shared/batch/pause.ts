/**
 * Jobs that pause. A provider may stop a job half way (e.g. out of credits) and
 * wait for a resume call. The runner then either reports the job as paused — every item not
 * yet delivered gets an error naming the job, the reason and what the rest would cost — or,
 * when the user asked for it, resumes the job by itself as soon as the balance (a free call)
 * covers the rest. Providers without callbacks are polled with backoff inside the provider's
 * recommended range (e.g. 30 s growing to 60 s).
 */
import type { BatchProgress, BatchSpec } from '../catalog/types';
import type { BatchHost } from './host';
import { type Credits, credits, maxCredits, subCredits, timesCredits, ZERO } from '../credits/amount';
import { EnrichflowError, InsufficientCreditsError, ProviderFailureError, ValidationError } from '../errors';

/** Poll delays: the recommended interval first, then ×1.5 per poll up to the ceiling. */
export function pollDelays(baseMs: number, maxMs: number = baseMs): () => number {
  let next = baseMs;
  const ceiling = Math.max(baseMs, maxMs);
  return () => {
    const delay = next;
    next = Math.min(ceiling, Math.round(next * 1.5));
    return delay;
  };
}

/** The balance from the provider's free balance call; undefined when it cannot be read. */
export async function balanceNow(host: BatchHost): Promise<Credits | undefined> {
  try {
    const known = await host.balance();
    return known === undefined ? undefined : credits(known);
  } catch {
    return undefined;
  }
}

/** Upper bound of what the rest of a job costs: the per-item price × rows not yet processed. */
export function remainingCost(spec: BatchSpec, progress: BatchProgress): Credits {
  const left = Math.max(0, (progress.total ?? 0) - (progress.processed ?? 0));
  return timesCredits(spec.costPerItem, left);
}

function resumeOpOf(host: BatchHost, spec: BatchSpec): string {
  if (!spec.resumeOp) {
    throw new ValidationError(`${host.provider.displayName} "${spec.displayName}" jobs cannot be resumed`, [
      { field: 'batch', rule: 'a batch with a resume operation' },
    ]);
  }
  return spec.resumeOp;
}

/** Resume a paused job (free). The provider refuses a job that is not paused; that error is passed on. */
export async function resumeBatchJob(host: BatchHost, spec: BatchSpec, jobId: string): Promise<unknown> {
  const result = await host.call(resumeOpOf(host, spec), spec.jobInput(jobId));
  return result.data;
}

/**
 * Auto resume: resume when the balance covers the rest of the job; otherwise keep waiting.
 * Unknown balance (no balance operation, or it failed) → resume and let the provider decide.
 */
export async function resumeWhenCovered(host: BatchHost, spec: BatchSpec, progress: BatchProgress): Promise<boolean> {
  const balance = await balanceNow(host);
  if (balance !== undefined && balance < remainingCost(spec, progress)) return false;
  try {
    await resumeBatchJob(host, spec, progress.jobId);
    return true;
  } catch (error) {
    // Resumed meanwhile (another run, the user): the next status read says so.
    if (error instanceof EnrichflowError && (error.kind === 'validation' || error.kind === 'conflict')) return false;
    throw error;
  }
}

/** The error every undelivered item of a paused job gets: job, reason, rows left, what they need. */
export async function pausedJobError(host: BatchHost, spec: BatchSpec, progress: BatchProgress): Promise<EnrichflowError> {
  const reason = progress.reason ?? progress.rawStatus;
  const left = Math.max(0, (progress.total ?? 0) - (progress.processed ?? 0));
  const where = `${spec.displayName} job ${progress.jobId} is paused (${reason}) after ${progress.processed ?? '?'} of ${progress.total ?? '?'} rows`;
  const next = spec.resumeOp
    ? 'Top up, then resume it (the Resume operation, or run again with Auto Resume on: the same list reuses the same job, nothing is submitted or paid twice)'
    : 'It continues when the provider resumes it';
  if (/credit|balance|fund/i.test(reason)) {
    const required = remainingCost(spec, progress);
    const balance = await balanceNow(host);
    const shortfall = balance === undefined ? undefined : maxCredits(ZERO, subCredits(required, balance));
    return new InsufficientCreditsError(
      required,
      balance,
      shortfall,
      `${host.provider.displayName}: ${where}; ${left} row(s) wait — ${InsufficientCreditsError.describe(required, balance, shortfall)}. ${next}.`,
      {
        provider: host.provider.id,
      },
    );
  }
  return new ProviderFailureError(`${host.provider.displayName}: ${where}. ${next}.`, { provider: host.provider.id });
}
