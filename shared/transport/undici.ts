/**
 * The default transport (standalone use, sandbox, tests, benchmarks). Answers every HTTP status
 * as a response; only "no answer" becomes a TransportError, with a reason the retry layer reads.
 *
 * It speaks undici's dispatcher interface directly: the answer's bytes go straight into the text
 * (capped at `maxBytes`) with no stream, async iterator or AbortSignal in between — the layers
 * undici's `request()` adds cost more per call than the whole core does (BENCHMARKS.md, group 4).
 */
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import { declaredOver } from '../answerLimits';
import { beforeSending, classifyFailure, lowerCaseHeaders } from './common';
import type { HttpRequest, HttpResponse, Transport } from './types';

export { lowerCaseHeaders } from './common';

export class UndiciTransport implements Transport {
  readonly streamsBodies = true;
  private readonly dispatcher?: Dispatcher;
  private readonly defaultTimeoutMs: number;

  constructor(opts: { dispatcher?: Dispatcher; defaultTimeoutMs?: number } = {}) {
    this.dispatcher = opts.dispatcher;
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 60_000;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const { target, timeoutMs, url } = beforeSending(req, this.defaultTimeoutMs);
    const dispatcher = this.dispatcher ?? getGlobalDispatcher();
    return new Promise<HttpResponse>((resolve, reject) => {
      // One deadline for headers and body together, plus the caller's signal. Undici hands out
      // the request's abort once it is on a socket; a stop asked before that answers the caller
      // at once, and the request is dropped unsent when its socket comes.
      let controller: Dispatcher.DispatchController | undefined;
      let why: 'timeout' | 'aborted' | undefined;
      let settled = false;
      const stop = (reason: 'timeout' | 'aborted') => {
        why ??= reason;
        if (controller) controller.abort(new Error(why));
        else finish(() => reject(classifyFailure(undefined, why, target, timeoutMs)));
      };
      const timer = setTimeout(stop, timeoutMs, 'timeout');
      const onAbort = () => stop('aborted');
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        outcome();
      };

      let status = 0;
      let headers: Record<string, string> = {};
      // Most answers arrive in one chunk, decoded whole at the end; a decoder (costly to make:
      // ~0.8 µs) streams the text of answers that come in several.
      let only: Buffer | undefined;
      let decoder: InstanceType<typeof TextDecoder> | undefined;
      let text = '';
      let size = 0;
      const overLimit = (c: Dispatcher.DispatchController) => {
        finish(() => resolve({ status, headers, body: '', overLimit: true }));
        c.abort(new Error('answer over its byte cap'));
      };
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (why) c.abort(new Error(why));
        },
        onResponseStart(c, statusCode, responseHeaders) {
          if (statusCode < 200) return; // an informational answer: the real one follows
          status = statusCode;
          headers = lowerCaseHeaders(responseHeaders as Record<string, string | string[] | undefined>);
          if (declaredOver(headers, req.maxBytes)) overLimit(c);
        },
        onResponseData(c, chunk) {
          if (settled) return;
          size += chunk.byteLength;
          if (req.maxBytes !== undefined && size > req.maxBytes) return overLimit(c);
          if (decoder) text += decoder.decode(chunk, { stream: true });
          else if (only === undefined) only = chunk;
          else {
            decoder = new TextDecoder();
            text = decoder.decode(only, { stream: true }) + decoder.decode(chunk, { stream: true });
            only = undefined;
          }
        },
        onResponseEnd() {
          const body = decoder ? text + decoder.decode() : only ? utf8Text(only) : '';
          finish(() => resolve({ status, headers, body }));
        },
        onResponseError(_c, error) {
          finish(() => reject(classifyFailure(error, why, target, timeoutMs)));
        },
      };
      try {
        dispatcher.dispatch(
          {
            origin: url.origin,
            path: url.pathname + url.search,
            method: req.method as Dispatcher.HttpMethod,
            ...bodyOf(req),
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          handler,
        );
      } catch (error) {
        finish(() => reject(classifyFailure(error, why, target, timeoutMs)));
      }
    });
  }
}

/**
 * A long body goes to the socket a piece at a time, its length declared up front: undici writes
 * each piece as text (the socket encodes it, and frees it once written, with no Buffer left for
 * the garbage collector) and waits for the socket to drain before asking for the next.
 */
function bodyOf(req: HttpRequest): { headers: Record<string, string>; body?: Dispatcher.DispatchOptions['body'] } {
  if (!req.streamedBody) return { headers: req.headers, body: req.body };
  // undici takes any iterable as a body (lib/core/request.js); its types name only streams.
  const pieces = req.streamedBody.pieces() as unknown as Dispatcher.DispatchOptions['body'];
  return { headers: { ...req.headers, 'content-length': String(req.streamedBody.byteLength) }, body: pieces };
}

/** The bytes as TextDecoder reads them: UTF-8, a leading byte order mark dropped. */
function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
