/**
 * The five providers' limit shapes as the throughput benchmark runs them: the sandbox set to the
 * contract, a free (or audit-only) call to repeat, and the contract as a RatePolicy to work out
 * the most it allows. Shared by the benchmark and its worker processes.
 */
import type { RatePolicy } from '../../shared/catalog/types';
import { createClient } from '../../shared/client';
import type { Clock } from '../../shared/clock';
import { enrichLayer } from '../../shared/providers/enrichLayer';
import { enrichSo } from '../../shared/providers/enrichSo';
import { influencersClub } from '../../shared/providers/influencersClub';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { smarte } from '../../shared/providers/smarte';
import type { Store } from '../../shared/store/types';
import type { Sandbox, SandboxOptions } from '../../sandbox/server';
import { DEFAULT_API_KEY as ENRICH_SO_KEY } from '../../sandbox/providers/enrich-so/config';

export type RateCaseId = 'enrichSo' | 'influencersClub' | 'leadfeeder' | 'enrichLayer' | 'smarte';

/** How a client reaches the sandbox's provider (passed to worker processes as env). */
export interface Endpoint {
  baseUrl: string;
  apiKey: string;
  accountId?: string;
}

export interface RateCase {
  id: RateCaseId;
  /** The contract, in words, for the table. */
  label: string;
  /** The contract as the sandbox enforces it (for the most it allows). */
  contract: RatePolicy;
  /** Sandbox time runs this many times faster than real time. */
  factor: number;
  /** Sandbox time measured. */
  durationMs: number;
  sandbox: SandboxOptions;
  endpoint(sandbox: Sandbox): Endpoint;
  /** One call per `n`, through the core client. */
  caller(endpoint: Endpoint, clock: Clock, store?: Store): (n: number) => Promise<unknown>;
}

const MINUTE = 60_000;
const SMARTE_CONTRACT = 60;

export const RATE_CASES: RateCase[] = [
  {
    id: 'enrichSo',
    label: 'Enrich.so growth paid lookups: 100/min, 25 in any second',
    contract: { rate: 100, windowMs: MINUTE, burst: 25 },
    factor: 10,
    durationMs: 3 * MINUTE,
    sandbox: { enrichSo: { accounts: [{ apiKey: ENRICH_SO_KEY, plan: 'growth' }] } },
    endpoint: (s) => ({ baseUrl: s.providers.enrichSo.baseUrl, apiKey: s.providers.enrichSo.apiKey }),
    caller: (e, clock, store) => {
      const client = createClient({ provider: enrichSo, apiKey: e.apiKey, baseUrl: e.baseUrl, clock, store, plan: 'growth', retry: { retries: 0 } });
      return (n) => client.call('emailValidation.validate', { email: `bench.${n}@acme.com` });
    },
  },
  {
    id: 'influencersClub',
    label: 'influencers.club: 300/min',
    contract: { rate: 300, windowMs: MINUTE, burst: 300 },
    factor: 10,
    durationMs: 3 * MINUTE,
    sandbox: { influencersClub: { rateLimit: { rate: 300, windowMs: MINUTE, burst: 300 } } },
    endpoint: (s) => ({ baseUrl: s.providers.influencersClub.baseUrl, apiKey: s.providers.influencersClub.apiKey }),
    caller: (e, clock, store) => {
      const client = createClient({ provider: influencersClub, apiKey: e.apiKey, baseUrl: e.baseUrl, clock, store, retry: { retries: 0 } });
      return () => client.call('account.getCredits', {}, { noCache: true });
    },
  },
  {
    id: 'leadfeeder',
    label: 'Leadfeeder: 10/s, bursts of 15 (token bucket)',
    contract: { rate: 10, windowMs: 1_000, burst: 15 },
    // Real time: at 2× a host stall of 100 ms already bunches up three requests (the bucket's
    // tolerance is its spare tokens, 200 ms of refill, in sandbox time).
    factor: 1,
    durationMs: 30_000,
    sandbox: { leadfeeder: { rateLimit: { perSecond: 10, burst: 15 } } },
    endpoint: (s) => ({ baseUrl: s.providers.leadfeeder.baseUrl, apiKey: s.providers.leadfeeder.apiKey, accountId: s.providers.leadfeeder.accountId }),
    caller: (e, clock, store) => {
      const client = createClient({
        provider: leadfeeder,
        apiKey: e.apiKey,
        baseUrl: e.baseUrl,
        credential: { accountId: e.accountId ?? '' },
        clock,
        store,
        retry: { retries: 0 },
      });
      return () => client.call('tag.list', {}, { noCache: true });
    },
  },
  {
    id: 'enrichLayer',
    label: 'EnrichLayer: 300/min and 1,500 in any 5 min',
    contract: { rate: 300, windowMs: MINUTE, burst: 300, windows: [{ rate: 1_500, windowMs: 5 * MINUTE }] },
    factor: 10,
    durationMs: 5 * MINUTE,
    sandbox: { enrichLayer: { perFiveMinutes: 1_500, perMinute: 300 } },
    endpoint: (s) => ({ baseUrl: s.providers.enrichLayer.baseUrl, apiKey: s.providers.enrichLayer.apiKey }),
    caller: (e, clock, store) => {
      const client = createClient({ provider: enrichLayer, apiKey: e.apiKey, baseUrl: e.baseUrl, clock, store, retry: { retries: 0 } });
      return () => client.call('meta.getCreditBalance', {}, { noCache: true });
    },
  },
  {
    id: 'smarte',
    label: `SMARTe: a contract of ${SMARTE_CONTRACT}/min (set in the credential)`,
    contract: { rate: SMARTE_CONTRACT, windowMs: MINUTE, burst: SMARTE_CONTRACT },
    factor: 10,
    durationMs: 3 * MINUTE,
    sandbox: { smarte: { rateLimit: { rate: SMARTE_CONTRACT, windowMs: MINUTE, burst: SMARTE_CONTRACT } } },
    endpoint: (s) => ({ baseUrl: s.providers.smarte.baseUrl, apiKey: s.providers.smarte.apiKey }),
    caller: (e, clock, store) => {
      const client = createClient({
        provider: smarte,
        apiKey: e.apiKey,
        baseUrl: e.baseUrl,
        clock,
        store,
        requestRate: SMARTE_CONTRACT,
        retry: { retries: 0 },
      });
      return () => client.call(smarte.credentialTestOp, smarte.credentialTestInput ?? {}, { noCache: true });
    },
  },
];

/**
 * The most requests the contract lets through in [0, durationMs), each sent at the earliest
 * moment it allows: sliding windows as the sandbox counts them, or a full token bucket.
 */
export function contractMaximum(policy: RatePolicy, durationMs: number): number {
  const bucket = policy.burst > policy.rate;
  const windows = bucket ? [] : [{ count: policy.rate, windowMs: policy.windowMs }];
  if (policy.burst < policy.rate && policy.windowMs > 1_000) windows.push({ count: policy.burst, windowMs: 1_000 });
  for (const w of policy.windows ?? []) windows.push({ count: w.rate, windowMs: w.windowMs });
  const interval = policy.windowMs / policy.rate;
  const times: number[] = [];
  for (let i = 0; ; i++) {
    let at = times[i - 1] ?? 0;
    for (const w of windows) at = Math.max(at, (times[i - w.count] ?? -Infinity) + w.windowMs);
    if (bucket) at = Math.max(at, (i - policy.burst + 1) * interval);
    if (at >= durationMs) return times.length;
    times.push(at);
  }
}
