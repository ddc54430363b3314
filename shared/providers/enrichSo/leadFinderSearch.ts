/** Lead Finder search side: search, count, CSV export jobs, saved searches, filter help. */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { credits, timesCredits, ZERO } from '../../credits/amount';
import {
  arrayAt,
  enumField,
  free,
  idField,
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
  textField,
  uniqueCount,
  valueAt,
} from '../../catalog';
import { workerJobSettlement } from './common';
import { leadFilters } from './leadFinderFilters';

/** Pages beyond this are refused by the provider. */
export const LEAD_SEARCH_MAX_PAGE = 40;
/** Pages up to this one are free (while the month's free searches last)… */
export const LEAD_SEARCH_FREE_PAGES = 3;
/** …and at most this many results of one search: "3 pages or 75 results, whichever comes first". */
export const LEAD_SEARCH_FREE_RESULTS = 75;
/** Free searches a month (§5.4). */
export const LEAD_SEARCH_FREE_SEARCHES_PER_MONTH = 50;

/**
 * Whether the account still has free searches this month. The reference gives 50 a month but
 * not how many are left (the web app spends the same allowance) nor what counts as one search:
 * `unknown` (the default) is the safe upper bound — every result may be paid; `left` trusts the
 * free tier (the first 3 pages or 75 results of a search free).
 */
export type FreeSearchAllowance = 'unknown' | 'left';

/** Results of a page the free tier does not cover: 1 credit each. */
export function paidSearchRows(allowance: FreeSearchAllowance, page: number, pageSize: number, rows: number): number {
  if (allowance === 'unknown' || page > LEAD_SEARCH_FREE_PAGES) return rows;
  const free = Math.max(0, Math.min(rows, LEAD_SEARCH_FREE_RESULTS - (page - 1) * pageSize));
  return rows - free;
}

/** Per-lead export prices (§5.4); includeContactInfo is email + phone. */
export const EXPORT_CREDITS = { email: 10, phone: 525, names: 1 } as const;

const jobStatus = enumField('status', ['pending', 'processing', 'completed', 'failed'] as const, 'Only jobs with this status').optional();

export const leadPreview = lenient({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string(),
  jobFunction: z.string(),
  jobLevel: z.string(),
  companyName: z.string(),
  domain: z.string(),
  linkedinUrl: z.string(),
  city: z.string(),
  countryName: z.string(),
  employeeCount: z.number(),
});

function searchOperation(allowance: FreeSearchAllowance): OperationSpec {
  return op({
    resource: 'leadFinder',
    operation: 'search',
    displayName: 'Search leads',
    about:
      'Search people and companies with Lead Finder filters; returns preview rows (use Reveal or Enrich for emails and phones). At most 40 pages per search.',
    kind: 'list',
    method: 'POST',
    path: '/lead-finder/search',
    input: z.object({
      filters: leadFilters.default({}),
      excludeFilters: leadFilters.optional().describe('Filters whose matches are excluded, same fields as filters'),
      page: intField(
        'page',
        `Page number (1–${LEAD_SEARCH_MAX_PAGE}); the first ${LEAD_SEARCH_FREE_PAGES} pages or ${LEAD_SEARCH_FREE_RESULTS} results are free while the month's free searches last`,
        { min: 1, max: LEAD_SEARCH_MAX_PAGE },
      ).default(1),
      pageSize: intField('pageSize', 'Results per page (1–100)', { min: 1, max: 100 }).default(25),
      sortBy: textField('sortBy', 'Sort field, e.g. lastName or companyName ("none" is fastest)', { max: 100 }).optional(),
      sortOrder: enumField('sortOrder', ['asc', 'desc'] as const, 'Sort direction').optional(),
    }),
    output: lenient({
      results: z.array(leadPreview),
      pagination: lenient({
        page: z.number(),
        pageSize: z.number(),
        totalResults: z.number(),
        totalPages: z.number(),
        hasMore: z.boolean(),
        isApproximate: z.boolean(),
        searchedTotalResult: z.number(),
      }),
    }),
    cost: {
      summary:
        allowance === 'left'
          ? `Free for the first ${LEAD_SEARCH_FREE_PAGES} pages or ${LEAD_SEARCH_FREE_RESULTS} results of a search, whichever comes first (${LEAD_SEARCH_FREE_SEARCHES_PER_MONTH} free searches a month); every other result 1 credit`
          : `Up to 1 credit per result returned (the first ${LEAD_SEARCH_FREE_PAGES} pages or ${LEAD_SEARCH_FREE_RESULTS} results are free while the month's ${LEAD_SEARCH_FREE_SEARCHES_PER_MONTH} free searches last; Enrich.so reports what it charged)`,
      estimate: (input) => timesCredits(credits(1), paidSearchRows(allowance, input.page, input.pageSize, input.pageSize)),
      actual: (ctx) =>
        ctx.meta.creditsUsed ?? timesCredits(credits(1), paidSearchRows(allowance, ctx.input.page, ctx.input.pageSize, arrayAt(ctx.data, 'results').length)),
    },
    retrySafe: false,
    pagination: {
      style: 'page',
      in: 'body',
      pageParam: 'page',
      sizeParam: 'pageSize',
      firstPage: 1,
      maxPageSize: 100,
      defaultPageSize: 25,
      items: (data) => arrayAt(data, 'results'),
      totalPages: (data) => {
        const pages = numberAt(data, 'pagination', 'totalPages');
        return pages === undefined ? undefined : Math.min(pages, LEAD_SEARCH_MAX_PAGE);
      },
      hasMore: (data) => {
        const more = valueAt(data, 'pagination', 'hasMore');
        if (typeof more !== 'boolean') return undefined;
        return more && (numberAt(data, 'pagination', 'page') ?? 0) < LEAD_SEARCH_MAX_PAGE;
      },
    },
  });
}

