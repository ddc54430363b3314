/**
 * The provider's documented rate limits as Zapier `throttle` configuration. The app-level
 * throttle is the provider's general bucket; an action in a narrower bucket (paid lookups, batch
 * submits) gets that bucket's limit under a shared key, so every action in the bucket counts
 * against one limit, like the provider counts them. Scoped per connection (`auth`): the
 * providers limit per API key / organization.
 */
import type { OperationSpec, ProviderCatalog, RatePolicy } from '../../shared';
import type { ZThrottle } from './zapier';

export function throttleFrom(policy: RatePolicy, key?: string): ZThrottle {
  const window = Math.max(1, Math.round(policy.windowMs / 1000));
  return { window, limit: Math.max(1, Math.floor(policy.rate)), ...(key ? { key } : {}), scope: ['auth'] };
}

export function appThrottle(catalog: ProviderCatalog): ZThrottle {
  return throttleFrom(catalog.rateLimits.default);
}

/** Undefined: the action uses the app-level throttle. */
export function throttleFor(catalog: ProviderCatalog, op: OperationSpec): ZThrottle | undefined {
  const bucket = op.rateBucket;
  if (!bucket || bucket === 'default') return undefined;
  const policy = catalog.rateLimits[bucket];
  return policy ? throttleFrom(policy, `${catalog.id}-${bucket}`) : undefined;
}
