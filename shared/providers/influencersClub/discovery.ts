/**
 * Creator discovery and similar creators (§1.2, §1.3): body paging `{paging: {limit ≤ 50,
 * page}}`, 0.01 credit per creator returned (nothing when none), Return All to a target volume
 * (150 creators = exactly 3 requests at 50). The first page number is a reading (0 or 1).
 */
import { z } from 'zod';
import type { OperationSpec, PaginationSpec } from '../../catalog/types';
import type { OptionsSource } from '../../catalog/types';
import { arrayAt, enumField, intField, lenient, numberAt, op, perUnit, stringList, textField, withThousands } from '../../catalog';
import { dictionaryOptions } from './dictionaries';
import { creatorCard, DISCOVERY_PLATFORMS, platformField, SIMILAR_PLATFORMS, type InfluencersClubReadings } from './common';

export const PER_CREATOR = 0.01;
export const MAX_PAGE_SIZE = 50;
/** Similar creators: at most 10,000 results are reachable per query (§1.3). */
export const SIMILAR_REACHABLE = 10_000;

const SORT_BY = ['relevancy', 'engagement_rate', 'number_of_followers', 'growth_rate'] as const;

/** A range filter `{min, max}`: numbers, min ≤ max. */
const RANGE_KEYS = new Set(['min', 'max']);

/** Filters are the platform's own (§1.3); ranges are checked here so a typo does not silently widen a paid search. */
export const filtersField = () =>
  z
    .record(z.unknown(), { invalid_type_error: 'filters must be a JSON object, e.g. {"number_of_followers": {"min": 50000}}' })
    .superRefine((filters, ctx) => {
      for (const [name, value] of Object.entries(filters)) {
        const rec = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
        if (!rec || !Object.keys(rec).some((k) => RANGE_KEYS.has(k))) continue;
        for (const k of Object.keys(rec)) {
          if (!RANGE_KEYS.has(k)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name, k], message: `filters.${name} is a range: only "min" and "max"` });
          else if (rec[k] !== null && typeof rec[k] !== 'number')
            ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name, k], message: `filters.${name}.${k} must be a number` });
        }
        if (typeof rec.min === 'number' && typeof rec.max === 'number' && rec.min > rec.max) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: `filters.${name}: min must not exceed max` });
        }
      }
    })
    .describe('Platform filters as JSON, e.g. {"number_of_followers": {"min": 50000}, "engagement_percent": {"min": 2}}');

function pagingField(firstPage: 0 | 1) {
  return z
    .object({
      limit: intField('paging.limit', `Creators per page (1–${MAX_PAGE_SIZE})`, { min: 1, max: MAX_PAGE_SIZE }),
      page: intField('paging.page', `Page number (the first page is ${firstPage})`, { min: firstPage }),
    })
    .default({ limit: MAX_PAGE_SIZE, page: firstPage })
    .describe('Page size and number (set by Return All / Limit in the adapters)');
}

const sortFields = {
  sort_by: enumField('sort_by', SORT_BY, 'Order of results').default('relevancy'),
  sort_order: enumField('sort_order', ['asc', 'desc'] as const, 'Sort direction (relevancy is descending only)').default('desc'),
};

function sortRule(input: { sort_by: string; sort_order: string }, ctx: z.RefinementCtx) {
  if (input.sort_by === 'relevancy' && input.sort_order !== 'desc')
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['sort_order'], message: 'sort_order must be desc when sorting by relevancy' });
}

/** Filters the classifier dictionaries list the values of: set as dropdowns, sent inside `filters`. */
const dictionaryFilters = {
  location: stringList('location', 'Creator locations (choices from the locations dictionary of the platform)', { max: 50 }),
  profile_language: stringList('profile_language', 'Profile languages (choices from the languages dictionary)', { max: 20 }),
};

const dictionaryChoices: Record<string, OptionsSource> = {
  location: { op: 'dictionary.locations', input: (v) => ({ platform: v.platform ?? 'instagram' }), dependsOn: ['platform'], read: dictionaryOptions },
  profile_language: { op: 'dictionary.languages', read: dictionaryOptions },
};

