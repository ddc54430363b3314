/**
 * Lead Finder search-side endpoints: search (the first 3 pages or 75 results free while the month's
 * free searches last, then 1 credit per result), count,
 * unlock-names (1 per lead), saved searches, filter options and company-name suggestions.
 */
import { z } from 'zod';
import type { Router } from '../../../kit/router';
import { body, iso, ok, requireCredits, type SavedSearch } from '../context';
import { COMPANIES, JOB_FUNCTIONS, JOB_LEVELS, JOB_TITLES } from '../data';
import { leadFromId, leadSearch, previewRow } from '../data-people';
import { notFound, validationError } from '../problems';
import { parseInput, queryObject } from '../validate';
import type { Handler, RouteMeta } from './types';

const FREE_PAGES = 3;
const FREE_RESULTS = 75;

/**
 * Results of this page the free tier covers: "the first 3 pages or 75 results per search,
 * whichever comes first", while the organization has free searches left this month (each
 * request that gets free results uses one); every other result costs 1 credit.
 */
function freeRows(ctx: Parameters<Handler>[0], page: number, from: number, rows: number): number {
  const free = page > FREE_PAGES ? 0 : Math.max(0, Math.min(rows, FREE_RESULTS - from));
  if (free === 0) return 0;
  const month = iso(ctx.now).slice(0, 7);
  const used = ctx.org.freeSearches.get(month) ?? 0;
  if (used >= ctx.svc.config().leadSearchFreeSearchesPerMonth) return 0;
  ctx.org.freeSearches.set(month, used + 1);
  return free;
}
const MAX_OFFSET = 500_000;

const stringOrList = z.union([z.string(), z.array(z.string())]);
export const filtersSchema = z.record(z.unknown());
export const excludeFiltersSchema = z
  .object({
    personHeadline: stringOrList.optional(),
    companyHeadline: stringOrList.optional(),
    aboutUs: stringOrList.optional(),
    domain: stringOrList.optional(),
    jobTitle: stringOrList.optional(),
  })
  .strict()
  .optional();

