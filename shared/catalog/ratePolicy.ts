/**
 * How fast a provider may be called: its rate contract, a long-period quota, and the request
 * rate a credential may set.
 */
/**
 * A provider's rate contract: at most `rate` requests in any `windowMs`; `burst` below the rate
 * caps any one second (for windows longer than a second), above it makes the limit a token
 * bucket of `burst` refilled at the rate (see `rateShape` in ../rateSchedule.ts).
 */
export interface RatePolicy {
  rate: number;
  windowMs: number;
  burst: number;
  /**
   * Further windows the provider evaluates at the same time (EnrichLayer: 300 a minute, measured
   * over 5 minutes): a request is sent only when every window has room.
   */
  windows?: RateWindow[];
  /** A monthly (or other long-period) quota; informational, counted by the ledger. */
  quota?: { requests: number; periodMs: number };
}

/** `rate` requests in any `windowMs`. */
export interface RateWindow {
  rate: number;
  windowMs: number;
}

/**
 * A cap on requests over a long period (Leadfeeder: 100,000 a month per key), counted in the
 * store so every execution sharing it counts together. Calendar months in UTC.
 */
export interface RequestQuota {
  requests: number;
  period: 'month';
  /** Share of the quota after which every run is warned (default 0.9). */
  warnAt?: number;
}

/**
 * The account's request rate is set in the credential (SMARTe: per contract, no public number).
 * Until the user sets it, `default` applies: a conservative number, also the catalog's `rateLimits`.
 */
export interface RateSetting {
  per: 'second' | 'minute';
  default: number;
  description: string;
}
