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
    for (const c of checks) this.stamps(c.key, c.rule, t).push(t);
    const decisions = checks.map((c) => this.describe(c, t, true, 0));
    return decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  }

  reset(): void {
    this.log.clear();
  }

  private stamps(key: string, rule: RateRule, t: number): number[] {
    let list = this.log.get(key);
    if (!list) {
      list = [];
      this.log.set(key, list);
    }
    const horizon = t - Math.max(rule.windowMs, BURST_WINDOW_MS);
    let drop = 0;
    while (drop < list.length && (list[drop] as number) <= horizon) drop++;
    if (drop > 0) list.splice(0, drop);
    return list;
  }

  /** Milliseconds until this bucket would admit a request (0 = now). */
  private waitMs(c: RateCheck, t: number): number {
    const list = this.stamps(c.key, c.rule, t);
    let wait = 0;
    const inWindow = list.filter((s) => s > t - c.rule.windowMs);
    if (inWindow.length >= c.rule.rate) {
      const expiring = inWindow[inWindow.length - c.rule.rate] as number;
      wait = Math.max(wait, expiring + c.rule.windowMs - t);
    }
    const inBurst = list.filter((s) => s > t - BURST_WINDOW_MS);
    if (inBurst.length >= c.rule.burst) {
      const expiring = inBurst[inBurst.length - c.rule.burst] as number;
      wait = Math.max(wait, expiring + BURST_WINDOW_MS - t);
    }
    return wait;
  }

  private describe(c: RateCheck, t: number, allowed: boolean, waitMs: number): RateDecision {
    const inWindow = this.stamps(c.key, c.rule, t).filter((s) => s > t - c.rule.windowMs);
    const oldest = inWindow[0];
    const resetMs = oldest === undefined ? 0 : oldest + c.rule.windowMs - t;
    return {
      allowed,
      rule: c.rule,
      limit: c.rule.rate,
      remaining: Math.max(0, c.rule.rate - inWindow.length),
      resetSec: Math.ceil(resetMs / 1000),
      retryAfterSec: allowed ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
    };
  }
}
