/**
 * Provider callbacks → one normalized event (`batch.item` / `batch.completed` / `batch.failed`),
 * authenticated and deduplicated. Enrich.so signs nothing, so each job's callback URL carries an
 * unguessable token and completion is confirmed with the API before anyone acts on it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getBatchStatus } from './batch';
import type { NormalizedEvent, ProviderCatalog } from './catalog/types';
import type { EnrichflowClient } from './client';
import type { Store } from './store/types';

const REGISTRATION_TTL_MS = 30 * 24 * 3600_000;
const SEEN_TTL_MS = 7 * 24 * 3600_000;

export type CallbackOutcome =
  | { status: 'accepted'; event: NormalizedEvent }
  | { status: 'duplicate'; event: NormalizedEvent }
  | { status: 'rejected'; reason: string };

interface Registration {
  provider: string;
  batch: string;
  tokenHash: string;
  jobId?: string;
}

export function createCallbackToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * A token derived from a secret the receiver also holds (e.g. the credential), for receivers
 * that keep no registry: `token = HMAC(secret, ref)`.
 */
export function deriveCallbackToken(secret: string, ref: string): string {
  return createHmac('sha256', secret).update(`enrichflow-callback:${ref}`).digest('base64url');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a));
  const y = Buffer.from(sha256(b));
  return timingSafeEqual(x, y);
}

/** `https://host/hook?ref=…&token=…` — the URL handed to the provider for one job. */
export function callbackUrl(baseUrl: string, ref: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('ref', ref);
  url.searchParams.set('token', token);
  return url.toString();
}

export async function registerCallback(store: Store, reg: { provider: string; batch: string; ref: string; token: string; jobId?: string }): Promise<void> {
  await store.set<Registration>(`callback:${reg.provider}:${reg.ref}`, { provider: reg.provider, batch: reg.batch, tokenHash: sha256(reg.token), jobId: reg.jobId }, REGISTRATION_TTL_MS);
}

/** Bind a registration to the job id the submit returned. */
export async function attachJob(store: Store, provider: string, ref: string, jobId: string): Promise<void> {
  const key = `callback:${provider}:${ref}`;
  const reg = await store.get<Registration>(key);
  if (reg) await store.set<Registration>(key, { ...reg, jobId }, REGISTRATION_TTL_MS);
}

/** Pure parse of a provider payload; undefined when it is not an event the catalog knows. */
export function normalizeEvent(catalog: ProviderCatalog, payload: unknown): NormalizedEvent | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const body = payload as { event?: unknown; timestamp?: unknown; data?: unknown };
  if (typeof body.event !== 'string') return undefined;
  const spec = catalog.webhookEvents.find((e) => e.event === body.event || e.aliases?.includes(body.event as string));
  if (!spec) return undefined;
  const jobId = spec.jobId(payload);
  if (!jobId) return undefined;
  const itemId = spec.itemId?.(payload);
  const id = spec.type === 'batch.item' ? `${catalog.id}:${jobId}:${spec.event}:${itemId ?? sha256(JSON.stringify(body.data ?? null))}` : `${catalog.id}:${jobId}:${spec.event}`;
  const data = typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {};
  return {
    id,
    type: spec.type,
    provider: catalog.id,
    batch: spec.batch,
    jobId,
    event: spec.event,
    occurredAt: typeof body.timestamp === 'string' ? body.timestamp : undefined,
    data,
  };
}

/**
 * Authenticate (registered token, or `secret` for derived tokens), normalize and dedupe one
 * callback. A duplicate delivery returns `duplicate` so the receiver acknowledges but emits once.
 */
export async function handleCallback(
  catalog: ProviderCatalog,
  store: Store,
  req: { payload: unknown; ref: string; token: string; secret?: string },
): Promise<CallbackOutcome> {
  let boundJob: string | undefined;
  if (req.secret !== undefined) {
    // An empty secret would make every token computable by anyone.
    if (!req.secret || !req.ref || !req.token || !sameSecret(deriveCallbackToken(req.secret, req.ref), req.token)) return { status: 'rejected', reason: 'invalid callback token' };
  } else {
    const reg = await store.get<Registration>(`callback:${catalog.id}:${req.ref}`);
    if (!reg) return { status: 'rejected', reason: 'unknown callback reference' };
    if (!req.token || !sameSecret(sha256(req.token), reg.tokenHash)) return { status: 'rejected', reason: 'invalid callback token' };
    boundJob = reg.jobId;
  }
  const event = normalizeEvent(catalog, req.payload);
  if (!event) return { status: 'rejected', reason: 'not an event this provider sends' };
  if (boundJob && boundJob !== event.jobId) return { status: 'rejected', reason: 'callback is for another job' };
  const first = await store.setIfAbsent(`seen:${event.id}`, 1, SEEN_TTL_MS);
  return { status: first ? 'accepted' : 'duplicate', event };
}

/** Ask the API whether the job really reached the state the callback claims. */
export async function confirmCompletion(client: EnrichflowClient, event: NormalizedEvent): Promise<boolean> {
  if (event.type === 'batch.item') return true;
  const progress = await getBatchStatus(client, event.batch, event.jobId);
  if (event.type === 'batch.completed') return progress.status === 'completed' || progress.status === 'partial';
  return progress.status === 'failed';
}

/**
 * In-process waiters for a standalone run (the demo, scripts): a local HTTP endpoint feeds
 * `deliver`, and `waitForCompletion` resolves when the job's completion arrived.
 */
export class CallbackHub {
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly completed = new Set<string>();
  readonly events: NormalizedEvent[] = [];

  constructor(
    private readonly catalog: ProviderCatalog,
    private readonly store: Store,
  ) {}

  async deliver(req: { payload: unknown; ref: string; token: string }): Promise<CallbackOutcome> {
    const outcome = await handleCallback(this.catalog, this.store, req);
    if (outcome.status !== 'accepted') return outcome;
    this.events.push(outcome.event);
    if (outcome.event.type !== 'batch.item') {
      this.completed.add(outcome.event.jobId);
      for (const wake of this.waiters.get(outcome.event.jobId) ?? []) wake();
      this.waiters.delete(outcome.event.jobId);
    }
    return outcome;
  }

  waitForCompletion(jobId: string, signal: AbortSignal): Promise<void> {
    if (this.completed.has(jobId)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(jobId) ?? [];
      list.push(resolve);
      this.waiters.set(jobId, list);
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  }
}
