/**
 * influencers.club integration plumbing: the real client (catalog + undici) against an
 * in-process sandbox, both on ONE FakeClock, so a job's 30–60 s polls and its progress run
 * in milliseconds (`drive` moves time while a promise is pending).
 */
import { FakeClock } from '../../shared/clock';
import { createClient, type ClientOptions, type EnrichflowClient } from '../../shared/client';
import { influencersClub } from '../../shared/providers/influencersClub';
import { startSandbox, type InfluencersClubConfigInput, type Sandbox } from '../../sandbox/server';

export const START = Date.parse('2026-03-02T10:00:00.000Z');

export interface IclEnv {
  sandbox: Sandbox;
  clock: FakeClock;
  baseUrl: string;
  apiKey: string;
  client(opts?: Partial<ClientOptions>): EnrichflowClient;
  balance(): number;
  setBalance(n: number): void;
  /** Provider requests since a mark (`requests().length`). */
  requests(): { method: string; path: string; status: number }[];
  /** Advance the shared clock until `p` settles. */
  drive<T>(p: Promise<T>, stepMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startIclEnv(config: InfluencersClubConfigInput = {}): Promise<IclEnv> {
  const clock = new FakeClock(START);
  const sandbox = await startSandbox({ port: 0, clock, influencersClub: { rowsPerSecond: 1000, queueDelayMs: 1000, ...config } });
  const icl = sandbox.providers.influencersClub;
  return {
    sandbox,
    clock,
    baseUrl: icl.baseUrl,
    apiKey: icl.apiKey,
    client: (opts = {}) =>
      createClient({
        provider: influencersClub,
        apiKey: icl.apiKey,
        baseUrl: icl.baseUrl,
        clock,
        retry: { baseDelayMs: 10, maxDelayMs: 200 },
        timeoutMs: 5000,
        ...opts,
      }),
    balance: () => icl.wallet().balance,
    setBalance: (n) => icl.wallet().setBalance(n),
    requests: () => icl.requests(),
    drive: (p, stepMs = 1000) => clock.run(p, stepMs),
    close: () => sandbox.close(),
  };
}
