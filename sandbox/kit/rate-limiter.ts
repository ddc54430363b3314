/**
 * Strict sliding-window limiter. For each key it keeps the times of accepted requests and
 * admits a new one only if fewer than `rate` were accepted in the last `windowMs` AND fewer
 * than `burst` in the last 1000 ms (half-open windows). No fixed-window edge to exploit: a
 * client that passes here passes any real limiter with the same numbers.
 * Rejected requests are not recorded, so waiting Retry-After is always enough.
 */

export interface RateRule {
  /** Requests allowed in any window of `windowMs`. */
  rate: number;
  windowMs: number;
  /** Requests allowed in any 1000 ms. */
  burst: number;
}

export interface RateCheck {
  key: string;
  rule: RateRule;
}

export interface RateDecision {
  allowed: boolean;
  /** The rule whose numbers go into the headers (the tightest one, or the one that refused). */
  rule: RateRule;
  limit: number;
  remaining: number;
  /** Seconds until the window has room again (X-RateLimit-Reset is seconds, not an epoch). */
  resetSec: number;
  /** Seconds to wait before a retry can pass; 0 when allowed. */
  retryAfterSec: number;
}

const BURST_WINDOW_MS = 1000;

export class SlidingWindowLimiter {
  private readonly log = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Check every bucket; record the request in all of them only if all admit it. */
  take(checks: readonly RateCheck[]): RateDecision | undefined {
    if (checks.length === 0) return undefined;
    const t = this.now();
    const refusals: RateDecision[] = [];
    for (const c of checks) {
      const wait = this.waitMs(c, t);
      if (wait > 0) refusals.push(this.describe(c, t, false, wait));
    }
    if (refusals.length > 0) {
      // The longest wait wins; on a tie, the tighter bucket's numbers go into the headers.
      return refusals.reduce((a, b) => (b.retryAfterSec > a.retryAfterSec || (b.retryAfterSec === a.retryAfterSec && b.remaining < a.remaining) ? b : a));
    }
    for (const c of checks) {
      const list = this.stamps(c.key, c.rule, t);
      // Kept in time order even if the clock is set back (a test's fake clock).
      if (list.length === 0 || (list[list.length - 1] as number) <= t) list.push(t);
      else list.splice(firstAfter(list, t), 0, t);
    }
    const decisions = checks.map((c) => this.describe(c, t, true, 0));
    return decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  }

  reset(): void {
    this.log.clear();
  }

  /** The key's stamps, oldest first, without those every window has let go of. */
  private stamps(key: string, rule: RateRule, t: number): number[] {
    let list = this.log.get(key);
    if (!list) {
      list = [];
      this.log.set(key, list);
    }
    const drop = firstAfter(list, t - Math.max(rule.windowMs, BURST_WINDOW_MS));
    if (drop > 0) list.splice(0, drop);
    return list;
  }

  /** Milliseconds until this bucket would admit a request (0 = now). */
  private waitMs(c: RateCheck, t: number): number {
    const list = this.stamps(c.key, c.rule, t);
    let wait = 0;
    // The stamps are in time order: the ones in a window are a tail of the list, found by
    // bisection, so a check costs the same with 10 or 100,000 requests in the window.
    if (list.length - firstAfter(list, t - c.rule.windowMs) >= c.rule.rate) {
      const expiring = list[list.length - c.rule.rate] as number;
      wait = Math.max(wait, expiring + c.rule.windowMs - t);
    }
    if (list.length - firstAfter(list, t - BURST_WINDOW_MS) >= c.rule.burst) {
      const expiring = list[list.length - c.rule.burst] as number;
      wait = Math.max(wait, expiring + BURST_WINDOW_MS - t);
    }
    return wait;
  }

  private describe(c: RateCheck, t: number, allowed: boolean, waitMs: number): RateDecision {
    const list = this.stamps(c.key, c.rule, t);
    const first = firstAfter(list, t - c.rule.windowMs);
    const oldest = list[first];
    const resetMs = oldest === undefined ? 0 : oldest + c.rule.windowMs - t;
    return {
      allowed,
      rule: c.rule,
      limit: c.rule.rate,
      remaining: Math.max(0, c.rule.rate - (list.length - first)),
      resetSec: Math.ceil(resetMs / 1000),
      retryAfterSec: allowed ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
    };
  }
}

/** The index of the first stamp later than `time` (the list's length when none is). */
function firstAfter(list: readonly number[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) > time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