/**
 * The body as §1.3 shows it: `sort: {sort_by, sort_order}`, `paging: {limit, page}`, and the
 * dropdown filters joined to `filters` (the JSON filters win where both name one).
 */
function searchRequest(input: Record<string, unknown>) {
  const { location, profile_language, filters, sort_by, sort_order, ...rest } = input;
  const merged = { ...(location ? { location } : {}), ...(profile_language ? { profile_language } : {}), ...((filters as Record<string, unknown>) ?? {}) };
  return { path: {}, query: {}, body: { ...rest, sort: { sort_by, sort_order }, ...(Object.keys(merged).length ? { filters: merged } : {}) } };
}

const searchOutput = lenient({ total: z.number(), limit: z.number(), credits_left: z.union([z.string(), z.number()]), accounts: z.array(creatorCard) });

const creatorsReturned = (data: unknown) => arrayAt(data, 'accounts').length;

function bodyPages(firstPage: 0 | 1, reachable?: number): PaginationSpec {
  return {
    style: 'bodyPaging',
    field: 'paging',
    firstPage,
    maxPageSize: MAX_PAGE_SIZE,
    defaultPageSize: MAX_PAGE_SIZE,
    items: (data) => arrayAt(data, 'accounts'),
    total: (data) => {
      const total = numberAt(data, 'total');
      return total === undefined || reachable === undefined ? total : Math.min(total, reachable);
    },
  };
}

const searchCost = <I extends { paging: { limit: number } }>() =>
  perUnit<I>(
    PER_CREATOR,
    `${PER_CREATOR} credit per creator returned (at most ${PER_CREATOR} × page size per request); nothing when none is found`,
    (input) => input.paging.limit,
    (ctx) => creatorsReturned(ctx.data),
  );

export function discoveryOperations(readings: InfluencersClubReadings): OperationSpec[] {
  const discoverInput = z
    .object({
      platform: platformField(DISCOVERY_PLATFORMS),
      ...dictionaryFilters,
      filters: filtersField().optional(),
      ...sortFields,
      paging: pagingField(readings.firstPage),
    })
    .superRefine(sortRule);
  const discover = op({
    resource: 'discovery',
    operation: 'search',
    displayName: 'Discover creators',
    about:
      'Search creators of one platform by filters (followers, engagement, location, keywords…), sorted; Return All walks the pages to the volume you ask for.',
    kind: 'list',
    method: 'POST',
    path: '/discovery/',
    input: discoverInput as unknown as z.AnyZodObject,
    output: searchOutput,
    cost: searchCost(),
    retrySafe: false,
    request: searchRequest,
    optionsFrom: dictionaryChoices,
    pagination: bodyPages(readings.firstPage),
  });

  const similarInput = z
    .object({
      platform: platformField(SIMILAR_PLATFORMS, 'The platform of the reference creator (not twitter)'),
      filter_key: enumField('filter_key', ['url', 'username', 'id'] as const, 'How the reference creator is given').default('username'),
      filter_value: textField('filter_value', 'The reference creator: profile URL, username or id', { max: 300 }),
      ...dictionaryFilters,
      filters: filtersField().optional(),
      ...sortFields,
      paging: pagingField(readings.firstPage),
    })
    .superRefine(sortRule);
  const similar = op({
    resource: 'discovery',
    operation: 'similar',
    displayName: 'Find similar creators',
    about: `Lookalikes of one reference creator (at most ${withThousands(SIMILAR_REACHABLE)} reachable per query); Return All walks the pages to the volume you ask for.`,
    kind: 'list',
    method: 'POST',
    path: '/discovery/creators/similar/',
    input: similarInput as unknown as z.AnyZodObject,
    output: searchOutput,
    cost: searchCost(),
    retrySafe: false,
    request: searchRequest,
    optionsFrom: dictionaryChoices,
    pagination: bodyPages(readings.firstPage, SIMILAR_REACHABLE),
  });
  return [discover, similar];
}
