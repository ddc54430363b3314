/**
 * EnrichLayer answers (§4.4): a 2xx body is the data itself; errors come as 400, 401, 403 (out
 * of credits), 404, 410, 429, 500, 503 — none of them charged. The error body's shape is not
 * documented: the vendor MCP reads `message` or `error`, legacy Proxycurl clients read
 * `code`/`description`; every one of them is read here, and a body that is none of them still
 * yields a classified error from its status.
 */
import type { ResponseMeta } from '../../catalog/types';
import { asRecord } from '../../catalog';
import type { ErrorKind, ProviderErrorInfo } from '../../errors';
import { retryAfterFromHeaders } from '../../retry';
import type { HttpResponse } from '../../transport/types';

/**
 * EnrichLayer says every response carries a request id in its headers but not the header's
 * name (reference §4.4: NOT FOUND). `x-request-id` is our guess (docs/enrichlayer.md,
 * assumptions): when EnrichLayer names it otherwise, results simply carry no request id.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

export function unwrapEnrichLayer(body: unknown, response: HttpResponse): { data: unknown; meta: ResponseMeta } {
  const requestId = response.headers[REQUEST_ID_HEADER];
  return { data: body, meta: requestId ? { requestId } : {} };
}

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'validation',
  401: 'auth',
  403: 'insufficient_credits',
  404: 'not_found',
  410: 'gone',
  429: 'rate_limited',
};

const DEFAULT_MESSAGE: Record<number, string> = {
  400: 'invalid parameters',
  401: 'invalid API key',
  403: 'not enough credits',
  404: 'resource not found',
  410: 'this API is deprecated',
  429: 'rate limited',
  500: 'internal error',
  503: 'enrichment failed, retry',
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The message of any of the known body shapes: `{message}`, `{error}`, `{error: {message}}`, `{code, description}`, `{detail}`. */
function messageOf(body: unknown): { message?: string; code?: string } {
  const b = asRecord(body);
  if (!b) return {};
  const nested = asRecord(b.error);
  const message = text(b.message) ?? text(b.error) ?? text(nested?.message) ?? text(b.description) ?? text(b.detail);
  const code = text(b.code) ?? (typeof b.code === 'number' ? String(b.code) : undefined) ?? text(nested?.code);
  return { message, code };
}

export function parseEnrichLayerError(response: HttpResponse, body: unknown): ProviderErrorInfo {
  const status = response.status;
  const kind: ErrorKind = KIND_BY_STATUS[status] ?? 'provider';
  const { message, code } = messageOf(body);
  const info: ProviderErrorInfo = {
    kind,
    status,
    message: `${message ?? DEFAULT_MESSAGE[status] ?? `HTTP ${status}`} (HTTP ${status})`,
    code,
    requestId: response.headers[REQUEST_ID_HEADER],
    // The provider's error table: no charge for any error status.
    notCharged: true,
  };
  if (kind === 'rate_limited') info.retryAfterMs = retryAfterFromHeaders(response.headers, Date.now());
  return info;
}
