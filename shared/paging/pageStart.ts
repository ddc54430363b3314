/**
 * Where a list walk starts: the page (or cursor, or next-page URL) the input asks for, in every
 * paging style. The field that asked is then left out of the request — the page overlay sends
 * the start in the provider's own parameter (`page[num]`, `page[cursor]`, the URL itself).
 */
import type { PaginationSpec } from '../catalog/types';
import { ValidationError } from '../errors';
import type { PaginateOptions } from './paginate';

export interface WalkStart {
  start: Pick<PaginateOptions, 'startPage' | 'startCursor' | 'startUrl'>;
  /** The input to send: without the field that named the start when the overlay carries it. */
  input: unknown;
}

/** Where the input names the start: a field of its own, or (body paging) the page inside its paging object. */
function startField(spec: PaginationSpec): { name: string; value(fields: Record<string, unknown>): unknown; sentRaw: boolean } | undefined {
  if (spec.style === 'page') return { name: spec.pageParam, value: (f) => f[spec.pageParam], sentRaw: true };
  if (spec.startParam) {
    const name = spec.startParam;
    return { name, value: (f) => f[name], sentRaw: false };
  }
  // Body paging's own object is replaced by the overlay; its page is the start.
  if (spec.style === 'bodyPaging') return { name: `${spec.field}.page`, value: (f) => (f[spec.field] as { page?: unknown } | undefined)?.page, sentRaw: true };
  return undefined;
}

/** The start the validated `input` asks for; a start equal to the first page asks for nothing. */
export function walkStart(spec: PaginationSpec, input: unknown): WalkStart {
  const fields = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  const field = startField(spec);
  if (!fields || !field) return { start: {}, input };
  const asked = field.value(fields);
  const rest = field.sentRaw || !(field.name in fields) ? input : omit(fields, field.name);
  if (asked === undefined || asked === null || asked === '') return { start: {}, input: rest };

  if (spec.style === 'cursor' || spec.style === 'nextUrl') {
    const what = spec.style === 'cursor' ? 'cursor' : 'next-page URL';
    if (typeof asked !== 'string')
      throw new ValidationError(`${field.name}: must be the ${what} an earlier page gave`, [{ field: field.name, rule: 'a string' }]);
    return { start: spec.style === 'cursor' ? { startCursor: asked } : { startUrl: asked }, input: rest };
  }
  const first = spec.style === 'pageNum' ? 1 : spec.firstPage;
  if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < first) {
    throw new ValidationError(`${field.name}: must be a whole page number of at least ${first} (got ${String(asked)})`, [
      { field: field.name, rule: `a whole number >= ${first}` },
    ]);
  }
  return { start: asked === first ? {} : { startPage: asked }, input: rest };
}

function omit(fields: Record<string, unknown>, name: string): Record<string, unknown> {
  const copy = { ...fields };
  delete copy[name];
  return copy;
}

/** Whether a list can fetch one chosen page by its number (cursor and next-URL lists cannot). */
export function pagesByNumber(spec: PaginationSpec): boolean {
  return (spec.style === 'bodyPaging' && spec.startParam === undefined) || spec.style === 'page' || (spec.style === 'pageNum' && spec.startParam !== undefined);
}

/**
 * The input that asks for exactly one page as the provider numbers them — page 3 at 50 a page is
 * what the API's own page 3 holds, not "50 items starting somewhere" — for `pages`/`list` with
 * `limit: size`. Undefined where the list pages by cursor or URL.
 */
export function onePageInput(spec: PaginationSpec, input: Record<string, unknown>, page: number, size: number): Record<string, unknown> | undefined {
  switch (spec.style) {
    case 'bodyPaging':
      return spec.startParam === undefined ? { ...input, [spec.field]: { limit: size, page } } : undefined;
    case 'page':
      return { ...input, [spec.pageParam]: page, [spec.sizeParam]: size };
    case 'pageNum':
      return spec.startParam ? { ...input, [spec.startParam]: page, 'page[size]': size } : undefined;
    default:
      return undefined;
  }
}
