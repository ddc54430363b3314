/**
 * Batch runner: chunk to the job limit, submit once (an idempotency record in the store stops a
 * retried or restarted run from reserving twice), wait by webhook or polling, read every result
 * page, settle once, and match each result back to its input item.
 */
import { createHash } from 'node:crypto';
import { checkBatchItem } from './batchItems';
import { matchResults } from './batchMatch';
import type { BatchProgress, BatchSpec } from './catalog/types';
import type { CallCredits, CreditSummary, EnrichflowClient, ItemOutcome } from './client';
import { addCredits, type Credits, credits, maxCredits, subCredits, timesCredits, toCreditNumber, ZERO } from './credits/amount';
import { resolveUnknownSubmit } from './submitOutcome';
import { beatOn, claimIsStale, type JobRecord, REGISTRY_TTL_MS, sinceLastBeat } from './submitClaim';
import type { IdentityOptions } from './jobIdentity';
import {
  ConflictError,
  EnrichflowError,
  InsufficientCreditsError,
  NotFoundError,
  ProviderFailureError,
  RateLimitedError,
  ValidationError,
} from './errors';
import { copyDuplicateOutcomes, duplicateWarning, planDuplicates } from './batchDuplicates';
import { balanceNow, pausedJobError, pollDelays, resumeBatchJob, resumeWhenCovered } from './batchPause';
import { creditedBefore, creditedRows, creditedRowsKey, noteCreditedRows } from './creditedRows';
import { type PausedDelivery, pausedOutcomes } from './pausedRows';
import { backoffDelay, isRetryable, sleepOrAbort } from './retry';

/** However short the wait, a finished job's results are retried through outages this long. */
const RESULTS_READ_WINDOW_MS = 15 * 60_000;
const TERMINAL = new Set(['completed', 'failed', 'partial']);
/** Rejections that prove the provider reserved nothing, so the idempotency claim can be dropped. */
const DEFINITE_REJECTIONS = new Set(['validation', 'auth', 'forbidden', 'insufficient_credits', 'budget_exceeded', 'rate_limited', 'conflict']);


export interface StartedJob {
  jobId: string;
  itemCount: number;
  reused: boolean;
  /** What the provider's records showed when an earlier submit's outcome was unknown. */
  reconciled?: string;
}

