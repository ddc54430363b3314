/**
 * EnrichLayer (successor of Proxycurl, v2 API) as data: every endpoint of the reference's §4
 * that the official n8n node offers (25 operations over 7 resources). `enrichLayer` follows the
 * default readings where the sources disagree; `createEnrichLayerCatalog` picks others.
 */
import type { ProviderCatalog, RatePolicy } from '../../catalog/types';
import { credits } from '../../credits/amount';
import { numberAt } from '../../catalog';
import { DEFAULT_READINGS, type EnrichLayerReadings, PROVIDER } from './common';
import { companyOperations } from './companies';
import { contactOperations } from './contacts';
import { employeeListingOperation, employeeSearchOperation } from './employees';
import { parseEnrichLayerError, unwrapEnrichLayer } from './errors';
import { jobOperations } from './jobs';
import { metaOperations } from './meta';
import { peopleOperations } from './people';
import { personProfileOperation } from './personProfile';
import { schoolOperations } from './schools';
import { searchOperations } from './search';

export const ENRICH_LAYER_BASE_URL = 'https://enrichlayer.com/api/v2';

/** 300 requests a minute, evaluated over a 5-minute window (up to 1,500 per 5 minutes). */
export const ENRICH_LAYER_RATE: RatePolicy = { rate: 300, windowMs: 60_000, burst: 300, windows: [{ rate: 1_500, windowMs: 300_000 }] };

/**
 * Plans matter to the price (`use_cache=if-recent` on a listing: +1 per result on Growth and
 * higher, +2 on others), not to the rate limit. `other` is the default: the dearer price, so an
 * estimate stays an upper bound when the plan is not known.
 */
export const ENRICH_LAYER_PLANS = ['growth', 'other'] as const;

/** The documented client timeout: answers average ~2 s, allow 60 s. */
export const ENRICH_LAYER_TIMEOUT_MS = 60_000;

export function createEnrichLayerCatalog(readings: Partial<EnrichLayerReadings> = {}): ProviderCatalog {
  const r: EnrichLayerReadings = { ...DEFAULT_READINGS, ...readings };
  const limits = { default: ENRICH_LAYER_RATE };
  return {
    ...PROVIDER,
    baseUrl: ENRICH_LAYER_BASE_URL,
    docsUrl: 'https://enrichlayer.com/docs',
    auth: { header: 'Authorization', prefix: 'Bearer ' },
    rateLimits: limits,
    plans: { default: 'other', limits: Object.fromEntries(ENRICH_LAYER_PLANS.map((p) => [p, limits])) },
    timeoutMs: ENRICH_LAYER_TIMEOUT_MS,
    operations: [
      ...companyOperations,
      employeeListingOperation(r),
      employeeSearchOperation(r),
      personProfileOperation(r),
      ...peopleOperations,
      ...contactOperations,
      ...schoolOperations(r),
      ...jobOperations,
      ...searchOperations(r),
      ...metaOperations,
    ],
    batches: [],
    webhookEvents: [],
    credentialTestOp: 'meta.getCreditBalance',
    balance: { op: 'meta.getCreditBalance', read: (data) => credits(numberAt(data, 'credit_balance') ?? 0) },
    unwrap: unwrapEnrichLayer,
    parseError: parseEnrichLayerError,
  };
}

export const enrichLayer: ProviderCatalog = createEnrichLayerCatalog();

export { DEFAULT_READINGS as ENRICH_LAYER_DEFAULT_READINGS, type EnrichLayerReadings } from './common';
export { parseEnrichLayerError, unwrapEnrichLayer } from './errors';
