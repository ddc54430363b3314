/**
 * Batch runner: chunk to the job limit, submit once (an idempotency record in the store stops a
 * retried or restarted run from reserving twice), wait by webhook or polling, read every result
 * page, settle once, and match each result back to its input item.
 */
import type { CreditSummary, ItemOutcome } from '../client';
import { EnrichflowError, ProviderFailureError } from '../errors';
import { collectJob } from './collect';
import { copyDuplicateOutcomes, duplicateWarning, planDuplicates } from './duplicates';
import type { BatchHost } from './host';
import { checkBatchItem } from './items';
import { type BatchRunOptions, batchSpec, chunk, defaultIdempotencyKey, registryKey, type StartedJob } from './spec';
import { submitChunk } from './submit';

/**
 * The whole job for a list: every input item comes back as one outcome (a result or an error
 * linked to it), in input order — invalid items, rejected chunks and failed items included.
 */
export async function runBatch(
  host: BatchHost,
  batchName: string,
  items: readonly unknown[],
  opts: BatchRunOptions = {},
): Promise<{ jobs: { jobId: string; status: string; reused: boolean }[]; outcomes: ItemOutcome<unknown>[]; credits: CreditSummary }> {
  const spec = batchSpec(host, batchName);
  const outcomes: (ItemOutcome<unknown> | undefined)[] = new Array(items.length);
  const valid: number[] = [];
  items.forEach((item, index) => {
    try {
      checkBatchItem(host, spec, item, index);
      valid.push(index);
    } catch (error) {
      outcomes[index] = { index, ok: false, error: error as EnrichflowError };
    }
  });

  const dupes = planDuplicates(spec, items, valid, Boolean(spec.billsDuplicates && opts.dropDuplicates));
  const warning = duplicateWarning(spec, host.provider.displayName, dupes, dupes.copies.size > 0);
  if (warning) opts.onWarning?.(warning);
  const submit = dupes.submit;
  const key =
    opts.idempotencyKey ??
    defaultIdempotencyKey(
      batchName,
      submit.map((i) => items[i]),
      spec.itemKey,
    );
  const jobs: { jobId: string; status: string; reused: boolean }[] = [];
  const chunks = chunk(submit, spec.maxItems);
  const callbackUrl = opts.wait === 'webhook' ? opts.callback?.url : undefined;
  let pausedBy: EnrichflowError | undefined;

  for (const [chunkIndex, indices] of chunks.entries()) {
    const chunkItems = indices.map((i) => items[i]);
    const fail = (error: EnrichflowError) => indices.forEach((index) => (outcomes[index] = { index, ok: false, error }));
    if (pausedBy) {
      // A paused job waits for credits; the next job would only pause too (and its rows wait unpaid).
      fail(new ProviderFailureError(`Not submitted: an earlier job of this batch is paused — ${pausedBy.message}`, { provider: host.provider.id }));
      continue;
    }
    let job: StartedJob;
    try {
      // The run waits for its job anyway: a job the provider's records show may be watched that long for proof that it is this list's.
      const proof = { waitMs: opts.maxWaitMs ?? 3600_000, intervalMs: opts.pollIntervalMs ?? spec.pollIntervalMs, signal: opts.signal };
      job = await submitChunk(host, spec, chunkItems, registryKey(host, batchName, key, chunkIndex), {
        callbackUrl,
        release: opts.releaseUnknownSubmit,
        proof,
      });
    } catch (error) {
      fail(error instanceof EnrichflowError ? error : new ProviderFailureError(String(error)));
      continue;
    }
    const collected = await collectJob(
      host,
      spec,
      job.jobId,
      indices.map((index) => ({ index, item: items[index] })),
      { ...opts, wait: opts.wait },
    );
    jobs.push({ jobId: job.jobId, status: collected.status, reused: job.reused });
    for (const outcome of collected.outcomes) outcomes[outcome.index] = outcome;
    if (/^paused/i.test(collected.status)) pausedBy = collected.outcomes.find((o) => !o.ok)?.error as EnrichflowError | undefined;
  }
  copyDuplicateOutcomes(outcomes, dupes.copies);
  return { jobs, outcomes: outcomes as ItemOutcome<unknown>[], credits: host.summary() };
}
