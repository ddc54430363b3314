/**
 * Enrich.so ("Enrich API" v3) as data: every endpoint of the reference's §5.5 is one operation.
 * `enrichSo` is the catalog on the Growth plan with the 500-credit bulk phone reading; use
 * `createEnrichSoCatalog` to choose another plan or the 10-credit reading.
 */
import type { BatchSpec, OperationSpec, ProviderCatalog, RatePolicy, ReadingSpec } from '../../catalog/types';
import { optionalCredits } from '../../credits/amount';
import { catalogWithReadings, numberAt } from '../../catalog';
import { companyFollowerOperations, companyFollowerScrapeJob } from './companyFollowers';
import { emailFinderBatch, emailFinderOperations } from './emailFinder';
import { emailValidationBatch, emailValidationOperations } from './emailValidation';
import { unwrapEnrichSo } from './envelope';
import { ipToCompanyBatch, ipToCompanyOperations } from './ipToCompany';
import { leadFinderRevealOperations } from './leadFinderReveal';
import { LEAD_SEARCH_FREE_PAGES, LEAD_SEARCH_FREE_RESULTS, LEAD_SEARCH_FREE_SEARCHES_PER_MONTH, leadFinderSearchOperations } from './leadFinderSearch';
import { peopleSearchOperations } from './peopleSearch';
import { createPhoneFinder, ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM } from './phoneFinder';
import { parseEnrichSoError } from './problem';
import { ENRICH_SO_DEFAULT_PLAN, type EnrichSoPlan, type EnrichSoRateLimits, enrichSoPlans } from './rateLimits';
import { reverseLookupBatch, reverseLookupOperations } from './reverseLookup';
import { teamOperations } from './team';
import { enrichSoCapabilities, enrichSoVerifiers } from './capabilities';
import { enrichSoSubmitTrace, walletOperations } from './wallet';
import { enrichSoWebhookEvents } from './webhooks';

export const ENRICH_SO_BASE_URL = 'https://dev.enrich.so/api/v3';

export interface EnrichSoCatalogOptions {
  /** Rate limits of this plan (default growth). */
  plan?: EnrichSoPlan;
  /**
   * Credits the bulk phone finder reserves per item: 500 (default; the credits page) or 10 (the
   * endpoint description). See ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM.
   */
  bulkPhoneCreditsPerItem?: number;
}

/** Where the reference leaves a price open, the credential chooses; the default is the safe upper bound. */
export const enrichSoReadings: ReadingSpec[] = [
  {
    name: 'leadSearchFreeSearches',
    displayName: 'Lead Finder Free Searches',
    description:
      `Enrich.so gives ${LEAD_SEARCH_FREE_SEARCHES_PER_MONTH} free searches a month (the first ${LEAD_SEARCH_FREE_PAGES} pages or ${LEAD_SEARCH_FREE_RESULTS} results of each), shared with the web app. ` +
      'May Be Used Up (safe): estimates count every result at 1 credit, so a budget holds whatever is left. Left This Month: estimates trust the free tier.',
    options: [
      { value: 'unknown', name: 'May Be Used Up (Safe)' },
      { value: 'left', name: 'Left This Month' },
    ],
    default: 'unknown',
  },
];

export function createEnrichSoCatalog(options: EnrichSoCatalogOptions = {}): ProviderCatalog {
  const plan = options.plan ?? ENRICH_SO_DEFAULT_PLAN;
  const limits = enrichSoPlans[plan];
  if (!limits) throw new RangeError(`unknown Enrich.so plan "${String(plan)}"; known: ${Object.keys(enrichSoPlans).join(', ')}`);
  const perPhone = options.bulkPhoneCreditsPerItem ?? ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM;
  if (!(perPhone > 0)) throw new RangeError('bulkPhoneCreditsPerItem must be a positive number of credits');
  const phone = createPhoneFinder(perPhone);

  return catalogWithReadings(enrichSoReadings, (chosen) => buildCatalog(plan, limits, phone, chosen.leadSearchFreeSearches === 'left' ? 'left' : 'unknown'));
}

function buildCatalog(
  plan: EnrichSoPlan,
  limits: EnrichSoRateLimits,
  phone: ReturnType<typeof createPhoneFinder>,
  freeSearches: 'unknown' | 'left',
): Omit<ProviderCatalog, 'readings' | 'withReadings'> {
  const operations: OperationSpec[] = [
    ...emailValidationOperations,
    ...emailFinderOperations,
    ...phone.operations,
    ...reverseLookupOperations,
    ...ipToCompanyOperations,
    ...companyFollowerOperations,
    ...walletOperations,
    ...teamOperations,
    ...leadFinderSearchOperations(freeSearches),
    ...leadFinderRevealOperations,
    ...peopleSearchOperations,
  ];
  const batches: BatchSpec[] = [emailValidationBatch, emailFinderBatch, phone.batch, reverseLookupBatch, ipToCompanyBatch];

  return {
    id: 'enrichSo',
    displayName: 'Enrich.so',
    baseUrl: ENRICH_SO_BASE_URL,
    docsUrl: 'https://doc.enrich.so',
    auth: { header: 'x-api-key' },
    rateLimits: { ...limits },
    // 'Limits are per organization' (reference §5.3): a call in any bucket also counts in the plan's general limit.
    defaultLimitsCoverAll: true,
    plans: { default: plan, limits: enrichSoPlans as unknown as Record<string, Record<string, RatePolicy>> },
    operations,
    batches,
    callbackJobs: [companyFollowerScrapeJob],
    webhookEvents: enrichSoWebhookEvents,
    credentialTestOp: 'wallet.getBalance',
    balance: { op: 'wallet.getBalance', read: (data) => optionalCredits(numberAt(data, 'balance')) },
    submitTrace: enrichSoSubmitTrace,
    capabilities: enrichSoCapabilities,
    verifiers: enrichSoVerifiers,
    unwrap: unwrapEnrichSo,
    parseError: parseEnrichSoError,
  };
}

export const enrichSo: ProviderCatalog = createEnrichSoCatalog();

export { enrichSoPlans, ENRICH_SO_DEFAULT_PLAN, type EnrichSoPlan, type EnrichSoRateLimits } from './rateLimits';
export { ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM, type PhoneItem } from './phoneFinder';
export type { FinderLead } from './emailFinder';
export { unwrapEnrichSo } from './envelope';
export { parseEnrichSoError } from './problem';
export { enrichSoWebhookEvents } from './webhooks';
