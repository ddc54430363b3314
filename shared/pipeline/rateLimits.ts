/**
 * Which rate limits a request counts in (the throttle piece): the account's plan, the
 * credential's contracted rate or explicit policies decide each bucket's policy; the provider's
 * own rate headers and refusals pause everybody on the bucket until its window resets.
 */
import type { OperationSpec, ProviderCatalog, RatePolicy } from '../catalog/types';
import type { Clock } from '../clock';
import { credentialRatePolicy } from '../credentials';
import { ValidationError } from '../errors';
import type { Throttle } from '../throttle';
import type { HttpResponse } from '../transport/types';

export interface RateLimit {
  /** The throttle bucket: provider, account and bucket name (never the key). */
  key: string;
  policy: RatePolicy;
}

export interface RateSettings {
  plan?: string;
  /** Explicit policies; they win over the plan's and the credential's rate. */
  rateLimits?: Partial<Record<string, RatePolicy>>;
  /** The credential's request rate (per `provider.rateSetting.per`). */
  requestRate?: number;
}

export class RateLimits {
  private readonly planLimits: Record<string, RatePolicy> & { default: RatePolicy };
  private readonly credentialRate: RatePolicy | undefined;
  private readonly limits = new Map<string, RateLimit>();

  constructor(
    private readonly provider: ProviderCatalog,
    private readonly account: string,
    private readonly settings: RateSettings,
    readonly throttle: Throttle,
    private readonly clock: Clock,
  ) {
    this.planLimits = planLimits(provider, settings.plan);
    this.credentialRate = credentialRatePolicy(provider, settings.requestRate);
  }

  /** Every limit a request of `op` counts in: its bucket's, and the general one where that covers all. */
  policies(op: OperationSpec): RateLimit[] {
    const bucket = op.rateBucket ?? 'default';
    const own = this.ratePolicy(bucket);
    return bucket !== 'default' && this.provider.defaultLimitsCoverAll ? [own, this.ratePolicy('default')] : [own];
  }

  private ratePolicy(bucket: string): RateLimit {
    const limits = this.planLimits;
    const policy = this.settings.rateLimits?.[bucket] ?? this.credentialRate ?? limits[bucket] ?? this.settings.rateLimits?.default ?? limits.default;
    // The same limit object (and key string) call after call while the policy stays the same:
    // the store finds a schedule by a key it has hashed before.
    let limit = this.limits.get(bucket);
    if (limit?.policy !== policy) this.limits.set(bucket, (limit = { key: `${this.provider.id}:${this.account}:${bucket}`, policy }));
    return limit;
  }

  /** When the provider says the window is used up, everybody on this bucket waits for the reset (the pause, else nothing to wait for). */
  respectRateHeaders(bucketKey: string, response: HttpResponse): Promise<void> | undefined {
    const remaining = response.headers['x-ratelimit-remaining'];
    const reset = response.headers['x-ratelimit-reset'];
    if (remaining === undefined || reset === undefined || Number(remaining) > 0) return;
    const seconds = Number(reset);
    if (!Number.isFinite(seconds) || seconds <= 0) return;
    const waitMs = seconds > 1e9 ? seconds * 1000 - this.clock.now() : seconds * 1000;
    return waitMs > 0 ? this.throttle.pauseUntil(bucketKey, this.clock.now() + waitMs) : undefined;
  }
}

/** The rate policies of `plan` (the catalog's own when the provider publishes no plans). */
function planLimits(provider: ProviderCatalog, plan: string | undefined): Record<string, RatePolicy> & { default: RatePolicy } {
  if (!plan || !provider.plans) return provider.rateLimits;
  const limits = provider.plans.limits[plan];
  if (!limits?.default) {
    const plans = Object.keys(provider.plans.limits).join(', ');
    throw new ValidationError(`${provider.displayName} has no plan "${plan}" (plans: ${plans})`, [{ field: 'plan', rule: `one of ${plans}` }]);
  }
  return limits as Record<string, RatePolicy> & { default: RatePolicy };
}
