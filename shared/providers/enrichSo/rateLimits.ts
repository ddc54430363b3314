/**
 * Enrich.so rate limits per plan (§5.3), per organization. Three buckets: everything
 * (`default`), paid single lookups (`enrichment`) and batch/job submits (`bulkSubmit`). The
 * provider writes its overrides against pre-v3 paths, so which v3 endpoints they cover is our
 * reading: enrichment = the five paid single lookups, bulkSubmit = batch and scrape submits.
 */
import type { RatePolicy } from '../../catalog/types';

export type EnrichSoPlan = 'free' | 'growth' | 'scale' | 'pro' | 'enterprise';

export interface EnrichSoRateLimits {
  default: RatePolicy;
  enrichment: RatePolicy;
  bulkSubmit: RatePolicy;
}

const MINUTE = 60_000;

/** `rate` per minute, at most `burst` at once (the documented per-second burst). */
const perMinute = (rate: number, burst: number): RatePolicy => ({ rate, windowMs: MINUTE, burst });

const enterpriseDefault = perMinute(10_000, 200);

export const enrichSoPlans: Record<EnrichSoPlan, EnrichSoRateLimits> = {
  free: { default: perMinute(60, 5), enrichment: perMinute(10, 5), bulkSubmit: perMinute(2, 1) },
  growth: { default: perMinute(300, 25), enrichment: perMinute(100, 25), bulkSubmit: perMinute(10, 3) },
  scale: { default: perMinute(1000, 50), enrichment: perMinute(500, 50), bulkSubmit: perMinute(20, 5) },
  pro: { default: perMinute(5000, 100), enrichment: perMinute(2000, 100), bulkSubmit: perMinute(50, 10) },
  // Enterprise has no per-endpoint overrides: every bucket is the plan's general limit.
  enterprise: { default: enterpriseDefault, enrichment: enterpriseDefault, bulkSubmit: enterpriseDefault },
};

export const ENRICH_SO_DEFAULT_PLAN: EnrichSoPlan = 'growth';
