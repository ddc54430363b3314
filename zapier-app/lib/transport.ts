/**
 * The core's Transport over `z.request`, so every call shows in Zapier's HTTP logs (with the
 * credential scrubbed by the platform) and runs through its middleware.
 *
 * The answer is read raw (`raw: true`): zapier-platform-core would otherwise copy its first 100
 * characters into the HTTP log and into the "What happened … Received content" text it appends
 * to a step's error — unredacted, so a provider echoing the key (or a truncated, upper-cased or
 * base64 form the platform's scrubber does not know) would put it in front of the user. Raw, the
 * platform shows "<probably streaming data>", and the core reads the body itself, streamed and
 * capped (answerLimits.ts), redacting whatever it passes on.
 */
import { declaredOver, readCapped, TransportError, type HttpRequest, type HttpResponse, type Transport } from '../../shared';
import type { Z } from './zapier';

export class ZapierTransport implements Transport {
  constructor(private readonly z: Z) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    let response: {
      status: number;
      body: AsyncIterable<Uint8Array> & { destroy?(): void };
      headers: { forEach(fn: (value: string, name: string) => void): void };
    };
    try {
      response = (await this.z.request({
        url: request.url,
        method: request.method as 'GET',
        headers: request.headers,
        body: request.body,
        timeout: request.timeoutMs,
        signal: request.signal,
        raw: true,
        // The core classifies every status itself (402 → credits, 429 → wait, problem+json …).
        skipThrowForStatus: true,
        throwForThrottlingEarly: false,
        // No {{curly}} handling: a user's data containing "{{bundle…}}" must be sent as typed.
        merge: false,
      } as never)) as unknown as typeof response;
    } catch (error) {
      throw noAnswer(request, error);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const stop = () => response.body?.destroy?.();
    let body: string | undefined;
    try {
      body = declaredOver(headers, request.maxBytes) ? (stop(), undefined) : response.body ? await readCapped(response.body, request.maxBytes, stop) : '';
    } catch (error) {
      throw noAnswer(request, error);
    }
    return body === undefined ? { status: response.status, headers, body: '', overLimit: true } : { status: response.status, headers, body };
  }
}

/** The cause keeps only the code: z.request's error holds the request, API key header included. */
function noAnswer(request: HttpRequest, error: unknown): TransportError {
  const code = (error as { code?: unknown })?.code;
  return new TransportError(`No answer from ${hostOf(request.url)}: ${reasonText(error)}`, reasonOf(error), {
    cause: typeof code === 'string' ? { code } : undefined,
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the provider';
  }
}

function reasonOf(error: unknown): 'reset' | 'timeout' | 'aborted' | 'network' {
  const e = error as { name?: string; type?: string; code?: string };
  if (e?.name === 'AbortError' || e?.type === 'aborted') return 'aborted';
  if (e?.type === 'request-timeout' || e?.code === 'ETIMEDOUT') return 'timeout';
  if (e?.code === 'ECONNRESET' || e?.code === 'EPIPE') return 'reset';
  return 'network';
}

function reasonText(error: unknown): string {
  const e = error as { code?: string; type?: string; message?: string };
  return e?.code ?? e?.type ?? 'request failed';
}