const count = op({
  resource: 'leadFinder',
  operation: 'count',
  displayName: 'Count leads',
  about: 'Count the leads matching the filters without returning them.',
  kind: 'lookup',
  method: 'POST',
  path: '/lead-finder/count',
  input: z.object({ filters: leadFilters.default({}), excludeFilters: leadFilters.optional().describe('Filters whose matches are excluded') }),
  output: lenient({ count: z.number(), searchType: z.string(), isApproximate: z.boolean(), searchedTotalResult: z.number() }),
  cost: free(),
  retrySafe: true,
});

const exportInput = z.object({
  filters: leadFilters.default({}),
  excludeFilters: leadFilters.optional().describe('Filters whose matches are excluded'),
  name: textField('name', 'Optional name for the export', { max: 200 }).optional(),
  maxResults: intField('maxResults', 'Most rows to export (1–100,000); contact fields are charged per row', { min: 1, max: 100_000 }).default(1000),
  includeEmail: z.boolean().default(false).describe(`Include email addresses (${EXPORT_CREDITS.email} credits per lead)`),
  includePhone: z.boolean().default(false).describe(`Include phone numbers (${EXPORT_CREDITS.phone} credits per lead)`),
  includeContactInfo: z
    .boolean()
    .default(false)
    .describe(`Include email and phone (${EXPORT_CREDITS.email + EXPORT_CREDITS.phone} credits per lead)`),
  includeNames: z.boolean().default(false).describe(`Include full last names (${EXPORT_CREDITS.names} credit per lead)`),
  leadIds: listField('leadIds', z.string().trim().min(1, 'leadIds entries must not be empty').max(200), 'Export only these lead ids (from Search leads)', {
    max: 100_000,
  }).optional(),
  page: intField('page', 'Export only this page of the search', { min: 1, max: LEAD_SEARCH_MAX_PAGE }).optional(),
  pageSize: intField('pageSize', 'Page size when exporting one page (1–100)', { min: 1, max: 100 }).optional(),
});

/** Credits per exported lead for the chosen columns. */
export function exportCreditsPerLead(
  input: Pick<z.infer<typeof exportInput>, 'includeEmail' | 'includePhone' | 'includeContactInfo' | 'includeNames'>,
): number {
  const email = input.includeEmail || input.includeContactInfo ? EXPORT_CREDITS.email : 0;
  const phone = input.includePhone || input.includeContactInfo ? EXPORT_CREDITS.phone : 0;
  return email + phone + (input.includeNames ? EXPORT_CREDITS.names : 0);
}

/** Rows an export can contain: the selected ids, one page, or maxResults — never more than maxResults. */
export function exportRows(input: z.infer<typeof exportInput>): number {
  if (input.leadIds?.length) return Math.min(uniqueCount(input.leadIds), input.maxResults);
  if (input.page !== undefined) return Math.min(input.pageSize ?? 100, input.maxResults);
  return input.maxResults;
}

const exportLeads = op({
  resource: 'leadFinder',
  operation: 'export',
  displayName: 'Export leads to CSV',
  about: 'Start an asynchronous CSV export of the matching leads (or the given lead ids); poll Get export job, then Download export CSV.',
  kind: 'action',
  method: 'POST',
  path: '/lead-finder/export',
  input: exportInput,
  output: lenient({
    jobId: z.string(),
    status: z.string(),
    estimatedRows: z.number(),
    estimatedCredits: z.number(),
    creditsReserved: z.number(),
    message: z.string(),
  }),
  cost: {
    summary: `Preview columns free; per lead ${EXPORT_CREDITS.email} credits with includeEmail, ${EXPORT_CREDITS.phone} with includePhone, ${EXPORT_CREDITS.email + EXPORT_CREDITS.phone} with includeContactInfo, ${EXPORT_CREDITS.names} with includeNames, up to maxResults leads; refunded where not found`,
    estimate: (input) => timesCredits(credits(exportCreditsPerLead(input)), exportRows(input)),
    // Submitting reserves (`reserves`); the job's poll settles it once it ends (`settles`).
    actual: (ctx) => ctx.meta.creditsUsed ?? ZERO,
  },
  reserves: reservesJob,
  retrySafe: false,
});

const exportJobId = idField('jobId', 'The export job id returned by Export leads to CSV, e.g. ej_a1b2c3d4e5f6a7b8');

