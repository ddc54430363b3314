/**
 * A started batch, finished within one Zapier step: poll the free status call while the step's
 * budget allows, then read (and so settle) every result and give one output line per input
 * item. When the jobs outlast the step, a clear error says where the results are; nothing is
 * resubmitted and nothing is paid twice, because the submit's idempotency record and the
 * client's once-per-job settlement live in z.cache.
 */
import {
  collectBatch,
  fetchBatchResults,
  getBatchStatus,
  labelFor,
  toCreditNumber,
  type BatchProgress,
  type BatchSpec,
  type EnrichflowError,
  type ItemOutcome,
  type ProviderCatalog,
} from '../../shared';
import type { RunContext } from './context';
import { titleCase } from './operations';
import { isRecord } from './run';
import { StepDeadlineError, type StepTiming } from './step-clock';
import type { Z } from './zapier';

const TERMINAL = new Set(['completed', 'failed', 'partial']);
/** Kept free for reading results once the jobs have ended. */
const READ_RESERVE_MS = 5000;

export interface Waited {
  finished: BatchProgress[];
  /** The first job still running when the step had no more time to wait. */
  running?: BatchProgress;
}

/** Confirm each job's status with the API; poll a running one while the step can afford it. */
export async function waitWithinStep(ctx: RunContext, spec: BatchSpec, jobIds: readonly string[], timing: StepTiming): Promise<Waited> {
  const reserve = Math.min(READ_RESERVE_MS, timing.budgetMs / 5);
  const finished: BatchProgress[] = [];
  for (const jobId of jobIds) {
    for (;;) {
      const p = await getBatchStatus(ctx.client, spec.name, jobId);
      const progress = { ...p, jobId: p.jobId || jobId };
      if (TERMINAL.has(progress.status)) {
        finished.push(progress);
        break;
      }
      // A paused job waits for the user (credits, a resume), not for time: say so now.
      if (progress.status === 'paused') return { finished, running: progress };
      if (ctx.clock.remaining() - timing.pollMs <= reserve) return { finished, running: progress };
      try {
        await ctx.clock.sleep(timing.pollMs);
      } catch (error) {
        if (error instanceof StepDeadlineError) return { finished, running: progress };
        throw error;
      }
    }
  }
  return { finished };
}

/** "Email validation batch" → "email validation batch", but "IP to company batch" stays. */
export function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name[0]!.toLowerCase() + name.slice(1) : name;
}

/** The "Get <batch> Results" action's label: where a user reads a job's results again. */
export function resultsActionLabel(catalog: ProviderCatalog, spec: BatchSpec): string {
  const op = catalog.operations.find((o) => o.key === spec.resultsOp);
  return titleCase(op?.displayName ?? `Get ${spec.displayName} results`);
}

/**
 * The error for jobs that have not ended when the step must: the job, its progress, and how to
 * get the results without paying again. An error, not a halt: the step did not deliver.
 */
export function notFinishedError(z: Z, catalog: ProviderCatalog, spec: BatchSpec, jobIds: readonly string[], why: string, running?: BatchProgress): Error {
  const ids = jobIds.join(', ');
  const idLabel = Object.keys(spec.jobInput('id'))[0] ?? 'jobId';
  const progress = running
    ? running.status === 'paused'
      ? ` ${spec.displayName} ${running.jobId} is paused (${running.reason ?? running.rawStatus}) after ${running.processed ?? '?'} of ${running.total ?? '?'} items: top up${spec.resumeOp ? ', then resume it' : ''}.`
      : ` ${spec.displayName} ${running.jobId} is still ${running.rawStatus} (${running.processed ?? '?'} of ${running.total ?? '?'} items processed).`
    : '';
  const trigger = spec.webhook ? '' : `, or use the "${titleCase(spec.displayName)} Completed" trigger, which fires for this job when it ends`;
  return new z.errors.Error(
    `${why}${progress} Nothing was resubmitted and nothing more was charged. To get the results without paying again once it has finished: run "${resultsActionLabel(catalog, spec)}" with ${labelFor(idLabel)} ${ids} (the first read settles the reservation; later reads are free)${trigger}.`,
    'BatchNotFinished',
  );
}

export interface Delivered {
  status: 'completed' | 'partial' | 'failed';
  resultCount: number;
  creditsCharged: number;
  creditsRefunded: number;
  summary: Record<string, unknown>;
  items?: Record<string, unknown>[];
  results?: unknown[];
  note?: string;
}

