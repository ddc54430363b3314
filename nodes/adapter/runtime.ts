/**
 * The three things the core takes injected, built from what n8n gives a node: the transport
 * (n8n's `httpRequestWithAuthentication`, so the credential adds the key and n8n's proxy and
 * TLS settings apply), the clock (n8n's `sleep`; community nodes may not use timers), and the
 * store (one per n8n process, so throttle buckets and the batch job registry outlive a single
 * execution).
 */
import type { IAllExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import {
  type BudgetGuard,
  credentialSettings,
  deriveCallbackToken,
  declaredOver,
  EnrichflowClient,
  type HttpRequest,
  type HttpResponse,
  MemoryStore,
  type ProviderCatalog,
  type SpendLimiter,
  type Store,
  type Transport,
  TransportError,
  readCapped,
} from '@enrichflow/core';
import { n8nClock, standaloneTransport } from './platform';
import { credentialName } from './names';

export { n8nClock };

/** One store per n8n process: every execution of every Enrichflow node throttles against it. */
export const processStore: Store = new MemoryStore({ clock: n8nClock });

type RequestContext = Pick<IAllExecuteFunctions, 'helpers'> & {
  helpers: { httpRequestWithAuthentication: IAllExecuteFunctions['helpers']['httpRequestWithAuthentication'] };
};

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  return JSON.stringify(body);
}

/**
 * Why the request got no answer, from the axios-style error n8n throws. The message is ours:
 * n8n's error carries the request config, headers (and so the API key) included.
 */
function transportFailure(error: unknown, target: string): TransportError {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = String((error as { message?: unknown })?.message ?? '');
  if (code === 'ERR_CANCELED' || /abort|cancel/i.test(message)) return new TransportError(`${target}: request aborted`, 'aborted');
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message))
    return new TransportError(`${target}: no answer before the timeout`, 'timeout');
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message)) return new TransportError(`${target}: connection reset`, 'reset');
  return new TransportError(`${target}: network error${code ? ` (${code})` : ''}`, 'network');
}

/** The core's Transport over n8n's authenticated request helper; never throws on an HTTP status. */
export class N8nTransport implements Transport {
  constructor(
    private readonly ctx: RequestContext,
    private readonly credentialType: string,
  ) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const target = `${req.method} ${url.origin}${url.pathname}`;
    const options: IHttpRequestOptions = {
      method: req.method as IHttpRequestMethods,
      url: req.url,
      headers: req.headers,
      body: req.body,
      json: false,
      // Streamed, so an answer past its operation's cap is dropped unread (answerLimits.ts).
      encoding: 'stream',
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
      timeout: req.timeoutMs,
      abortSignal: req.signal,
    };
    const startedAt = n8nClock.now();
    let response: IN8nHttpFullResponse;
    try {
      response = (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx as never, this.credentialType, options)) as IN8nHttpFullResponse;
    } catch (error) {
      throw transportFailure(error, target);
    }
    const headers = headerRecord(response.headers);
    const stream = response.body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (!stream || typeof (stream as Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator] !== 'function')
      return { status: response.statusCode, headers, body: bodyText(response.body) };
    const stop = () => stream.destroy?.();
    let body: string | undefined;
    const deadline = req.timeoutMs === undefined ? undefined : startedAt + req.timeoutMs;
    try {
      body = declaredOver(headers, req.maxBytes) ? (stop(), undefined) : await readWithin(deadline, target, () => readCapped(stream, req.maxBytes, stop), stop);
    } catch (error) {
      throw bodyFailure(error, target, deadline, req.signal);
    }
    return body === undefined ? { status: response.statusCode, headers, body: '', overLimit: true } : { status: response.statusCode, headers, body };
  }
}

/**
 * Reads a streamed answer within what is left of the request's deadline: n8n's request helper
 * stops its deadline once the headers are in, so a body that trickles in would otherwise keep
 * the call (and the workflow) waiting without end. Timed with n8n's `sleep` (no timers in node code).
 */
async function readWithin<T>(deadline: number | undefined, target: string, read: () => Promise<T>, stop: () => void): Promise<T> {
  if (deadline === undefined) return read();
  const done = new AbortController();
  let timedOut = false;
  const expiry = n8nClock.sleep(deadline - n8nClock.now(), done.signal).then(
    () => {
      timedOut = true;
      stop();
    },
    () => undefined,
  );
  const outcome = await read().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  done.abort();
  await expiry;
  if (timedOut) return Promise.reject(new TransportError(`${target}: no answer before the timeout`, 'timeout'));
  return 'error' in outcome ? Promise.reject(outcome.error) : outcome.value;
}

/**
 * Why a body stopped coming. n8n's helper drops a stalled body (its socket timer) or a cut one
 * as an abort the caller never asked for: the answer was lost on the way, and the provider may
 * have charged — a timeout past the deadline, a reset before it.
 */
function bodyFailure(error: unknown, target: string, deadline: number | undefined, signal: AbortSignal | undefined): TransportError {
  const failure = error instanceof TransportError ? error : transportFailure(error, target);
  if (failure.reason !== 'aborted' || signal?.aborted) return failure;
  if (deadline !== undefined && n8nClock.now() >= deadline) return new TransportError(`${target}: no answer before the timeout`, 'timeout');
  return new TransportError(`${target}: connection reset`, 'reset');
}

export interface ProviderCredentials {
  apiKey?: string;
  baseUrl?: string;
  /** The account's plan, when the provider publishes per-plan rate limits. */
  plan?: string;
  /** The catalog's credential fields, readings and request rate (see credentialSettings). */
  [setting: string]: unknown;
}

/**
 * A client for one node run. The key never reaches the client: the transport authenticates,
 * and buckets/registry are scoped by an HMAC of the key, not the key.
 */
export function clientFor(
  ctx: RequestContext,
  catalog: ProviderCatalog,
  credentials: ProviderCredentials,
  opts: { budget?: number; budgetGuard?: BudgetGuard; store?: Store; detached?: boolean; spend?: SpendLimiter } = {},
): EnrichflowClient {
  const apiKey = String(credentials.apiKey ?? '');
  // A client that outlives its node run (the watch of a parked execution): n8n ends a run's
  // request helpers with the run, so it sends through the core's own transport and adds the key itself.
  const detached = opts.detached === true;
  const settings = credentialSettings(catalog, credentials);
  return new EnrichflowClient({
    provider: catalog,
    baseUrl: String(credentials.baseUrl || catalog.baseUrl),
    allowInsecureHttp: settings.allowInsecureHttp,
    plan: settings.plan,
    requestRate: settings.requestRate,
    credential: settings.credential,
    readings: settings.readings,
    account: apiKey ? deriveCallbackToken(apiKey, 'account-scope').slice(0, 16) : 'default',
    transport: detached ? standaloneTransport() : new N8nTransport(ctx, credentialName(catalog)),
    // n8n's transport adds the key; the client still redacts it from anything a provider echoes.
    apiKey: detached && apiKey ? apiKey : undefined,
    secrets: apiKey ? [apiKey] : [],
    clock: n8nClock,
    // The node's Shared Store (Redis in queue mode), else this process's memory.
    store: opts.store ?? processStore,
    budget: opts.budget,
    budgetGuard: opts.budgetGuard,
    spend: opts.spend,
  });
}
