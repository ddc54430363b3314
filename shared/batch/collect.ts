/**
 * Collecting a job: wait for it, read and settle its results once, and match each result back to
 * its input item — every item gets its result, "found nothing", or an error linked to it.
 */
import type { BatchProgress, BatchSpec } from '../catalog/types';
import type { CreditSummary, ItemOutcome } from '../client';
import { type Credits, maxCredits, subCredits, timesCredits, ZERO } from '../credits/amount';
import { EnrichflowError, InsufficientCreditsError, NotFoundError, ProviderFailureError, ValidationError } from '../errors';
import { creditedBefore, creditedRows, creditedRowsKey, noteCreditedRows } from './creditedRows';
import type { BatchHost } from './host';
import { matchResults } from './match';
import { balanceNow, pausedJobError } from './pause';
import { type PausedDelivery, pausedOutcomes } from './pausedRows';
import { type BatchRunOptions, batchSpec } from './spec';
import { fetchBatchResults, readThroughOutages, waitForBatch } from './wait';

/** However short the wait, a finished job's results are retried through outages this long. */
const RESULTS_READ_WINDOW_MS = 15 * 60_000;

/**
 * Items the provider failed for lack of credits get one error naming what the rest of the job
 * needed, the balance now (a free call) and the shortfall.
 */
async function creditShortfallError(
  host: BatchHost,
  spec: BatchSpec,
  jobId: string,
  failedItems: number,
  providerMessage: string,
  balanceAtFailure: Credits | undefined,
): Promise<InsufficientCreditsError> {
  const required = timesCredits(spec.costPerItem, failedItems);
  const balance = balanceAtFailure ?? (await balanceNow(host));
  const shortfall = balance === undefined ? undefined : maxCredits(ZERO, subCredits(required, balance));
  const message = `${host.provider.displayName}: the balance ran out during ${spec.displayName} job ${jobId} (${providerMessage}); ${failedItems} item(s) were not processed (their reservation is refunded) — ${InsufficientCreditsError.describe(required, balance, shortfall)}`;
  return new InsufficientCreditsError(required, balance, shortfall, message, { provider: host.provider.id });
}

/** A job's items in upload order, and each one's index in the caller's list. */
export interface JobItems {
  items: readonly unknown[];
  indexOf(position: number): number;
}

/**
 * Wait for one known job, read and settle its results, and give each of its items its outcome
 * (its result, "found nothing", or an error linked to it), in upload order.
 */
