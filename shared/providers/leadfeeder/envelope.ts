/**
 * Leadfeeder answers in JSON:API: `{data, included?, meta}` with records as `{type, id,
 * attributes, relationships}`. Workflows want plain items, so each record becomes
 * `{id, type, ...attributes, <relationship>: <the related record, flattened>}`, the related
 * record found in `included` (or carried inline, as visitor-company rows do).
 */
import type { ResponseMeta } from '../../catalog/types';
import { credits } from '../../credits/amount';
import type { HttpResponse } from '../../transport/types';
import { asRecord, numberAt, stringAt } from '../../catalog';

type Index = Map<string, Record<string, unknown>>;

/** How deep related records are resolved (a company's group company, but not further). */
const MAX_DEPTH = 2;

function isResource(rec: Record<string, unknown>): boolean {
  return typeof rec.type === 'string' && ('attributes' in rec || 'relationships' in rec);
}

function indexOf(included: unknown): Index {
  const index: Index = new Map();
  if (Array.isArray(included)) {
    for (const item of included) {
      const rec = asRecord(item);
      if (rec && rec.id !== undefined) index.set(`${String(rec.type)}:${String(rec.id)}`, rec);
    }
  }
  return index;
}

function resolve(ref: unknown, index: Index, depth: number): unknown {
  const rec = asRecord(ref);
  if (!rec) return ref;
  const full = 'attributes' in rec ? rec : index.get(`${String(rec.type)}:${String(rec.id)}`);
  if (!full || depth >= MAX_DEPTH) return { id: rec.id, type: rec.type };
  return flattenRecord(full, index, depth + 1);
}

/**
 * A new object with `source`'s own fields, as `{ ...source }` makes it (a `__proto__` field stays
 * a field). Key by key: V8 spreads a freshly parsed object and then adds keys to the copy some
 * five times slower (~1.2 µs a record).
 */
function ownFields(source: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!source) return out;
  for (const key of Object.keys(source)) {
    if (key === '__proto__') Object.defineProperty(out, key, { value: source[key], writable: true, enumerable: true, configurable: true });
    else out[key] = source[key];
  }
  return out;
}

/** One JSON:API record as a plain object; anything else is returned as it is. */
export function flattenRecord(value: unknown, index: Index = new Map(), depth = 0): unknown {
  const rec = asRecord(value);
  if (!rec || !isResource(rec)) return value;
  const out = ownFields(asRecord(rec.attributes));
  out.id = rec.id;
  out.type = rec.type;
  const relationships = asRecord(rec.relationships);
  if (!relationships) return out;
  for (const [name, rel] of Object.entries(relationships)) {
    const data = asRecord(rel) && 'data' in (rel as object) ? (rel as { data: unknown }).data : rel;
    out[name] = Array.isArray(data) ? data.map((d) => resolve(d, index, depth)) : data === null || data === undefined ? null : resolve(data, index, depth);
  }
  return out;
}

/** The whole `data` of a body, flattened, relationships resolved from `included`. */
export function flattenDocument(body: unknown): unknown {
  const rec = asRecord(body);
  if (!rec) return body;
  const index = indexOf(rec.included);
  const data = rec.data;
  return Array.isArray(data) ? data.map((d) => flattenRecord(d, index)) : flattenRecord(data, index);
}

/** `meta.request_id`; `meta.credits.charged` where the endpoint reports it (absent ≠ 0). */
export function readLeadfeederMeta(meta: unknown): ResponseMeta {
  const out: ResponseMeta = {};
  const requestId = stringAt(meta, 'request_id');
  if (requestId) out.requestId = requestId;
  const charged = numberAt(meta, 'credits', 'charged');
  if (charged !== undefined) out.creditsUsed = credits(charged);
  return out;
}

export function unwrapLeadfeeder(body: unknown, response: HttpResponse): { data: unknown; meta: ResponseMeta } {
  // A DELETE answers 204 with no body.
  if (response.status === 204) return { data: { deleted: true }, meta: {} };
  const rec = asRecord(body);
  if (!rec || !('data' in rec)) return { data: body, meta: response.headers['x-request-id'] ? { requestId: response.headers['x-request-id'] } : {} };
  const meta = readLeadfeederMeta(rec.meta);
  // Set only when known (deleting a key after would make every later read of `meta` slow).
  if (meta.requestId === undefined && response.headers['x-request-id'] !== undefined) meta.requestId = response.headers['x-request-id'];
  return { data: flattenDocument(rec), meta };
}

/** `meta.pagination.page_count` (page-number routes). */
export const pageCountOf = (body: unknown): number | undefined => numberAt(body, 'meta', 'pagination', 'page_count');

/** `meta.pagination.next_cursor` (cursor routes); null/absent ends the walk. */
export const nextCursorOf = (body: unknown): string | null | undefined => stringAt(body, 'meta', 'pagination', 'next_cursor') ?? null;
