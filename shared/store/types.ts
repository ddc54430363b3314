/**
 * Everything that must be shared between executions (n8n queue-mode workers, Zapier runs) goes
 * through this interface: throttle buckets, budgets, the dedupe cache, the batch job registry
 * and seen webhook events. Each method is one atomic step so a Redis implementation can back it.
 */
import type { RatePolicy } from '../catalog/types';

export interface TokenGrant {
  granted: boolean;
  /** When not granted: how long until a token is expected to be available. */
  waitMs: number;
}

export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void>;
  /** Set only when absent; true when this call set it (idempotency records, seen events). */
  setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Atomically add to a numeric counter (created at 0) and return the new value. */
  incrBy(key: string, amount: number, ttlMs?: number): Promise<number>;
  /**
   * Take one token from the bucket `key` governed by `policy` at time `now` (ms). The bucket
   * guarantees never more than `policy.burst` at once and never more than `policy.rate` in any
   * interval of `policy.windowMs`.
   */
  takeToken(key: string, policy: RatePolicy, now: number): Promise<TokenGrant>;
  close?(): Promise<void>;
}
