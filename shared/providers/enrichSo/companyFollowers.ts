/**
 * Company followers (approved accounts only; others get 403 with `accessStatus`): count
 * estimates, follower scrapes with progress, paged results, CSV export and the daily limit.
 */
import { z } from 'zod';
import type { CallbackJobSpec, OperationSpec } from '../../catalog/types';
import { credits, timesCredits, ZERO } from '../../credits/amount';
import {
  LINKEDIN_COMPANY,
  arrayAt,
  defaultParts,
  enumField,
  free,
  intField,
  lenient,
  listField,
  noInput,
  numberAt,
  op,
  pageField,
  pagesFromTotal,
  queryPages,
  reservesJob,
  settledRead,
  stringAt,
  stringList,
  textField,
  urlField,
  valueAt,
  without,
} from '../../catalog';
import { batchIdField, webhookUrlField } from './common';
import { FOLLOWER_COUNTRIES, FOLLOWER_DEPARTMENTS, FOLLOWER_LEVELS } from './followerFilters';

const filterShape = {
  companyUrl: urlField('companyUrl', 'The LinkedIn company URL, e.g. https://www.linkedin.com/company/stripe', { mustMatch: LINKEDIN_COMPANY }),
  countries: listField('countries', enumField('countries', FOLLOWER_COUNTRIES, 'A country'), 'Only followers in these countries', {
    max: FOLLOWER_COUNTRIES.length,
  }).optional(),
  states: stringList('states', 'Only followers in these states or regions'),
  jobTitles: stringList('jobTitles', 'Only followers with these job titles, e.g. Chief Executive Officer, Data Scientist (the provider supports 642 titles)'),
  departments: listField('departments', enumField('departments', FOLLOWER_DEPARTMENTS, 'A department'), 'Only followers in these departments', {
    max: FOLLOWER_DEPARTMENTS.length,
  }).optional(),
  levels: listField('levels', enumField('levels', FOLLOWER_LEVELS, 'A seniority level'), 'Only followers at these seniority levels', {
    max: FOLLOWER_LEVELS.length,
  }).optional(),
};

export const followerProfile = lenient({
  objectURN: z.string(),
  name: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  profileUrl: z.string(),
  profilePictureUrl: z.string(),
  title: z.string(),
  companyName: z.string(),
  companyProfileUrl: z.string(),
  companyWebsite: z.string(),
  companyDomain: z.string(),
  location: z.string(),
  industry: z.string(),
  connectionDegree: z.number(),
  createdAt: z.string(),
});

const COUNT_ESTIMATE_CREDITS = credits(100);

const startCountEstimate = op({
  resource: 'companyFollowers',
  operation: 'startCountEstimate',
  displayName: 'Start follower count estimate',
  about:
    "Estimate how many of a company's LinkedIn followers match the filters, with breakdowns by function and seniority. Poll Get follower count estimate with the returned batchId.",
  kind: 'action',
  method: 'POST',
  path: '/count-estimate',
  input: z.object(filterShape),
  output: lenient({ batchId: z.string(), status: z.string(), message: z.string(), fromCache: z.boolean(), cachedAt: z.string(), data: z.unknown() }),
  cost: {
    summary: '100 credits per estimate; free when answered from cache (same company and filters within 24 h); refunded if the estimate fails within 7 days',
    estimate: () => COUNT_ESTIMATE_CREDITS,
    actual: (ctx) => ctx.meta.creditsUsed ?? (valueAt(ctx.data, 'fromCache') === true ? ZERO : COUNT_ESTIMATE_CREDITS),
  },
  retrySafe: false,
});

const getCountEstimate = op({
  resource: 'companyFollowers',
  operation: 'getCountEstimate',
  displayName: 'Get follower count estimate',
  about: 'Read the status (pending, in_progress, completed, failed, cancelled) and, when completed, the total count and breakdowns of a count estimate.',
  kind: 'lookup',
  method: 'GET',
  path: '/count-estimate/{batchId}',
  input: z.object({ batchId: batchIdField('The batchId returned by Start follower count estimate') }),
  output: lenient({
    batchId: z.string(),
    status: z.string(),
    totalCount: z.number(),
    functionBreakdown: z.array(z.unknown()),
    seniorityBreakdown: z.array(z.unknown()),
    filtersApplied: z.unknown(),
    data: z.unknown(),
  }),
  cost: free('Free (polling never costs credits); a failed estimate is refunded, booked when this read first reports it'),
  settles: {
    jobId: (input: { batchId: string }) => input.batchId,
    refundsCharge: true,
    read: ({ data, meta }) => {
      const status = stringAt(data, 'status');
      const refunded = meta.creditsRefunded ?? ZERO;
      return (status === 'failed' || status === 'cancelled') && refunded > 0 ? { charged: ZERO, refunded } : undefined;
    },
  },
  retrySafe: true,
});

