/** Enrich.so sandbox configuration: accounts, plans and their rate limits, and the switches for the reference's open questions. */
import type { RateRule } from '../../kit/rate-limiter';

export type Plan = 'free' | 'growth' | 'scale' | 'pro' | 'enterprise';
export type AccessStatus = 'approved' | 'none' | 'pending' | 'rejected' | 'revoked';
export type Bucket = 'default' | 'enrichment' | 'bulkSubmit';
export type ErrorShape = 'problem' | 'flat' | 'sdk';

export interface EnrichSoAccount {
  apiKey: string;
  plan: Plan;
  balance: number;
  teamId: string;
  /** Keys with the same organizationId share one wallet and one set of rate buckets. */
  organizationId: string;
  companyFollowerAccess: AccessStatus;
  /** The team owner's email (teams endpoints). */
  ownerEmail: string;
}

export interface JobFaults {
  /** Every webhook POST is sent twice. */
  duplicateCallbacks: boolean;
  /** Item callbacks held back, shuffled, and the completion sent halfway through them. */
  outOfOrderCallbacks: boolean;
  /** Jobs submitted while set: the wallet is drained after this many items and the rest fail. */
  drainAfterItems: number | null;
}

export interface EnrichSoSandboxConfig {
  accounts: EnrichSoAccount[];
  errorShape: ErrorShape;
  /** Per-bucket overrides of the plan's limits (omitted fields keep the plan's); `null` switches a bucket off. */
  rateLimits: Partial<Record<Bucket, Partial<RateRule> | null>>;
  /** Job speed on the sandbox clock. */
  itemsPerSecond: number;
  queueDelayMs: number;
  /** Bulk phone reservation/charge per item: the credits page says 500, the endpoint description 10. */
  phoneBulkCreditsPerItem: 500 | 10;
  creditsPerFollowerProfile: number;
  followerDailyLimit: number;
  /** How long a follower count estimate runs. */
  countEstimateMs: number;
  /** A second IP batch with the same IPs inside this window is a 409. */
  ipDuplicateWindowMs: number;
  /** A completed lead export's download expires (410) after this long. */
  exportExpiryMs: number;
  leadSearchMaxPages: number;
  /**
   * Free Lead Finder searches a month (§5.4: 50). What counts as one search is not documented:
   * the sandbox plays the costliest reading — every request that gets free results uses one.
   */
  leadSearchFreeSearchesPerMonth: number;
  /** §5.5 shows teams answers bare; the harvested OpenAPI wraps them in `{success, data}`. */
  teamsShape: 'bare' | 'envelope';
  /** Company-follower event names are not in providers.md; `harvested` uses the 3P-SPEC names. */
  companyFollowerEvents: 'sandbox' | 'harvested';
  /**
   * Bulk reverse-lookup results are profiles; §5.5 promises no field naming the email each was
   * found for. `omitted` (the default) plays the reference as written, `included` adds `email`.
   */
  reverseLookupResultEmail: 'included' | 'omitted';
  /**
   * The credits page says every successful answer carries `creditsUsed`/`creditsRemaining`; the
   * endpoint pages show them on paid answers only. `paid` (default) plays the endpoint pages,
   * `every` adds `creditsUsed: 0` and the balance to the free answers too.
   */
  creditsMeta: 'paid' | 'every';
  webhook: { retries: number; retryDelayMs: number; timeoutMs: number };
  jobFaults: JobFaults;
}

export const DEFAULT_API_KEY = 'sk_test_enrichflow_sandbox';

const MINUTE = 60_000;
const rule = (rate: number, burst: number): RateRule => ({ rate, windowMs: MINUTE, burst });

/** providers.md §5.3. Enterprise has no per-endpoint overrides; no bulk limit is published for it. */
export const PLAN_LIMITS: Record<Plan, Record<Bucket, RateRule | null>> = {
  free: { default: rule(60, 5), enrichment: rule(10, 5), bulkSubmit: rule(2, 1) },
  growth: { default: rule(300, 25), enrichment: rule(100, 25), bulkSubmit: rule(10, 3) },
  scale: { default: rule(1000, 50), enrichment: rule(500, 50), bulkSubmit: rule(20, 5) },
  pro: { default: rule(5000, 100), enrichment: rule(2000, 100), bulkSubmit: rule(50, 10) },
  enterprise: { default: rule(10000, 200), enrichment: null, bulkSubmit: null },
};

export type AccountInput = Partial<EnrichSoAccount> & { apiKey: string };

export function normalizeAccount(input: AccountInput, index: number): EnrichSoAccount {
  assertSandboxKey(input.apiKey);
  const org = input.organizationId ?? `66${String(index + 1).padStart(22, '0')}`;
  return {
    apiKey: input.apiKey,
    plan: input.plan ?? 'growth',
    balance: input.balance ?? 1_000_000,
    teamId: input.teamId ?? `team_${org.slice(-6)}`,
    organizationId: org,
    companyFollowerAccess: input.companyFollowerAccess ?? 'approved',
    ownerEmail: input.ownerEmail ?? 'owner@sandbox-org.example',
  };
}

