/**
 * The core's Transport over `z.request`, so every call shows in Zapier's HTTP logs (with the
 * credential scrubbed by the platform) and runs through its middleware.
 */
import { TransportError, type HttpRequest, type HttpResponse, type Transport } from '../../shared';
import type { Z } from './zapier';

export class ZapierTransport implements Transport {
  constructor(private readonly z: Z) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    let response: { status: number; content: string; headers: { forEach(fn: (value: string, name: string) => void): void } };
    try {
      response = (await this.z.request({
        url: request.url,
        method: request.method as 'GET',
        headers: request.headers,
        body: request.body,
        timeout: request.timeoutMs,
        signal: request.signal,
        // The core classifies every status itself (402 → credits, 429 → wait, problem+json …).
        skipThrowForStatus: true,
        throwForThrottlingEarly: false,
        // No {{curly}} handling: a user's data containing "{{bundle…}}" must be sent as typed.
        merge: false,
      } as never)) as unknown as typeof response;
    } catch (error) {
      // The cause keeps only the code: z.request's error holds the request, API key header included.
      const code = (error as { code?: unknown })?.code;
      throw new TransportError(`No answer from ${hostOf(request.url)}: ${reasonText(error)}`, reasonOf(error), { cause: typeof code === 'string' ? { code } : undefined });
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, body: typeof response.content === 'string' ? response.content : '' };
  }
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