const startScrape = op({
  resource: 'companyFollowers',
  operation: 'startScrape',
  displayName: 'Start follower scrape',
  about:
    "Scrape up to 50,000 of a company's LinkedIn followers matching the filters, as an asynchronous job. Follow it with Get scrape progress, or give a webhookUrl.",
  kind: 'action',
  method: 'POST',
  path: '/company-follower',
  input: z.object({
    ...filterShape,
    max_limit: intField('max_limit', 'Most follower profiles to retrieve (1–50,000); credits are reserved for all of them', { min: 1, max: 50_000 }),
    name: textField('name', 'Optional name for this extraction, shown in your history', { max: 100 }).optional(),
    webhookUrl: webhookUrlField(
      'Optional URL that receives each follower and a completion callback; results are then pushed and credits settled automatically',
    ),
    skipCache: z
      .boolean({ invalid_type_error: 'skipCache must be true or false' })
      .optional()
      .describe('Scrape afresh even if a recent scrape of the same company and filters exists'),
    creditsPerProfile: z
      .number({ invalid_type_error: 'creditsPerProfile must be a number' })
      .positive('creditsPerProfile must be greater than 0')
      .max(1000, 'creditsPerProfile must be at most 1000')
      .default(1)
      .describe('Credits per follower profile, used only to estimate the reservation (not sent); the price Check daily limit lists is used when it is higher'),
  }),
  output: lenient({ batchId: z.string(), message: z.string(), status: z.string() }),
  cost: {
    summary: 'Reserves creditsPerProfile × max_limit credits (creditsPerProfile from Check daily limit); unused credits are refunded when the scrape ends',
    estimate: (input) => timesCredits(credits(input.creditsPerProfile), input.max_limit),
    // A reservation, reported as meta.creditsReserved; the charge comes with the results' settlement.
    actual: (ctx) => ctx.meta.creditsUsed ?? ZERO,
  },
  request: (input) => defaultParts('POST', without(input, 'creditsPerProfile')),
  // The account's own price per profile, from the free daily-limit read, when it is higher than the one given.
  priceFrom: { op: 'companyFollowers.getDailyLimit', field: 'creditsPerProfile', read: (data) => numberAt(data, 'creditsPerProfile') },
  reserves: reservesJob,
  retrySafe: false,
  rateBucket: 'bulkSubmit',
});

const continueScrape = op({
  resource: 'companyFollowers',
  operation: 'continueScrape',
  displayName: 'Continue partial scrape',
  about:
    'Resume a follower scrape that ended partial (less than 3 days old). Fails with 409 if it is not partial or already continuing, 410 if too old, 422 if nothing is recoverable.',
  kind: 'action',
  method: 'POST',
  path: '/company-follower',
  input: z.object({ batchId: batchIdField('The batchId of the partial scrape') }),
  output: lenient({ batchId: z.string(), message: z.string(), status: z.string() }),
  cost: free('Free: it continues under the original scrape’s reservation'),
  // The provider reads the id from the query string and expects no body.
  request: (input) => ({ path: {}, query: { batchId: input.batchId }, body: undefined }),
  retrySafe: false,
  rateBucket: 'bulkSubmit',
});

const getProgress = op({
  resource: 'companyFollowers',
  operation: 'getProgress',
  displayName: 'Get scrape progress',
  about: 'Check how far a follower scrape has got: processed, total, errors, done and partial.',
  kind: 'lookup',
  method: 'GET',
  path: '/company-follower/{batchId}/progress',
  input: z.object({ batchId: batchIdField('The batchId returned by Start follower scrape') }),
  output: lenient({
    batchId: z.string(),
    processed: z.number(),
    total: z.number(),
    errors: z.number(),
    done: z.boolean(),
    partial: z.boolean(),
    message: z.string(),
  }),
  cost: free('Free (polling never costs credits)'),
  retrySafe: true,
});

