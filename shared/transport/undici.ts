/**
 * The default transport (standalone use, sandbox, tests, benchmarks). Answers every HTTP status
 * as a response; only "no answer" becomes a TransportError, with a reason the retry layer reads.
 */
import { request, type Dispatcher } from 'undici';
import { declaredOver, readCapped } from '../answerLimits';
import { beforeSending, classifyFailure, lowerCaseHeaders } from './common';
import type { HttpRequest, HttpResponse, Transport } from './types';

export { lowerCaseHeaders } from './common';

export class UndiciTransport implements Transport {
  private readonly dispatcher?: Dispatcher;
  private readonly defaultTimeoutMs: number;

  constructor(opts: { dispatcher?: Dispatcher; defaultTimeoutMs?: number } = {}) {
    this.dispatcher = opts.dispatcher;
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 60_000;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const { target, timeoutMs } = beforeSending(req, this.defaultTimeoutMs);

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
      const headers = lowerCaseHeaders(res.headers);
      const stop = () => res.body.destroy();
      const body = declaredOver(headers, req.maxBytes) ? (stop(), undefined) : await readCapped(res.body, req.maxBytes, stop);
      return body === undefined ? { status: res.statusCode, headers, body: '', overLimit: true } : { status: res.statusCode, headers, body };
    } catch (error) {
      throw classifyFailure(error, why, target, timeoutMs);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }
}
