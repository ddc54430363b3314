/**
 * Walks a paginated operation to a target volume. Page size is chosen once so that a target of
 * 120 at 50 per page costs exactly 3 requests (of 40: pages as even as possible, so nothing is
 * fetched — and paid per item — beyond the target but for rounding).
 */
import type { PaginationSpec } from '../catalog/types';
import { ProviderFailureError, ValidationError } from '../errors';

/** What to merge into the request for one page. `url` replaces the whole URL (style nextUrl). */
export type PageOverlay = { query?: Record<string, string | number>; body?: Record<string, unknown>; url?: string };

export interface FetchedPage {
  /** The unwrapped envelope data (items live here). */
  data: unknown;
  /** The whole parsed JSON body (cursors and page counts may live in `meta`). */
  body: unknown;
}

export interface PaginateOptions {
  /** Stop after this many items; undefined = every item. */
  maxItems?: number;
  pageSize?: number;
  /** Page number to start from (numbered styles only). */
  startPage?: number;
  /** Cursor to start from (cursor style only): a walk resumed where an earlier one stopped. */
  startCursor?: string;
  /** Next-page URL to start from (nextUrl style only). */
  startUrl?: string;
}

export interface PageResult {
  items: unknown[];
  page: FetchedPage;
  pageIndex: number;
}

/**
 * Input fields the paginator owns (users set Return All / Limit instead); adapters hide them.
 * The page a walk starts from stays (`pageParam`, a declared `startParam`): the client honours it.
 */
export function pagingFieldNames(p: PaginationSpec): string[] {
  switch (p.style) {
    case 'page':
      return [p.sizeParam];
    case 'bodyPaging':
      return [p.field];
    case 'nextUrl':
      return [p.sizeParam];
    case 'pageNum':
      return ['page[num]', 'page[size]'];
    case 'cursor':
      return ['page[cursor]', 'page[size]'];
  }
}

function invalid(field: string, rule: string): ValidationError {
  return new ValidationError(`${field}: ${rule}`, [{ field, rule }]);
}

function checkOptions(spec: PaginationSpec, opts: PaginateOptions): void {
  const { maxItems, pageSize, startPage, startCursor, startUrl } = opts;
  if (startCursor !== undefined && spec.style !== 'cursor')
    throw invalid('startCursor', `only cursor pagination starts from a cursor (this list pages by ${spec.style})`);
  if (startUrl !== undefined && spec.style !== 'nextUrl')
    throw invalid('startUrl', `only next-URL pagination starts from a URL (this list pages by ${spec.style})`);
  if (maxItems !== undefined && !(Number.isInteger(maxItems) && maxItems >= 0)) {
    throw invalid('maxItems', `must be a whole number of at least 0 (got ${maxItems})`);
  }
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1)) {
    throw invalid('pageSize', `must be a whole number of at least 1 (got ${pageSize})`);
  }
  if (startPage !== undefined) {
    if (spec.style === 'cursor' || spec.style === 'nextUrl') {
      throw invalid(
        'startPage',
        `is not supported by ${spec.style} pagination, which starts from the first page or from a ${spec.style === 'cursor' ? 'cursor' : 'next-page URL'} an earlier walk was given`,
      );
    }
    const first = spec.style === 'pageNum' ? 1 : spec.firstPage;
    if (!(Number.isInteger(startPage) && startPage >= first)) {
      throw invalid('startPage', `must be a whole number of at least ${first} (got ${startPage})`);
    }
  }
}

/** One page size for the whole walk: never above the provider's cap nor above the target. */
export function choosePageSize(spec: PaginationSpec, opts: PaginateOptions): number {
  let size = Math.min(spec.maxPageSize, opts.pageSize ?? spec.defaultPageSize);
  if (opts.maxItems !== undefined && opts.maxItems > 0) {
    size = Math.min(size, opts.maxItems);
    // Numbered pages keep one size for the whole walk (page n starts at n × size), so the size
    // is evened out: 60 at ≤ 50 a page is 2 × 30, not 50 + 50 trimmed to 60 — a provider that
    // bills per item returned would charge for 40 unused. Cursor and next-URL walks ask the
    // last page for only what is missing instead.
    if (spec.style === 'page' || spec.style === 'bodyPaging' || spec.style === 'pageNum') size = Math.ceil(opts.maxItems / Math.ceil(opts.maxItems / size));
  }
  return size;
}

function itemsOf(spec: PaginationSpec, page: FetchedPage, pageIndex: number): unknown[] {
  const items = spec.items(page.data);
  if (!Array.isArray(items)) throw new ProviderFailureError(`page ${pageIndex + 1} of the results has no item list`);
  return items;
}

/**
 * Yields each page's items (trimmed to `maxItems`). Stops on: enough items, an empty page, a
 * null cursor / next URL, hasMore false, totalPages/pageCount/total reached, or a short page
 * the response does not contradict. An explicit "there is more" beats a short page, so no item
 * is dropped when a provider returns fewer rows than asked for mid-walk.
 */