const getResults = op({
  resource: 'companyFollowers',
  operation: 'getResults',
  displayName: 'Get scrape results',
  about: 'Read the follower profiles of a scrape, one page at a time (up to 500 per page).',
  kind: 'list',
  method: 'GET',
  path: '/company-follower/{batchId}/results',
  input: z.object({
    batchId: batchIdField('The batchId returned by Start follower scrape'),
    page: pageField(),
    limit: intField('limit', 'Profiles per page (1–500)', { min: 1, max: 500 }).default(100),
  }),
  output: lenient({ batchId: z.string(), count: z.number(), data: z.array(followerProfile), pagination: z.unknown() }),
  cost: settledRead(
    'Free to read; the first read after the scrape ends settles its reservation — creditsPerProfile per profile delivered, the rest refunded (meta.creditsUsed); with a webhook the scrape settles by itself',
  ),
  // Follower results carry no status: the settlement is there once credits actually moved.
  settles: {
    jobId: (input) => input.batchId,
    read: ({ meta }) =>
      (meta.creditsUsed ?? ZERO) + (meta.creditsRefunded ?? ZERO) > 0
        ? { charged: meta.creditsUsed ?? ZERO, refunded: meta.creditsRefunded ?? ZERO }
        : undefined,
  },
  retrySafe: true,
  pagination: queryPages(
    'limit',
    500,
    100,
    (data) => arrayAt(data, 'data'),
    (data) => numberAt(data, 'pagination', 'totalPages') ?? pagesFromTotal(valueAt(data, 'pagination')),
  ),
});

const exportCsv = op({
  resource: 'companyFollowers',
  operation: 'exportCsv',
  displayName: 'Export scrape as CSV',
  about: 'Download all follower profiles of a completed scrape as one CSV file (400 if the scrape is not complete).',
  kind: 'download',
  method: 'GET',
  path: '/company-follower/{batchId}/export',
  input: z.object({ batchId: batchIdField('The batchId of a completed scrape') }),
  output: z.string().describe('CSV text'),
  cost: free(),
  retrySafe: true,
  responseType: 'text',
});

const getDailyLimit = op({
  resource: 'companyFollowers',
  operation: 'getDailyLimit',
  displayName: 'Check daily limit',
  about: 'Read your follower-scraping access status, daily limit, what is used and left today, and creditsPerProfile (what each scraped profile costs).',
  kind: 'lookup',
  method: 'GET',
  path: '/company-follower/limit',
  input: noInput,
  output: lenient({ status: z.string(), dailyLimit: z.number(), dailyUsed: z.number(), dailyRemaining: z.number(), creditsPerProfile: z.number() }),
  cost: free(),
  retrySafe: true,
});

export const companyFollowerOperations: OperationSpec[] = [
  startCountEstimate,
  getCountEstimate,
  startScrape,
  continueScrape,
  getProgress,
  getResults,
  exportCsv,
  getDailyLimit,
];

/**
 * A follower scrape given a `webhookUrl` calls back per profile and when it ends (§5.7): a job
 * that starts workflows like a batch does, confirmed by its progress and its results.
 */
export const companyFollowerScrapeJob: CallbackJobSpec = {
  name: 'companyFollowers',
  displayName: 'Company follower scrape',
  startOp: 'companyFollowers.startScrape',
  callbackField: 'webhookUrl',
  jobId: (data) => stringAt(data, 'batchId'),
  statusOp: 'companyFollowers.getProgress',
  jobInput: (batchId) => ({ batchId }),
  progress: (data) => {
    const done = valueAt(data, 'done') === true;
    const processed = numberAt(data, 'processed');
    const status = done ? (valueAt(data, 'partial') === true ? 'partial' : 'completed') : (processed ?? 0) > 0 ? 'processing' : 'queued';
    return { jobId: stringAt(data, 'batchId') ?? '', status, rawStatus: status, total: numberAt(data, 'total'), processed, reason: stringAt(data, 'message') };
  },
  resultsOp: 'companyFollowers.getResults',
  resultKey: (profile) => stringAt(profile, 'objectURN') ?? stringAt(profile, 'profileUrl'),
};
