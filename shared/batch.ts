/**
 * Batch runner: chunk to the job limit, submit once (an idempotency record in the store stops a
 * retried or restarted run from reserving twice), wait by webhook or polling, read every result
 * page, settle once, and match each result back to its input item.
 */
import { createHash } from 'node:crypto';
import type { BatchProgress, BatchSpec } from './catalog/types';
import type { CallCredits, CreditSummary, EnrichflowClient, ItemOutcome } from './client';
import { addCredits, type Credits, credits, maxCredits, subCredits, timesCredits, toCreditNumber, ZERO } from './credits/amount';
import {
  ConflictError,
  EnrichflowError,
  InsufficientCreditsError,
  NotFoundError,
  ProviderFailureError,
  ValidationError,
} from './errors';
import { copyDuplicateOutcomes, duplicateWarning, planDuplicates } from './batchDuplicates';
import { balanceNow, pausedJobError, pollDelays, resumeBatchJob, resumeWhenCovered } from './batchPause';

const REGISTRY_TTL_MS = 7 * 24 * 3600_000;
const TERMINAL = new Set(['completed', 'failed', 'partial']);
/** Rejections that prove the provider reserved nothing, so the idempotency claim can be dropped. */
const DEFINITE_REJECTIONS = new Set(['validation', 'auth', 'forbidden', 'insufficient_credits', 'budget_exceeded', 'rate_limited', 'conflict']);

interface JobRecord {
  state: 'submitting' | 'submitted';
  jobId?: string;
  itemCount: number;
  at: number;
}

export interface StartedJob {
  jobId: string;
  itemCount: number;
  reused: boolean;
}

export interface BatchRunOptions {
  idempotencyKey?: string;
  wait?: 'poll' | 'webhook';
  /** Callback URL handed to the provider with each job (webhook waits). */
  callback?: { url: string };
  /** Resolves when a completion event for the job arrived (the poll keeps running as a fallback). */
  waitForCallback?: (jobId: string, signal: AbortSignal) => Promise<void>;
  pollIntervalMs?: number;
  /** Backoff ceiling for polls (default: the batch's `maxPollIntervalMs`, else no backoff). */
  maxPollIntervalMs?: number;
  maxWaitMs?: number;
  /**
   * A job that pauses (e.g. out of credits) is resumed by the runner as soon as the balance
   * covers the rest of it; without this, the wait ends and its items report the pause.
   */
  autoResume?: boolean;
  /** For providers that bill duplicate rows: submit each distinct item once; duplicates get its result. */
  dropDuplicates?: boolean;
  /** Things the user should know before paying (duplicates that will be billed). */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  onProgress?: (p: { jobId: string; status: string; processed?: number; total?: number; reason?: string }) => void;
}

export function batchSpec(client: EnrichflowClient, name: string): BatchSpec {
  const spec = client.provider.batches.find((b) => b.name === name);
  if (!spec) {
    const known = client.provider.batches.map((b) => b.name).join(', ') || 'none';
    throw new ValidationError(`${client.provider.displayName} has no batch "${name}"`, [{ field: 'batch', rule: `one of ${known}` }]);
  }
  return spec;
}

/**
 * Same items → same key: re-running the same list reuses the job already paid for. Items are
 * compared by the batch's item key (`Bob@X.io` and `bob@x.io` are one item to the provider);
 * order still matters, since chunks are reused by position.
 */
