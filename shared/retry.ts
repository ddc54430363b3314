/**
 * Retrying, and the rule that decides it: never pay twice. A retry happens only when the error
 * proves nothing was charged (429) or when the operation is safe to repeat (reads, free calls).
 */
import type { Clock } from './clock';
import { ProviderFailureError, RateLimitedError, TransportError } from './errors';

export interface RetryOptions {
  /** Retries after the first attempt (so at most retries + 1 attempts). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryOptions: RetryOptions = { retries: 4, baseDelayMs: 500, maxDelayMs: 30000 };

/** The error an abort turns into, so it travels with the rest of the family (never retried). */
export function abortedError(signal: AbortSignal, while_: string): TransportError {
  return new TransportError(`Aborted while ${while_}`, 'aborted', { cause: signal.reason });
}

/**
 * Sleep on the injected clock, rejecting as soon as `signal` aborts. Needed because a fake (or
 * n8n's) clock may not watch the signal itself.
 */
export function sleepOrAbort(clock: Clock, ms: number, signal: AbortSignal | undefined, while_: string): Promise<void> {
  if (!signal) return clock.sleep(ms);
  if (signal.aborted) return Promise.reject(abortedError(signal, while_));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal, while_));
    signal.addEventListener('abort', onAbort, { once: true });
    clock.sleep(ms, signal).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        reject(abortedError(signal, while_));
      },
    );
  });
}

/**
 * How long the provider asked us to wait, in ms: `retry-after` (seconds or HTTP date), else
 * `x-ratelimit-reset` (Enrich.so: seconds until reset; tolerate epoch seconds/ms too).
 */
export function retryAfterFromHeaders(headers: Record<string, string>, now: number): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers['x-ratelimit-reset']?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    if (value > 1e12) return Math.max(0, Math.ceil(value - now));
    if (value > 1e9) return Math.max(0, Math.ceil(value * 1000 - now));
    return Math.ceil(value * 1000);
  }
  return undefined;
}

/**
 * Delay before retry number `attempt` (1-based). Full jitter spreads workers that failed
 * together; a provider's Retry-After is a floor, only padded so they do not all return at once.
 */
export function backoffDelay(attempt: number, opts: RetryOptions, random: () => number, retryAfterMs?: number): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer >= 1 (got ${attempt})`);
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.ceil(retryAfterMs + random() * 0.1 * retryAfterMs);
  }
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

export interface WithRetryOptions {
  clock: Clock;
  retry: RetryOptions;
  random?: () => number;
  signal?: AbortSignal;
  shouldRetry: (error: unknown, attemptNumber: number) => boolean;
  onRetry?: (error: unknown, delayMs: number, attemptNumber: number) => void | Promise<void>;
}

/**
 * Run `attempt` (numbered from 1) until it succeeds, `shouldRetry` says no, or retries run out;
 * then reject with the last error. An abort while waiting rejects with an 'aborted' error.
 */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, opts: WithRetryOptions): Promise<T> {
  const random = opts.random ?? Math.random;
  for (let attemptNumber = 1; ; attemptNumber++) {
    if (opts.signal?.aborted) throw abortedError(opts.signal, 'retrying');
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const retriesUsed = attemptNumber - 1;
      if (retriesUsed >= opts.retry.retries || opts.signal?.aborted || !opts.shouldRetry(error, attemptNumber)) throw error;
      const delayMs = backoffDelay(attemptNumber, opts.retry, random, retryAfterOf(error));
      await opts.onRetry?.(error, delayMs, attemptNumber);
      await sleepOrAbort(opts.clock, delayMs, opts.signal, 'waiting to retry');
    }
  }
}

/**
 * Whether repeating the request cannot charge twice. `retrySafe` comes from the operation: true
 * for reads and calls the provider dedupes, false for batch submits and other paid writes.
 */
export function isRetryable(error: unknown, retrySafe: boolean): boolean {
  // A 429 is answered before any processing: nothing was charged, whatever the operation.
  if (error instanceof RateLimitedError) return true;
  // Reset/timeout/network: the provider may have done (and billed) the work before we lost it.
  if (error instanceof TransportError) return error.reason !== 'aborted' && retrySafe;
  // A failure the provider documents as never charged may be repeated even for a paid call.
  if (error instanceof ProviderFailureError) return (retrySafe || error.notCharged) && (error.retryable || (error.status ?? 0) >= 500);
  // Auth, validation, credits, budget, not found, conflict, gone, and anything unknown: the same
  // request would fail again, or we cannot tell whether it was charged.
  return false;
}
