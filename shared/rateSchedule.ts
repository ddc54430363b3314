/**
 * The exact limiter's math. A provider's contract (`RatePolicy`) becomes a `RateShape`: sliding
 * windows ("at most N in any W ms", as providers count them) and, where the provider states a
 * burst above its rate, a token bucket (Leadfeeder: 10 a second, bursts of 15). Each request is
 * given the earliest moment at which every window and the bucket have room (a reservation, so
 * callers wait without asking again); every Store runs this same step (Redis in one Lua script).
 */
import type { RatePolicy } from './catalog/types';

/** At most `count` requests in any `windowMs` (a request at `s` leaves the window at `s + windowMs`). */
export interface SlidingWindow {
  count: number;
  windowMs: number;
}

export interface RateShape {
  windows: SlidingWindow[];
  /** A token bucket as GCRA: `capacity` at once, then one more every `intervalMs`. */
  bucket?: { capacity: number; intervalMs: number };
  /**
   * A request sent or answered this much later than its slot may reach the provider late
   * enough to crowd the requests a window after it: it is counted where it really was instead.
   */
  lateMs: number;
}

/** One reservation: when it was given, or when its answer came (see `settleSlot`); `id` names it. */
export interface Stamp {
  at: number;
  id: number;
}

/** The schedule of one key: the latest stamps (as many as the largest window counts, by time), the bucket, a hold. */
export interface ScheduleState {
  stamps: Stamp[];
  /** Ids for stamps, counted up. */
  seq: number;
  /** GCRA's theoretical arrival time: when the bucket is empty of debt. */
  tat?: number;
  /** No reservation before this (a provider's Retry-After). */
  holdUntil?: number;
  /** The latest reservation, so reservations stay in order. */
  last?: number;
}

/** A reservation: the ms from `now` until it, and its id for `settleSlot`. */
export interface Slot {
  waitMs: number;
  id: number;
}

/**
 * Network and timer jitter: a request reaches the provider a little after its slot, by an
 * amount that varies. A window is kept this much longer than the provider's, so two requests
 * one window apart on our side are a window apart on theirs too. 0.5% of a long window (a
 * minute loses 300 ms, the rate 0.995 of the plan's), 100 ms at least.
 */
export function jitterMs(windowMs: number): number {
  return Math.max(100, Math.ceil(windowMs * 0.005));
}

const BURST_WINDOW_MS = 1000;

function checkPolicy(policy: RatePolicy): void {
  const ok = (n: number) => Number.isFinite(n) && n > 0;
  const windowsOk = (policy.windows ?? []).every((w) => ok(w.rate) && ok(w.windowMs));
  if (!ok(policy.rate) || !ok(policy.windowMs) || !ok(policy.burst) || !windowsOk) {
    throw new RangeError(
      `rate policy needs positive finite rate, windowMs and burst (got rate=${policy.rate}, windowMs=${policy.windowMs}, burst=${policy.burst}${windowsOk ? '' : ', and a window without a positive rate or windowMs'})`,
    );
  }
}

/**
 * How a contract reads. `rate` per `windowMs` is a sliding window; `burst` below the rate of a
 * window longer than a second is a second window of one second (Enrich.so: 100 a minute, 25 in
 * any second); `burst` above the rate is a token bucket refilled at the rate (Leadfeeder), kept
 * a tenth short so requests that arrive bunched up never find it empty. Further `windows` are
 * evaluated at the same time (EnrichLayer: 300 a minute and 1,500 in any five minutes).
 */
export function rateShape(policy: RatePolicy): RateShape {
  checkPolicy(policy);
  const windows: SlidingWindow[] = [];
  let bucket: RateShape['bucket'];
  const sliding = (count: number, windowMs: number) => windows.push({ count: Math.floor(count) || 1, windowMs: windowMs + jitterMs(windowMs) });
  if (policy.burst > policy.rate) {
    // A tenth of the bucket (one token at least) kept spare: a request that reaches the
    // provider late lets the next ones arrive close behind it, each needing a token at once.
    const intervalMs = policy.windowMs / policy.rate;
    const spare = Math.max(1, Math.round(policy.burst / 10));
    bucket = { capacity: Math.max(1, Math.floor(policy.burst) - spare), intervalMs };
  } else {
    sliding(policy.rate, policy.windowMs);
    if (policy.burst < policy.rate && policy.windowMs > BURST_WINDOW_MS) sliding(policy.burst, BURST_WINDOW_MS);
  }
  for (const w of policy.windows ?? []) sliding(w.rate, w.windowMs);
  const tolerances = [...windows.map((w) => jitterMs(w.windowMs) / 2), ...(bucket ? [bucket.intervalMs / 2] : [])];
  return { windows, bucket, lateMs: Math.min(...tolerances) };
}

