/**
 * The client's way to the wire, put together from its options: the rate limits (shared through
 * the store), the key's request quota where the catalog declares one, the retry policy, and the
 * Sender that holds the key.
 */
import type { ProviderCatalog } from '../catalog/types';
import type { Clock } from '../clock';
import type { CredentialScope } from '../credentials';
import { type Notice, RequestQuotaCounter } from '../quota';
import { defaultRetryOptions, type RetryOptions } from '../retry';
import type { SecretRedactor } from '../secrets';
import type { Store } from '../store/types';
import { Throttle } from '../throttle';
import type { Transport } from '../transport/types';
import { RateLimits, type RateSettings } from './rateLimits';
import { Sender } from './send';

export interface WireOptions extends RateSettings {
  retry?: Partial<RetryOptions>;
  random?: () => number;
  timeoutMs?: number;
}

export function senderFor(
  parts: { provider: ProviderCatalog; baseUrl: string; scope: CredentialScope; transport: Transport; store: Store; clock: Clock; account: string },
  opts: WireOptions,
  secrets: { apiKey?: string; headers?: Record<string, string>; redact: SecretRedactor },
  notify: (notice: Notice) => void,
): Sender {
  const { provider, store, clock, account } = parts;
  const rates = new RateLimits(provider, account, opts, new Throttle(store, clock), clock);
  // The quota belongs to the key.
  const quota = provider.requestQuota
    ? new RequestQuotaCounter(store, clock, provider.requestQuota, { provider: provider.id, displayName: provider.displayName, account }, notify)
    : undefined;
  return new Sender(
    {
      provider,
      baseUrl: parts.baseUrl,
      scope: parts.scope,
      transport: parts.transport,
      rates,
      quota,
      clock,
      retry: { ...defaultRetryOptions, ...opts.retry },
      random: opts.random,
      timeoutMs: opts.timeoutMs,
    },
    secrets,
  );
}
