/**
 * Paces requests to the provider's contract. Each request reserves, in the Store, the earliest
 * moment every window of the contract allows (see ./rateSchedule.ts) and sleeps until then: one
 * store step per request, no polling, and every execution sharing a store (n8n queue-mode
 * workers on one Redis) shares one schedule.
 */
import type { RatePolicy } from './catalog/types';
import type { Clock } from './clock';
import { type RateShape, rateShape } from './rateSchedule';
import { abortedError, sleepOrAbort } from './retry';
import type { Store } from './store/types';

const scheduleKey = (key: string) => `throttle:${key}`;

// A caller woken late books a new slot (its old one stays counted: that only errs on the safe
// side); a machine too busy to ever wake on time still sends after this many tries.
const MAX_REBOOKINGS = 3;

export class Throttle {
  private readonly shapes = new WeakMap<RatePolicy, RateShape>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolve, with the ms waited, at the moment reserved for this request on `key`
   * (`provider:account:bucket`). Rejects with an 'aborted' TransportError when `signal` aborts
   * first; the reserved slot then goes unused.
   */
  async acquire(key: string, policy: RatePolicy, signal?: AbortSignal): Promise<number> {
    const shape = this.shapeOf(policy);
    const startedAt = this.clock.now();
    for (let booking = 0; ; booking++) {
      if (signal?.aborted) throw abortedError(signal, 'waiting for a rate-limit slot');
      const askedAt = this.clock.now();
      const waitMs = await this.store.reserveSlot(scheduleKey(key), shape, askedAt);
      if (waitMs <= 0) return this.clock.now() - startedAt;
      await sleepOrAbort(this.clock, waitMs, signal, 'waiting for a rate-limit slot');
      const late = this.clock.now() - (askedAt + waitMs);
      if (late <= shape.lateMs || booking >= MAX_REBOOKINGS) return this.clock.now() - startedAt;
    }
  }

  /**
   * After a 429: no caller sharing `key` gets a slot before `untilMs`. An earlier pause never
   * shortens a later one already recorded.
   */
  async pauseUntil(key: string, untilMs: number): Promise<void> {
    const now = this.clock.now();
    if (!Number.isFinite(untilMs) || untilMs <= now) return;
    await this.store.holdSlots(scheduleKey(key), untilMs - now, now);
  }

  /** The shape of a policy, worked out once per policy object (off the per-request path). */
  private shapeOf(policy: RatePolicy): RateShape {
    let shape = this.shapes.get(policy);
    if (!shape) this.shapes.set(policy, (shape = rateShape(policy)));
    return shape;
  }
}
