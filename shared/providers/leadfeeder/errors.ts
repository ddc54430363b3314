/**
 * Leadfeeder error answers, keyed on `code` (the status is not reliable: the docs answer a bad
 * key with 403, the OpenAPI with 401). Shapes seen: `{errors:[{code,title,detail,source?}],
 * meta:{request_id}}`, the docs' flat `{code, message}`, and a 401 carrying a singular
 * `error{code,message}` beside `errors[]`.
 */
import { type ErrorKind, kindFromStatus, type ProviderErrorInfo } from '../../errors';
import { retryAfterFromHeaders } from '../../retry';
import type { HttpResponse } from '../../transport/types';
import { arrayAt, asRecord, stringAt } from '../../catalog';

/** Codes that mean "the key is missing, wrong or dead", whatever the status (401 or 403). */
const AUTH_CODES = [
  'missing_token',
  'invalid_api_key',
  'api_key_expired',
  'invalid_token',
  'token_expired',
  'token_revoked',
  'oauth_app_inactive',
  'oauth_app_not_found',
];

const CODE_KINDS: Record<string, ErrorKind> = {
  ...Object.fromEntries(AUTH_CODES.map((c) => [c, 'auth' as ErrorKind])),
  entity_not_found: 'not_found',
  not_found: 'not_found',
  insufficient_entitlements: 'forbidden',
  access_denied: 'forbidden',
  // The provider's own monthly quota: waiting a minute would not help, so not `rate_limited`.
  quota_exceeded: 'forbidden',
  too_many_requests: 'rate_limited',
  insufficient_credits: 'insufficient_credits',
  invalid_parameter: 'validation',
  invalid_request: 'validation',
  validation_error: 'validation',
  bad_request: 'validation',
};

/**
 * Which call needs which plan is NOT FOUND in the reference beyond §2.5's split: Basic Search
 * (core identifiers) and Advanced Search (firmographic filters, signals, news) are sold apart.
 */
const ENTITLEMENTS =
  " — Leadfeeder sells Basic Search (core identifiers) and Advanced Search (firmographic filters, signals, news) separately, and this account's plan does not cover the request; nothing was charged. Search by name or website instead, or ask Leadfeeder for Advanced Search";

/** Kinds whose answer proves the request was refused before any work (or charge). */
const NOT_CHARGED = new Set<ErrorKind>(['auth', 'rate_limited', 'validation', 'forbidden', 'insufficient_credits']);

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `/data/attributes/search_terms` or a `parameter` name → the field a user set. */
function fieldOf(error: unknown): string | undefined {
  const parameter = stringAt(error, 'source', 'parameter');
  if (parameter) return parameter;
  const pointer = stringAt(error, 'source', 'pointer');
  return pointer?.split('/').filter(Boolean).pop();
}

export function parseLeadfeederError(response: HttpResponse, body: unknown): ProviderErrorInfo {
  const status = response.status;
  const rec = asRecord(body) ?? asRecord(tryJson(response.body));
  const first = arrayAt(rec, 'errors')[0] ?? asRecord(rec?.error) ?? rec;
  const code = stringAt(first, 'code') ?? stringAt(rec, 'error', 'code') ?? stringAt(rec, 'code');
  const kind: ErrorKind = (code && CODE_KINDS[code]) || kindFromStatus(status);
  const title = stringAt(first, 'title');
  const detail = stringAt(first, 'detail') ?? stringAt(first, 'message') ?? stringAt(rec, 'message');
  const text = title && detail && title !== detail ? `${title}: ${detail}` : (detail ?? title ?? `HTTP ${status} without error details`);
  const info: ProviderErrorInfo = { kind, status, message: code ? `${text} (${code})${code === 'insufficient_entitlements' ? ENTITLEMENTS : ''}` : text };
  if (code) info.code = code;
  const requestId = stringAt(rec, 'meta', 'request_id') ?? response.headers['x-request-id'];
  if (requestId) info.requestId = requestId;
  if (kind === 'validation') {
    const field = fieldOf(first);
    if (field) info.field = field;
  }
  if (kind === 'rate_limited') {
    // Leadfeeder documents no Retry-After; honour one if it ever appears.
    const wait = retryAfterFromHeaders(response.headers, Date.now());
    if (wait !== undefined) info.retryAfterMs = wait;
  }
  if (NOT_CHARGED.has(kind)) info.notCharged = true;
  return info;
}
