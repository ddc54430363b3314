/**
 * The default transport (standalone use, sandbox, tests, benchmarks). Answers every HTTP status
 * as a response; only "no answer" becomes a TransportError, with a reason the retry layer reads.
 */
import { request, type Dispatcher } from 'undici';
import { TransportError, ValidationError } from '../errors';
import type { HttpRequest, HttpResponse, Transport } from './types';

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Method, origin and path only: the query string may carry a key or personal data. */
function describeTarget(method: string, url: string): string {
  const u = new URL(url);
  return `${method} ${u.origin}${u.pathname}`;
}

// A malformed URL is our mistake, not the network's: say so instead of a retryable error.
function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new ValidationError('url: is not a valid absolute URL', [{ field: 'url', rule: 'must be an absolute http(s) URL' }]);
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ValidationError(`url: protocol ${protocol} is not supported`, [{ field: 'url', rule: 'must be an absolute http(s) URL' }]);
  }
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
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export class UndiciTransport implements Transport {
  private readonly dispatcher?: Dispatcher;
  private readonly defaultTimeoutMs: number;

  constructor(opts: { dispatcher?: Dispatcher; defaultTimeoutMs?: number } = {}) {
    this.dispatcher = opts.dispatcher;
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 60_000;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    checkUrl(req.url);
    const target = describeTarget(req.method, req.url);
    const timeoutMs = req.timeoutMs ?? this.defaultTimeoutMs;
    if (req.signal?.aborted) throw new TransportError(`${target}: aborted before sending`, 'aborted');

    // One deadline for headers and body together, plus the caller's signal, on one controller.
    const controller = new AbortController();
    let why: 'timeout' | 'aborted' | undefined;
    const timer = setTimeout(() => {
      why ??= 'timeout';
      controller.abort();
    }, timeoutMs);
    const onAbort = () => {
      why ??= 'aborted';
      controller.abort();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal: controller.signal,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await res.body.text();
      return { status: res.statusCode, headers: lowerCaseHeaders(res.headers), body };
    } catch (error) {
      throw this.classify(error, why, target, timeoutMs);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  private classify(error: unknown, why: 'timeout' | 'aborted' | undefined, target: string, timeoutMs: number): TransportError {
    // The cause keeps only the code: undici errors can hold the request options, headers included.
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
}
