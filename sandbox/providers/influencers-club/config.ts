/**
 * influencers.club sandbox configuration: accounts and the switches for the reference's open
 * questions (§7) — where the sources disagree, the sandbox plays either reading.
 */
import type { RateRule } from '../../kit/rate-limiter';

export const DEFAULT_API_KEY = 'icl_test_enrichflow_sandbox';

export interface InfluencersClubAccount {
  apiKey: string;
  /** Trial accounts get 10 credits (§1.5); the sandbox default is a paid account's. */
  balance: number;
  accountId: string;
}

export interface InfluencersClubSandboxConfig {
  accounts: InfluencersClubAccount[];
  /** 300 requests a minute per account, every endpoint (§1.5). */
  rateLimit: RateRule;
  /** Reading of the first page: 1 (docs FAQ) refuses page 0; 0 (vendor MCP) serves page 0 first. */
  firstPage: 0 | 1;
  /** `include_lookalikes` when a request leaves it out (the two docs renderings disagree). */
  includeLookalikesDefault: boolean;
  /** The vendor downloads results of paused jobs; the docs only of finished ones. */
  resultsWhilePaused: boolean;
  /** Rows a batch job processes per second of sandbox time, and its time in `queued`. */
  rowsPerSecond: number;
  queueDelayMs: number;
  /** Creators each platform's discovery index holds (deterministic from the seed). */
  creatorsPerPlatform: number;
}

export type InfluencersClubConfigInput = Partial<Omit<InfluencersClubSandboxConfig, 'rateLimit'>> & { rateLimit?: Partial<RateRule> };

export function defaultConfig(): InfluencersClubSandboxConfig {
  return {
    accounts: [{ apiKey: DEFAULT_API_KEY, balance: 1000, accountId: 'acct_000001' }],
    rateLimit: { rate: 300, windowMs: 60_000, burst: 300 },
    firstPage: 1,
    includeLookalikesDefault: false,
    resultsWhilePaused: false,
    rowsPerSecond: 50,
    queueDelayMs: 2000,
    creatorsPerPlatform: 1000,
  };
}

export function mergeConfig(base: InfluencersClubSandboxConfig, patch: InfluencersClubConfigInput): InfluencersClubSandboxConfig {
  const next = { ...base, ...patch, rateLimit: { ...base.rateLimit, ...patch.rateLimit } } as InfluencersClubSandboxConfig;
  if (next.firstPage !== 0 && next.firstPage !== 1) throw new RangeError('firstPage must be 0 or 1');
  if (!(next.rowsPerSecond > 0)) throw new RangeError('rowsPerSecond must be > 0');
  if (!next.accounts.length) throw new RangeError('at least one account');
  return next;
}
