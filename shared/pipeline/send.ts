/**
 * One request on the wire, retried as the operation allows (the throttle → send → classify
 * pieces): a slot in each rate limit and a unit of the request quota per attempt, the answer
 * capped and parsed, the key redacted from it, and a refusal turned into the provider's error.
 * Nothing here books money: the caller learns of an attempt whose answer was lost.
 */
import type { OperationSpec, ProviderCatalog } from '../catalog/types';
import type { Clock } from '../clock';
import type { CredentialScope } from '../credentials';
import { errorFromInfo, ProviderFailureError } from '../errors';
import type { PageOverlay } from '../paging/paginate';
import type { RequestQuotaCounter } from '../quota';
import { buildRequest } from '../request';
import { isRetryable, type RetryOptions, withRetry } from '../retry';
import type { SecretRedactor } from '../secrets';
import type { RatePermit } from '../throttle';
import type { HttpResponse, Transport } from '../transport/types';
import { ANSWER_BYTE_LIMITS, refusedAnswer } from '../answerLimits';
import { answerLost, MALFORMED, MALFORMED_BODY, parseAnswer } from './answer';
import type { RateLimits } from './rateLimits';

export interface Sent {
  response: HttpResponse;
  body: unknown;
  attempts: number;
}

export interface SenderParts {
  provider: ProviderCatalog;
  baseUrl: string;
  scope: CredentialScope;
  transport: Transport;
  rates: RateLimits;
  /** The key's long-period request quota, where the catalog declares one. */
  quota?: RequestQuotaCounter;
  clock: Clock;
  retry: RetryOptions;
  random?: () => number;
  timeoutMs?: number;
}

export class Sender {
  // The key, the extra headers and the redactor live in private fields: util.inspect,
  // JSON.stringify and an error's cause chain never reach them.
  readonly #apiKey: string | undefined;
  readonly #headers: Record<string, string> | undefined;
  readonly #redact: SecretRedactor;

  constructor(
    private readonly parts: SenderParts,
    secrets: { apiKey?: string; headers?: Record<string, string>; redact: SecretRedactor },
  ) {
    this.#apiKey = secrets.apiKey;
    this.#headers = secrets.headers;
    this.#redact = secrets.redact;
  }

  /** Send `op` with `input` until it answers, fails for good or the retries run out; `lostAttempt` hears of each attempt whose answer was lost before a retry. */
  async send(op: OperationSpec, input: unknown, overlay: PageOverlay | undefined, signal?: AbortSignal, lostAttempt?: () => void): Promise<Sent> {
    const { provider, rates, clock } = this.parts;
    const scope = this.parts.scope.partsFor(op);
    const request = buildRequest(this.parts.baseUrl, op, input, overlay, scope, this.parts.transport.streamsBodies === true);
    const headers: Record<string, string> = {
      accept: op.responseType === 'text' || op.responseType === 'file' ? 'text/csv, application/json' : 'application/json',
      ...this.#headers,
      ...scope.headers,
    };
    if (request.body !== undefined || request.streamed) headers['content-type'] = request.contentType ?? 'application/json';
    if (this.#apiKey) headers[provider.auth.header.toLowerCase()] = `${provider.auth.prefix ?? ''}${this.#apiKey}`;
    const limits = rates.policies(op);
    const { policy } = limits[0];
    let attempts = 0;

    return withRetry(
      async () => {
        attempts++;
        // One slot in each limit, in turn: a slot taken before waiting for the next is counted
        // again when the request really goes (the permit settles it at its answer).
        const permits: RatePermit[] = [];
        for (const limit of limits) permits.push(await rates.throttle.acquire(limit.key, limit.policy, signal));
        // Every attempt the provider sees counts against its long-period quota.
        if (this.parts.quota) await this.parts.quota.take();
        const maxBytes = ANSWER_BYTE_LIMITS[op.kind];
        let response: HttpResponse;
        try {
          response = await this.parts.transport.send({
            method: op.method,
            url: request.url,
            headers,
            body: request.body,
            streamedBody: request.streamed,
            timeoutMs: this.parts.timeoutMs ?? provider.timeoutMs,
            signal,
            maxBytes,
          });
        } finally {
          for (const permit of permits) permit.answered();
        }
        for (const limit of limits) {
          const pausing = rates.respectRateHeaders(limit.key, response);
          if (pausing) await pausing;
        }
        const refused = refusedAnswer(provider, op, response, maxBytes);
        if (refused) throw refused;
        // A provider that echoes the key inside its answer must not put it into output items.
        const body = this.redactAnswer(parseAnswer(op, response), response.body);
        if (response.status >= 200 && response.status < 300) {
          if (body === MALFORMED) {
            throw new ProviderFailureError(`${provider.displayName}: malformed response body (HTTP ${response.status}) from ${op.displayName}`, {
              provider: provider.id,
              code: MALFORMED_BODY,
              status: response.status,
              retryable: true,
            });
          }
          return { response, body, attempts };
        }
        const info = provider.parseError(response, body === MALFORMED ? undefined : body);
        if (info.kind === 'rate_limited') {
          // Without Retry-After the contract's window is the wait the provider documents: another
          // client filled it, and retrying sooner only collects more 429s.
          info.retryAfterMs ??= policy.windowMs;
          for (const limit of limits) await rates.throttle.pauseUntil(limit.key, clock.now() + info.retryAfterMs);
        }
        // A body the provider's error shape describes is its refusal; an empty or garbled one proves nothing.
        throw errorFromInfo(provider.displayName, info, body !== MALFORMED && body !== undefined && typeof body === 'object');
      },
      {
        clock,
        retry: this.parts.retry,
        random: this.parts.random,
        signal,
        shouldRetry: (error) => isRetryable(error, op.retrySafe),
        onRetry: (error) => {
          if (answerLost(error)) lostAttempt?.();
        },
      },
    );
  }

  /** The parsed answer with the key redacted — walked only when its text holds a form of it (or JSON escapes that could hide one). */
  private redactAnswer(body: unknown, text: string): unknown {
    if (body === MALFORMED || !(this.#redact.leaks(text) || text.includes('\\u'))) return body;
    return this.#redact.data(body);
  }
}