export async function collectJob(
  host: BatchHost,
  spec: BatchSpec,
  jobId: string,
  job: JobItems,
  opts: BatchRunOptions,
): Promise<{ status: string; outcomes: ItemOutcome<unknown>[] }> {
  const { items, indexOf } = job;
  const fail = (status: string, error: unknown) => ({
    status,
    outcomes: items.map((_, position) => ({
      index: indexOf(position),
      ok: false as const,
      error: error instanceof EnrichflowError ? error : new ProviderFailureError(String(error)),
    })),
  });
  // Only a paused job's delivery works on entries: one object per item is not made for every job.
  const entriesOf = () => items.map((item, position) => ({ index: indexOf(position), item }));
  let final: BatchProgress;
  let results: unknown[] = [];
  let balanceAtFailure: Credits | undefined;
  const creditedKey = creditedRowsKey(host.provider.id, host.account, jobId);
  const credited = await creditedRows(host.store, creditedKey);
  let paused: PausedDelivery | undefined;
  try {
    final = await waitForBatch(host, spec.name, jobId, opts);
    if (final.status === 'paused') {
      const error = await pausedJobError(host, spec, final);
      // The rows already processed were paid for: delivered, from the results where the provider gives them while paused.
      const partial = await fetchBatchResults(host, spec.name, jobId).then(
        (read) => read.results,
        () => undefined,
      );
      paused = pausedOutcomes(host, spec, final, entriesOf(), partial, error, credited);
      results = partial ?? [];
    }
    // Read before the results settle (and refund) the job, so an error can say what was left.
    if (final.status === 'failed') balanceAtFailure = await balanceNow(host);
    // A finished job is always read (its reservation settles then), through outages too.
    const readUntil = host.clock.now() + (opts.readWindowMs ?? Math.max(opts.maxWaitMs ?? 3600_000, RESULTS_READ_WINDOW_MS));
    if (!paused) {
      results = (
        await readThroughOutages(host, () => fetchBatchResults(host, spec.name, jobId), {
          deadline: readUntil,
          interval: opts.pollIntervalMs ?? spec.pollIntervalMs,
          signal: opts.signal,
          what: `reading job ${jobId}'s results again`,
        })
      ).results;
    }
  } catch (error) {
    return fail('unknown', error);
  }

  const { resultOf, unplaced } = matchResults(spec, items, results);
  // In upload order, each at its item's position: no sort of 500,000 outcomes afterwards.
  const outcomes: ItemOutcome<unknown>[] = new Array(items.length);
  const outOfCredits: number[] = [];
  let creditMessage = '';
  const earlier = creditedBefore(credited);
  for (let position = 0; position < items.length; position++) {
    const index = indexOf(position);
    const item = items[position];
    const waiting = paused?.waiting.get(index);
    if (waiting) {
      outcomes[position] = waiting;
      continue;
    }
    const result = resultOf(position);
    if (result !== undefined) {
      const message = spec.resultError?.(result);
      const value = spec.readResult ? spec.readResult(result) : result;
      if (!message) outcomes[position] = earlier(spec.itemKey(item)) ? { index, ok: true, value, paidEarlier: true } : { index, ok: true, value };
      else if (/credit/i.test(message)) {
        outOfCredits.push(position);
        creditMessage = message;
      } else
        outcomes[position] = { index, ok: false, error: new ProviderFailureError(`${host.provider.displayName}: ${message}`, { provider: host.provider.id }) };
    } else if (unplaced > 0) {
      outcomes[position] = {
        index,
        ok: false,
        error: new ProviderFailureError(
          `${spec.displayName} job ${jobId} returned ${unplaced} result(s) that do not say which input they belong to, so whether this item was found cannot be told; read the job's results with its id`,
          { provider: host.provider.id, code: 'unmatched_results' },
        ),
      };
    } else if (final.status === 'completed') {
      // Providers omit items they found nothing for; that is an answer, not a failure.
      outcomes[position] = { index, ok: true, value: { found: false, input: item } };
    } else {
      outcomes[position] = {
        index,
        ok: false,
        error: new NotFoundError(`${spec.displayName} job ${jobId} ended ${final.rawStatus} without a result for this item`, { provider: host.provider.id }),
      };
    }
  }
  if (outOfCredits.length) {
    const error = await creditShortfallError(host, spec, jobId, outOfCredits.length, creditMessage, balanceAtFailure);
    for (const position of outOfCredits) outcomes[position] = { index: indexOf(position), ok: false, error };
  }
  // The rows this delivery put credits on: a later read of the same job (a rerun) shows them at 0.
  let delivered: Parameters<typeof noteCreditedRows>[3] = { all: true };
  if (paused) {
    const keys = outcomes.flatMap((o, position) => (o.ok && !o.paidEarlier ? [spec.itemKey(items[position])] : []));
    delivered = { keys: [...keys, ...paused.credited], spread: paused.spread };
  }
  await noteCreditedRows(host.store, creditedKey, credited, delivered).catch(() => undefined);
  return { status: final.rawStatus, outcomes };
}

/**
 * Results for jobs submitted earlier (a resumed n8n execution, a Zapier `performResume`): the
 * items are matched to `jobIds` chunk by chunk, as `startBatch` submitted them. Never submits.
 */
export async function collectBatch(
  host: BatchHost,
  batchName: string,
  items: readonly unknown[],
  jobIds: readonly string[],
  opts: BatchRunOptions = {},
): Promise<{ jobs: { jobId: string; status: string }[]; outcomes: ItemOutcome<unknown>[]; credits: CreditSummary }> {
  const spec = batchSpec(host, batchName);
  const count = Math.ceil(items.length / spec.maxItems);
  if (count !== jobIds.length) {
    throw new ValidationError(`${spec.displayName}: ${items.length} items make ${count} job(s) but ${jobIds.length} job id(s) were given`, [
      { field: 'jobIds', rule: `exactly ${count}` },
    ]);
  }
  const jobs: { jobId: string; status: string }[] = [];
  const outcomes: ItemOutcome<unknown>[] = new Array(items.length);
  for (let i = 0; i < count; i++) {
    const offset = i * spec.maxItems;
    const chunkItems = count === 1 ? items : items.slice(offset, offset + spec.maxItems);
    const collected = await collectJob(host, spec, jobIds[i], { items: chunkItems, indexOf: (position) => offset + position }, opts);
    jobs.push({ jobId: jobIds[i], status: collected.status });
    // Placed one by one: spreading a 500,000-outcome job into push() overflows the stack.
    for (const outcome of collected.outcomes) outcomes[outcome.index] = outcome;
  }
  return { jobs, outcomes, credits: host.summary() };
}
