/**
 * Leadfeeder's own facts shared by its endpoint groups: the two paging styles, the include and
 * extra-field inputs, where fields go on the wire, and the record-subscription price. Generic
 * helpers are in shared/catalog.
 */
import { z } from 'zod';
import type { CostModel, PaginationSpec, RecordSubscriptionSpec, RequestParts } from '../../catalog/types';
import { credits, timesCredits, ZERO } from '../../credits/amount';
import { asRecord, idField, intField, listField, without } from '../../catalog';
import { nextCursorOf, pageCountOf } from './envelope';

export const PROVIDER = { id: 'leadfeeder', displayName: 'Leadfeeder' } as const;

/** Page size cap on every paged route. */
export const MAX_PAGE_SIZE = 100;

/**
 * Said beside every limit Enrichflow enforces that the reference does not give (100 ids per
 * retrieve, 100 companies per match, 1–10 candidates per company): a user whose Leadfeeder
 * answers otherwise knows the limit is ours (docs/leadfeeder.md, assumptions).
 */
export const OUR_LIMIT = "Enrichflow's limit, Leadfeeder documents none";

const itemsOf = (data: unknown): unknown[] => (Array.isArray(data) ? data : []);

/** Page-number routes (lists, tags, visitor companies, custom feeds): `page[num]`, `page[size]`. */
export const pageNumbers: PaginationSpec = {
  style: 'pageNum',
  maxPageSize: MAX_PAGE_SIZE,
  defaultPageSize: MAX_PAGE_SIZE,
  items: itemsOf,
  pageCount: pageCountOf,
};

/** Cursor routes (searches, list items, web visits): `page[cursor]`, `page[size]`. */
export const cursorPages: PaginationSpec = {
  style: 'cursor',
  maxPageSize: MAX_PAGE_SIZE,
  defaultPageSize: MAX_PAGE_SIZE,
  items: itemsOf,
  nextCursor: nextCursorOf,
};

/** The page size the paginator asks for; the walk's estimate reads it (hidden from users). */
export const pageSizeField = () => intField('page[size]', 'Records per page (set by Return All / Limit)', { min: 1, max: MAX_PAGE_SIZE }).optional();

/** A Leadfeeder record id: the toolkit's safe id (never a slash, a dot or a leading `_`/`-`). */
export function recordId(field: string, help: string) {
  return idField(field, help);
}

export function idList(field: string, help: string, max = MAX_PAGE_SIZE) {
  return listField(field, recordId(field, 'An id'), help, { min: 1, max, maxSource: OUR_LIMIT });
}

/** `include` of related records, each one of `allowed` or a dotted child of one (`group_company.tags`). */
export function includeField(allowed: readonly string[], help: string) {
  const item = z
    .string()
    .trim()
    .refine((v) => allowed.includes(v.split('.')[0]!) && /^[a-z_]+(\.[a-z_]+)*$/.test(v), {
      message: `include entries must be one of ${allowed.join(', ')} (or a dotted child such as ${allowed[0]}.tags)`,
    });
  return listField('include', item, `${help} One or more of: ${allowed.join(', ')}.`, { max: allowed.length * 4 }).optional();
}

/**
 * Fields this catalog does not list yet, sent as they are (body for POST/PATCH, query for GET):
 * advanced users reach new API parameters without waiting for a release. Our own fields win.
 */
export const extraField = () =>
  z
    .record(z.unknown(), { invalid_type_error: 'extraFields must be a JSON object' })
    .optional()
    .describe(
      'Advanced: a JSON object of further API parameters, sent as they are (query for reads, body for writes). The fields above win over the same names here.',
    );

/** Query for a GET: the input minus our own names, `include` as a comma list, extras underneath. */
export function queryParts(input: Record<string, unknown>, path: string[] = [], rename: Record<string, string> = {}): RequestParts {
  const { extraFields, ...rest } = input as { extraFields?: Record<string, unknown> } & Record<string, unknown>;
  const parts: RequestParts = { path: {}, query: {} };
  for (const name of path) parts.path[name] = String(rest[name]);
  for (const [k, v] of Object.entries({ ...scalarExtras(extraFields), ...without(rest, ...path) }))
    parts.query[rename[k] ?? k] = v as RequestParts['query'][string];
  return parts;
}

/** Body for a POST/PATCH: criteria in the body, the page size in the query. */
export function bodyParts(input: Record<string, unknown>, path: string[] = []): RequestParts {
  const { extraFields, ...rest } = input as { extraFields?: Record<string, unknown> } & Record<string, unknown>;
  const size = rest['page[size]'];
  const body = { ...(extraFields ?? {}), ...without(rest, 'page[size]', ...path) };
  const parts: RequestParts = { path: {}, query: size === undefined ? {} : { 'page[size]': size as number }, body };
  for (const name of path) parts.path[name] = String(rest[name]);
  return parts;
}

