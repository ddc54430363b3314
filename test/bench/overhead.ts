/**
 * 4. Overhead: the core's time per call ÷ a raw undici request to the same free endpoint
 * (median of interleaved rounds), and an n8n execution of 1,000 items (n8n's engine
 * in-process, test/n8n/harness.ts) ÷ the same 1,000 calls made directly through the core.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { request } from 'undici';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { startSandbox } from '../../sandbox/server';
import { median, type Row, WIDE_LIMITS } from './common';

const run = promisify(execFile);

export async function overhead(): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null } } });
  const es = sandbox.providers.enrichSo;
  const rows: Row[] = [];
  const group = '4. Overhead';
  try {
    const client = createClient({ provider: enrichSo, apiKey: es.apiKey, baseUrl: es.baseUrl, rateLimits: WIDE_LIMITS });
    const raw = async () => {
      const res = await request(`${es.baseUrl}/wallets/balance`, { headers: { 'x-api-key': es.apiKey, accept: 'application/json' } });
      JSON.parse(await res.body.text());
    };
    const core = () => client.call('wallet.getBalance', {});
    for (let i = 0; i < 300; i++) {
      await raw();
      await core();
    }
    const rawTimes: number[] = [];
    const coreTimes: number[] = [];
    const round = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      for (let i = 0; i < 300; i++) await fn();
      return ((performance.now() - t0) * 1000) / 300;
    };
    for (let r = 0; r < 9; r++) {
      rawTimes.push(await round(raw));
      coreTimes.push(await round(core));
    }
    const ratio = median(coreTimes) / median(rawTimes);
    rows.push({ group, case: 'core call ÷ raw undici (GET balance)', ratio, target: '≤ 1.20', met: ratio <= 1.2, note: `${median(coreTimes).toFixed(0)} µs vs ${median(rawTimes).toFixed(0)} µs a call` });

    // n8n's engine (in a child process: a fresh module graph, as n8n loads a node).
    try {
      const { stdout } = await run(process.execPath, [...process.execArgv, path.join(__dirname, 'n8nWorker.ts')], {
        env: { ...process.env, BENCH_API_KEY: es.apiKey, BENCH_BASE_URL: es.baseUrl },
        maxBuffer: 1 << 20,
      });
      const { directMs, n8nMs, items } = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { directMs: number; n8nMs: number; items: number };
      rows.push({
        group,
        case: 'n8n execution, 1,000 items ÷ core direct',
        ratio: n8nMs / directMs,
        target: 'measured',
        met: undefined,
        note: `${(n8nMs / 1000).toFixed(1)} s vs ${(directMs / 1000).toFixed(1)} s; ${items} items out`,
      });
    } catch (error) {
      // The harness loads n8n's engine under jest (ts-jest); under tsx its node import resolves
      // to undefined (a module-order problem not yet traced). Reported, not hidden.
      const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').filter((l) => !/^\s+at /.test(l));
      process.stderr.write(`n8n worker failed:\n${stderr.slice(-15).join('\n')}\n`);
      rows.push({ group, case: 'n8n execution, 1,000 items ÷ core direct', ratio: NaN, target: 'measured', met: undefined, note: `not measured: ${(stderr.at(-1) ?? String((error as Error).message)).slice(0, 100)}` });
    }
  } finally {
    await sandbox.close();
  }
  return rows;
}
