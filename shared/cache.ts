/**
 * Answers already paid for, reused for free: the same provider, account scope, operation and
 * input within the TTL give the stored answer instead of a second charge.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import type { Store } from './store/types';

/**
 * How long one process may hold the claim on a record it is fetching. Long enough for a call
 * with its retries; if the holder dies, the others fetch it themselves after this.
 */
export const CLAIM_TTL_MS = 120_000;
const CLAIM_POLL_FIRST_MS = 25;
const CLAIM_POLL_MAX_MS = 500;

/** JSON with object keys sorted at every level, so equal inputs always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value)) ?? 'null';
}

function canonicalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') throw new TypeError('cannot build a cache key from a bigint');
    return value;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalize(withJson.toJSON());
  if (Array.isArray(value)) return value.map((v) => (v === undefined || typeof v === 'function' ? null : canonicalize(v)));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && typeof v !== 'function') out[key] = canonicalize(v);
  }
  return out;
}

// Stored wrapped so that a cached `null` (a paid "no match") is told apart from "not cached".
interface Cached<T> {
  v: T;
}

export class DedupeCache {
  private readonly inFlight = new Map<string, Promise<{ value: unknown; hit: boolean }>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * The cache key for one call. `account` is a scope id chosen by the caller (e.g. a credential
   * id), never the API key itself; everything is hashed, so inputs (emails) are not stored readable.
   */
  static key(parts: { provider: string; account: string; operation: string; input: unknown }): string {
    const hash = createHash('sha256')
      .update(canonicalJson({ provider: parts.provider, account: parts.account, operation: parts.operation, input: parts.input }))
      .digest('hex');
    return `dedupe:${parts.provider}:${parts.operation}:${hash}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const cached = await this.store.get<Cached<T>>(key);
    return cached === undefined ? undefined : cached.v;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    await this.store.set<Cached<T>>(key, { v: value }, ttlMs);
  }

  /**
   * The cached answer, or `produce()`'s (then cached). Identical calls running at the same time
   * in this process share one `produce()`; the ones that waited get `hit: true` (they paid
   * nothing). A failure is shared with those waiting on it (their call is the same call, and
   * resending what may have been charged is what this cache exists to prevent) but not cached:
   * the next call after it tries again.
   */
  async once<T>(key: string, ttlMs: number, produce: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
    const running = this.inFlight.get(key) as Promise<{ value: T; hit: boolean }> | undefined;
    if (running) return { value: (await running).value, hit: true };
    const attempt = this.lookupOrProduce(key, ttlMs, produce);
    this.inFlight.set(key, attempt);
    const forget = () => {
      if (this.inFlight.get(key) === attempt) this.inFlight.delete(key);
    };
    attempt.then(forget, forget);
    return attempt;
  }

  /**
   * Across processes sharing the store (n8n queue-mode workers on one Redis), an in-flight
   * claim does what `inFlight` does within one: the first to claim the record fetches it, the
   * others wait for its answer in the store instead of paying for the same record at the same
   * instant. If the fetch fails the claim is dropped and the next one in line tries.
   */
  private async lookupOrProduce<T>(key: string, ttlMs: number, produce: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
    const claimKey = `claim:${key}`;
    const me = randomUUID();
    let pollMs = CLAIM_POLL_FIRST_MS;
    for (;;) {
      const cached = await this.store.get<Cached<T>>(key);
      if (cached !== undefined) return { value: cached.v, hit: true };
      if (await this.store.setIfAbsent(claimKey, me, CLAIM_TTL_MS)) {
        // The claim may be free because its holder wrote the answer and let go between our read
        // and our claim: look once more before paying.
        const written = await this.store.get<Cached<T>>(key);
        if (written === undefined) break;
        await this.store.delete(claimKey).catch(() => undefined);
        return { value: written.v, hit: true };
      }
      await this.clock.sleep(pollMs);
      pollMs = Math.min(pollMs * 2, CLAIM_POLL_MAX_MS);
    }
    let value: T;
    try {
      value = await produce();
    } catch (error) {
      await this.store.delete(claimKey).catch(() => undefined);
      throw error;
    }
    try {
      await this.set(key, value, ttlMs);
    } catch {
      // The answer is paid for: losing the cache write must not lose the answer.
    }
    await this.store.delete(claimKey).catch(() => undefined);
    return { value, hit: false };
  }
}
