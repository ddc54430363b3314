/**
 * Enrich.so ("Enrich API" v3) as data: every endpoint of the reference's §5.5 is one operation.
 * `enrichSo` is the catalog on the Growth plan with the 500-credit bulk phone reading; use
 * `createEnrichSoCatalog` to choose another plan or the 10-credit reading.
 */
import type { BatchSpec, OperationSpec, ProviderCatalog, RatePolicy } from '../../catalog/types';
import { credits } from '../../credits/amount';
import { numberAt } from '../../catalog';
import { companyFollowerOperations } from './companyFollowers';
import { emailFinderBatch, emailFinderOperations } from './emailFinder';
import { emailValidationBatch, emailValidationOperations } from './emailValidation';
import { unwrapEnrichSo } from './envelope';
import { ipToCompanyBatch, ipToCompanyOperations } from './ipToCompany';
import { leadFinderRevealOperations } from './leadFinderReveal';
import { leadFinderSearchOperations } from './leadFinderSearch';
import { peopleSearchOperations } from './peopleSearch';
import { createPhoneFinder, ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM } from './phoneFinder';
import { parseEnrichSoError } from './problem';
import { ENRICH_SO_DEFAULT_PLAN, type EnrichSoPlan, enrichSoPlans } from './rateLimits';
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

export function createEnrichSoCatalog(options: EnrichSoCatalogOptions = {}): ProviderCatalog {
  const plan = options.plan ?? ENRICH_SO_DEFAULT_PLAN;
  const limits = enrichSoPlans[plan];
  if (!limits) throw new RangeError(`unknown Enrich.so plan "${String(plan)}"; known: ${Object.keys(enrichSoPlans).join(', ')}`);
  const perPhone = options.bulkPhoneCreditsPerItem ?? ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM;
  if (!(perPhone > 0)) throw new RangeError('bulkPhoneCreditsPerItem must be a positive number of credits');
  const phone = createPhoneFinder(perPhone);

  const operations: OperationSpec[] = [
    ...emailValidationOperations,
    ...emailFinderOperations,
    ...phone.operations,
    ...reverseLookupOperations,
    ...ipToCompanyOperations,
    ...companyFollowerOperations,
    ...walletOperations,
    ...teamOperations,
    ...leadFinderSearchOperations,
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
    plans: { default: plan, limits: enrichSoPlans as unknown as Record<string, Record<string, RatePolicy>> },
    operations,
    batches,
    webhookEvents: enrichSoWebhookEvents,
    credentialTestOp: 'wallet.getBalance',
    balance: { op: 'wallet.getBalance', read: (data) => credits(numberAt(data, 'balance') ?? 0) },
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