export async function* paginate(
  spec: PaginationSpec,
  fetchPage: (overlay: PageOverlay) => Promise<FetchedPage>,
  opts: PaginateOptions = {},
): AsyncGenerator<PageResult> {
  checkOptions(spec, opts);
  const { maxItems } = opts;
  if (maxItems === 0) return;
  const size = choosePageSize(spec, opts);
  const firstNumber = spec.style === 'pageNum' ? 1 : spec.style === 'page' || spec.style === 'bodyPaging' ? spec.firstPage : 0;
  let pageNumber = opts.startPage ?? firstNumber;
  let cursor: string | undefined = opts.startCursor || undefined;
  let nextUrl: string | undefined = opts.startUrl || undefined;
  let yielded = 0;

  for (let pageIndex = 0; ; pageIndex++) {
    const remaining = maxItems === undefined ? undefined : maxItems - yielded;
    const page = await fetchPage(overlayFor(spec, size, pageNumber, cursor, nextUrl, remaining));
    const raw = itemsOf(spec, page, pageIndex);
    const items = maxItems !== undefined && yielded + raw.length > maxItems ? raw.slice(0, maxItems - yielded) : raw;
    yielded += items.length;
    yield { items, page, pageIndex };

    if (maxItems !== undefined && yielded >= maxItems) return;
    if (raw.length === 0) return;

    if (spec.style === 'cursor' || spec.style === 'nextUrl') {
      // The cursor / next URL is the provider's own answer to "is there more"; it wins over size.
      const next = spec.style === 'cursor' ? spec.nextCursor(page.body) : spec.nextUrl(page.body);
      if (typeof next !== 'string' || next === '') return;
      const previous = spec.style === 'cursor' ? cursor : nextUrl;
      if (next === previous)
        throw new ProviderFailureError(`the ${spec.style === 'cursor' ? 'page cursor' : 'next page URL'} did not advance after page ${pageIndex + 1}`);
      if (spec.style === 'cursor') cursor = next;
      else nextUrl = next;
      continue;
    }

    const more = numberedHasMore(spec, page, raw.length, size, pageNumber - firstNumber + 1);
    if (more === false) return;
    if (more === undefined && raw.length < size) return;
    pageNumber++;
  }
}

/**
 * The overlays a walk to `maxItems` sends when every page comes back full — the most pages (and
 * rows) it can ask for, so a quote priced page by page is an upper bound of what the walk pays.
 * Cursors and next-page URLs are unknown before the walk; they do not change a page's price.
 */
export function plannedOverlays(spec: PaginationSpec, opts: PaginateOptions & { maxItems: number }): PageOverlay[] {
  checkOptions(spec, opts);
  if (opts.maxItems === 0) return [];
  const size = choosePageSize(spec, opts);
  const firstNumber = spec.style === 'pageNum' ? 1 : spec.style === 'page' || spec.style === 'bodyPaging' ? spec.firstPage : 0;
  const overlays: PageOverlay[] = [];
  for (let asked = 0, page = opts.startPage ?? firstNumber; asked < opts.maxItems; page++) {
    overlays.push(overlayFor(spec, size, page, undefined, undefined, opts.maxItems - asked));
    asked += size;
  }
  return overlays;
}

function overlayFor(
  spec: PaginationSpec,
  size: number,
  pageNumber: number,
  cursor: string | undefined,
  nextUrl: string | undefined,
  remaining: number | undefined,
): PageOverlay {
  switch (spec.style) {
    case 'page': {
      const fields = { [spec.pageParam]: pageNumber, [spec.sizeParam]: size };
      return spec.in === 'query' ? { query: fields } : { body: fields };
    }
    case 'bodyPaging':
      return { body: { [spec.field]: { limit: size, page: pageNumber } } };
    case 'pageNum':
      return { query: { 'page[num]': pageNumber, 'page[size]': size } };
    case 'cursor':
      return { query: cursor === undefined ? { 'page[size]': size } : { 'page[cursor]': cursor, 'page[size]': size } };
    case 'nextUrl': {
      // The provider's next URL carries its cursor and the page size; the last page of a walk
      // to a target asks only for what is still missing (every row is paid for).
      const asked = remaining !== undefined && remaining < size ? remaining : size;
      if (nextUrl === undefined) return { query: { [spec.sizeParam]: asked } };
      return { url: asked === size ? nextUrl : withQueryParam(nextUrl, spec.sizeParam, asked), query: { [spec.sizeParam]: asked } };
    }
  }
}

/**
 * What a numbered page's response says about further pages: true/false when it says,
 * undefined when it says nothing (then a short page ends the walk).
 */
function numberedHasMore(
  spec: Extract<PaginationSpec, { style: 'page' | 'bodyPaging' | 'pageNum' }>,
  page: FetchedPage,
  count: number,
  size: number,
  pagesSeen: number,
): boolean | undefined {
  switch (spec.style) {
    case 'page': {
      const hasMore = spec.hasMore?.(page.data);
      if (hasMore !== undefined) return hasMore;
      const totalPages = spec.totalPages?.(page.data);
      if (totalPages !== undefined) return pagesSeen < totalPages;
      const totalItems = spec.totalItems?.(page.data);
      return totalItems === undefined ? undefined : pagesSeen * size < totalItems;
    }
    case 'bodyPaging': {
      const total = spec.total?.(page.data);
      // Items through this page, counted from the provider's first page.
      return total === undefined ? undefined : (pagesSeen - 1) * size + count < total;
    }
    case 'pageNum': {
      const pageCount = spec.pageCount(page.body);
      return pageCount === undefined ? undefined : pagesSeen < pageCount;
    }
  }
}

/** `url` with one query parameter replaced (relative URLs are kept relative). */
function withQueryParam(url: string, name: string, value: number): string {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(url);
  const parsed = new URL(url, 'http://relative.invalid');
  parsed.searchParams.set(name, String(value));
  return absolute ? parsed.toString() : `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
