/**
 * The core's Store on `z.cache`, so what must outlive one Zapier run does: paid answers (24 h
 * dedupe), batch idempotency records (a replayed zap never reserves twice), settlement marks,
 * callback registrations and seen events. Throttle buckets stay in memory: each run is its own
 * process, and Zapier's `throttle` configuration limits runs across the account.
 */
import { MemoryStore, type Clock, type RatePolicy, type Store, type TokenGrant } from '../../shared';
import type { Z } from './zapier';

/** Stored with its own expiry: the platform's TTL is coarse (seconds) and not enforced in tests. */
interface Envelope<T> {
  v: T;
  exp?: number;
}

const PREFIX = 'enrichflow:';
/** z.cache keys are short strings; long core keys (never secrets) are hashed to stay under it. */
const MAX_KEY = 200;

export class ZapierCacheStore implements Store {
  private readonly local: MemoryStore;

  constructor(
    private readonly z: Z,
    private readonly clock: Clock,
  ) {
    this.local = new MemoryStore({ clock });
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    if (isLocal(key)) return this.local.get<T>(key);
    const env = (await this.z.cache.get(this.key(key))) as Envelope<T> | null;
    if (env === null || env === undefined || typeof env !== 'object' || !('v' in env)) return undefined;
    if (env.exp !== undefined && env.exp <= this.clock.now()) return undefined;
    return env.v;
  }

  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    if (isLocal(key)) return this.local.set(key, value, ttlMs);
    await this.z.cache.set(this.key(key), this.envelope(value, ttlMs), ttlSeconds(ttlMs));
  }

  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    if (isLocal(key)) return this.local.setIfAbsent(key, value, ttlMs);
    if ((await this.get(key)) !== undefined) return false;
    // nx makes the platform refuse a concurrent writer that got there first.
    const written = await this.z.cache.set(this.key(key), this.envelope(value, ttlMs), ttlSeconds(ttlMs), undefined, true);
    return written !== false;
  }

  async delete(key: string): Promise<void> {
    if (isLocal(key)) return this.local.delete(key);
    await this.z.cache.delete(this.key(key));
  }

  /** Read-modify-write: z.cache has no atomic increment. Only counters within one run use it. */
  async incrBy(key: string, amount: number, ttlMs?: number): Promise<number> {
    if (isLocal(key)) return this.local.incrBy(key, amount, ttlMs);
    const current = (await this.get<number>(key)) ?? 0;
    const next = current + amount;
    await this.set(key, next, ttlMs);
    return next;
  }

  takeToken(key: string, policy: RatePolicy, now: number): Promise<TokenGrant> {
    return this.local.takeToken(key, policy, now);
  }

  private key(key: string): string {
    const full = PREFIX + key;
    return full.length <= MAX_KEY ? full : `${PREFIX}h:${this.z.hash('sha256', key)}`;
  }

  private envelope<T>(value: T, ttlMs: number | undefined): Envelope<T> {
    return ttlMs === undefined ? { v: value } : { v: value, exp: this.clock.now() + ttlMs };
  }
}

/** Throttle state is per run (see above); everything else is shared through z.cache. */
function isLocal(key: string): boolean {
  return key.startsWith('throttle:');
}

function ttlSeconds(ttlMs: number | undefined): number | undefined {
  return ttlMs === undefined ? undefined : Math.max(1, Math.ceil(ttlMs / 1000));
}
