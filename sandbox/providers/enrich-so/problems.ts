/**
 * Enrich.so error answers (providers.md §5.2). The current API sends RFC 9457 problem+json;
 * `errorShape` also plays the two older shapes the docs and the SDK show, because clients
 * must parse all three:
 *  - problem: {type, title, status, detail, instance, ...extensions}   application/problem+json
 *  - flat:    {statusCode, error: title, message: detail, retryAfter?, detail?: {extensions}}
 *  - sdk:     {success: false, error: {code: slug, message: detail, detail?: {extensions}}}
 */
import { jsonReply, type Reply } from '../../kit/http';
import type { ErrorShape } from './config';

const KINDS: Record<number, { slug: string; title: string }> = {
  400: { slug: 'validation-error', title: 'Validation Error' },
  401: { slug: 'unauthorized', title: 'Unauthorized' },
  402: { slug: 'insufficient-credits', title: 'Insufficient Credits' },
  403: { slug: 'forbidden', title: 'Forbidden' },
  404: { slug: 'not-found', title: 'Not Found' },
  409: { slug: 'conflict', title: 'Conflict' },
  // No problem type URI is published for 410/422; these slugs are the sandbox's.
  410: { slug: 'gone', title: 'Gone' },
  422: { slug: 'unprocessable-entity', title: 'Unprocessable Entity' },
  429: { slug: 'rate-limit-exceeded', title: 'Too Many Requests' },
  500: { slug: 'internal-error', title: 'Internal Server Error' },
  502: { slug: 'upstream-failure', title: 'Upstream Failure' },
  503: { slug: 'service-unavailable', title: 'Service Unavailable' },
  504: { slug: 'timeout', title: 'Timeout' },
};

/** Thrown by handlers; the pipeline turns it into the configured error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const validationError = (detail: string) => new ApiError(400, detail);
export const notFound = (detail = 'No batch found with that ID') => new ApiError(404, detail);
export const conflict = (detail: string) => new ApiError(409, detail);

export function insufficientCredits(required: number, balance: number): ApiError {
  return new ApiError(402, `This operation requires ${required} credits, but your balance is ${balance} credits.`, {
    currentBalance: balance,
    required,
    shortfall: required - balance,
  });
}

export function renderError(err: ApiError, shape: ErrorShape, requestId: string): Reply {
  const kind = KINDS[err.status] ?? { slug: 'internal-error', title: 'Error' };
  const hasExtensions = Object.keys(err.extensions).length > 0;
  const retryAfter = err.headers['retry-after'];
  if (shape === 'flat') {
    return jsonReply(
      err.status,
      {
        statusCode: err.status,
        error: kind.title,
        message: err.detail,
        ...(retryAfter ? { retryAfter: Number(retryAfter) } : {}),
        ...(hasExtensions ? { detail: err.extensions } : {}),
      },
      err.headers,
    );
  }
  if (shape === 'sdk') {
    return jsonReply(
      err.status,
      { success: false, error: { code: kind.slug, message: err.detail, ...(hasExtensions ? { detail: err.extensions } : {}) } },
      err.headers,
    );
  }
  return jsonReply(
    err.status,
    {
      type: `https://dev.enrich.so/errors/${kind.slug}`,
      title: kind.title,
      status: err.status,
      detail: err.detail,
      instance: `/requests/${requestId}`,
      ...err.extensions,
    },
    err.headers,
    'application/problem+json',
  );
}

export function defaultDetail(status: number): string {
  switch (status) {
    case 429:
      return 'Rate limit exceeded. Please retry later.';
    case 500:
      return 'An unexpected error occurred. Please try again later.';
    case 502:
      return 'An upstream data provider failed. Please try again later.';
    case 503:
      return 'The service is temporarily unavailable. Please try again later.';
    case 504:
      return 'The lookup exceeded the server deadline.';
    default:
      return KINDS[status]?.title ?? 'Error';
  }
}
