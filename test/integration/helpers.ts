/**
 * Integration plumbing: the REAL core client (catalog + undici transport) against an in-process
 * sandbox. The sandbox runs on a FakeClock so job progress moves only when a test says so
 * (`advance`); the client keeps real time, so its retries and Retry-After waits are real.
 */
import { FakeClock } from '../../shared/clock';
import { createClient, type ClientOptions, type EnrichflowClient } from '../../shared/client';
import type { RatePolicy } from '../../shared/catalog/types';
import { enrichSo } from '../../shared/providers/enrichSo';
import { startSandbox, type EnrichSoConfigInput, type RequestLogEntry, type Sandbox } from '../../sandbox/server';

export const START = Date.parse('2026-03-02T10:00:00.000Z');
export const TEAM_ID = 'team_000001';

/** Backoff small enough for tests; Retry-After (≤ 1 s in these tests) is still honoured. */
export const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 200 };

/** Rate limits are not under test here: keep the client's own throttle out of the way. */
const WIDE: RatePolicy = { rate: 1_000_000, windowMs: 60_000, burst: 10_000 };
export const WIDE_LIMITS = { default: WIDE, enrichment: WIDE, bulkSubmit: WIDE };

export interface Env {
  sandbox: Sandbox;
  clock: FakeClock;
  baseUrl: string;
  apiKey: string;
  /** Move sandbox time and let jobs (and their side effects) catch up. */
  advance(ms: number): Promise<void>;
  client(opts?: Partial<ClientOptions>): EnrichflowClient;
  /** Sandbox wallet balance behind a key (default: the first account). */
  balance(key?: string): number;
  /** Requests the sandbox saw (provider routes only, faults included). */
  requests(): RequestLogEntry[];
  /** Requests after a mark taken with `requests().length`. */
  requestsSince(mark: number): RequestLogEntry[];
  close(): Promise<void>;
}

export async function startEnv(config: EnrichSoConfigInput = {}): Promise<Env> {
  const clock = new FakeClock(START);
  const sandbox = await startSandbox({
    port: 0,
    clock,
    enrichSo: {
      rateLimits: { default: { rate: 1_000_000, burst: 1_000_000 }, enrichment: null, bulkSubmit: null },
      itemsPerSecond: 100,
      ...config,
    },
  });
  const es = sandbox.providers.enrichSo;
  return {
    sandbox,
    clock,
    baseUrl: es.baseUrl,
    apiKey: es.apiKey,
    advance: async (ms) => {
      await clock.advance(ms);
      await sandbox.flush();
    },
    client: (opts = {}) =>
      createClient({ provider: enrichSo, apiKey: es.apiKey, baseUrl: es.baseUrl, retry: FAST_RETRY, rateLimits: WIDE_LIMITS, timeoutMs: 5000, ...opts }),
    balance: (key) => es.wallet(key).balance,
    requests: () => es.requests(),
    requestsSince: (mark) => es.requests().slice(mark),
    close: () => sandbox.close(),
  };
}

/** The rejection of `p` (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Keep advancing sandbox time while `p` runs (for runners that poll on the client's real clock). */
export async function driveWhile<T>(env: Env, p: Promise<T>, stepMs = 1000): Promise<T> {
  let done = false;
  const guarded = p.finally(() => {
    done = true;
  });
  guarded.catch(() => undefined);
  for (let i = 0; i < 500 && !done; i++) {
    await env.advance(stepMs);
    await sleep(5);
  }
  return guarded;
}

/** Parse a CSV body into header + rows (no quoted newlines in sandbox data). */
export function csvLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
