/**
 * What every standalone transport shares: URL checks, a target description that never carries
 * the query string, header normalising, and turning "no answer" into a TransportError whose
 * reason the retry layer reads.
 */
import { TransportError, ValidationError } from '../errors';

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Method, origin and path only: the query string may carry a key or personal data. */
export function describeTarget(method: string, url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${method} ${u.origin}${u.pathname}`;
}

// A malformed URL is our mistake, not the network's: say so instead of a retryable error.
export function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('url: is not a valid absolute URL', [{ field: 'url', rule: 'must be an absolute http(s) URL' }]);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError(`url: protocol ${parsed.protocol} is not supported`, [{ field: 'url', rule: 'must be an absolute http(s) URL' }]);
  }
  return parsed;
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

export function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** What both transports check and work out before sending: the URL, the target to name, the deadline. */
export function beforeSending(
  req: { method: string; url: string; timeoutMs?: number; signal?: AbortSignal },
  defaultTimeoutMs: number,
): { target: string; timeoutMs: number; url: URL } {
  const url = checkUrl(req.url);
  const target = describeTarget(req.method, url);
  if (req.signal?.aborted) throw new TransportError(`${target}: aborted before sending`, 'aborted');
  return { target, timeoutMs: req.timeoutMs ?? defaultTimeoutMs, url };
}

/** Why a request got no answer, from the abort reason we set or the error codes in its causes. */
export function classifyFailure(error: unknown, why: 'timeout' | 'aborted' | undefined, target: string, timeoutMs: number): TransportError {
  // The cause keeps only the code: client errors can hold the request options, headers included.
  const codes = errorCodes(error);
  const code = codes[0];
  const cause = code ? { code } : undefined;
  if (why === 'aborted') return new TransportError(`${target}: aborted`, 'aborted', { cause });
  if (why === 'timeout' || codes.some((c) => TIMEOUT_CODES.has(c))) {
    return new TransportError(`${target}: no complete answer within ${timeoutMs} ms`, 'timeout', { cause });
  }
  if (codes.some((c) => RESET_CODES.has(c))) {
    return new TransportError(`${target}: connection reset (${code})`, 'reset', { cause });
  }
  return new TransportError(`${target}: network error${code ? ` (${code})` : ''}`, 'network', { cause, code });
}
