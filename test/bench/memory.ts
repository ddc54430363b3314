/**
 * 5. Memory: peak RSS of a process reading a 100,000-row batch result (target < 200 MB), of
 * one submitting a 500,000-email validation batch (target < 150 MB; beside it, a process that
 * only builds the 500,000 emails), of the same 500,000 run through runBatch to every result as
 * the n8n node waits for them (beside it, a process reading a 500,000-row result), of an influencers.club 25,000-row CSV job run to its
 * results, of a SMARTe 500-record enrichment, and of 5,000 free Leadfeeder and EnrichLayer calls
 * through one client (what each call leaves behind). Each runs in its own child process, on
 * plain `node`, running the core as it ships: the worker bundled with esbuild the way the
 * n8n and Zapier packages bundle the core (CommonJS, node20, zod and undici inside) — not under
 * tsx, whose compiler and loader in every child were most of the idle baseline.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startBatch, waitForBatch } from '../../shared/batch';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { startSandbox } from '../../sandbox/server';
import { fastClock, type Row, WIDE_LIMITS } from './common';

const run = promisify(execFile);

export async function memory(): Promise<Row[]> {
  // influencers.club polls every 30–60 s: the sandbox and the child share a clock 1,000× fast.
  const clockStart = Date.now();
  const clockFactor = 1000;
  const sandbox = await startSandbox({
    port: 0,
    clock: fastClock(clockStart, clockFactor),
    enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null }, itemsPerSecond: 10_000_000 },
    influencersClub: { rowsPerSecond: 100_000, queueDelayMs: 1000 },
    smarte: { rateLimit: null },
    leadfeeder: { rateLimit: null },
    enrichLayer: { perMinute: 1_000_000_000, perFiveMinutes: 1_000_000_000 },
  });
  const lf = sandbox.providers.leadfeeder;
  const el = sandbox.providers.enrichLayer;
  const es = sandbox.providers.enrichSo;
  const icl = sandbox.providers.influencersClub;
  const sm = sandbox.providers.smarte;
  // Three 500,000-email submits, a 500,000-email run and a 100,000-email job reserve 2.1 million credits.
  es.wallet().setBalance(10_000_000);
  icl.wallet().setBalance(1_000_000);
  sm.wallet().setBalance(1_000_000);
  const group = '5. Peak memory (MB)';
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'enrichflow-memory-'));
  const worker = path.join(bundleDir, 'memoryWorker.js');
  // The options of scripts/zapier/prepare.sh and scripts/n8n/bundle.mjs: what users run.
  await build({
    entryPoints: [path.join(__dirname, 'memoryWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    outfile: worker,
  });
  const child = async (...args: string[]) => {
    // Plain node: no execArgv, so no tsx loader in the child.
    const { stdout } = await run(process.execPath, [worker, ...args], {
      env: {
        ...process.env,
        BENCH_API_KEY: es.apiKey,
        BENCH_BASE_URL: es.baseUrl,
        BENCH_ICL_KEY: icl.apiKey,
        BENCH_ICL_URL: icl.baseUrl,
        BENCH_SMARTE_KEY: sm.apiKey,
        BENCH_SMARTE_URL: sm.baseUrl,
        BENCH_LF_KEY: lf.apiKey,
        BENCH_LF_URL: lf.baseUrl,
        BENCH_LF_ACCOUNT: lf.accountId,
        BENCH_EL_KEY: el.apiKey,
        BENCH_EL_URL: el.baseUrl,
        BENCH_CLOCK_START: String(clockStart),
        BENCH_CLOCK_FACTOR: String(clockFactor),
      },
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout) as { peakMb: number; detail: string };
  };
  try {
    const client = createClient({ provider: enrichSo, apiKey: es.apiKey, baseUrl: es.baseUrl, rateLimits: WIDE_LIMITS });
    const emails = Array.from({ length: 100_000 }, (_, i) => `row.${i}@acme.com`);
    const big = await startBatch(client, 'emailValidation', emails);
    await waitForBatch(client, 'emailValidation', big.jobs[0].jobId, { pollIntervalMs: 200 });
    const read = await child('read', big.jobs[0].jobId);
    // What a run to results must hold beside its list: the 500,000 results, read alone.
    const all = Array.from({ length: 500_000 }, (_, i) => `held.${i}@acme.com`);
    const whole = await startBatch(client, 'emailValidation', all);
    await waitForBatch(client, 'emailValidation', whole.jobs[0].jobId, { pollIntervalMs: 200 });
    const readAll = await child('read', whole.jobs[0].jobId);
    const idle = await child('input', '0');
    const input = await child('input', '500000');
    const submit = await child('submit', '500000');
    const submitAll = await child('submit', '500000:all');
    const runToResults = await child('run', '500000');
    const csvJob = await child('icl', '25000');
    const records = await child('smarte', '500');
    const lfCalls = await child('calls', 'leadfeeder:5000');
    const elCalls = await child('calls', 'enrichLayer:5000');
    return [
      {
        group,
        case: 'a child that loads an Enrich.so client and does nothing (baseline)',
        ratio: idle.peakMb,
        target: 'measured',
        met: undefined,
        note: 'Node and the bundled core with the Enrich.so catalog (zod, undici)',
      },
      { group, case: 'reading a 100,000-row batch result', ratio: read.peakMb, target: '< 200', met: read.peakMb < 200, note: read.detail },
      { group, case: 'Enrich.so: submitting a 500,000-email batch', ratio: submit.peakMb, target: '< 150', met: submit.peakMb < 150, note: submit.detail },
      { group, case: 'only building those 500,000 emails (baseline)', ratio: input.peakMb, target: 'measured', met: undefined, note: input.detail },
      {
        group,
        case: 'Enrich.so: the same submit with all five catalogs loaded (all-in-one n8n package, Zapier bundle)',
        ratio: submitAll.peakMb,
        target: '< 150',
        met: submitAll.peakMb < 150,
        note: submitAll.detail,
      },
      {
        group,
        case: 'Enrich.so: reading a 500,000-row batch result (baseline: what a run to results holds beside its list)',
        ratio: readAll.peakMb,
        target: 'measured',
        met: undefined,
        note: readAll.detail,
      },
      {
        group,
        case: 'Enrich.so: the same 500,000 emails through runBatch as the n8n node runs it (Wait for Completion → Poll), to every result',
        ratio: runToResults.peakMb,
        target: 'measured',
        met: undefined,
        // The list and its results must both be held: the floor is the two baselines on one client.
        note: `${runToResults.detail}; floor (emails only + 500,000-row read − idle child): ${Math.round(input.peakMb + readAll.peakMb - idle.peakMb)} MB`,
      },
      {
        group,
        case: 'influencers.club: a 25,000-row CSV job, run to its results',
        ratio: csvJob.peakMb,
        target: 'measured',
        met: undefined,
        note: csvJob.detail,
      },
      { group, case: 'SMARTe: enriching 500 person records', ratio: records.peakMb, target: 'measured', met: undefined, note: records.detail },
      { group, case: 'Leadfeeder: 5,000 calls through one client', ratio: lfCalls.peakMb, target: 'measured', met: undefined, note: lfCalls.detail },
      { group, case: 'EnrichLayer: 5,000 calls through one client', ratio: elCalls.peakMb, target: 'measured', met: undefined, note: elCalls.detail },
    ];
  } finally {
    await sandbox.close();
    rmSync(bundleDir, { recursive: true, force: true });
  }
}