export function defaultIdempotencyKey(batchName: string, items: readonly unknown[], itemKey: (item: any) => string = (item) => JSON.stringify(item)): string {
  return createHash('sha256').update(JSON.stringify([batchName, items.map((item) => itemKey(item))])).digest('hex').slice(0, 32);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function registryKey(client: EnrichflowClient, batch: string, key: string, chunkIndex: number): string {
  return `job:${client.provider.id}:${client.account}:${batch}:${key}:${chunkIndex}`;
}

/** Submit one chunk at most once per idempotency key. */
async function submitChunk(client: EnrichflowClient, spec: BatchSpec, items: unknown[], regKey: string, callbackUrl?: string): Promise<StartedJob> {
  const store = client.store;
  const existing = await store.get<JobRecord>(regKey);
  if (existing?.jobId) return { jobId: existing.jobId, itemCount: existing.itemCount, reused: true };
  const claimed = await store.setIfAbsent<JobRecord>(regKey, { state: 'submitting', itemCount: items.length, at: client.clock.now() }, REGISTRY_TTL_MS);
  if (!claimed) {
    const current = await store.get<JobRecord>(regKey);
    if (current?.jobId) return { jobId: current.jobId, itemCount: current.itemCount, reused: true };
    throw new ConflictError(
      `${client.provider.displayName}: a "${spec.displayName}" submit for these items was already sent and its outcome is unknown; not submitting again so nothing is reserved twice. Check the provider's jobs, or pass a new idempotency key to submit anyway.`,
      { provider: client.provider.id },
    );
  }
  try {
    const result = await client.call(spec.submitOp, spec.submitInput(items, callbackUrl));
    const jobId = spec.jobId(result.data);
    await store.set<JobRecord>(regKey, { state: 'submitted', jobId, itemCount: items.length, at: client.clock.now() }, REGISTRY_TTL_MS);
    return { jobId, itemCount: items.length, reused: false };
  } catch (error) {
    if (error instanceof EnrichflowError && DEFINITE_REJECTIONS.has(error.kind)) await store.delete(regKey);
    throw error;
  }
}

/** Submit (or reuse) the jobs for `items`; validates every chunk before the first paid call. */
export async function startBatch(
  client: EnrichflowClient,
  batchName: string,
  items: readonly unknown[],
  opts: { idempotencyKey?: string; callbackUrl?: string } = {},
): Promise<{ jobs: StartedJob[]; estimated: number; reused: boolean }> {
  const spec = batchSpec(client, batchName);
  if (items.length === 0) throw new ValidationError(`${spec.displayName}: no items to submit`, [{ field: 'items', rule: 'at least 1 item' }]);
  const chunks = chunk(items, spec.maxItems);
  let estimated = ZERO;
  for (const c of chunks) estimated = addCredits(estimated, credits(client.estimate(spec.submitOp, spec.submitInput(c, opts.callbackUrl))));
  const key = opts.idempotencyKey ?? defaultIdempotencyKey(batchName, items, spec.itemKey);
  const jobs: StartedJob[] = [];
  for (const [i, c] of chunks.entries()) jobs.push(await submitChunk(client, spec, c, registryKey(client, batchName, key, i), opts.callbackUrl));
  return { jobs, estimated: toCreditNumber(estimated), reused: jobs.every((j) => j.reused) };
}

/**
 * The jobs already submitted for these items (same idempotency key), or undefined when any
 * chunk has not been submitted: lets an adapter know before starting that it will reuse a job.
 */
export async function findStartedBatch(
  client: EnrichflowClient,
  batchName: string,
  items: readonly unknown[],
  opts: { idempotencyKey?: string } = {},
): Promise<string[] | undefined> {
  const spec = batchSpec(client, batchName);
  const key = opts.idempotencyKey ?? defaultIdempotencyKey(batchName, items, spec.itemKey);
  const jobIds: string[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(items.length / spec.maxItems)); i++) {
    const record = await client.store.get<JobRecord>(registryKey(client, batchName, key, i));
    if (!record?.jobId) return undefined;
    jobIds.push(record.jobId);
  }
  return jobIds;
}

export async function getBatchStatus(client: EnrichflowClient, batchName: string, jobId: string): Promise<BatchProgress> {
  const spec = batchSpec(client, batchName);
  const result = await client.call(spec.statusOp, spec.jobInput(jobId));
  return spec.progress(result.data);
}

/**
 * Read every result page of a finished job. The provider settles the reservation on the first
 * read after a terminal status; the client books that settlement once per job (the results
 * operation's `settles`), so reading again costs and books nothing.
 */
export async function fetchBatchResults(client: EnrichflowClient, batchName: string, jobId: string): Promise<{ results: unknown[]; credits: CallCredits }> {
  const spec = batchSpec(client, batchName);
  const listed = await client.list(spec.resultsOp, spec.jobInput(jobId));
  return { results: listed.items, credits: listed.credits };
}

/**
 * Poll (or wait for a callback, polling as fallback) until the job is terminal — or paused,
 * unless `autoResume` resumes it once the balance covers the rest.
 */
export async function waitForBatch(client: EnrichflowClient, batchName: string, jobId: string, opts: BatchRunOptions = {}): Promise<BatchProgress> {
  const spec = batchSpec(client, batchName);
  const base = opts.pollIntervalMs ?? spec.pollIntervalMs;
  const nextDelay = pollDelays(base, opts.maxPollIntervalMs ?? (opts.pollIntervalMs === undefined ? spec.maxPollIntervalMs : undefined));
  const deadline = client.clock.now() + (opts.maxWaitMs ?? 3600_000);
  for (;;) {
    const progress = { ...(await getBatchStatus(client, batchName, jobId)), jobId };
    opts.onProgress?.({ jobId, status: progress.status, processed: progress.processed, total: progress.total, reason: progress.reason });
    if (TERMINAL.has(progress.status)) return progress;
    if (progress.status === 'paused') {
      if (!opts.autoResume || !spec.resumeOp) return progress;
      // Resumed: read the status again right away rather than after a whole interval.
      if (await resumeWhenCovered(client, spec, progress)) continue;
    }
    const interval = nextDelay();
    const left = deadline - client.clock.now();
    if (left <= 0) {
      throw new ProviderFailureError(
        `${spec.displayName} job ${jobId} is still ${progress.rawStatus} after the maximum wait; its results were not read (fetch them later with the job id)`,
        { provider: client.provider.id },
      );
    }
    if (opts.wait === 'webhook' && opts.waitForCallback) {
      const stop = new AbortController();
      // The callback usually wins; the slower poll guards against a lost callback.
      await Promise.race([opts.waitForCallback(jobId, stop.signal).catch(() => undefined), client.clock.sleep(Math.min(left, interval * 6), stop.signal).catch(() => undefined)]);
      stop.abort();
    } else {
      await client.clock.sleep(Math.min(left, interval), opts.signal);
    }
  }
}

