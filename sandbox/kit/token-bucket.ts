/**
 * A token-bucket limiter, for providers that state a rate and a larger burst on the same second
 * (Leadfeeder: 10 a second, bursts of 15): up to `burst` at once, refilled at `perSecond`.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  /** Take a token for `key`; when refused, the seconds until one is back (for Retry-After). */
  take(key: string, rule: { perSecond: number; burst: number }): { allowed: boolean; retryAfterSec: number } {
    const t = this.now();
    const state = this.buckets.get(key) ?? { tokens: rule.burst, at: t };
    const tokens = Math.min(rule.burst, state.tokens + ((t - state.at) * rule.perSecond) / 1000);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: t });
      return { allowed: true, retryAfterSec: 0 };
    }
    this.buckets.set(key, { tokens, at: t });
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(((1 - tokens) * 1000) / rule.perSecond / 1000)) };
  }

  reset(): void {
    this.buckets.clear();
  }
}
