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

const scheduleKeys = new Map<string, string>();
/** The store key of a bucket's schedule, made once per bucket (a process knows a handful). */
function scheduleKey(key: string): string {
  let schedule = scheduleKeys.get(key);
  if (schedule === undefined) {
    if (scheduleKeys.size >= 10_000) scheduleKeys.clear();
    scheduleKeys.set(key, (schedule = `throttle:${key}`));
  }
  return schedule;
}

/** A request's turn: how long it waited, and where to say its answer came. */
export interface RatePermit {
  waitedMs: number;
  answered(): void;
}

export class Throttle {
  private readonly shapes = new WeakMap<RatePolicy, RateShape>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolve at the moment reserved for this request on `key` (`provider:account:bucket`), with
   * the ms waited. Call `answered()` on the permit once the request's answer (or failure) came.
   * Rejects with an 'aborted' TransportError when `signal` aborts first; the reserved slot then
   * goes unused.
   */
  async acquire(key: string, policy: RatePolicy, signal?: AbortSignal): Promise<RatePermit> {
    const shape = this.shapeOf(policy);
    const schedule = scheduleKey(key);
    const askedAt = this.clock.now();
    if (signal?.aborted) throw abortedError(signal, 'waiting for a rate-limit slot');
    const slot = await this.store.reserveSlot(schedule, shape, askedAt);
    const slotAt = askedAt + slot.waitMs;
    if (slot.waitMs > 0) await sleepOrAbort(this.clock, slot.waitMs, signal, 'waiting for a rate-limit slot');
    // Woken late (a busy machine): the request goes now, so it is counted now, before the
    // requests reserved from here on are placed a window after it.
    const now = this.clock.now();
    if (now - slotAt > shape.lateMs) await this.store.settleSlot(schedule, shape, slot.id, now);
    return this.permit(schedule, shape, slot.id, now, now - askedAt);
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

  /**
   * A request whose answer came later after its sending than the schedule allows for may have
   * reached the provider that late: its stamp moves there, so the requests reserved from now on keep a whole window
   * from it (a cold connection, a slow network). Not awaited: the caller has its answer.
   */
  private permit(schedule: string, shape: RateShape, id: number, sentAt: number, waitedMs: number): RatePermit {
    return {
      waitedMs,
      answered: () => {
        const now = this.clock.now();
        if (now - sentAt > shape.lateMs) this.store.settleSlot(schedule, shape, id, now).catch(() => undefined);
      },
    };
  }

  /** The shape of a policy, worked out once per policy object (off the per-request path). */
  private shapeOf(policy: RatePolicy): RateShape {
    let shape = this.shapes.get(policy);
    if (!shape) this.shapes.set(policy, (shape = rateShape(policy)));
    return shape;
  }
}
