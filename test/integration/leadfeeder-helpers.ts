/**
 * Leadfeeder integration plumbing: the real core client (catalog + undici) against the sandbox
 * in-process. The sandbox runs on a FakeClock (its "today" is START); the client keeps real time
 * with wide limits, since rate limits are tested on their own.
 */
import { FakeClock } from '../../shared/clock';
import { createClient, type ClientOptions, type EnrichflowClient } from '../../shared/client';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { startSandbox, type LeadfeederConfigInput, type Sandbox } from '../../sandbox/server';

export const START = Date.parse('2026-03-02T10:00:00.000Z');
const WIDE = { rate: 1_000_000, windowMs: 1000, burst: 10_000 };

export interface LeadfeederEnv {
  sandbox: Sandbox;
  clock: FakeClock;
  client(opts?: Partial<ClientOptions>): EnrichflowClient;
  /** Credits the sandbox charged the account so far. */
  used(accountId?: string): number;
  requests(): number;
  close(): Promise<void>;
}

export async function startLeadfeeder(config: LeadfeederConfigInput = {}): Promise<LeadfeederEnv> {
  const clock = new FakeClock(START);
  const sandbox = await startSandbox({ port: 0, clock, leadfeeder: { rateLimit: null, ...config } });
  const lf = sandbox.providers.leadfeeder;
  return {
    sandbox,
    clock,
    client: (opts = {}) =>
      createClient({
        provider: leadfeeder,
        apiKey: lf.apiKey,
        baseUrl: lf.baseUrl,
        credential: { accountId: lf.accountId },
        retry: { baseDelayMs: 10, maxDelayMs: 200 },
        rateLimits: { default: WIDE },
        timeoutMs: 5000,
        ...opts,
      }),
    used: (accountId) => lf.credits(accountId).used,
    requests: () => lf.requests().length,
    close: () => sandbox.close(),
  };
}
