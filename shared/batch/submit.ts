/**
 * Submitting a batch: chunk to the job limit and submit each chunk at most once (an idempotency
 * record in the store stops a retried or restarted run from reserving twice); a submit whose
 * answer was lost is settled from the provider's own records.
 */
import type { BatchSpec } from '../catalog/types';
import type { PreparedCall } from '../client';
import { addCredits, type Credits, credits, toCreditNumber, ZERO } from '../credits/amount';
import { ConflictError, EnrichflowError, ProviderFailureError, ValidationError } from '../errors';
import type { BatchHost } from './host';
import { prepareChunk } from './prepareChunk';
import type { IdentityOptions } from './jobIdentity';
import { batchSpec, defaultIdempotencyKey, registryKey, type StartedJob } from './spec';
import { beatOn, claimIsStale, type JobRecord, REGISTRY_TTL_MS, sinceLastBeat } from './submitClaim';
import { resolveUnknownSubmit } from './submitOutcome';

/** Rejections that prove the provider reserved nothing, so the idempotency claim can be dropped. */
const DEFINITE_REJECTIONS = new Set(['validation', 'auth', 'forbidden', 'insufficient_credits', 'budget_exceeded', 'rate_limited', 'conflict']);

const RELEASE_HINT = 'turn on "Release Unknown Submit" to submit these items again anyway';

/**
 * An earlier submit of this chunk whose answer was lost: adopt the job the provider's records
 * show, forget the record when they prove nothing was reserved, or refuse with what was found.
 */
async function settleUnknownSubmit(
  host: BatchHost,
  spec: BatchSpec,
  items: unknown[],
  regKey: string,
  record: JobRecord,
  release: boolean,
  proof?: IdentityOptions,
): Promise<StartedJob | undefined> {
  const resolution = await resolveUnknownSubmit(host, spec, items, record.at, proof);
  if (resolution.found === 'job') {
    await adoptJob(host, spec, regKey, items.length, resolution.jobId, resolution.reserved);
    return { jobId: resolution.jobId, itemCount: items.length, reused: true, reconciled: resolution.report };
  }
  if (resolution.found === 'nothing' || release) {
    await host.store.delete(regKey);
    return undefined;
  }
  throw new ConflictError(
    `${host.provider.displayName}: a "${spec.displayName}" submit of these items sent at ${new Date(record.at).toISOString()} ${record.state === 'submitting' ? 'was cut off (its run stopped without saying what the answer was)' : `got no usable answer${record.reason ? ` (${record.reason})` : ''}`}; ${resolution.report}. Not submitting again, so nothing is reserved twice: check the provider's jobs, or ${RELEASE_HINT}.`,
    { provider: host.provider.id },
  );
}

/** Record a job found in the provider's records as this chunk's job, its reservation booked. */
async function adoptJob(host: BatchHost, spec: BatchSpec, regKey: string, itemCount: number, jobId: string, reserved: Credits | undefined): Promise<void> {
  await host.store.set<JobRecord>(regKey, { state: 'submitted', jobId, itemCount, at: host.clock.now() }, REGISTRY_TTL_MS);
  await host.adoptReservation(spec.submitOp, jobId, reserved);
}

interface SubmitOptions {
  callbackUrl?: string;
  release?: boolean;
  /** How long a job the provider's records show may be watched until its results prove whose it is. */
  proof?: IdentityOptions;
  /** The submit for these items, already checked and priced (`host.prepare` of `spec.submitInput`). */
  prepared?: PreparedCall;
}