/**
 * Read every result of ended jobs. With the input items known: one line per item, in input
 * order (input, status, result or error, credits). Without them: the results as the provider
 * lists them.
 */
export async function deliverResults(
  z: Z,
  ctx: RunContext,
  spec: BatchSpec,
  finished: BatchProgress[],
  known: { items?: readonly unknown[]; estimatedCredits?: number },
): Promise<Delivered> {
  const jobIds = finished.map((p) => p.jobId);
  const status = finished.some((p) => p.status === 'failed') ? 'failed' : finished.some((p) => p.status === 'partial') ? 'partial' : 'completed';
  const jobs = finished.map((p) => ({ jobId: p.jobId, status: p.rawStatus, total: p.total, processed: p.processed }));

  if (!known.items) {
    const results: unknown[] = [];
    for (const jobId of jobIds) results.push(...(await fetchBatchResults(ctx.client, spec.name, jobId)).results);
    const credits = ctx.client.summary();
    failWhenNothing(z, spec, status, results.length === 0, jobIds, 'without results');
    return {
      status,
      resultCount: results.length,
      creditsCharged: credits.charged,
      creditsRefunded: credits.refunded,
      summary: { jobs, results: results.length, creditsEstimated: known.estimatedCredits, creditsCharged: credits.charged, creditsRefunded: credits.refunded },
      results,
      note: 'Too many items to keep with the paused step: results are listed as the provider returned them, not matched to input rows.',
    };
  }

  const collected = await collectBatch(ctx.client, spec.name, known.items, jobIds);
  // A failed read (not a failed item) leaves every outcome an error: surface it as the step's error.
  const unread = collected.jobs.find((j) => j.status === 'unknown');
  const firstError = collected.outcomes.find((o) => !o.ok);
  if (unread && firstError && !firstError.ok) throw firstError.error;

  const items = outcomeLines(spec, known.items, collected.outcomes);
  const count = (s: string) => items.filter((l) => l.status === s).length;
  failWhenNothing(
    z,
    spec,
    status,
    count('ok') + count('not_found') === 0,
    jobIds,
    `— ${firstError && !firstError.ok ? firstError.error.message : 'no item succeeded'}`,
  );
  return {
    status,
    resultCount: count('ok'),
    creditsCharged: collected.credits.charged,
    creditsRefunded: collected.credits.refunded,
    summary: {
      jobs,
      items: items.length,
      ok: count('ok'),
      notFound: count('not_found'),
      errors: count('error'),
      creditsEstimated: known.estimatedCredits,
      creditsCharged: collected.credits.charged,
      creditsRefunded: collected.credits.refunded,
    },
    items,
  };
}

/** A failed job that gave nothing back halts the zap (its reservation was settled, i.e. refunded). */
function failWhenNothing(z: Z, spec: BatchSpec, status: string, nothing: boolean, jobIds: string[], detail: string): void {
  if (status === 'failed' && nothing) {
    throw new z.errors.HaltedError(`${spec.displayName} ${jobIds.join(', ')} failed ${detail}; its reservation was settled (unused credits refunded).`);
  }
}

/**
 * One line per input item. Credits per line follow the catalog's price and `resultCharged`;
 * a repeated item shares its first occurrence's result, and the provider charged it once.
 */
function outcomeLines(spec: BatchSpec, items: readonly unknown[], outcomes: ItemOutcome<unknown>[]): Record<string, unknown>[] {
  const price = toCreditNumber(spec.costPerItem);
  const seen = new Set<string>();
  return outcomes.map((o) => {
    const input = items[o.index];
    const line = { item: o.index + 1, input };
    if (!o.ok) return { ...line, status: 'error', error: (o.error as EnrichflowError).message, credits: (o.error as EnrichflowError).charged ?? 0 };
    const first = !seen.has(spec.itemKey(input));
    seen.add(spec.itemKey(input));
    if (isRecord(o.value) && o.value.found === false && 'input' in o.value) return { ...line, status: 'not_found', credits: 0 };
    const charged = spec.resultCharged ? spec.resultCharged(o.value) : true;
    // A row an earlier run already delivered with its credits (a rerun reusing the job) carries none here.
    return { ...line, status: 'ok', result: o.value, credits: first && charged && !o.paidEarlier ? price : 0 };
  });
}
