/**
 * `npm run bench`: what the core costs on top of a raw HTTP call, and whether paging wastes
 * requests. Everything is measured in this run against the in-process sandbox, so the ratios
 * compare like with like on whatever machine runs it.
 */
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { createClient, enrichSoCatalog, runBatch, UndiciTransport } from '../../demo/lib';
import type { HttpRequest, Transport } from '../../shared/transport/types';
import { startSandbox } from '../../sandbox/server';

const UNLIMITED = { rate: 1_000_000_000, windowMs: 60_000, burst: 1_000_000_000 };

class CountingTransport implements Transport {
  count = 0;
  constructor(private readonly inner: Transport) {}
  send(req: HttpRequest) {
    this.count++;
    return this.inner.send(req);
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeRounds(label: string, rounds: number, perRound: number, fn: () => Promise<unknown>): Promise<number[]> {
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) await fn();
    perCall.push(((performance.now() - t0) * 1000) / perRound);
  }
  void label;
  return perCall;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, enrichSo: { rateLimits: { default: UNLIMITED, enrichment: UNLIMITED, bulkSubmit: UNLIMITED }, itemsPerSecond: 100_000 } });
  const { baseUrl, apiKey } = sandbox.providers.enrichSo;
  const rateLimits = { default: UNLIMITED, enrichment: UNLIMITED, bulkSubmit: UNLIMITED };
  try {
    // 1. Per-call overhead: the same free endpoint, raw undici vs the whole core pipeline.
    const client = createClient({ provider: enrichSoCatalog, apiKey, baseUrl, rateLimits });
    const raw = async () => {
      const res = await request(`${baseUrl}/wallets/balance`, { headers: { 'x-api-key': apiKey, accept: 'application/json' } });
      JSON.parse(await res.body.text());
    };
    const core = () => client.call('wallet.getBalance', {});
    for (let i = 0; i < 300; i++) {
      await raw();
      await core();
    }
    const rounds = 7;
    const perRound = 400;
    const rawTimes: number[] = [];
    const coreTimes: number[] = [];
    // Interleaved rounds so drift on a busy machine hits both sides alike.
    for (let r = 0; r < rounds; r++) {
      rawTimes.push(...(await timeRounds('raw', 1, perRound, raw)));
      coreTimes.push(...(await timeRounds('core', 1, perRound, core)));
    }
    const rawUs = median(rawTimes);
    const coreUs = median(coreTimes);
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2000; i++) await core();
    const heapPerCall = (process.memoryUsage().heapUsed - heapBefore) / 2000;

    console.log('Per-call cost, GET /wallets/balance on the sandbox (median of 7 interleaved rounds of 400 calls)');
    console.log(`  raw undici request      ${rawUs.toFixed(1)} µs/call`);
    console.log(`  core client.call        ${coreUs.toFixed(1)} µs/call`);
    console.log(`  ratio core / raw        ${(coreUs / rawUs).toFixed(2)}x`);
    console.log(`  heap growth per call    ${Math.max(0, heapPerCall).toFixed(0)} bytes (2000 calls, no forced GC)`);

    // 2. Requests sent per page needed.
    console.log('\nRequests sent per page needed');
    const counting = new CountingTransport(new UndiciTransport());
    const pager = createClient({ provider: enrichSoCatalog, apiKey, baseUrl, rateLimits, transport: counting });
    const emails = Array.from({ length: 1000 }, (_, i) => `bench.${i}@acme.com`);
    const run = await runBatch(pager, 'emailValidation', emails, { wait: 'poll', pollIntervalMs: 50 });
    const jobId = run.jobs[0].jobId;
    const cases: { label: string; limit?: number; pageSize: number; expectItems: number }[] = [
      { label: '150 results at 50 a page', limit: 150, pageSize: 50, expectItems: 150 },
      { label: '120 results at 50 a page', limit: 120, pageSize: 50, expectItems: 120 },
      { label: 'all 1000 results at 100 a page', pageSize: 100, expectItems: 1000 },
      { label: 'all 1000 results at 1000 a page', pageSize: 1000, expectItems: 1000 },
    ];
    for (const c of cases) {
      counting.count = 0;
      const listed = await pager.list('emailValidation.getBatchResults', { batchId: jobId }, { limit: c.limit, pageSize: c.pageSize });
      const needed = Math.ceil(c.expectItems / c.pageSize);
      const ok = listed.items.length === c.expectItems ? '' : `  (got ${listed.items.length} items!)`;
      console.log(`  ${c.label.padEnd(34)} ${counting.count} sent / ${needed} needed = ${(counting.count / needed).toFixed(2)}${ok}`);
    }
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