/** The largest window count: how many reservations a schedule must remember. */
export function stampsKept(shape: RateShape): number {
  return shape.windows.reduce((n, w) => Math.max(n, w.count), 0);
}

/** How long a schedule says anything after its last reservation: then it can be forgotten. */
export function scheduleTtlMs(shape: RateShape): number {
  const windows = shape.windows.reduce((n, w) => Math.max(n, w.windowMs), 0);
  return Math.ceil(Math.max(windows, shape.bucket ? shape.bucket.capacity * shape.bucket.intervalMs : 0)) + 1;
}

function insertByTime(stamps: Stamp[], stamp: Stamp): void {
  let i = stamps.length;
  while (i > 0 && stamps[i - 1]!.at > stamp.at) i--;
  if (i === stamps.length) stamps.push(stamp);
  else stamps.splice(i, 0, stamp);
}

/**
 * Reserve the earliest moment ≥ `now` at which every window and the bucket have room, after
 * every earlier reservation and any hold; record it in `state`. A window has room at `at` when
 * fewer than its count of stamps lie after `at - windowMs` — counting stamps later than `at`
 * too, so a stamp moved later by `settleSlot` is still counted wherever it now sits.
 */
export function reserveSlot(state: ScheduleState, shape: RateShape, now: number): { at: number; id: number } {
  let at = Math.max(now, state.holdUntil ?? now, state.last ?? now);
  const { stamps } = state;
  let longestMs = 0;
  for (const w of shape.windows) {
    longestMs = Math.max(longestMs, w.windowMs);
    // Fewer stamps than the window counts: it has room (a negative index would be a slow lookup).
    if (stamps.length >= w.count) at = Math.max(at, stamps[stamps.length - w.count]!.at + w.windowMs);
  }
  // Stamps every window has let go of say nothing any more: a wide limit keeps only its last window's.
  while (stamps.length > 0 && stamps[0]!.at + longestMs <= at) stamps.shift();
  const { bucket } = shape;
  if (bucket && state.tat !== undefined) at = Math.max(at, state.tat - (bucket.capacity - 1) * bucket.intervalMs);
  const id = ++state.seq;
  const keep = stampsKept(shape);
  if (keep > 0) {
    insertByTime(stamps, { at, id });
    if (stamps.length > keep) stamps.splice(0, stamps.length - keep);
  }
  if (bucket) state.tat = Math.max(state.tat ?? at, at) + bucket.intervalMs;
  state.last = at;
  return { at, id };
}

/**
 * The request of reservation `id` may have reached the provider as late as `at` (its answer came
 * then): count it there, so the requests reserved from now on keep a whole window from it. Only
 * ever moves a stamp later. A stamp no longer kept (more requests reserved after it than the
 * largest window counts, or let go of once older than every window) is put back at `at`.
 */
export function settleSlot(state: ScheduleState, shape: RateShape, id: number, at: number): void {
  const { stamps } = state;
  let i = stamps.length - 1;
  while (i >= 0 && stamps[i]!.id !== id) i--;
  const keep = stampsKept(shape);
  if (keep > 0 && (i < 0 || stamps[i]!.at < at)) {
    if (i >= 0) stamps.splice(i, 1);
    insertByTime(stamps, { at, id });
    if (stamps.length > keep) stamps.splice(0, stamps.length - keep);
  }
  if (shape.bucket && state.tat !== undefined) state.tat = Math.max(state.tat, at + shape.bucket.intervalMs);
}

/** No reservation before `until`; a shorter hold never cuts a longer one short. */
export function holdSlots(state: ScheduleState, until: number): void {
  state.holdUntil = Math.max(state.holdUntil ?? until, until);
}
