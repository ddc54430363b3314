/**
 * The default Store: one process, one Map. Good for standalone use, tests and single-worker n8n;
 * queue-mode workers need a shared (Redis) store running the same `takeFromBucket` math.
 */
import type { RatePolicy } from '../catalog/types';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { Store, TokenGrant } from './types';

export interface BucketState {
  tokens: number;
  at: number;
}

// Float refills can land a hair under a whole token at the exact expected instant.
const EPSILON = 1e-9;

function checkPolicy(policy: RatePolicy): void {
  const ok = (n: number) => Number.isFinite(n) && n > 0;
  if (!ok(policy.rate) || !ok(policy.windowMs) || !ok(policy.burst)) {
    throw new RangeError(
      `rate policy needs positive finite rate, windowMs and burst (got rate=${policy.rate}, windowMs=${policy.windowMs}, burst=${policy.burst})`,
    );
  }
}

/** Bucket capacity and refill per ms for a policy (see takeFromBucket). */
export function bucketShape(policy: RatePolicy): { capacity: number; refillPerMs: number } {
  checkPolicy(policy);
  // Providers state two limits ("25 per second, 300 per minute"): the bucket keeps both, so
  // capacity + one second of refill stays within `burst` when the window is longer than 1 s.
  // One request of headroom below the burst absorbs network jitter: requests granted a
  // moment apart can arrive closer together than they were granted.
  const perSecond = policy.windowMs > 1000 ? (policy.rate * 1000) / policy.windowMs : 0;
  const capacity = Math.max(1, Math.min(policy.burst, Math.floor(policy.rate / 10), Math.floor(policy.burst - perSecond) - 1));
  // capacity + refill over one window <= rate, so no window of windowMs ever sees more than
  // `rate` grants. With rate <= capacity (rate 1) the refill must be strictly slower than one
  // window, or a closed window [t, t + windowMs] could see two grants.
  // The same jitter headroom (1%, at least one request) is kept on the sustained limit.
  const headroom = Math.max(1, Math.ceil(policy.rate * 0.01));
  const refillPerMs =
    policy.rate > capacity + headroom ? (policy.rate - capacity - headroom) / policy.windowMs : policy.rate / (policy.windowMs + 1);
  return { capacity, refillPerMs };
}

/**
 * Pure token-bucket step, shared by every Store so that all backends throttle identically.
 * The bucket starts full; a grant takes one token; `waitMs` says when the next token is due.
 */
export function takeFromBucket(
  state: BucketState | undefined,
  policy: RatePolicy,
  now: number,
): { state: BucketState; granted: boolean; waitMs: number } {
  const { capacity, refillPerMs } = bucketShape(policy);
  let tokens = capacity;
  let at = now;
  if (state) {
    // Workers' clocks may disagree slightly; never refill for negative elapsed time.
    const elapsed = Math.max(0, now - state.at);
    tokens = Math.min(capacity, state.tokens + elapsed * refillPerMs);
    at = Math.max(state.at, now);
  }
  if (tokens >= 1 - EPSILON) {
    return { state: { tokens: Math.max(0, tokens - 1), at }, granted: true, waitMs: 0 };
  }
  const waitMs = Math.max(1, Math.ceil((1 - tokens) / refillPerMs));
  return { state: { tokens, at }, granted: false, waitMs };
}

interface Entry {
  value: unknown;
  expiresAt?: number;
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0)) {
    throw new RangeError(`ttlMs must be a positive number of milliseconds or omitted (got ${ttlMs})`);
  }
}

// Sweep expired entries now and then so a long-running process does not keep dead cache values.
const SWEEP_EVERY_WRITES = 1000;

export class MemoryStore implements Store {
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, BucketState>();
  private writes = 0;

  constructor(opts: { clock?: Clock } = {}) {
    this.clock = opts.clock ?? systemClock;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    // A copy, like a networked store would return: callers cannot mutate what is stored.
    return entry === undefined ? undefined : (structuredClone(entry.value) as T);
  }

  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    checkTtl(ttlMs);
    this.write(key, value, ttlMs);
  }

  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    checkTtl(ttlMs);
    if (this.live(key) !== undefined) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async incrBy(key: string, amount: number, ttlMs?: number): Promise<number> {
    checkTtl(ttlMs);
    if (!Number.isFinite(amount)) throw new RangeError(`incrBy amount must be a finite number (got ${amount})`);
    const entry = this.live(key);
    if (entry === undefined) {
      this.write(key, amount, ttlMs);
      return amount;
    }
    if (typeof entry.value !== 'number') throw new TypeError(`store key "${key}" does not hold a number`);
    entry.value += amount;
    // Like Redis INCRBY + PEXPIRE NX: a counter's lifetime starts when it is created.
    if (entry.expiresAt === undefined && ttlMs !== undefined) entry.expiresAt = this.clock.now() + ttlMs;
    return entry.value;
  }

  async takeToken(key: string, policy: RatePolicy, now: number): Promise<TokenGrant> {
    const step = takeFromBucket(this.buckets.get(key), policy, now);
    this.buckets.set(key, step.state);
    return { granted: step.granted, waitMs: step.waitMs };
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.buckets.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private write(key: string, value: unknown, ttlMs: number | undefined): void {
    const now = this.clock.now();
    this.entries.set(key, { value: structuredClone(value), expiresAt: ttlMs === undefined ? undefined : now + ttlMs });
    if (++this.writes % SWEEP_EVERY_WRITES === 0) {
      for (const [k, e] of this.entries) if (e.expiresAt !== undefined && e.expiresAt <= now) this.entries.delete(k);
    }
  }
}
