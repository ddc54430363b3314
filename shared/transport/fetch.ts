/**
 * A transport on the runtime's own `fetch`: no library and no timer of ours (the deadline is
 * `AbortSignal.timeout`). n8n's builds use it wherever the core sends outside a node run's
 * request helpers (a parked execution's watch), since n8n Cloud's rules allow neither network
 * libraries nor timers in node code. Same contract as UndiciTransport: every status is an
 * answer; only "no answer" throws, as a TransportError.
 */
import { declaredOver, readCapped } from '../answerLimits';
import { beforeSending, classifyFailure } from './common';
import type { HttpRequest, HttpResponse, Transport } from './types';

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  // Repeated headers (set-cookie) come one by one; join them the way undici's answer does.
  headers.forEach((value, name) => {
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  });
  return out;
}

export class FetchTransport implements Transport {
  private readonly defaultTimeoutMs: number;

  constructor(opts: { defaultTimeoutMs?: number } = {}) {
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 60_000;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const { target, timeoutMs } = beforeSending(req, this.defaultTimeoutMs);

    // One deadline for headers and body together, plus the caller's signal.
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
    const why = (): 'timeout' | 'aborted' | undefined => (req.signal?.aborted ? 'aborted' : deadline.aborted ? 'timeout' : undefined);
    try {
      // No redirects followed: a provider that moves an endpoint answers with its 3xx, as with undici.
      const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'manual' });
      const headers = headersOf(res.headers);
      let body: string | undefined = '';
      if (declaredOver(headers, req.maxBytes)) {
        body = undefined;
        await res.body?.cancel().catch(() => undefined);
      } else if (res.body) {
        // Leaving the loop early cancels the stream: the rest is never downloaded.
        body = await readCapped(res.body as unknown as AsyncIterable<Uint8Array>, req.maxBytes);
      }
      return body === undefined ? { status: res.status, headers, body: '', overLimit: true } : { status: res.status, headers, body };
    } catch (error) {
      throw classifyFailure(error, why(), target, timeoutMs);
    }
  }
}
