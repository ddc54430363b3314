/**
 * 5. Memory: peak RSS of a process reading a 100,000-row batch result (target < 200 MB), and
 * of one submitting a 500,000-email validation batch. Each runs in its own child process.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startBatch, waitForBatch } from '../../shared/batch';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { startSandbox } from '../../sandbox/server';
import { type Row, WIDE_LIMITS } from './common';

const run = promisify(execFile);

export async function memory(): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null }, itemsPerSecond: 10_000_000 } });
  const es = sandbox.providers.enrichSo;
  const group = '5. Peak memory (MB)';
  const child = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [...process.execArgv, path.join(__dirname, 'memoryWorker.ts'), ...args], {
      env: { ...process.env, BENCH_API_KEY: es.apiKey, BENCH_BASE_URL: es.baseUrl },
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
    const submit = await child('submit', '500000');
    return [
      { group, case: 'reading a 100,000-row batch result', ratio: read.peakMb, target: '< 200', met: read.peakMb < 200, note: read.detail },
      { group, case: 'submitting a 500,000-email batch', ratio: submit.peakMb, target: 'measured', met: undefined, note: submit.detail },
    ];
  } finally {
    await sandbox.close();
  }
}
