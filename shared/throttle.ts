/**
 * Waits for a rate-limit token before each request. The bucket lives in the Store, so every
 * execution sharing a store (n8n queue-mode workers on one Redis) shares one limit.
 */
import type { RatePolicy } from './catalog/types';
import type { Clock } from './clock';
import { abortedError, sleepOrAbort } from './retry';
import type { Store } from './store/types';

const bucketKey = (key: string) => `throttle:bucket:${key}`;
const pauseKey = (key: string) => `throttle:pause:${key}`;

export class Throttle {
  // In-process waiters on one key queue up behind each other (first come, first served), so
  // that only the head of the line polls the store instead of every waiter waking at once.
  private readonly lines = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolve, with the ms waited, once a token for `key` (`provider:account:bucket`) is taken.
   * Rejects with an 'aborted' TransportError when `signal` aborts first.
   */
  async acquire(key: string, policy: RatePolicy, signal?: AbortSignal): Promise<number> {
    const startedAt = this.clock.now();
    const ahead = this.lines.get(key) ?? Promise.resolve();
    let leave!: () => void;
    const mine = new Promise<void>((resolve) => (leave = resolve));
    const line = ahead.then(() => mine);
    this.lines.set(key, line);
    try {
      await this.waitTurn(ahead, signal);
      await this.take(key, policy, signal);
      return this.clock.now() - startedAt;
    } finally {
      leave();
      if (this.lines.get(key) === line) this.lines.delete(key);
    }
  }

  /**
   * After a 429 with Retry-After: make every caller sharing `key` wait until `untilMs`. An
   * earlier pause never shortens a later one already recorded.
   */
  async pauseUntil(key: string, untilMs: number): Promise<void> {
    const now = this.clock.now();
    if (!Number.isFinite(untilMs) || untilMs <= now) return;
    const current = await this.store.get<number>(pauseKey(key));
    if (current !== undefined && current >= untilMs) return;
    await this.store.set(pauseKey(key), untilMs, untilMs - now);
  }

  private waitTurn(ahead: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    if (!signal) return ahead;
    if (signal.aborted) return Promise.reject(abortedError(signal, 'waiting for a rate-limit token'));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(abortedError(signal, 'waiting for a rate-limit token'));
      signal.addEventListener('abort', onAbort, { once: true });
      void ahead.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /**
   * One token from the policy's bucket, then one from each further window's. A token taken while
   * a later window still makes the request wait is not given back: the request will be sent, so
   * counting it early only errs on the safe side.
   */
  private async take(key: string, policy: RatePolicy, signal: AbortSignal | undefined): Promise<void> {
    await this.takeOne(key, policy, signal);
    for (const w of policy.windows ?? []) {
      await this.takeOne(`${key}:window:${w.windowMs}`, { rate: w.rate, windowMs: w.windowMs, burst: w.rate }, signal);
    }
  }

  private async takeOne(key: string, policy: RatePolicy, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortedError(signal, 'waiting for a rate-limit token');
      const pausedUntil = await this.store.get<number>(pauseKey(key));
      const now = this.clock.now();
      if (pausedUntil !== undefined && pausedUntil > now) {
        await sleepOrAbort(this.clock, pausedUntil - now, signal, 'waiting out a rate-limit pause');
        continue;
      }
      const grant = await this.store.takeToken(bucketKey(key), policy, now);
      if (grant.granted) return;
      await sleepOrAbort(this.clock, grant.waitMs, signal, 'waiting for a rate-limit token');
    }
  }
}