export interface BatchRunOptions {
  idempotencyKey?: string;
  /**
   * An earlier submit of these items has an unknown outcome that the provider's records cannot
   * settle: forget it and submit anyway (the user's explicit choice; it may reserve twice).
   */
  releaseUnknownSubmit?: boolean;
  wait?: 'poll' | 'webhook';
  /** Callback URL handed to the provider with each job (webhook waits). */
  callback?: { url: string };
  /** Resolves when a completion event for the job arrived (the poll keeps running as a fallback). */
  waitForCallback?: (jobId: string, signal: AbortSignal) => Promise<void>;
  pollIntervalMs?: number;
  /** Backoff ceiling for polls (default: the batch's `maxPollIntervalMs`, else no backoff). */
  maxPollIntervalMs?: number;
  maxWaitMs?: number;
  /** How long a finished job's results reads are retried through outages (default: the wait, at least 15 min). */
  readWindowMs?: number;
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
  // The hash of JSON.stringify([batchName, keys]), fed a piece at a time: the same key as ever
  // (records already written still match) without a copy of every item's key and its JSON.
  const hash = createHash('sha256').update(`[${JSON.stringify(batchName)},[`);
  let piece = '';
  for (const [i, item] of items.entries()) {
    piece += `${i ? ',' : ''}${JSON.stringify(itemKey(item)) ?? 'null'}`;
    if (piece.length >= 65_536) {
      hash.update(piece);
      piece = '';
    }
  }
  return hash.update(`${piece}]]`).digest('hex').slice(0, 32);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function registryKey(client: EnrichflowClient, batch: string, key: string, chunkIndex: number): string {
  return `job:${client.provider.id}:${client.account}:${batch}:${key}:${chunkIndex}`;
}

const RELEASE_HINT = 'turn on "Release Unknown Submit" to submit these items again anyway';

/**
 * An earlier submit of this chunk whose answer was lost: adopt the job the provider's records
 * show, forget the record when they prove nothing was reserved, or refuse with what was found.
 */
async function settleUnknownSubmit(client: EnrichflowClient, spec: BatchSpec, items: unknown[], regKey: string, record: JobRecord, release: boolean, proof?: IdentityOptions): Promise<StartedJob | undefined> {
  const resolution = await resolveUnknownSubmit(client, spec, items, record.at, proof);
  if (resolution.found === 'job') {
    await adoptJob(client, spec, regKey, items.length, resolution.jobId, resolution.reserved);
    return { jobId: resolution.jobId, itemCount: items.length, reused: true, reconciled: resolution.report };
  }
  if (resolution.found === 'nothing' || release) {
    await client.store.delete(regKey);
    return undefined;
  }
  throw new ConflictError(
    `${client.provider.displayName}: a "${spec.displayName}" submit of these items sent at ${new Date(record.at).toISOString()} ${record.state === 'submitting' ? 'was cut off (its run stopped without saying what the answer was)' : `got no usable answer${record.reason ? ` (${record.reason})` : ''}`}; ${resolution.report}. Not submitting again, so nothing is reserved twice: check the provider's jobs, or ${RELEASE_HINT}.`,
    { provider: client.provider.id },
  );
}

/** Record a job found in the provider's records as this chunk's job, its reservation booked. */
async function adoptJob(client: EnrichflowClient, spec: BatchSpec, regKey: string, itemCount: number, jobId: string, reserved: Credits | undefined): Promise<void> {
  await client.store.set<JobRecord>(regKey, { state: 'submitted', jobId, itemCount, at: client.clock.now() }, REGISTRY_TTL_MS);
  await client.adoptReservation(spec.submitOp, jobId, reserved);
}

interface SubmitOptions {
  callbackUrl?: string;
  release?: boolean;
  /** How long a job the provider's records show may be watched until its results prove whose it is. */
  proof?: IdentityOptions;
  /** The submit request for these items, when the caller already built it (`spec.submitInput`). */
  request?: unknown;
}

/** Submit one chunk at most once per idempotency key. */
async function submitChunk(client: EnrichflowClient, spec: BatchSpec, items: unknown[], regKey: string, opts: SubmitOptions = {}): Promise<StartedJob> {
  const { callbackUrl, release = false, proof } = opts;
  const store = client.store;
  const existing = await store.get<JobRecord>(regKey);
  if (existing?.jobId) return { jobId: existing.jobId, itemCount: existing.itemCount, reused: true };
  if (existing && (existing.state === 'unknown' || release || claimIsStale(existing, client.clock.now()))) {
    const settled = await settleUnknownSubmit(client, spec, items, regKey, existing, release, proof);
    if (settled) return settled;
  }
  const sentAt = client.clock.now();
  const claim: JobRecord = { state: 'submitting', itemCount: items.length, at: sentAt, beat: sentAt };
  const claimed = await store.setIfAbsent<JobRecord>(regKey, claim, REGISTRY_TTL_MS);
  if (!claimed) {
    const current = await store.get<JobRecord>(regKey);
    if (current?.jobId) return { jobId: current.jobId, itemCount: current.itemCount, reused: true };
    const alive = current ? ` (its run was alive ${sinceLastBeat(current, client.clock.now())} s ago)` : '';
    throw new ConflictError(
      `${client.provider.displayName}: a "${spec.displayName}" submit for these items is being sent by another run right now${alive}; not submitting again so nothing is reserved twice. Run again in a minute to use its job.`,
      { provider: client.provider.id },
    );
  }
  const beating = beatOn(store, client.clock, regKey, claim);
  try {
    const result = await client.call(spec.submitOp, opts.request ?? spec.submitInput(items, callbackUrl));
    const jobId = spec.jobId(result.data);
    await beating.stop();
    await store.set<JobRecord>(regKey, { state: 'submitted', jobId, itemCount: items.length, at: client.clock.now() }, REGISTRY_TTL_MS);
    return { jobId, itemCount: items.length, reused: false };
  } catch (error) {
    await beating.stop();
    // The provider refused in its own words (or refused before processing): nothing was reserved.
    if (error instanceof EnrichflowError && (DEFINITE_REJECTIONS.has(error.kind) || error.answered)) {
      await store.delete(regKey);
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    await store.set<JobRecord>(regKey, { state: 'unknown', itemCount: items.length, at: sentAt, reason }, REGISTRY_TTL_MS);
    // Ask the provider at once: a garbled answer usually hides a job that is running.
    const resolution = await resolveUnknownSubmit(client, spec, items, sentAt, proof);
    if (resolution.found === 'job') {
      await adoptJob(client, spec, regKey, items.length, resolution.jobId, resolution.reserved);
      return { jobId: resolution.jobId, itemCount: items.length, reused: false, reconciled: resolution.report };
    }
    if (resolution.found === 'nothing') await store.delete(regKey);
    const next = resolution.found === 'nothing' ? 'run again to submit them' : `check the provider's jobs, or ${RELEASE_HINT}`;
    throw new ProviderFailureError(`${client.provider.displayName}: the "${spec.displayName}" submit got no usable answer (${reason}); ${resolution.report}. ${next[0].toUpperCase()}${next.slice(1)}.`, {
      provider: client.provider.id,
      status: error instanceof EnrichflowError ? error.status : undefined,
      cause: error,
    });
  }
}

/** Submit (or reuse) the jobs for `items`; validates every chunk before the first paid call. */
export async function startBatch(
  client: EnrichflowClient,
  batchName: string,
  items: readonly unknown[],
  opts: { idempotencyKey?: string; callbackUrl?: string; releaseUnknownSubmit?: boolean } = {},
): Promise<{ jobs: StartedJob[]; estimated: number; reused: boolean }> {
  const spec = batchSpec(client, batchName);
  if (items.length === 0) throw new ValidationError(`${spec.displayName}: no items to submit`, [{ field: 'items', rule: 'at least 1 item' }]);
  items.forEach((item, index) => checkBatchItem(client, spec, item, index));
  // One chunk's items and request at a time: a list of many chunks is never copied whole, and
  // a list of one chunk (500,000 emails) is the chunk, its request built once for both steps.
  const count = Math.ceil(items.length / spec.maxItems);
  const chunkAt = (i: number): unknown[] => (count === 1 ? (items as unknown[]) : items.slice(i * spec.maxItems, (i + 1) * spec.maxItems));
  let estimated = ZERO;
  let onlyRequest: unknown;
  for (let i = 0; i < count; i++) {
    const request = spec.submitInput(chunkAt(i), opts.callbackUrl);
    estimated = addCredits(estimated, credits(await client.estimate(spec.submitOp, request)));
    if (count === 1) onlyRequest = request;
  }
  const key = opts.idempotencyKey ?? defaultIdempotencyKey(batchName, items, spec.itemKey);
  const jobs: StartedJob[] = [];
  for (let i = 0; i < count; i++) {
    jobs.push(await submitChunk(client, spec, chunkAt(i), registryKey(client, batchName, key, i), { callbackUrl: opts.callbackUrl, release: opts.releaseUnknownSubmit, request: onlyRequest }));
  }
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
  // The largest page the provider allows: a 950-row result is one request, not ten.
  const pageSize = client.operation(spec.resultsOp).pagination?.maxPageSize;
  const listed = await client.list(spec.resultsOp, spec.jobInput(jobId), { pageSize });
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
export async function readThroughOutages<T>(client: EnrichflowClient, read: () => Promise<T>, opts: { deadline: number; interval: number; signal?: AbortSignal; what: string }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const left = opts.deadline - client.clock.now();
      if (left <= 0 || !isRetryable(error, true) || opts.signal?.aborted) throw error;
      const retryAfter = error instanceof RateLimitedError ? error.retryAfterMs : undefined;
      await sleepOrAbort(client.clock, Math.min(left, pollBackoff(attempt, opts.interval, retryAfter)), opts.signal, opts.what);
    }
  }
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
  // A callback that woke us for a job the API still reports running is not trusted again:
  // from then on the wait polls at its interval (no spinning on a forged or early completion).
  let trustCallbacks = opts.wait === 'webhook' && opts.waitForCallback !== undefined;
  const waitStarted = client.clock.now();
  let started = false;
  for (;;) {
    const progress = { ...(await readThroughOutages(client, () => getBatchStatus(client, batchName, jobId), { deadline, interval: base, signal: opts.signal, what: `polling job ${jobId} again` })), jobId };
    started ||= progress.status !== 'queued' || (progress.processed ?? 0) > 0;
    opts.onProgress?.({ jobId, status: progress.status, processed: progress.processed, total: progress.total, reason: progress.reason });
    if (TERMINAL.has(progress.status)) return progress;
    if (progress.status === 'paused') {
      if (!opts.autoResume || !spec.resumeOp) return progress;
      // Resumed: read the status again right away rather than after a whole interval.
      if (await resumeWhenCovered(client, spec, progress)) continue;
    }
    const interval = nextDelay();
    const left = deadline - client.clock.now();
    if (left <= 0 && !started) {
      // Never picked up: say so — it is the provider's queue, not this run, and nothing ran yet.
      const minutes = Math.max(1, Math.round((client.clock.now() - waitStarted) / 60_000));
      throw new ProviderFailureError(
        `${spec.displayName} job ${jobId} stayed ${progress.rawStatus} for ${minutes} min: ${client.provider.displayName} has not started it, so none of its items has run or been charged yet. It keeps its place in the queue: fetch its results later with the job id, or ask ${client.provider.displayName} why it is not starting`,
        { provider: client.provider.id, code: 'still_queued' },
      );
    }
    if (left <= 0) {
      throw new ProviderFailureError(
        `${spec.displayName} job ${jobId} is still ${progress.rawStatus} after the maximum wait; its results were not read (fetch them later with the job id)`,
        { provider: client.provider.id, code: 'still_running' },
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
        client.clock.sleep(Math.min(left, interval * 6), stop.signal).then(
          () => false,
          () => false,
        ),
      ]);
      stop.abort();
      if (woke) {
        const now = await readThroughOutages(client, () => getBatchStatus(client, batchName, jobId), { deadline, interval: base, signal: opts.signal, what: `polling job ${jobId} again` });
        if (TERMINAL.has(now.status)) return now;
        trustCallbacks = false;
      }
    } else {
      await sleepOrAbort(client.clock, Math.min(left, interval), opts.signal, `waiting for job ${jobId}`);
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
  let results: unknown[] = [];
  let balanceAtFailure: Credits | undefined;
  const creditedKey = creditedRowsKey(client.provider.id, client.account, jobId);
  const credited = await creditedRows(client.store, creditedKey);
  let paused: PausedDelivery | undefined;
  try {
    final = await waitForBatch(client, spec.name, jobId, opts);
    if (final.status === 'paused') {
      const error = await pausedJobError(client, spec, final);
      // The rows already processed were paid for: delivered, from the results where the provider gives them while paused.
      const partial = await fetchBatchResults(client, spec.name, jobId).then(
        (read) => read.results,
        () => undefined,
      );
      paused = pausedOutcomes(client, spec, final, entries, partial, error, credited);
      results = partial ?? [];
    }
    // Read before the results settle (and refund) the job, so an error can say what was left.
    if (final.status === 'failed') balanceAtFailure = await balanceNow(client);
    // A finished job is always read (its reservation settles then), through outages too.
    const readUntil = client.clock.now() + (opts.readWindowMs ?? Math.max(opts.maxWaitMs ?? 3600_000, RESULTS_READ_WINDOW_MS));
    if (!paused) {
      results = (
        await readThroughOutages(client, () => fetchBatchResults(client, spec.name, jobId), {
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

  const { byKey, unplaced } = matchResults(spec, entries, results);
  const outcomes: ItemOutcome<unknown>[] = [];
  const outOfCredits: number[] = [];
  let creditMessage = '';
  const earlier = creditedBefore(credited);
  for (const { index, item } of entries) {
    const waiting = paused?.waiting.get(index);
    if (waiting) {
      outcomes.push(waiting);
      continue;
    }
    const result = byKey.get(spec.itemKey(item));
    if (result !== undefined) {
      const message = spec.resultError?.(result);
      const paidEarlier = earlier(spec.itemKey(item)) ? { paidEarlier: true } : {};
      if (!message) outcomes.push({ index, ok: true, value: spec.readResult ? spec.readResult(result) : result, ...paidEarlier });
      else if (/credit/i.test(message)) {
        outOfCredits.push(index);
        creditMessage = message;
      } else outcomes.push({ index, ok: false, error: new ProviderFailureError(`${client.provider.displayName}: ${message}`, { provider: client.provider.id }) });
    } else if (unplaced > 0) {
      outcomes.push({
        index,
        ok: false,
        error: new ProviderFailureError(
          `${spec.displayName} job ${jobId} returned ${unplaced} result(s) that do not say which input they belong to, so whether this item was found cannot be told; read the job's results with its id`,
          { provider: client.provider.id, code: 'unmatched_results' },
        ),
      });
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
  // The rows this delivery put credits on: a later read of the same job (a rerun) shows them at 0.
  let delivered: Parameters<typeof noteCreditedRows>[3] = { all: true };
  if (paused) {
    const itemAt = new Map(entries.map((e) => [e.index, e.item]));
    const keys = outcomes.flatMap((o) => (o.ok && !o.paidEarlier ? [spec.itemKey(itemAt.get(o.index))] : []));
    delivered = { keys: [...keys, ...paused.credited], spread: paused.spread };
  }
  await noteCreditedRows(client.store, creditedKey, credited, delivered).catch(() => undefined);
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
      checkBatchItem(client, spec, item, index);
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
      // The run waits for its job anyway: a job the provider's records show may be watched that long for proof that it is this list's.
      const proof = { waitMs: opts.maxWaitMs ?? 3600_000, intervalMs: opts.pollIntervalMs ?? spec.pollIntervalMs, signal: opts.signal };
      job = await submitChunk(client, spec, chunkItems, registryKey(client, batchName, key, chunkIndex), { callbackUrl, release: opts.releaseUnknownSubmit, proof });
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
