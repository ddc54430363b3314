/**
 * The core's Store on `z.cache`, so what must outlive one Zapier run does: paid answers (24 h
 * dedupe), batch idempotency records (a replayed zap never reserves twice), settlement marks,
 * callback registrations and seen events. Throttle buckets stay in memory: each run is its own
 * process, and Zapier's `throttle` configuration limits runs across the account.
 */
import { randomUUID } from 'node:crypto';
import { MemoryStore, SharedStoreBusyError, type Clock, type RateShape, type Slot, type Store } from '../../shared';
import type { Z } from './zapier';

/** Stored with its own expiry: the platform's TTL is coarse (seconds) and not enforced in tests. */
interface Envelope<T> {
  v: T;
  exp?: number;
}

const PREFIX = 'enrichflow:';
const LOCK_TTL_MS = 10_000;
const LOCK_WAIT_MS = 8_000;
const LOCK_POLL_MS = 100;
/** z.cache keys are short strings; long core keys (never secrets) are hashed to stay under it. */
const MAX_KEY = 200;

export class ZapierCacheStore implements Store {
  private readonly local: MemoryStore;
  /** Read-modify-write steps on one key run one after another within this run. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly z: Z,
    private readonly clock: Clock,
  ) {
    this.local = new MemoryStore({ clock });
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    if (isLocal(key)) return this.local.get<T>(key);
    return (await this.live<T>(key))?.v;
  }

  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    checkTtl(ttlMs);
    if (isLocal(key)) return this.local.set(key, value, ttlMs);
    await this.z.cache.set(this.key(key), this.envelope(value, ttlMs), ttlSeconds(ttlMs));
  }

  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    checkTtl(ttlMs);
    if (isLocal(key)) return this.local.setIfAbsent(key, value, ttlMs);
    return this.serially(key, async () => {
      if ((await this.live(key)) !== undefined) return false;
      // nx: across runs, the platform refuses a writer that another run beat to it.
      const written = await this.z.cache.set(this.key(key), this.envelope(value, ttlMs), ttlSeconds(ttlMs), undefined, true);
      return written !== false;
    });
  }

  async delete(key: string): Promise<void> {
    if (isLocal(key)) return this.local.delete(key);
    await this.z.cache.delete(this.key(key));
  }

  /**
   * z.cache has no atomic increment: atomic within a run, last-writer-wins across runs, so the
   * monthly request quota (shared/quota.ts) can undercount concurrent Zaps (docs/zapier.md,
   * "Known limits").
   */
  async incrBy(key: string, amount: number, ttlMs?: number): Promise<number> {
    checkTtl(ttlMs);
    if (isLocal(key)) return this.local.incrBy(key, amount, ttlMs);
    if (!Number.isFinite(amount)) throw new RangeError(`incrBy amount must be a finite number (got ${amount})`);
    return this.serially(key, async () => {
      const env = await this.live<number>(key);
      if (env !== undefined && typeof env.v !== 'number') throw new TypeError(`store key "${key}" does not hold a number`);
      const next = (env?.v ?? 0) + amount;
      // A counter's lifetime starts when it is created, not at each increment.
      const exp = env ? env.exp : ttlMs === undefined ? undefined : this.clock.now() + ttlMs;
      const left = exp === undefined ? undefined : Math.max(1, exp - this.clock.now());
      await this.z.cache.set(this.key(key), exp === undefined ? { v: next } : { v: next, exp }, ttlSeconds(left));
      return next;
    });
  }

  /**
   * Mutual exclusion across runs (the spend book's steps): a lock written with `nx`, which the
   * platform refuses to a second writer. A run that dies holding it blocks others for LOCK_TTL_MS.
   */
  async exclusive<R>(name: string, step: () => Promise<R>): Promise<R> {
    const key = `lock:${name}`;
    const token = randomUUID();
    const giveUpAt = this.clock.now() + LOCK_WAIT_MS;
    while (!(await this.setIfAbsent(key, token, LOCK_TTL_MS))) {
      if (this.clock.now() >= giveUpAt) throw new SharedStoreBusyError(`z.cache lock "${name}"`, LOCK_WAIT_MS);
      await this.clock.sleep(LOCK_POLL_MS);
    }
    try {
      return await step();
    } finally {
      if ((await this.get(key)) === token) await this.delete(key);
    }
  }

  reserveSlot(key: string, shape: RateShape, now: number): Promise<Slot> {
    return this.local.reserveSlot(key, shape, now);
  }

  settleSlot(key: string, shape: RateShape, id: number, now: number): Promise<void> {
    return this.local.settleSlot(key, shape, id, now);
  }

  holdSlots(key: string, ms: number, now: number): Promise<void> {
    return this.local.holdSlots(key, ms, now);
  }

  private async live<T>(key: string): Promise<Envelope<T> | undefined> {
    const env = (await this.z.cache.get(this.key(key))) as Envelope<T> | null;
    if (env === null || env === undefined || typeof env !== 'object' || !('v' in env)) return undefined;
    if (env.exp !== undefined && env.exp <= this.clock.now()) return undefined;
    return env;
  }

  private serially<R>(key: string, step: () => Promise<R>): Promise<R> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(step, step);
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }

  private key(key: string): string {
    const full = PREFIX + key;
    return full.length <= MAX_KEY ? full : `${PREFIX}h:${this.z.hash('sha256', key)}`;
  }

  /** z.cache takes JSON only and refuses `undefined` inside it; a JSON round trip drops those. */
  private envelope<T>(value: T, ttlMs: number | undefined): Envelope<T> {
    const v = (value === undefined ? null : JSON.parse(JSON.stringify(value))) as T;
    return ttlMs === undefined ? { v } : { v, exp: this.clock.now() + ttlMs };
  }
}

/** Throttle state is per run (see above); everything else is shared through z.cache. */
function isLocal(key: string): boolean {
  return key.startsWith('throttle:');
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0)) throw new RangeError(`ttlMs must be a positive number of milliseconds (got ${ttlMs})`);
}

function ttlSeconds(ttlMs: number | undefined): number | undefined {
  return ttlMs === undefined ? undefined : Math.max(1, Math.ceil(ttlMs / 1000));
}