/** Resume a job the provider paused (free); see `autoResume` to let the runner do it. */
export async function resumeBatch(client: EnrichflowClient, batchName: string, jobId: string): Promise<unknown> {
  return resumeBatchJob(client, batchSpec(client, batchName), jobId);
}

/**
 * Items the provider failed for lack of credits get one error naming what the rest of the job
 * needed, the balance now (a free call) and the shortfall.
 */
async function creditShortfallError(
  client: EnrichflowClient,
  spec: BatchSpec,
  jobId: string,
  failedItems: number,
  providerMessage: string,
  balanceAtFailure: Credits | undefined,
): Promise<InsufficientCreditsError> {
  const required = timesCredits(spec.costPerItem, failedItems);
  const balance = balanceAtFailure ?? (await balanceNow(client));
  const shortfall = balance === undefined ? undefined : maxCredits(ZERO, subCredits(required, balance));
  const message = `${client.provider.displayName}: the balance ran out during ${spec.displayName} job ${jobId} (${providerMessage}); ${failedItems} item(s) were not processed (their reservation is refunded) — ${InsufficientCreditsError.describe(required, balance, shortfall)}`;
  return new InsufficientCreditsError(required, balance, shortfall, message, { provider: client.provider.id });
}

/**
 * Wait for one known job, read and settle its results, and give each of `entries` its outcome
 * (its result, "found nothing", or an error linked to it).
 */
async function collectJob(
  client: EnrichflowClient,
  spec: BatchSpec,
  jobId: string,
  entries: { index: number; item: unknown }[],
  opts: BatchRunOptions,
): Promise<{ status: string; outcomes: ItemOutcome<unknown>[] }> {
  const fail = (status: string, error: unknown) => ({
    status,
    outcomes: entries.map(({ index }) => ({ index, ok: false as const, error: error instanceof EnrichflowError ? error : new ProviderFailureError(String(error)) })),
  });
  let final: BatchProgress;
  let results: unknown[];
  let balanceAtFailure: Credits | undefined;
  try {
    final = await waitForBatch(client, spec.name, jobId, opts);
    if (final.status === 'paused') {
      const error = await pausedJobError(client, spec, final);
      return { status: final.rawStatus, outcomes: entries.map(({ index }) => ({ index, ok: false as const, error })) };
    }
    // Read before the results settle (and refund) the job, so an error can say what was left.
    if (final.status === 'failed') balanceAtFailure = await balanceNow(client);
    results = (await fetchBatchResults(client, spec.name, jobId)).results;
  } catch (error) {
    return fail('unknown', error);
  }

  const byKey = new Map<string, unknown>();
  for (const r of results) {
    const k = spec.resultKey(r);
    if (k !== undefined && !byKey.has(k)) byKey.set(k, r);
  }
  const outcomes: ItemOutcome<unknown>[] = [];
  const outOfCredits: number[] = [];
  let creditMessage = '';
  for (const { index, item } of entries) {
    const result = byKey.get(spec.itemKey(item));
    if (result !== undefined) {
      const message = spec.resultError?.(result);
      if (!message) outcomes.push({ index, ok: true, value: spec.readResult ? spec.readResult(result) : result });
      else if (/credit/i.test(message)) {
        outOfCredits.push(index);
        creditMessage = message;
      } else outcomes.push({ index, ok: false, error: new ProviderFailureError(`${client.provider.displayName}: ${message}`, { provider: client.provider.id }) });
    } else if (final.status === 'completed') {
      // Providers omit items they found nothing for; that is an answer, not a failure.
      outcomes.push({ index, ok: true, value: { found: false, input: item } });
    } else {
      outcomes.push({
        index,
        ok: false,
        error: new NotFoundError(`${spec.displayName} job ${jobId} ended ${final.rawStatus} without a result for this item`, { provider: client.provider.id }),
      });
    }
  }
  if (outOfCredits.length) {
    const error = await creditShortfallError(client, spec, jobId, outOfCredits.length, creditMessage, balanceAtFailure);
    for (const index of outOfCredits) outcomes.push({ index, ok: false, error });
  }
  outcomes.sort((a, b) => a.index - b.index);
  return { status: final.rawStatus, outcomes };
}

