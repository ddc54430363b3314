/**
 * EnrichLayer (successor of Proxycurl, v2 API) as data: every endpoint of the reference's §4
 * that the official n8n node offers (25 operations over 7 resources). `enrichLayer` follows the
 * default readings where the sources disagree; `createEnrichLayerCatalog` picks others.
 */
import type { ProviderCatalog, RatePolicy, ReadingSpec, Readings } from '../../catalog/types';
import { optionalCredits } from '../../credits/amount';
import { catalogWithReadings, numberAt } from '../../catalog';
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
import { enrichLayerCapabilities } from './capabilities';

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

/** The open questions of §7.4 as readings the credential offers; the defaults follow the credits guide. */
export const ENRICH_LAYER_READINGS: ReadingSpec[] = [
  {
    name: 'skills',
    displayName: 'Skills Pricing',
    description: 'skills=include: +1 credit when skills are returned (SDK, credits guide) or free (vendor MCP and n8n node)',
    options: [
      { value: 'billed', name: 'Billed When Returned' },
      { value: 'free', name: 'Free' },
    ],
    default: DEFAULT_READINGS.skills,
  },
  {
    name: 'roleSearchPerResult',
    displayName: 'Role Search Price Per Result',
    description: 'Credits per employee matched by a role search, besides its 10-credit base: 3 (docs, credits guide example) or 6 (SDK docstring)',
    options: [
      { value: '3', name: '3 Credits' },
      { value: '6', name: '6 Credits' },
    ],
    default: String(DEFAULT_READINGS.roleSearchPerResult),
  },
  {
    name: 'pageSizeMax',
    displayName: 'Largest Page Size',
    description: 'The most rows a listing page may ask for: 9999 (vendor MCP and n8n node; safe under both readings) or 200000 (Proxycurl docs)',
    options: [
      { value: '9999', name: '9999' },
      { value: '200000', name: '200000' },
    ],
    default: String(DEFAULT_READINGS.pageSizeMax),
  },
  {
    name: 'searchPricing',
    displayName: 'Search Pricing',
    description: 'Person and company search: 3 credits per result returned (knowledge base) or 35 credits per request (older SDK)',
    options: [
      { value: 'perResult', name: '3 Credits Per Result' },
      { value: 'perRequest', name: '35 Credits Per Request' },
    ],
    default: DEFAULT_READINGS.searchPricing,
  },
];

function fromReadings(chosen: Readings): EnrichLayerReadings {
  return {
    skills: chosen.skills === 'free' ? 'free' : 'billed',
    roleSearchPerResult: chosen.roleSearchPerResult === '6' ? 6 : 3,
    pageSizeMax: chosen.pageSizeMax === '200000' ? 200000 : 9999,
    searchPricing: chosen.searchPricing === 'perRequest' ? 'perRequest' : 'perResult',
  };
}

function buildCatalog(r: EnrichLayerReadings): Omit<ProviderCatalog, 'readings' | 'withReadings'> {
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
    capabilities: enrichLayerCapabilities,
    credentialTestOp: 'meta.getCreditBalance',
    balance: { op: 'meta.getCreditBalance', read: (data) => optionalCredits(numberAt(data, 'credit_balance')) },
    unwrap: unwrapEnrichLayer,
    parseError: parseEnrichLayerError,
  };
}

/** The catalog under the default readings, or under the ones given (the credential offers the same choice). */
export function createEnrichLayerCatalog(readings: Partial<EnrichLayerReadings> = {}): ProviderCatalog {
  const base = catalogWithReadings(ENRICH_LAYER_READINGS, (chosen) => buildCatalog(fromReadings(chosen)));
  const given = Object.fromEntries(Object.entries(readings).map(([k, v]) => [k, String(v)]));
  return Object.keys(given).length ? base.withReadings!(given) : base;
}

export const enrichLayer: ProviderCatalog = createEnrichLayerCatalog();

export { DEFAULT_READINGS as ENRICH_LAYER_DEFAULT_READINGS, type EnrichLayerReadings } from './common';
export { parseEnrichLayerError, unwrapEnrichLayer } from './errors';
