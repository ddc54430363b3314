/**
 * Everything that must be shared between executions (n8n queue-mode workers, Zapier runs) goes
 * through this interface: throttle buckets, budgets, the dedupe cache, the batch job registry
 * and seen webhook events. Each method is one atomic step so a Redis implementation can back it.
 */
import type { RateShape, Slot } from '../rateSchedule';

export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void>;
  /** Set only when absent; true when this call set it (idempotency records, seen events). */
  setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Atomically add to a numeric counter (created at 0) and return the new value. */
  incrBy(key: string, amount: number, ttlMs?: number): Promise<number>;
  /**
   * Reserve for one request on schedule `key` the earliest moment, at or after `now` (ms) and
   * every earlier reservation, at which each window and bucket of `shape` has room (see
   * `reserveSlot` in ../rateSchedule.ts); returns the ms from `now` until it, and its id.
   */
  reserveSlot(key: string, shape: RateShape, now: number): Promise<Slot>;
  /** The request of slot `id` may have arrived as late as `now` (its answer came then): count it there. */
  settleSlot(key: string, shape: RateShape, id: number, now: number): Promise<void>;
  /** No reservation on schedule `key` before `now + ms` (a provider's Retry-After); never shortens a longer hold. */
  holdSlots(key: string, ms: number, now: number): Promise<void>;
  close?(): Promise<void>;
}
