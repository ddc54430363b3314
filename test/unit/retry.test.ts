import { credits } from '../../shared/credits/amount';
import { FakeClock } from '../../shared/clock';
import {
  AuthError,
  BudgetExceededError,
  ConflictError,
  GoneError,
  InsufficientCreditsError,
  NotFoundError,
  ProviderFailureError,
  RateLimitedError,
  TransportError,
  ValidationError,
} from '../../shared/errors';
import { backoffDelay, defaultRetryOptions, isRetryable, retryAfterFromHeaders, withRetry } from '../../shared/retry';

/** An operation that fails with the given errors in turn, then answers 'ok'. */
function scripted(errors: unknown[]) {
  const calls: number[] = [];
  const attempt = async (n: number) => {
    calls.push(n);
    const error = errors[n - 1];
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { attempt, calls };
}

function settle<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error) => Object.assign(state, { error, done: true }),
  );
  return state;
}

const reset = () => new TransportError('connection reset', 'reset');
const tooMany = (retryAfterMs?: number) => new RateLimitedError('429 Too Many Requests', retryAfterMs);
const unavailable = () => new ProviderFailureError('503 Service Unavailable', { status: 503, retryable: true });

describe('retrying without ever paying twice', () => {
  it('a batch submit (not retry-safe) that gets a connection reset is NOT retried', async () => {
    const clock = new FakeClock();
    const { attempt, calls } = scripted([reset()]);
    const run = withRetry(attempt, { clock, retry: defaultRetryOptions, shouldRetry: (e) => isRetryable(e, false) });
    await expect(clock.run(run)).rejects.toMatchObject({ kind: 'transport', reason: 'reset' });
    expect(calls).toEqual([1]);
  });

  it('a batch submit that gets a 429 is retried, because a 429 proves nothing was processed', async () => {
    const clock = new FakeClock();
    const { attempt, calls } = scripted([tooMany()]);
    const run = withRetry(attempt, { clock, retry: defaultRetryOptions, shouldRetry: (e) => isRetryable(e, false) });
    await expect(clock.run(run)).resolves.toBe('ok');
    expect(calls).toEqual([1, 2]);
  });

  it('a GET status that answers 503 twice is retried with growing backoff, then succeeds', async () => {
    const clock = new FakeClock();
    const { attempt, calls } = scripted([unavailable(), unavailable()]);
    const delays: number[] = [];
    const state = settle(
      withRetry(attempt, {
        clock,
        retry: defaultRetryOptions,
        random: () => 1, // top of the jitter range: 500 ms, then 1000 ms
        shouldRetry: (e) => isRetryable(e, true),
        onRetry: (_e, delayMs) => {
          delays.push(delayMs);
        },
      }),
    );
    await clock.advance(499);
    expect(calls).toEqual([1]);
    await clock.advance(1);
    expect(calls).toEqual([1, 2]);
    await clock.advance(999);
    expect(calls).toEqual([1, 2]);
    await clock.advance(1);
    expect(calls).toEqual([1, 2, 3]);
    expect(state).toMatchObject({ done: true, value: 'ok' });
    expect(delays).toEqual([500, 1000]);
  });

  it('honours a Retry-After of 7 s on the clock before trying again', async () => {
    const clock = new FakeClock(1_700_000_000_000);
    const retryAfterMs = retryAfterFromHeaders({ 'retry-after': '7' }, clock.now());
    const { attempt, calls } = scripted([tooMany(retryAfterMs)]);
    const state = settle(withRetry(attempt, { clock, retry: defaultRetryOptions, random: () => 0, shouldRetry: (e) => isRetryable(e, true) }));
    await clock.advance(6_999);
    expect(calls).toEqual([1]);
    await clock.advance(1);
    expect(calls).toEqual([1, 2]);
    expect(state).toMatchObject({ done: true, value: 'ok' });
  });

  it('gives up when retries run out and rejects with the last error', async () => {
    const clock = new FakeClock();
    const errors = [unavailable(), unavailable(), new ProviderFailureError('the last one', { status: 502 })];
    const { attempt, calls } = scripted(errors);
    const run = withRetry(attempt, { clock, retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 100 }, shouldRetry: (e) => isRetryable(e, true) });
    await expect(clock.run(run)).rejects.toBe(errors[2]);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('an abort while waiting to retry rejects at once and sends nothing more', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { attempt, calls } = scripted([tooMany(60_000)]);
    const state = settle(withRetry(attempt, { clock, retry: defaultRetryOptions, signal: controller.signal, shouldRetry: () => true }));
    await clock.advance(1_000);
    controller.abort();
    await clock.advance(0);
    expect(state.done).toBe(true);
    expect(state.error).toMatchObject({ kind: 'transport', reason: 'aborted' });
    await clock.advance(120_000);
    expect(calls).toEqual([1]);
  });
});