/** Submit one chunk at most once per idempotency key. */
export async function submitChunk(host: BatchHost, spec: BatchSpec, items: unknown[], regKey: string, opts: SubmitOptions = {}): Promise<StartedJob> {
  const { callbackUrl, release = false, proof } = opts;
  const store = host.store;
  const existing = await store.get<JobRecord>(regKey);
  if (existing?.jobId) return { jobId: existing.jobId, itemCount: existing.itemCount, reused: true };
  if (existing && (existing.state === 'unknown' || release || claimIsStale(existing, host.clock.now()))) {
    const settled = await settleUnknownSubmit(host, spec, items, regKey, existing, release, proof);
    if (settled) return settled;
  }
  const sentAt = host.clock.now();
  const claim: JobRecord = { state: 'submitting', itemCount: items.length, at: sentAt, beat: sentAt };
  const claimed = await store.setIfAbsent<JobRecord>(regKey, claim, REGISTRY_TTL_MS);
  if (!claimed) {
    const current = await store.get<JobRecord>(regKey);
    if (current?.jobId) return { jobId: current.jobId, itemCount: current.itemCount, reused: true };
    const alive = current ? ` (its run was alive ${sinceLastBeat(current, host.clock.now())} s ago)` : '';
    throw new ConflictError(
      `${host.provider.displayName}: a "${spec.displayName}" submit for these items is being sent by another run right now${alive}; not submitting again so nothing is reserved twice. Run again in a minute to use its job.`,
      { provider: host.provider.id },
    );
  }
  const beating = beatOn(store, host.clock, regKey, claim);
  try {
    const result = await (opts.prepared ? opts.prepared.call() : host.call(spec.submitOp, spec.submitInput(items, callbackUrl)));
    const jobId = spec.jobId(result.data);
    await beating.stop();
    await store.set<JobRecord>(regKey, { state: 'submitted', jobId, itemCount: items.length, at: host.clock.now() }, REGISTRY_TTL_MS);
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
    const resolution = await resolveUnknownSubmit(host, spec, items, sentAt, proof);
    if (resolution.found === 'job') {
      await adoptJob(host, spec, regKey, items.length, resolution.jobId, resolution.reserved);
      return { jobId: resolution.jobId, itemCount: items.length, reused: false, reconciled: resolution.report };
    }
    if (resolution.found === 'nothing') await store.delete(regKey);
    const next = resolution.found === 'nothing' ? 'run again to submit them' : `check the provider's jobs, or ${RELEASE_HINT}`;
    throw new ProviderFailureError(
      `${host.provider.displayName}: the "${spec.displayName}" submit got no usable answer (${reason}); ${resolution.report}. ${next[0].toUpperCase()}${next.slice(1)}.`,
      {
        provider: host.provider.id,
        status: error instanceof EnrichflowError ? error.status : undefined,
        cause: error,
      },
    );
  }
}

/** Submit (or reuse) the jobs for `items`; validates every chunk before the first paid call. */
export async function startBatch(
  host: BatchHost,
  batchName: string,
  items: readonly unknown[],
  opts: { idempotencyKey?: string; callbackUrl?: string; releaseUnknownSubmit?: boolean } = {},
): Promise<{ jobs: StartedJob[]; estimated: number; reused: boolean }> {
  const spec = batchSpec(host, batchName);
  if (items.length === 0) throw new ValidationError(`${spec.displayName}: no items to submit`, [{ field: 'items', rule: 'at least 1 item' }]);
  // One chunk's items and request at a time: a list of many chunks is never copied whole, and
  // a list of one chunk (500,000 emails) is the chunk, its request built, checked and priced
  // once for both steps. Every chunk is checked before the first is submitted.
  const count = Math.ceil(items.length / spec.maxItems);
  const chunkAt = (i: number): unknown[] => (count === 1 ? (items as unknown[]) : items.slice(i * spec.maxItems, (i + 1) * spec.maxItems));
  let estimated = ZERO;
  let onlyChunk: PreparedCall | undefined;
  for (let i = 0; i < count; i++) {
    const prepared = await prepareChunk(host, spec, chunkAt(i), i * spec.maxItems, opts.callbackUrl);
    estimated = addCredits(estimated, credits(prepared.quote.credits));
    if (count === 1) onlyChunk = prepared;
  }
  const key = opts.idempotencyKey ?? defaultIdempotencyKey(batchName, items, spec.itemKey);
  const jobs: StartedJob[] = [];
  for (let i = 0; i < count; i++) {
    jobs.push(
      await submitChunk(host, spec, chunkAt(i), registryKey(host, batchName, key, i), {
        callbackUrl: opts.callbackUrl,
        release: opts.releaseUnknownSubmit,
        prepared: onlyChunk,
      }),
    );
  }
  return { jobs, estimated: toCreditNumber(estimated), reused: jobs.every((j) => j.reused) };
}

/**
 * The jobs already submitted for these items (same idempotency key), or undefined when any
 * chunk has not been submitted: lets an adapter know before starting that it will reuse a job.
 */
export async function findStartedBatch(
  host: BatchHost,
  batchName: string,
  items: readonly unknown[],
  opts: { idempotencyKey?: string } = {},
): Promise<string[] | undefined> {
  const spec = batchSpec(host, batchName);
  const key = opts.idempotencyKey ?? defaultIdempotencyKey(batchName, items, spec.itemKey);
  const jobIds: string[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(items.length / spec.maxItems)); i++) {
    const record = await host.store.get<JobRecord>(registryKey(host, batchName, key, i));
    if (!record?.jobId) return undefined;
    jobIds.push(record.jobId);
  }
  return jobIds;
}