function scalarExtras(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extra ?? {})) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

const idsOfData = (data: unknown): string[] =>
  (Array.isArray(data) ? data : [data])
    .map((r) => asRecord(r)?.id)
    .filter((id): id is string => typeof id === 'string' || typeof id === 'number')
    .map(String);

/** 1 credit = one 12-month record subscription (help.leadfeeder.com, "How Subscriptions and Credits Work"). */
export const CREDITS_PER_SUBSCRIPTION = 1;

/**
 * A related record `include` may bring in that is itself sold by subscription (a company's group
 * company, a contact's company): whether Leadfeeder charges for it is not documented, so the
 * estimate counts one per requested record and a reported charge decides whether it subscribed.
 */
export interface IncludedRecord {
  recordType: string;
  /** The `include` entry that brings it in (dotted children too). */
  include: string;
  /** Its id in one flattened answer record. */
  idIn: (record: unknown) => string | undefined;
}

const includes = (input: unknown, name: string): boolean => {
  const list = asRecord(input)?.include;
  return Array.isArray(list) && list.some((entry) => typeof entry === 'string' && entry.split('.')[0] === name);
};

/**
 * A retrieval by id: each requested record not yet subscribed costs 1 and starts a subscription.
 * What it charged is measured from the account's credits read before and after it, whenever the
 * registry cannot say it is free (docs/leadfeeder.md, assumptions).
 */
export function retrieval<I>(
  recordType: string,
  ids: (input: I) => string[],
  related?: IncludedRecord,
): { cost: CostModel<I>; subscription: RecordSubscriptionSpec<I> } {
  const price = credits(CREDITS_PER_SUBSCRIPTION);
  const relatedMost = (input: I): number => (related && includes(input, related.include) ? new Set(ids(input)).size : 0);
  return {
    cost: {
      summary: `1 credit per ${recordType} not yet subscribed (it starts a 12-month subscription); free for a subscribed ${recordType}${related ? `; with include=${related.include}, at most 1 more per ${recordType} for its ${related.recordType}` : ''}`,
      estimate: (input) => timesCredits(price, new Set(ids(input)).size + relatedMost(input)),
      // Retrievals report no charge, and a record may be subscribed where this client could not
      // see it (a website visitor, another tool on the account): the balance around the call says.
      measured: 'balance',
    },
    subscription: {
      recordType,
      mode: 'retrieve',
      perRecord: price,
      requested: ids,
      returned: ({ data }) => idsOfData(data),
      ...(related
        ? {
            related: {
              recordType: related.recordType,
              most: relatedMost,
              ids: ({ data, input }) =>
                includes(input, related.include) ? (Array.isArray(data) ? data : [data]).map(related.idIn).filter((id): id is string => id !== undefined) : [],
            },
          }
        : {}),
    },
  };
}

/** The id of a flattened relationship (`{id, type, ...}`) of an answer record. */
export const relationshipId =
  (name: string) =>
  (record: unknown): string | undefined => {
    const id = asRecord(asRecord(record)?.[name])?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  };

/**
 * Search and match: one source says they report `meta.credits.charged`, another treats them as
 * free identity calls. The estimate is the upper bound (1 per record a page can return); what
 * is booked is Leadfeeder's own report, else nothing. Records are registered as subscribed only
 * when Leadfeeder's report pays for them (the paid reading).
 */
export function reportedSearch<I>(recordType: string, most: (input: I) => number): { cost: CostModel<I>; subscription: RecordSubscriptionSpec<I> } {
  return {
    cost: {
      summary: `Leadfeeder's report (meta.credits.charged) decides; sources disagree whether searching charges — at most 1 credit per ${recordType} returned that is not yet subscribed`,
      estimate: (input) => timesCredits(credits(CREDITS_PER_SUBSCRIPTION), most(input)),
      actual: (ctx) => ctx.meta.creditsUsed ?? ZERO,
    },
    // Only the records a reported charge pays for are subscribed: `charged: 0` (a free search)
    // or no report subscribes nothing.
    subscription: { recordType, mode: 'register', registers: 'whenCharged', requested: () => [], returned: ({ data }) => idsOfData(data) },
  };
}

/**
 * Records that arrive subscribed (website visitor companies): free, and registered — their
 * subscription runs from the visit, which is no earlier than `since(input)` (the first day asked for).
 */
export function arrivesSubscribed<I>(recordType: string, idsIn: (data: unknown) => string[], since: (input: I) => number): RecordSubscriptionSpec<I> {
  return { recordType, mode: 'register', requested: () => [], returned: ({ data }) => idsIn(data), since: ({ input }) => since(input) };
}

/** The page size a walk asks for (the estimate's upper bound per page). */
export const pageSizeOf = (input: Record<string, unknown>): number =>
  typeof input['page[size]'] === 'number' ? (input['page[size]'] as number) : MAX_PAGE_SIZE;
