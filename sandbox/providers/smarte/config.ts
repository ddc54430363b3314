/**
 * SMARTe sandbox configuration: accounts, the per-contract rate limit, the audit-only parameter,
 * and a switch for each reading the reference leaves open (providers.md §3, §7.3).
 */
import type { RateRule } from '../../kit/rate-limiter';

export interface SmarteAccount {
  apiKey: string;
  balance: number;
  /** Keys with the same organizationId share one wallet and one rate limit. */
  organizationId: string;
}

export interface SmarteSandboxConfig {
  accounts: SmarteAccount[];
  /** Per organization (per contract; no public number). `null` = off. */
  rateLimit: RateRule | null;
  /** 429s carry a Retry-After header (the reference found none). */
  retryAfterHeader: boolean;
  /** The audit-only switch: its name and value (NOT FOUND in the reference; these are the sandbox's), in the query or in each record. */
  audit: { parameter: string; value: string };
  maxRecordsPerRequest: number;
  /** Status of the insufficient-credits refusal (NOT FOUND): 402, or 403. */
  insufficientCreditsStatus: 402 | 403;
  /** A one-record request answered as an array (Sim's reading) or as a bare object (the docs' "contradictory object example"). */
  singleAnswerShape: 'array' | 'object';
  /** `enrichmentStatus` words: v7's `Active`/`No Match`, or `Matched`/`No Match`. */
  statusWords: 'v7' | 'matched';
  /** Fault: answers come back in a shuffled order. */
  shuffleAnswers: boolean;
  /** Send the `credits-deducted` header (the reference's); without it a client cannot read what was charged. */
  creditsHeader: boolean;
  /** How answers spell the record id: v8 `recordId`, or v7's `recordID`. */
  recordIdSpelling: 'recordId' | 'recordID';
  /** What an audit-only answer holds besides its status (NOT FOUND): nothing, or the ids of what matched (`identifiers`). */
  auditAnswer: 'status' | 'identifiers';
  /** Fault: answers carry a record id of SMARTe's own instead of the one sent (they match nothing sent). */
  foreignRecordIds: boolean;
}

export type SmarteConfigInput = Partial<Omit<SmarteSandboxConfig, 'accounts' | 'audit'>> & {
  accounts?: (Partial<SmarteAccount> & { apiKey: string })[];
  audit?: Partial<SmarteSandboxConfig['audit']>;
};

export const SMARTE_SANDBOX_KEY = 'smarte_test_enrichflow_sandbox';

export function defaultConfig(): SmarteSandboxConfig {
  return {
    accounts: [{ apiKey: SMARTE_SANDBOX_KEY, balance: 10_000, organizationId: 'org_smarte_000001' }],
    rateLimit: { rate: 60, windowMs: 60_000, burst: 60 },
    retryAfterHeader: false,
    audit: { parameter: 'outputMode', value: 'AUD' },
    maxRecordsPerRequest: 100,
    insufficientCreditsStatus: 402,
    singleAnswerShape: 'array',
    statusWords: 'v7',
    shuffleAnswers: false,
    creditsHeader: true,
    recordIdSpelling: 'recordId',
    auditAnswer: 'status',
    foreignRecordIds: false,
  };
}

export function mergeConfig(base: SmarteSandboxConfig, patch: SmarteConfigInput): SmarteSandboxConfig {
  const accounts = patch.accounts
    ? patch.accounts.map((a, i) => {
        if (/live|prod/i.test(a.apiKey)) throw new RangeError('the sandbox refuses keys that look live');
        return { apiKey: a.apiKey, balance: a.balance ?? 10_000, organizationId: a.organizationId ?? `org_smarte_${String(i + 1).padStart(6, '0')}` };
      })
    : base.accounts;
  return { ...base, ...patch, accounts, audit: { ...base.audit, ...patch.audit } } as SmarteSandboxConfig;
}
