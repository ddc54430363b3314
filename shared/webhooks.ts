/**
 * Provider callbacks → one normalized event (`batch.item` / `batch.completed` / `batch.failed`),
 * authenticated and deduplicated. Enrich.so signs nothing, so each job's callback URL carries an
 * unguessable token recorded in the store for that job (nothing a key or a ref can derive), and
 * a callback is only a hint: completion is confirmed with the API before anyone acts on it, and
 * results are read from the API.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { callbackSourceNames, jobResults, jobSource, jobStatus } from './batch/callbackJobs';
import type { NormalizedEvent, ProviderCatalog } from './catalog/types';
import type { EnrichflowClient } from './client';
import type { Store } from './store/types';

const REGISTRATION_TTL_MS = 30 * 24 * 3600_000;
const SEEN_TTL_MS = 7 * 24 * 3600_000;
/**
 * Largest callback body accepted (64 KiB). Enrich.so's largest documented callback, one
 * profile of a bulk lookup, is a few KiB; anything bigger is refused unread.
 */
export const MAX_CALLBACK_BYTES = 64 * 1024;
const ITEM_RESULTS_TTL_MS = 1000;

export type CallbackOutcome =
  | { status: 'accepted'; event: NormalizedEvent }
  | { status: 'duplicate'; event: NormalizedEvent }
  | { status: 'rejected'; reason: string };

interface Registration {
  provider: string;
  batch: string;
  tokenHash: string;
  /** The job(s) submitted with this URL (several when a list was chunked). */
  jobId?: string;
  jobIds?: string[];
}

export function createCallbackToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * A value derived from a secret (e.g. a store scope from the credential). Never a callback
 * token: a derived token is valid for any ref and tied to no job.
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
  await store.set<Registration>(
    `callback:${reg.provider}:${reg.ref}`,
    { provider: reg.provider, batch: reg.batch, tokenHash: sha256(reg.token), jobId: reg.jobId },
    REGISTRATION_TTL_MS,
  );
}

/** Bind a registration to the job id(s) the submit returned; callbacks for other jobs are refused. */
export async function attachJob(store: Store, provider: string, ref: string, jobId: string | readonly string[]): Promise<void> {
  const key = `callback:${provider}:${ref}`;
  const reg = await store.get<Registration>(key);
  if (!reg) return;
  const jobIds = [...new Set([...(reg.jobIds ?? (reg.jobId ? [reg.jobId] : [])), ...(typeof jobId === 'string' ? [jobId] : jobId)])];
  await store.set<Registration>(key, { ...reg, jobId: jobIds[0], jobIds }, REGISTRATION_TTL_MS);
}

/** A fresh per-job callback URL whose token is recorded in `store` (bind it with attachJob after the submit). */
export async function newCallbackUrl(store: Store, baseUrl: string, reg: { provider: string; batch: string }): Promise<{ url: string; ref: string }> {
  const ref = createCallbackToken().slice(0, 16);
  const token = createCallbackToken();
  await registerCallback(store, { ...reg, ref, token });
  return { url: callbackUrl(baseUrl, ref, token), ref };
}

