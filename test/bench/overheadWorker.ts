/**
 * 4. Overhead, measured (overhead.ts runs this file as a bundle in a process of its own): for
 * each provider, a free call through the core ÷ the very same request (URL, headers, body,
 * captured from the core once) sent with raw undici, median of interleaved rounds.
 *
 * The ratio is CPU time (this process's user + system µs a call, the sandbox answering in the
 * same process for both sides): on a shared machine wall time is mostly the wait for a core,
 * which the note shows beside it. The last stdout line is the rows, as JSON.
 */
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { ProviderCatalog, RatePolicy } from '../../shared/catalog/types';
import { createClient, type EnrichflowClient } from '../../shared/client';
import { enrichLayer } from '../../shared/providers/enrichLayer';
import { enrichSo } from '../../shared/providers/enrichSo';
import { influencersClub } from '../../shared/providers/influencersClub';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { smarte } from '../../shared/providers/smarte';
import type { HttpRequest, Transport } from '../../shared/transport/types';
import { UndiciTransport } from '../../shared/transport/undici';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { median, type Row, WIDE } from './common';

const ROUNDS = 15;
const CALLS = 300;
/**
 * Calls each side makes before measuring. The core is far more code than a bare request, and
 * V8 keeps compiling it (on threads whose CPU counts here) for some thousands of calls: before
 * this work the core read 1.2–2.0× the raw side after 300 calls, 1.2–1.5× after 3,000 and
 * 1.2–1.3× after 10,000. A workflow's calls run on the steady state, so that is what is measured.
 */
const WARM_UP_CALLS = 5_000;

/** Every rate bucket of a catalog, wide open: the bench measures work, not waiting. */
function wideLimits(provider: ProviderCatalog): Record<string, RatePolicy> & { default: RatePolicy } {
  return { default: WIDE, ...Object.fromEntries(provider.operations.map((o) => [o.rateBucket ?? 'default', WIDE])) };
}

interface FreeCall {
  provider: ProviderCatalog;
  op: string;
  client(sandbox: Sandbox, transport: Transport): EnrichflowClient;
}

const FREE_CALLS: FreeCall[] = [
  {
    provider: enrichSo,
    op: 'wallet.getBalance',
    client: (s, transport) =>
      createClient({
        provider: enrichSo,
        apiKey: s.providers.enrichSo.apiKey,
        baseUrl: s.providers.enrichSo.baseUrl,
        rateLimits: wideLimits(enrichSo),
        transport,
      }),
  },
  {
    provider: influencersClub,
    op: 'account.getCredits',
    client: (s, transport) =>
      createClient({
        provider: influencersClub,
        apiKey: s.providers.influencersClub.apiKey,
        baseUrl: s.providers.influencersClub.baseUrl,
        rateLimits: wideLimits(influencersClub),
        transport,
      }),
  },
  {
    provider: leadfeeder,
    op: 'account.get',
    client: (s, transport) =>
      createClient({
        provider: leadfeeder,
        apiKey: s.providers.leadfeeder.apiKey,
        baseUrl: s.providers.leadfeeder.baseUrl,
        credential: { accountId: s.providers.leadfeeder.accountId },
        rateLimits: wideLimits(leadfeeder),
        transport,
      }),
  },
  {
    provider: enrichLayer,
    op: 'meta.getCreditBalance',
    client: (s, transport) =>
      createClient({
        provider: enrichLayer,
        apiKey: s.providers.enrichLayer.apiKey,
        baseUrl: s.providers.enrichLayer.baseUrl,
        rateLimits: wideLimits(enrichLayer),
        transport,
      }),
  },
  {
    provider: smarte,
    op: smarte.credentialTestOp,
    client: (s, transport) =>
      createClient({ provider: smarte, apiKey: s.providers.smarte.apiKey, baseUrl: s.providers.smarte.baseUrl, rateLimits: wideLimits(smarte), transport }),
  },
];

/** Both sides' answer deadline (undici's headers and body timeouts), as the core's transport sets it. */
const TIMEOUT_MS = 60_000;

/** The transport the core uses, remembering the last request it sent (to replay it raw). */
class Recording implements Transport {
  last?: HttpRequest;
  private readonly inner = new UndiciTransport({ defaultTimeoutMs: TIMEOUT_MS });
  send(req: HttpRequest) {
    this.last = req;
    return this.inner.send(req);
  }
}

/** CPU and wall µs a call of `rounds` interleaved rounds, each side's median. */
async function interleaved(sides: (() => Promise<unknown>)[]): Promise<{ cpu: number; wall: number }[]> {
  const cpu: number[][] = sides.map(() => []);
  const wall: number[][] = sides.map(() => []);
  for (const side of sides) for (let i = 0; i < WARM_UP_CALLS; i++) await side();
  for (let r = 0; r < ROUNDS; r++) {
    // Every other round the other side goes first, so neither always runs on a warmer (or
    // more cluttered) process.
    const order = r % 2 === 0 ? [...sides.keys()] : [...sides.keys()].reverse();
    for (const i of order) {
      const side = sides[i];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let n = 0; n < CALLS; n++) await side();
      const used = process.cpuUsage(c0);
      wall[i].push(((performance.now() - t0) * 1000) / CALLS);
      cpu[i].push((used.user + used.system) / CALLS);
    }
  }
  return sides.map((_, i) => ({ cpu: median(cpu[i]), wall: median(wall[i]) }));
}

async function measure(): Promise<Row[]> {
  const sandbox = await startSandbox({
    port: 0,
    enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null } },
    influencersClub: { rateLimit: { rate: 1_000_000_000, windowMs: 60_000, burst: 1_000_000_000 } },
    leadfeeder: { rateLimit: null },
    enrichLayer: { perMinute: 1_000_000_000, perFiveMinutes: 1_000_000_000 },
    smarte: { rateLimit: null },
  });
  const rows: Row[] = [];
  const group = '4. Overhead';
  try {
    for (const free of FREE_CALLS) {
      const recording = new Recording();
      const client = free.client(sandbox, recording);
      const core = () => client.call(free.op, {});
      await core();
      const sent = recording.last!;
      // The same request on the same (global) dispatcher with the same deadlines; the answer read whole and parsed.
      const timeout = sent.timeoutMs ?? TIMEOUT_MS;
      const raw = async () => {
        const res = await request(sent.url, {
          method: sent.method as 'GET',
          headers: sent.headers,
          body: sent.body,
          headersTimeout: timeout,
          bodyTimeout: timeout,
        });
        JSON.parse(await res.body.text());
      };
      const [c, r] = await interleaved([core, raw]);
      const ratio = c.cpu / r.cpu;
      rows.push({
        group,
        case: `${free.provider.displayName}: core call ÷ raw undici (${sent.method} ${free.op}, free)`,
        ratio,
        target: '≤ 1.10',
        met: ratio <= 1.1,
        note: `CPU ${c.cpu.toFixed(0)} µs vs ${r.cpu.toFixed(0)} µs a call; wall ${c.wall.toFixed(0)} vs ${r.wall.toFixed(0)} µs (${(c.wall / r.wall).toFixed(2)}×)`,
      });
    }
  } finally {
    await sandbox.close();
  }
  return rows;
}

measure().then(
  (rows) => console.log(JSON.stringify(rows)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
