/**
 * Long-period request quotas (Leadfeeder: 100,000 requests a month per key), counted in the
 * Store so every run and worker sharing it counts together. Each request takes one unit before
 * it is sent; the unit that would exceed the quota is given back and the call refused with a
 * clear error, so the provider never has to refuse it. Past `warnAt` (90%) every run is told.
 */
import type { RequestQuota } from './catalog/types';
import type { Clock } from './clock';
import { EnrichflowError } from './errors';
import type { Store } from './store/types';

/** Something a run should tell its user without failing (an n8n hint, a Zapier log line). */
export type Notice =
  | {
      kind: 'quota_warning';
      message: string;
      used: number;
      limit: number;
      /** ISO time the quota resets. */
      resetsAt: string;
    }
  | {
      /** The provider charged for a request meant to be free (an audit-only check). */
      kind: 'charged_free_call';
      message: string;
      charged: number;
    };

/** The quota would be exceeded: nothing was sent. Not retryable before `resetsAt`. */
export class QuotaExceededError extends EnrichflowError {
  constructor(
    message: string,
    readonly limit: number,
    readonly resetsAt: string,
    opts: ConstructorParameters<typeof EnrichflowError>[2] = {},
  ) {
    super('rate_limited', message, { ...opts, retryable: false });
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limit: this.limit, resetsAt: this.resetsAt };
  }
}

/** Start and end (exclusive) of the calendar month in UTC holding `now`. */
export function monthOf(now: number): { start: number; end: number; label: string } {
  const d = new Date(now);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { start, end, label: new Date(start).toISOString().slice(0, 7) };
}

/** Where a key's count for one month (`2026-03`) lives in the store (shared by every backend). */
export function quotaStoreKey(provider: string, account: string, month: string): string {
  return `quota:${provider}:${account}:${month}`;
}

export class RequestQuotaCounter {
  private warned = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly quota: RequestQuota,
    private readonly scope: { provider: string; displayName: string; account: string },
    private readonly notify: (notice: Notice) => void,
  ) {
    if (!(Number.isInteger(quota.requests) && quota.requests > 0))
      throw new RangeError(`request quota must be a positive whole number (got ${quota.requests})`);
  }

  private key(label: string): string {
    return quotaStoreKey(this.scope.provider, this.scope.account, label);
  }

  /** Requests counted in the current period. */
  async used(): Promise<number> {
    return (await this.store.get<number>(this.key(monthOf(this.clock.now()).label))) ?? 0;
  }

  /** The month `now` falls in and its store key, worked out once a month rather than on every request. */
  private period?: { start: number; end: number; key: string };

  private periodAt(now: number): { start: number; end: number; key: string } {
    if (!this.period || now < this.period.start || now >= this.period.end) {
      const month = monthOf(now);
      this.period = { start: month.start, end: month.end, key: this.key(month.label) };
    }
    return this.period;
  }

  /** Take one request from the quota, or throw QuotaExceededError (nothing taken). */
  async take(): Promise<void> {
    const now = this.clock.now();
    const { end, key } = this.periodAt(now);
    // The counter outlives its month by a day, so workers with slightly different clocks agree.
    const used = await this.store.incrBy(key, 1, end - now + 24 * 3600_000);
    const limit = this.quota.requests;
    const warnAt = Math.ceil(limit * (this.quota.warnAt ?? 0.9));
    if (used <= limit && (used < warnAt || this.warned)) return;
    const resetsAt = new Date(end).toISOString();
    if (used > limit) {
      await this.store.incrBy(key, -1);
      throw new QuotaExceededError(
        `${this.scope.displayName}: the monthly quota of ${limit} requests is used up (${limit} of ${limit} this month); nothing was sent. It resets at ${resetsAt}.`,
        limit,
        resetsAt,
        { provider: this.scope.provider },
      );
    }
    if (used >= warnAt && !this.warned) {
      this.warned = true;
      this.notify({
        kind: 'quota_warning',
        message: `${this.scope.displayName}: ${used} of the ${limit} requests of this month's quota are used (${Math.floor((used / limit) * 100)}%); it resets at ${resetsAt}.`,
        used,
        limit,
        resetsAt,
      });
    }
  }
}