/** The size of a callback body as received (or as its JSON, when only the parsed body is at hand). */
function bodyBytes(payload: unknown, rawBytes: number | undefined): number {
  if (rawBytes !== undefined) return rawBytes;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Infinity;
  }
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
  // An item's id carries a digest of what it says: a forged result posted first cannot make the
  // real one a "duplicate" (results are read from the API anyway; a callback is a hint).
  const id =
    spec.type === 'batch.item'
      ? `${catalog.id}:${jobId}:${spec.event}:${itemId ?? ''}:${sha256(JSON.stringify(body.data ?? null)).slice(0, 16)}`
      : `${catalog.id}:${jobId}:${spec.event}`;
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
 * Authenticate (the job's registered token), bound the size, normalize and dedupe one callback.
 * A duplicate delivery returns `duplicate` so the receiver acknowledges but emits once.
 */
export async function handleCallback(
  catalog: ProviderCatalog,
  store: Store,
  req: { payload: unknown; ref: string; token: string; rawBytes?: number },
): Promise<CallbackOutcome> {
  if (bodyBytes(req.payload, req.rawBytes) > MAX_CALLBACK_BYTES) return { status: 'rejected', reason: `callback body larger than ${MAX_CALLBACK_BYTES} bytes` };
  const reg = req.ref ? await store.get<Registration>(`callback:${catalog.id}:${req.ref}`) : undefined;
  if (!reg) return { status: 'rejected', reason: 'unknown callback reference' };
  if (!req.token || !sameSecret(sha256(req.token), reg.tokenHash)) return { status: 'rejected', reason: 'invalid callback token' };
  const event = normalizeEvent(catalog, req.payload);
  if (!event) return { status: 'rejected', reason: 'not an event this provider sends' };
  const bound = reg.jobIds ?? (reg.jobId ? [reg.jobId] : []);
  if (bound.length > 0 && !bound.includes(event.jobId)) return { status: 'rejected', reason: 'callback is for another job' };
  if (event.batch !== reg.batch) return { status: 'rejected', reason: 'callback is for another batch' };
  const first = await store.setIfAbsent(`seen:${event.id}`, 1, SEEN_TTL_MS);
  return { status: first ? 'accepted' : 'duplicate', event };
}

/** Whether a rejection is about who sent it (401) rather than what was sent (400/413). */
export function rejectionStatus(reason: string): number {
  if (reason.includes('larger than')) return 413;
  return reason.includes('token') || reason.includes('reference') ? 401 : 400;
}

/** Ask the API whether the job really reached the state the callback claims. */
export async function confirmCompletion(client: EnrichflowClient, event: NormalizedEvent): Promise<boolean> {
  if (event.type === 'batch.item') return true;
  const progress = await jobStatus(client, event.batch, event.jobId);
  if (event.type === 'batch.completed') return progress.status === 'completed' || progress.status === 'partial';
  return progress.status === 'failed';
}

/**
 * The API's own result for a per-item callback, or undefined when the API shows none (yet):
 * what a receiver emits instead of the callback's claim. Results reads are free.
 */
export async function confirmItem(client: EnrichflowClient, event: NormalizedEvent): Promise<{ key: string; result: unknown } | undefined> {
  const spec = callbackSourceNames(client.provider).has(event.batch) ? jobSource(client, event.batch) : undefined;
  const itemId = client.provider.webhookEvents.find((e) => e.event === event.event)?.itemId?.({ data: event.data, batchId: event.jobId });
  if (!spec || !itemId) return undefined;
  const key = itemId.trim().toLowerCase();
  const find = (results: unknown[]) => results.find((r) => spec.resultKey(r)?.toLowerCase() === key);
  // A burst of item callbacks reads the job's results once a second, not once per callback.
  const cacheKey = `item-results:${client.provider.id}:${client.account}:${event.jobId}`;
  const cached = await client.store.get<unknown[]>(cacheKey);
  let result = cached ? find(cached) : undefined;
  if (result === undefined) {
    const { results } = await jobResults(client, event.batch, event.jobId);
    await client.store.set(cacheKey, results, ITEM_RESULTS_TTL_MS);
    result = find(results);
  }
  return result === undefined ? undefined : { key, result };
}

/**
 * In-process waiters for a standalone run (the demo, scripts): a local HTTP endpoint feeds
 * `deliver`, and `waitForCompletion` resolves when the job's completion arrived.
 *
 * The same rule as the n8n trigger and the Zapier hook: a callback is a hint, the API is the
 * truth. An item callback is recorded with the API's result for that item (a forged one, whose
 * item the API does not show, is refused); a completion counts only once the API confirms the
 * job's state. So the hub takes the client it confirms with: there is no hub without one.
 */
export class CallbackHub {
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly completed = new Set<string>();
  readonly events: NormalizedEvent[] = [];

  constructor(
    private readonly catalog: ProviderCatalog,
    private readonly store: Store,
    private readonly client: EnrichflowClient,
  ) {
    if (!client) throw new TypeError('CallbackHub needs the client that confirms callbacks with the API (callbacks are hints)');
  }

  async deliver(req: { payload: unknown; ref: string; token: string; rawBytes?: number }): Promise<CallbackOutcome> {
    const outcome = await handleCallback(this.catalog, this.store, req);
    if (outcome.status !== 'accepted') return outcome;
    const confirmed = await this.confirm(outcome.event).catch(() => undefined);
    if (!confirmed) {
      // Forgotten, so the real delivery still counts when it comes.
      await this.store.delete(`seen:${outcome.event.id}`);
      return { status: 'rejected', reason: 'not confirmed by the API' };
    }
    this.events.push(confirmed);
    if (confirmed.type !== 'batch.item') {
      this.completed.add(confirmed.jobId);
      for (const wake of this.waiters.get(confirmed.jobId) ?? []) wake();
      this.waiters.delete(confirmed.jobId);
    }
    return { status: 'accepted', event: confirmed };
  }

  /** The event as the API tells it: an item's result from the results, a completion's state from the status. */
  private async confirm(event: NormalizedEvent): Promise<NormalizedEvent | undefined> {
    if (event.type === 'batch.item') {
      const item = await confirmItem(this.client, event);
      return item ? { ...event, data: { key: item.key, result: item.result as unknown } } : undefined;
    }
    const progress = await jobStatus(this.client, event.batch, event.jobId);
    const holds = event.type === 'batch.completed' ? progress.status === 'completed' || progress.status === 'partial' : progress.status === 'failed';
    return holds ? { ...event, data: { status: progress.status } } : undefined;
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
