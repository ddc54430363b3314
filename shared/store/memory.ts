/**
 * The default Store: one process, one Map. Good for standalone use, tests and single-worker n8n;
 * queue-mode workers need a shared (Redis) store running the same `reserveSlot` math.
 */
import { type TimeSource, wallTime } from '../clock';
import { holdSlots, type RateShape, reserveSlot, type ScheduleState, settleSlot, type Slot } from '../rateSchedule';
import type { Store } from './types';

interface Entry {
  value: unknown;
  expiresAt?: number;
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0)) {
    throw new RangeError(`ttlMs must be a positive number of milliseconds or omitted (got ${ttlMs})`);
  }
}

/** A copy, like a networked store's: a number or string is its own copy (structuredClone costs a serialization). */
function copyOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

// Sweep expired entries now and then so a long-running process does not keep dead cache values.
const SWEEP_EVERY_WRITES = 1000;

export class MemoryStore implements Store {
  private readonly clock: TimeSource;
  private readonly entries = new Map<string, Entry>();
  private readonly schedules = new Map<string, ScheduleState>();
  private writes = 0;

  constructor(opts: { clock?: TimeSource } = {}) {
    this.clock = opts.clock ?? wallTime;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    // A copy, like a networked store would return: callers cannot mutate what is stored.
    return entry === undefined ? undefined : (copyOf(entry.value) as T);
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

  async reserveSlot(key: string, shape: RateShape, now: number): Promise<Slot> {
    const { at, id } = reserveSlot(this.schedule(key), shape, now);
    return { waitMs: at - now, id };
  }

  async settleSlot(key: string, shape: RateShape, id: number, now: number): Promise<void> {
    settleSlot(this.schedule(key), shape, id, now);
  }

  async holdSlots(key: string, ms: number, now: number): Promise<void> {
    if (Number.isFinite(ms) && ms > 0) holdSlots(this.schedule(key), now + ms);
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.schedules.clear();
  }

  private schedule(key: string): ScheduleState {
    let state = this.schedules.get(key);
    if (!state) this.schedules.set(key, (state = { stamps: [], seq: 0 }));
    return state;
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
    this.entries.set(key, { value: copyOf(value), expiresAt: ttlMs === undefined ? undefined : now + ttlMs });
    if (++this.writes % SWEEP_EVERY_WRITES === 0) {
      for (const [k, e] of this.entries) if (e.expiresAt !== undefined && e.expiresAt <= now) this.entries.delete(k);
    }
  }
}