const searchBody = z.object({
  filters: filtersSchema,
  excludeFilters: excludeFiltersSchema,
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
const countBody = z.object({ filters: filtersSchema, excludeFilters: excludeFiltersSchema });
const unlockBody = z.object({
  leads: z
    .array(z.object({ id: z.string().min(1) }))
    .min(1)
    .max(100),
});
const savedBody = z.object({ name: z.string().min(1).max(100), filters: filtersSchema });
// §5.5: `q` at least 2 characters, `limit` 20 unless given.
const suggestQuery = z.object({ q: z.string().min(2), limit: z.coerce.number().int().min(1).max(50).default(20) });

export const FILTER_OPTIONS: Record<string, string[]> = {
  jobLevel: JOB_LEVELS,
  jobFunction: JOB_FUNCTIONS,
  jobTitle: JOB_TITLES,
  companyNameMode: ['exact', 'contains'],
  continent: ['Africa', 'Asia', 'Europe', 'North America', 'Oceania', 'South America'],
  countryCode: [...new Set(COMPANIES.map((c) => c.countryCode))],
  linkedinIndustry: [...new Set(COMPANIES.map((c) => c.industry))],
  revenueBuckets: ['<$1M', '$1M to <$10M', '$10M to <$50M', '$50M to <$100M', '$100M to <$1B', '$1B+'],
  lastFundingTypeOrg: ['Seed', 'Series A', 'Series B', 'Series C', 'Private Equity'],
};

export function registerLeadFinder(router: Router<Handler, RouteMeta>): void {
  router.add(
    'POST',
    '/lead-finder/search',
    (ctx) => {
      const input = parseInput(searchBody, body(ctx), 'body');
      const maxPages = ctx.svc.config().leadSearchMaxPages;
      if (input.page > maxPages) throw validationError(`body/page Number must be less than or equal to ${maxPages}`);
      if ((input.page - 1) * input.pageSize >= MAX_OFFSET) throw validationError(`body/page (page - 1) × pageSize must be less than ${MAX_OFFSET}`);
      const search = leadSearch(ctx.svc.seed, input.filters, input.excludeFilters);
      const from = (input.page - 1) * input.pageSize;
      const to = Math.min(search.total, from + input.pageSize);
      const rows = [];
      for (let i = from; i < to; i++) {
        const lead = leadFromId(ctx.svc.seed, search.idAt(i));
        rows.push(previewRow(lead, ctx.org.unlocked.has(lead.id)));
      }
      const cost = rows.length - freeRows(ctx, input.page, from, rows.length);
      requireCredits(ctx, cost);
      ctx.org.wallet.deduct(cost, `Lead Finder search page ${input.page}`, { requestId: ctx.requestId });
      const totalPages = Math.ceil(search.total / input.pageSize);
      return ok(
        ctx,
        {
          results: rows,
          pagination: {
            page: input.page,
            pageSize: input.pageSize,
            totalResults: search.total,
            totalPages,
            hasMore: input.page < totalPages,
            isApproximate: search.total > 10_000,
            searchedTotalResult: search.total,
          },
        },
        { creditsUsed: cost, creditsRemaining: ctx.org.wallet.balance },
      );
    },
    {},
  );

  router.add(
    'POST',
    '/lead-finder/count',
    (ctx) => {
      const input = parseInput(countBody, body(ctx), 'body');
      const { total } = leadSearch(ctx.svc.seed, input.filters, input.excludeFilters);
      return ok(ctx, { count: total, searchType: 'people', isApproximate: total > 10_000, searchedTotalResult: total });
    },
    {},
  );

  router.add(
    'POST',
    '/lead-finder/unlock-names',
    (ctx) => {
      const input = parseInput(unlockBody, body(ctx), 'body');
      const ids = [...new Set(input.leads.map((l) => l.id))];
      requireCredits(ctx, ids.length);
      ctx.org.wallet.deduct(ids.length, `Lead Finder unlock names: ${ids.length} lead(s)`, { requestId: ctx.requestId });
      for (const id of ids) ctx.org.unlocked.add(id);
      const results = ids.map((id) => ({ id, lastName: leadFromId(ctx.svc.seed, id).lastName }));
      return ok(ctx, { results }, { creditsUsed: ids.length, creditsRemaining: ctx.org.wallet.balance });
    },
    {},
  );

  router.add('GET', '/lead-finder/saved', (ctx) => ok(ctx, [...ctx.org.savedSearches.values()]), {});

  router.add(
    'POST',
    '/lead-finder/saved',
    (ctx) => {
      const input = parseInput(savedBody, body(ctx), 'body');
      const saved: SavedSearch = { id: ctx.svc.ids.hex(24), name: input.name, filters: input.filters, createdAt: iso(ctx.now), updatedAt: iso(ctx.now) };
      ctx.org.savedSearches.set(saved.id, saved);
      return ok(ctx, saved);
    },
    {},
  );

  router.add(
    'DELETE',
    '/lead-finder/saved/{id}',
    (ctx) => {
      if (!ctx.org.savedSearches.delete(ctx.params.id as string)) throw notFound('Saved search not found');
      return ok(ctx, { deleted: true });
    },
    {},
  );

  router.add('GET', '/lead-finder/filter-options', (ctx) => ok(ctx, FILTER_OPTIONS), {});

  router.add(
    'GET',
    '/lead-finder/suggest',
    (ctx) => {
      const q = parseInput(suggestQuery, queryObject(ctx.req.query), 'querystring');
      const needle = q.q.toLowerCase();
      const known = COMPANIES.map((c) => c.name).filter((n) => n.toLowerCase().includes(needle));
      const stem = q.q.trim().replace(/^\w/, (c) => c.toUpperCase());
      // Enough names that the default limit (20) is what cuts the list.
      const invented = [
        'Labs',
        'Group',
        'Technologies',
        'Partners',
        'Holdings',
        'Systems',
        'Ventures',
        'Industries',
        'Solutions',
        'Networks',
        'Capital',
        'Analytics',
        'Digital',
        'Global',
        'Works',
        'Studio',
        'Media',
        'Health',
        'Energy',
        'Logistics',
      ].map((s) => `${stem} ${s}`);
      return ok(ctx, { values: [...known, ...invented].slice(0, q.limit) });
    },
    {},
  );
}