/**
 * Results for jobs submitted earlier (a resumed n8n execution, a Zapier `performResume`): the
 * items are matched to `jobIds` chunk by chunk, as `startBatch` submitted them. Never submits.
 */
export async function collectBatch(
  client: EnrichflowClient,
  batchName: string,
  items: readonly unknown[],
  jobIds: readonly string[],
  opts: BatchRunOptions = {},
): Promise<{ jobs: { jobId: string; status: string }[]; outcomes: ItemOutcome<unknown>[]; credits: CreditSummary }> {
  const spec = batchSpec(client, batchName);
  const chunks = chunk(
    items.map((item, index) => ({ index, item })),
    spec.maxItems,
  );
  if (chunks.length !== jobIds.length) {
    throw new ValidationError(`${spec.displayName}: ${items.length} items make ${chunks.length} job(s) but ${jobIds.length} job id(s) were given`, [{ field: 'jobIds', rule: `exactly ${chunks.length}` }]);
  }
  const jobs: { jobId: string; status: string }[] = [];
  const outcomes: ItemOutcome<unknown>[] = [];
  for (const [i, entries] of chunks.entries()) {
    const collected = await collectJob(client, spec, jobIds[i], entries, opts);
    jobs.push({ jobId: jobIds[i], status: collected.status });
    outcomes.push(...collected.outcomes);
  }
  return { jobs, outcomes, credits: client.summary() };
}

/**
 * The whole job for a list: every input item comes back as one outcome (a result or an error
 * linked to it), in input order — invalid items, rejected chunks and failed items included.
 */
export async function runBatch(
  client: EnrichflowClient,
  batchName: string,
  items: readonly unknown[],
  opts: BatchRunOptions = {},
): Promise<{ jobs: { jobId: string; status: string; reused: boolean }[]; outcomes: ItemOutcome<unknown>[]; credits: CreditSummary }> {
  const spec = batchSpec(client, batchName);
  const outcomes: (ItemOutcome<unknown> | undefined)[] = new Array(items.length);
  const valid: number[] = [];
  items.forEach((item, index) => {
    try {
      client.validate(spec.submitOp, spec.submitInput([item]));
      valid.push(index);
    } catch (error) {
      outcomes[index] = { index, ok: false, error: error as EnrichflowError };
    }
  });

  const dupes = planDuplicates(spec, items, valid, Boolean(spec.billsDuplicates && opts.dropDuplicates));
  const warning = duplicateWarning(spec, client.provider.displayName, dupes, dupes.copies.size > 0);
  if (warning) opts.onWarning?.(warning);
  const submit = dupes.submit;
  const key = opts.idempotencyKey ?? defaultIdempotencyKey(batchName, submit.map((i) => items[i]), spec.itemKey);
  const jobs: { jobId: string; status: string; reused: boolean }[] = [];
  const chunks = chunk(submit, spec.maxItems);
  const callbackUrl = opts.wait === 'webhook' ? opts.callback?.url : undefined;
  let pausedBy: EnrichflowError | undefined;

  for (const [chunkIndex, indices] of chunks.entries()) {
    const chunkItems = indices.map((i) => items[i]);
    const fail = (error: EnrichflowError) => indices.forEach((index) => (outcomes[index] = { index, ok: false, error }));
    if (pausedBy) {
      // A paused job waits for credits; the next job would only pause too (and its rows wait unpaid).
      fail(new ProviderFailureError(`Not submitted: an earlier job of this batch is paused — ${pausedBy.message}`, { provider: client.provider.id }));
      continue;
    }
    let job: StartedJob;
    try {
      job = await submitChunk(client, spec, chunkItems, registryKey(client, batchName, key, chunkIndex), callbackUrl);
    } catch (error) {
      fail(error instanceof EnrichflowError ? error : new ProviderFailureError(String(error)));
      continue;
    }
    const collected = await collectJob(client, spec, job.jobId, indices.map((index) => ({ index, item: items[index] })), { ...opts, wait: opts.wait });
    jobs.push({ jobId: job.jobId, status: collected.status, reused: job.reused });
    for (const outcome of collected.outcomes) outcomes[outcome.index] = outcome;
    if (/^paused/i.test(collected.status)) pausedBy = collected.outcomes.find((o) => !o.ok)?.error as EnrichflowError | undefined;
  }
  copyDuplicateOutcomes(outcomes, dupes.copies);
  return { jobs, outcomes: outcomes as ItemOutcome<unknown>[], credits: client.summary() };
}
