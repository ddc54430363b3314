/**
 * EnrichLayer sandbox configuration: accounts and their plans, the rate windows, the companies
 * it knows, and a switch for every open question of the reference (§7.4) so tests can play
 * either reading.
 */

export type Plan = 'growth' | 'other';
/** How error bodies look: `{message}` and `{error}` (vendor MCP reads both) or legacy `{code, description}`. */
export type ErrorShape = 'message' | 'error' | 'legacy';

export interface EnrichLayerAccount {
  apiKey: string;
  plan: Plan;
  balance: number;
}

export interface EnrichLayerReadingsConfig {
  /** `skills=include`: +1 when skills are returned, or free. */
  skills: 'billed' | 'free';
  /** Per result of a role search (boolean_role_search or role_search): 3 or 6. */
  roleSearchPerResult: 3 | 6;
  /** Largest page_size a listing accepts. */
  pageSizeMax: 9999 | 200000;
  /** Person/company search: 3 per result, or 35 per request. */
  searchPricing: 'perResult' | 'perRequest';
  errorShape: ErrorShape;
}

export interface EnrichLayerSandboxConfig {
  accounts: EnrichLayerAccount[];
  readings: EnrichLayerReadingsConfig;
  /** Requests per 5 minutes per account (the documented evaluation window). */
  perFiveMinutes: number;
  /** "Limits may tighten under load": also enforce this many per minute (null = off). */
  perMinute: number | null;
  /** Employees of known companies by profile slug; others get `defaultEmployees`. */
  companies: Record<string, number>;
  defaultEmployees: number;
}

export type EnrichLayerConfigInput = Partial<Omit<EnrichLayerSandboxConfig, 'readings'>> & { readings?: Partial<EnrichLayerReadingsConfig> };

export const DEFAULT_API_KEY = 'sk_test_enrichlayer_sandbox';

export function defaultConfig(): EnrichLayerSandboxConfig {
  return {
    accounts: [{ apiKey: DEFAULT_API_KEY, plan: 'other', balance: 10_000 }],
    readings: { skills: 'billed', roleSearchPerResult: 3, pageSizeMax: 9999, searchPricing: 'perResult', errorShape: 'message' },
    perFiveMinutes: 1_500,
    perMinute: null,
    companies: { microsoft: 120, shopify: 600 },
    defaultEmployees: 40,
  };
}

export function mergeConfig(base: EnrichLayerSandboxConfig, patch: EnrichLayerConfigInput): EnrichLayerSandboxConfig {
  return {
    ...base,
    ...patch,
    readings: { ...base.readings, ...patch.readings },
    companies: { ...base.companies, ...patch.companies },
    accounts: patch.accounts ? patch.accounts.map((a) => ({ ...a })) : base.accounts,
  };
}