describe('which errors may be retried', () => {
  const never = [
    new AuthError('bad key'),
    new ValidationError('body/email Invalid email', [{ field: 'email', rule: 'Invalid email' }]),
    new InsufficientCreditsError(credits(10), credits(2), credits(8)),
    new NotFoundError('no such job'),
    new ConflictError('already exists'),
    new GoneError('export expired'),
    new BudgetExceededError(credits(10), credits(5)),
    new TransportError('aborted', 'aborted'),
    new TypeError('a bug, not a provider answer'),
  ];

  const label = (e: Error) => (e instanceof TransportError ? `TransportError (${e.reason})` : e.constructor.name);
  it.each(never.map((e) => [label(e), e]))('%s is never retried, even for a retry-safe call', (_name, error) => {
    expect(isRetryable(error, true)).toBe(false);
  });

  it('timeouts, resets and 5xx are retried only when the operation is retry-safe', () => {
    for (const error of [reset(), new TransportError('timeout', 'timeout'), new TransportError('refused', 'network'), unavailable()]) {
      expect(isRetryable(error, true)).toBe(true);
      expect(isRetryable(error, false)).toBe(false);
    }
  });

  it('a 2xx with a malformed body is not retried (the provider may have charged for it)', () => {
    expect(isRetryable(new ProviderFailureError('malformed JSON', { status: 200 }), true)).toBe(false);
  });
});

describe('reading how long the provider wants us to wait', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterFromHeaders({ 'retry-after': '7' }, now)).toBe(7_000);
    expect(retryAfterFromHeaders({ 'retry-after': '1.5' }, now)).toBe(1_500);
    expect(retryAfterFromHeaders({ 'retry-after': 'Sun, 01 Jun 2025 12:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterFromHeaders({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }, now)).toBe(0);
  });

  it("falls back to Enrich.so's X-RateLimit-Reset (seconds until reset), tolerating epoch values", () => {
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': '12' }, now)).toBe(12_000);
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': String(now / 1000 + 20) }, now)).toBe(20_000);
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': String(now + 5_000) }, now)).toBe(5_000);
    expect(retryAfterFromHeaders({ 'retry-after': '3', 'x-ratelimit-reset': '12' }, now)).toBe(3_000);
  });

  it('says nothing when the headers say nothing usable', () => {
    expect(retryAfterFromHeaders({}, now)).toBeUndefined();
    expect(retryAfterFromHeaders({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': '-4' }, now)).toBeUndefined();
  });
});

describe('backoff delays', () => {
  const opts = { retries: 10, baseDelayMs: 500, maxDelayMs: 30_000 };

  it('grow exponentially with full jitter and stop at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, opts, () => 1))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(backoffDelay(10, opts, () => 1)).toBe(30_000);
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(1_000);
  });

  it("never shorten the provider's Retry-After, and do not cap it either", () => {
    expect(backoffDelay(1, opts, () => 0, 120_000)).toBe(120_000);
    expect(backoffDelay(1, opts, () => 0.999, 120_000)).toBeLessThanOrEqual(132_000);
    expect(backoffDelay(1, opts, () => 0.999, 120_000)).toBeGreaterThan(120_000);
  });

  it('reject a retry number below 1', () => {
    expect(() => backoffDelay(0, opts, Math.random)).toThrow(/attempt/);
  });
});
