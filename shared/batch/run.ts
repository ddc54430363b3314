/**
 * Batch runner: chunk to the job limit, submit once (an idempotency record in the store stops a
 * retried or restarted run from reserving twice), wait by webhook or polling, read every result
 * page, settle once, and match each result back to its input item.
 */
import type { BatchSpec } from '../catalog/types';
import type { CreditSummary, ItemOutcome, PreparedCall } from '../client';
import { EnrichflowError, ProviderFailureError } from '../errors';
import { collectJob } from './collect';
import { copyDuplicateOutcomes, duplicateWarning, planDuplicates } from './duplicates';
import type { BatchHost } from './host';
import { checkBatchItem } from './items';
import { prepareChunk } from './prepareChunk';
import { type BatchRunOptions, batchSpec, defaultIdempotencyKey, registryKey, type StartedJob } from './spec';
import { submitChunk } from './submit';

/**
 * Every item checked before anything is sent. A list whose chunks each pass as one request (the
 * usual case) is checked and priced once per chunk, as startBatch does, with nothing kept per
 * item; a list with a bad item is checked again item by item, so each bad one gets its own error
 * (in `outcomes`) and the rest are submitted. `submittable` undefined: every item goes.
 */
async function checkItems(
  host: BatchHost,
  spec: BatchSpec,
  items: readonly unknown[],
  outcomes: (ItemOutcome<unknown> | undefined)[],
  callbackUrl: string | undefined,
): Promise<{ submittable?: Uint8Array; prepared?: PreparedCall }> {
  const count = Math.ceil(items.length / spec.maxItems);
  try {
    let prepared: PreparedCall | undefined;
    for (let i = 0; i < count; i++) {
      const offset = i * spec.maxItems;
      const checked = await prepareChunk(host, spec, count === 1 ? items : items.slice(offset, offset + spec.maxItems), offset, callbackUrl);
      // Kept for one chunk only: several chunks' checked requests would be the list again, copied.
      if (count === 1) prepared = checked;
    }
    return { prepared };
  } catch {
    // A refusal of the whole request that no item explains is met again when that chunk is submitted.
    const submittable = new Uint8Array(items.length);
    items.forEach((item, index) => {
      try {
        checkBatchItem(host, spec, item, index);
        submittable[index] = 1;
      } catch (error) {
        outcomes[index] = { index, ok: false, error: error as EnrichflowError };
      }
    });
    return { submittable };
  }
}

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
  const callbackUrl = opts.wait === 'webhook' ? opts.callback?.url : undefined;
  const { submittable, prepared } = await checkItems(host, spec, items, outcomes, callbackUrl);

  const dupes = planDuplicates(spec, items, submittable, Boolean(spec.billsDuplicates && opts.dropDuplicates));
  const warning = duplicateWarning(spec, host.provider.displayName, dupes);
  if (warning) opts.onWarning?.(warning);
  // What is submitted, in input order: the caller's list itself when every item goes.
  let submit = items as unknown[];
  let indices: Int32Array | undefined;
  if (submittable || dupes.copyOf) {
    const goes = (i: number) => (!submittable || submittable[i] === 1) && (!dupes.copyOf || dupes.copyOf[i]! < 0);
    const picked: number[] = [];
    for (let i = 0; i < items.length; i++) if (goes(i)) picked.push(i);
    indices = Int32Array.from(picked);
    submit = picked.map((i) => items[i]);
  }
  const key = opts.idempotencyKey ?? defaultIdempotencyKey(batchName, submit, spec.itemKey);
  const jobs: { jobId: string; status: string; reused: boolean }[] = [];
  const count = Math.ceil(submit.length / spec.maxItems);
  let pausedBy: EnrichflowError | undefined;

  for (let chunkIndex = 0; chunkIndex < count; chunkIndex++) {
    const offset = chunkIndex * spec.maxItems;
    const chunkItems = count === 1 ? submit : submit.slice(offset, offset + spec.maxItems);
    const indexOf = indices ? (position: number) => indices[offset + position]! : (position: number) => offset + position;
    const fail = (error: EnrichflowError) => {
      for (let position = 0; position < chunkItems.length; position++) outcomes[indexOf(position)] = { index: indexOf(position), ok: false, error };
    };
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
        // The checked request is this chunk's only when the chunk is the caller's whole list.
        prepared: submit === items ? prepared : undefined,
      });
    } catch (error) {
      fail(error instanceof EnrichflowError ? error : new ProviderFailureError(String(error)));
      continue;
    }
    const collected = await collectJob(host, spec, job.jobId, { items: chunkItems, indexOf }, { ...opts, wait: opts.wait });
    jobs.push({ jobId: job.jobId, status: collected.status, reused: job.reused });
    for (const outcome of collected.outcomes) outcomes[outcome.index] = outcome;
    if (/^paused/i.test(collected.status)) pausedBy = collected.outcomes.find((o) => !o.ok)?.error as EnrichflowError | undefined;
  }
  copyDuplicateOutcomes(outcomes, dupes.copyOf);
  return { jobs, outcomes: outcomes as ItemOutcome<unknown>[], credits: host.summary() };
}
