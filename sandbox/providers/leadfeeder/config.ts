/**
 * Leadfeeder sandbox configuration: keys and the accounts they reach, credits, limits, and the
 * switches for the reference's open questions (§2, §7): which calls charge, whether detail
 * calls report `meta.credits.charged`, 401 or 403 for a bad key, and the IP-enrichment path.
 */
export interface LeadfeederAccount {
  id: string;
  name: string;
  /** Credits of the billing period. */
  credits: number;
}

export interface LeadfeederUser {
  apiKey: string;
  email: string;
  /** Accounts the key can reach. */
  accounts: LeadfeederAccount[];
}

export interface LeadfeederSandboxConfig {
  users: LeadfeederUser[];
  /** Bad or missing key: 403 with a flat `{code, message}` (docs) or 401 with `errors[]` + `error{}` (OpenAPI). */
  authFailureStatus: 401 | 403;
  /**
   * Search, match and IP enrichment: charge 1 per record not yet subscribed and report it
   * (`paid`), free identity calls (`free`), or free calls that report `meta.credits.charged: 0`
   * (`freeReported`: both sources at once — the report exists, the search costs nothing).
   */
  searchCharges: 'paid' | 'free' | 'freeReported';
  /**
   * The plan's search entitlement (§2.5: Basic Search = core identifiers, Advanced Search =
   * firmographic filters, signals, news). Under `basic`, a company search using a firmographic
   * criterion is refused 403 `insufficient_entitlements` (which criteria are "advanced" is the
   * sandbox's reading: the reference names the split, not the fields).
   */
  searchEntitlement: 'advanced' | 'basic';
  /** Detail and multi-id retrieval report `meta.credits.charged` too (only search/match are seen doing so). */
  detailReportsCredits: boolean;
  /** Which IP-enrichment path answers (the other one is a 404). */
  ipEnrichPath: '/ip/enrich' | '/ip-enrich';
  /** 10 requests a second per key, bursts of 15. */
  rateLimit: { perSecond: number; burst: number } | null;
  /** Requests a key may make per calendar month (UTC). */
  monthlyQuota: number;
  /** Companies in the sandbox's data set (the first 2/3 visit the website now and then). */
  companies: number;
}

export const DEFAULT_LEADFEEDER_KEY = 'lf_test_enrichflow_sandbox';

export function defaultLeadfeederConfig(): LeadfeederSandboxConfig {
  return {
    users: [
      {
        apiKey: DEFAULT_LEADFEEDER_KEY,
        email: 'owner@sandbox.example',
        accounts: [
          { id: 'acc_sandbox_1', name: 'Sandbox Inc', credits: 1000 },
          { id: 'acc_sandbox_2', name: 'Sandbox GmbH', credits: 50 },
        ],
      },
    ],
    authFailureStatus: 403,
    searchCharges: 'paid',
    searchEntitlement: 'advanced',
    detailReportsCredits: false,
    ipEnrichPath: '/ip/enrich',
    rateLimit: { perSecond: 10, burst: 15 },
    monthlyQuota: 100_000,
    companies: 60,
  };
}

export type LeadfeederConfigInput = Partial<LeadfeederSandboxConfig>;

export function mergeLeadfeederConfig(base: LeadfeederSandboxConfig, patch: LeadfeederConfigInput): LeadfeederSandboxConfig {
  return structuredClone({ ...base, ...patch });
}
