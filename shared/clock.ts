/**
 * Time is injected so every piece runs on a fake clock in tests, on Node's timers standalone
 * (shared/platform.ts) and on n8n's `sleep` in nodes (the adapter passes it).
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What a piece that only reads the time needs (stores, spend limits): no timers. */
export type TimeSource = Pick<Clock, 'now'>;

/** The wall clock's time, for a piece given no clock: reading it needs no platform. */
export const wallTime: TimeSource = { now: () => Date.now() };

/**
 * A clock that only moves when told to. `sleep` resolves when `advance` passes its deadline,
 * so code that waits (throttle, retry, polling) runs instantly and deterministically in tests.
 */
export class FakeClock implements Clock {
  private current: number;
  private sleepers: { until: number; resolve: () => void }[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers.push({ until: this.current + Math.max(0, ms), resolve });
      this.sleepers.sort((a, b) => a.until - b.until);
    });
  }

  /** Move time forward, waking sleepers in deadline order (and letting their code run). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.sleepers[0];
      if (!next || next.until > target) break;
      this.sleepers.shift();
      this.current = next.until;
      next.resolve();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Keep advancing until `promise` settles (bounded), returning its value. */
  async run<T>(promise: Promise<T>, stepMs = 1000, maxMs = 24 * 3600_000): Promise<T> {
    let settled = false;
    const guarded = promise.finally(() => {
      settled = true;
    });
    guarded.catch(() => undefined);
    let spent = 0;
    while (!settled && spent < maxMs) {
      await this.advance(stepMs);
      spent += stepMs;
    }
    return guarded;
  }

  get pendingSleepers(): number {
    return this.sleepers.length;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
}
