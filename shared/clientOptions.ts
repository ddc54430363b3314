/**
 * What a client is built from: the provider's catalog, the account's key and settings, and the
 * run's shared pieces (store, ledger, budget, spend limits, transport, clock). Every field but
 * `provider` is optional; the client's defaults are the production ones.
 */
import type { ProviderCatalog, RatePolicy, Readings } from './catalog/types';
import type { Clock } from './clock';
import type { CredentialValues } from './credentials';
import type { BudgetGuard } from './credits/budget';
import type { Ledger } from './credits/ledger';
import type { RetryOptions } from './retry';
import type { SpendLimiter } from './spend/limiter';
import type { Store } from './store/types';
import type { Transport } from './transport/types';

export interface ClientOptions {
  provider: ProviderCatalog;
  /** Added as the catalog's auth header. Omit when the transport authenticates (n8n). */
  apiKey?: string;
  baseUrl?: string;
  /** Allow an http:// `baseUrl` off loopback (the credential's "Allow Insecure HTTP"); https is required otherwise. */
  allowInsecureHttp?: boolean;
  /** Scope for throttle buckets, cache and job registry keys. Never the key itself. */
  account?: string;
  transport?: Transport;
  clock?: Clock;
  store?: Store;
  ledger?: Ledger;
  /** Credits this client may spend; undefined = no budget. */
  budget?: number;
  /**
   * A budget shared with other clients (a waterfall's one budget across providers): every call
   * of each holds its estimate on it. Wins over `budget`.
   */
  budgetGuard?: BudgetGuard;
  /** The team's spend limits in the shared store (and the spend report's rows). */
  spend?: SpendLimiter;
  retry?: Partial<RetryOptions>;
  /** The account's plan (one of `provider.plans`), for the provider's per-plan rate limits. */
  plan?: string;
  /** Explicit policies; they win over the plan's and the credential's rate. */
  rateLimits?: Partial<Record<string, RatePolicy>>;
  /** The credential's request rate (per `provider.rateSetting.per`), for per-contract limits. */
  requestRate?: number;
  /** Values of the catalog's `credentialFields` (account id …); sent where the catalog says, never shown. */
  credential?: CredentialValues;
  /** The readings chosen where the provider's sources disagree (`provider.readings`). */
  readings?: Partial<Readings>;
  timeoutMs?: number;
  random?: () => number;
  /**
   * Values to redact from every error and request id, besides `apiKey` (the key, when the
   * transport adds it and the client never sees it in a header).
   */
  secrets?: readonly string[];
  /** Extra headers on every request (User-Agent etc.); never logged. */
  headers?: Record<string, string>;
  /**
   * Read the provider's free balance before the first paid call (default true where the catalog
   * has a balance operation), so a charge whose answer is lost is settled from the balances
   * around it. Off only for a transport that answers a fixed script, call by call.
   */
  readBalanceFirst?: boolean;
}