/** Real-looking production keys have no business in a sandbox: refuse them so nobody pastes one in. */
export function assertSandboxKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new RangeError('apiKey must be a non-empty string');
  if (key.startsWith('sk_live_') || key.startsWith('sk_prod_')) {
    throw new RangeError('the sandbox refuses sk_live_/sk_prod_ keys; use a made-up key such as sk_test_…');
  }
}

export function defaultConfig(): EnrichSoSandboxConfig {
  return {
    accounts: [normalizeAccount({ apiKey: DEFAULT_API_KEY }, 0)],
    errorShape: 'problem',
    rateLimits: {},
    itemsPerSecond: 200,
    queueDelayMs: 0,
    phoneBulkCreditsPerItem: 500,
    creditsPerFollowerProfile: 100,
    followerDailyLimit: 5000,
    countEstimateMs: 3000,
    ipDuplicateWindowMs: 60_000,
    exportExpiryMs: 24 * 3600_000,
    leadSearchMaxPages: 40,
    leadSearchFreeSearchesPerMonth: 50,
    teamsShape: 'bare',
    companyFollowerEvents: 'sandbox',
    reverseLookupResultEmail: 'omitted',
    creditsMeta: 'paid',
    webhook: { retries: 3, retryDelayMs: 100, timeoutMs: 5000 },
    jobFaults: { duplicateCallbacks: false, outOfOrderCallbacks: false, drainAfterItems: null },
  };
}

export type EnrichSoConfigInput = Partial<Omit<EnrichSoSandboxConfig, 'accounts' | 'webhook' | 'jobFaults'>> & {
  accounts?: AccountInput[];
  /** Switch every account to this plan, keeping wallets and state (unlike `accounts`). */
  plan?: Plan;
  webhook?: Partial<EnrichSoSandboxConfig['webhook']>;
  jobFaults?: Partial<JobFaults>;
};

/** Merge a partial config; `accounts` replaces the list, the nested objects merge one level. */
export function mergeConfig(base: EnrichSoSandboxConfig, patch: EnrichSoConfigInput): EnrichSoSandboxConfig {
  const { plan, ...rest } = patch;
  if (plan !== undefined && !(plan in PLAN_LIMITS)) throw new RangeError(`unknown plan ${String(plan)}`);
  const next: EnrichSoSandboxConfig = {
    ...base,
    ...stripUndefined(rest),
    accounts: patch.accounts ? patch.accounts.map(normalizeAccount) : base.accounts,
    rateLimits: { ...base.rateLimits, ...(patch.rateLimits ?? {}) },
    webhook: { ...base.webhook, ...(patch.webhook ?? {}) },
    jobFaults: { ...base.jobFaults, ...(patch.jobFaults ?? {}) },
  };
  if (next.accounts.length === 0) throw new RangeError('at least one account is needed');
  if (!(next.itemsPerSecond > 0)) throw new RangeError('itemsPerSecond must be > 0');
  if (next.phoneBulkCreditsPerItem !== 500 && next.phoneBulkCreditsPerItem !== 10) throw new RangeError('phoneBulkCreditsPerItem is 500 or 10');
  if (!['problem', 'flat', 'sdk'].includes(next.errorShape)) throw new RangeError('errorShape is problem, flat or sdk');
  for (const [bucket, r] of Object.entries(next.rateLimits)) {
    for (const k of ['rate', 'windowMs', 'burst'] as const) {
      if (r && r[k] !== undefined && !(r[k] > 0)) throw new RangeError(`rateLimits.${bucket}.${k} must be > 0`);
    }
  }
  return next;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function rulesFor(config: EnrichSoSandboxConfig, plan: Plan): Record<Bucket, RateRule | null> {
  const planRules = PLAN_LIMITS[plan];
  const pick = (b: Bucket): RateRule | null => {
    const o = config.rateLimits[b];
    if (o === undefined) return planRules[b];
    if (o === null) return null;
    const base = planRules[b] ?? planRules.default ?? { rate: o.rate ?? 60, windowMs: MINUTE, burst: o.rate ?? 60 };
    return { rate: o.rate ?? base.rate, windowMs: o.windowMs ?? base.windowMs, burst: o.burst ?? base.burst };
  };
  return { default: pick('default'), enrichment: pick('enrichment'), bulkSubmit: pick('bulkSubmit') };
}

/** For logs and the control API: never show a whole key. */
export function maskKey(key: string): string {
  return key.length <= 8 ? '…' : `${key.slice(0, 8)}…${key.slice(-4)}`;
}