const exportJob = lenient({
  jobId: z.string(),
  name: z.string(),
  status: z.string(),
  phase: z.string(),
  progress: z.unknown(),
  totalRows: z.number(),
  processedRows: z.number(),
  creditsUsed: z.number(),
  creditsRefunded: z.number(),
  results: z.unknown(),
  error: z.string(),
  downloadUrl: z.string(),
  createdAt: z.string(),
  completedAt: z.string(),
});

const listExportJobs = op({
  resource: 'leadFinder',
  operation: 'listExportJobs',
  displayName: 'List export jobs',
  about: 'List CSV export jobs of the last 30 days, optionally by status.',
  kind: 'list',
  method: 'GET',
  path: '/lead-finder/export-jobs',
  input: z.object({ page: pageField(), limit: intField('limit', 'Jobs per page (1–100)', { min: 1, max: 100 }).default(20), status: jobStatus }),
  output: lenient({ jobs: z.array(exportJob), total: z.number(), page: z.number(), limit: z.number() }),
  cost: free(),
  retrySafe: true,
  pagination: queryPages(
    'limit',
    100,
    20,
    (data) => arrayAt(data, 'jobs'),
    (data) => pagesFromTotal(data),
  ),
});

const getExportJob = op({
  resource: 'leadFinder',
  operation: 'getExportJob',
  displayName: 'Get export job',
  about: 'Poll an export job: status (pending, processing, completed, failed), phase, progress, credits used and refunded.',
  kind: 'lookup',
  method: 'GET',
  path: '/lead-finder/export-jobs/{jobId}',
  input: z.object({ jobId: exportJobId }),
  output: exportJob,
  cost: free('Free (polling never costs credits)'),
  settles: workerJobSettlement,
  retrySafe: true,
});

const downloadExport = op({
  resource: 'leadFinder',
  operation: 'downloadExport',
  displayName: 'Download export CSV',
  about: 'Download the CSV of a completed export job (409 if not completed yet, 410 if expired).',
  kind: 'download',
  method: 'GET',
  path: '/lead-finder/export-jobs/{jobId}/download',
  input: z.object({ jobId: exportJobId }),
  output: z.string().describe('CSV text'),
  cost: free('Free (the export was charged when it ran)'),
  retrySafe: true,
  responseType: 'text',
});

const savedSearch = lenient({ id: z.string(), name: z.string(), filters: z.unknown(), createdAt: z.string(), updatedAt: z.string() });

const listSavedSearches = op({
  resource: 'leadFinder',
  operation: 'listSavedSearches',
  displayName: 'List saved searches',
  about: 'List your saved Lead Finder searches.',
  kind: 'list',
  method: 'GET',
  path: '/lead-finder/saved',
  input: noInput,
  output: z.array(savedSearch),
  cost: free(),
  retrySafe: true,
});

const saveSearch = op({
  resource: 'leadFinder',
  operation: 'saveSearch',
  displayName: 'Save search',
  about: 'Save a set of Lead Finder filters under a name.',
  kind: 'action',
  method: 'POST',
  path: '/lead-finder/saved',
  input: z.object({ name: textField('name', 'Name of the saved search (1–100 characters)', { max: 100 }), filters: leadFilters }),
  output: savedSearch,
  cost: free(),
  retrySafe: true,
});

const deleteSavedSearch = op({
  resource: 'leadFinder',
  operation: 'deleteSavedSearch',
  displayName: 'Delete saved search',
  about: 'Delete a saved Lead Finder search.',
  kind: 'action',
  method: 'DELETE',
  path: '/lead-finder/saved/{id}',
  input: z.object({ id: idField('id', 'The saved search id (from List saved searches)') }),
  output: lenient({ deleted: z.boolean() }),
  cost: free(),
  retrySafe: true,
});

const getFilterOptions = op({
  resource: 'leadFinder',
  operation: 'getFilterOptions',
  displayName: 'Get filter options',
  about: 'List the accepted values of the multi-select filters (countries, job functions, job levels, industries, …).',
  kind: 'lookup',
  method: 'GET',
  path: '/lead-finder/filter-options',
  input: noInput,
  output: z.record(z.unknown()),
  cost: free(),
  retrySafe: true,
});

const suggest = op({
  resource: 'leadFinder',
  operation: 'suggest',
  displayName: 'Suggest company names',
  about: 'Suggest exact company names for the companyName filter from a prefix.',
  kind: 'lookup',
  method: 'GET',
  path: '/lead-finder/suggest',
  input: z.object({
    q: textField('q', 'The start of a company name (at least 2 characters)', { min: 2, max: 200 }),
    limit: intField('limit', 'Most suggestions (1–50)', { min: 1, max: 50 }).default(20),
  }),
  output: lenient({ values: z.array(z.string()) }),
  cost: free(),
  retrySafe: true,
});

export const leadFinderSearchOperations = (allowance: FreeSearchAllowance): OperationSpec[] => [
  searchOperation(allowance),
  count,
  exportLeads,
  listExportJobs,
  getExportJob,
  downloadExport,
  listSavedSearches,
  saveSearch,
  deleteSavedSearch,
  getFilterOptions,
  suggest,
];
