/** Turn an operation + validated input (+ a page overlay) into a URL and a body. */
import type { OperationSpec, RequestParts } from './catalog/types';
import { ProviderFailureError } from './errors';
import type { ScopeParts } from './credentials';
import type { PageOverlay } from './paging/paginate';
import { encodeMultipart } from './files/multipart';
import { jsonBody } from './transport/jsonBody';
import type { StreamedBody } from './transport/types';

const PLACEHOLDER = /\{(\w+)\}/g;

/** Path params from `{name}`; GET/DELETE put the rest in the query, other methods in the body. */
export function defaultRequestParts(op: OperationSpec, input: unknown): RequestParts {
  const fields = { ...((input ?? {}) as Record<string, unknown>) };
  const path: Record<string, string> = {};
  for (const [, name] of op.path.matchAll(PLACEHOLDER)) {
    path[name] = String(fields[name] ?? '');
    delete fields[name];
  }
  if (op.method === 'GET' || op.method === 'DELETE') {
    return { path, query: fields as RequestParts['query'] };
  }
  return { path, query: {}, body: Object.keys(fields).length ? fields : undefined };
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * The fields of `{ ...a, ...b, ...c }`, in its order, later values winning. Merged in a Map:
 * V8 spreads objects freshly built by a catalog (computed keys) slowly. A key that reads as an
 * array index (objects put those first) takes the spread itself.
 */
function queryFields(a?: Record<string, unknown>, b?: Record<string, unknown>, c?: Record<string, unknown>): Iterable<[string, unknown]> {
  const merged = new Map<string, unknown>();
  for (const source of [a, b, c]) {
    if (!source) continue;
    for (const key of Object.keys(source)) {
      if (ARRAY_INDEX.test(key)) return Object.entries({ ...a, ...b, ...c });
      merged.set(key, source[key]);
    }
  }
  return merged;
}

/** Addresses without a query or fragment, as the URL parser writes them: the same few, call after call. */
const parsedAddresses = new Map<string, string | null>();
const PARSED_ADDRESSES_KEPT = 512;

/**
 * `address` (parsed: a malformed one throws as `new URL` does) with `query` set, written as
 * `URL#searchParams.set` then `toString()` would. An address without a query or fragment is
 * parsed once and the query appended to its text; any other takes the URL object's path.
 */
function withQuery(address: string, query: readonly [string, string][]): string {
  let href = parsedAddresses.get(address);
  if (href === undefined) {
    const url = new URL(address);
    href = url.search === '' && url.hash === '' && !url.href.includes('?') && !url.href.includes('#') ? url.href : null;
    if (parsedAddresses.size >= PARSED_ADDRESSES_KEPT) parsedAddresses.clear();
    parsedAddresses.set(address, href);
  }
  if (href !== null) return query.length ? `${href}?${query.map(([k, v]) => `${formEncoded(k)}=${formEncoded(v)}`).join('&')}` : href;
  const url = new URL(address);
  for (const [k, v] of query) url.searchParams.set(k, v);
  return url.toString();
}

const FORM_SAFE = /^[A-Za-z0-9*\-._]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` as the URL standard's form serializer writes it (what URLSearchParams writes): UTF-8
 * percent-encoded but for letters, digits and `*-._`, a space as `+`, a lone surrogate as U+FFFD.
 */
function formEncoded(text: string): string {
  if (FORM_SAFE.test(text)) return text;
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'))
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function encodeQueryValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * The request for `op`: its parts from the input, the page overlay, and the credential's fields
 * (`scope`; the input's own value wins where both name one). Body fields only join requests that
 * send a JSON object body; a multipart form takes them as form fields.
 */
export function buildRequest(
  baseUrl: string,
  op: OperationSpec,
  input: unknown,
  overlay?: PageOverlay,
  scope?: ScopeParts,
  streamLong = false,
): { url: string; body?: string; streamed?: StreamedBody; contentType?: string } {
  const parts = op.request ? op.request(input) : defaultRequestParts(op, input);

  if (overlay?.url) {
    // A provider's next-page URL: follow it only on the configured host, so the API key is
    // never sent anywhere else.
    const next = new URL(overlay.url, baseUrl + '/');
    if (next.origin !== new URL(baseUrl).origin) {
      throw new ProviderFailureError(`refusing to follow a next-page URL on another host (${next.origin})`);
    }
    return { url: next.toString() };
  }

  const path = op.path.replace(PLACEHOLDER, (_, name: string) => {
    const value = parts.path[name] || scope?.path[name];
    if (value === undefined || value === '') throw new ProviderFailureError(`missing path parameter "${name}" for ${op.key}`);
    return encodeURIComponent(value);
  });
  const query: [string, string][] = [];
  for (const [k, v] of queryFields(scope?.query, parts.query, overlay?.query)) {
    if (v === undefined || v === null) continue;
    query.push([k, encodeQueryValue(v)]);
  }
  const url = withQuery(baseUrl + path, query);
  if (parts.form) {
    const fields = scope && Object.keys(scope.body).length ? { ...(scope.body as Record<string, string>), ...parts.form.fields } : parts.form.fields;
    const encoded = encodeMultipart({ ...parts.form, fields });
    return { url, body: encoded.body, contentType: encoded.contentType };
  }
  let body = parts.body;
  if (overlay?.body) body = { ...((body as Record<string, unknown>) ?? {}), ...overlay.body };
  if (scope && Object.keys(scope.body).length && op.method !== 'GET' && op.method !== 'DELETE') {
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new ProviderFailureError(
        `${op.key} sends a body that is not a JSON object, so the credential's body fields cannot join it; send them in the query or a header`,
      );
    }
    body = { ...scope.body, ...(body as Record<string, unknown> | undefined) };
  }
  if (body === undefined) return { url };
  // A transport that takes a long body in pieces (`streamLong`) gets one; every other gets the string.
  const json = jsonBody(body, streamLong);
  return { url, ...(typeof json === 'string' ? { body: json } : { streamed: json }), contentType: 'application/json' };
}
