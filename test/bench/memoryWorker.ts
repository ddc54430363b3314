/**
 * A child process of the memory benchmark, so its peak RSS is the client's alone (the sandbox
 * runs in the parent): `read <jobId>` reads a whole batch result; `submit <count>` submits a
 * validation batch of `count` emails.
 */
import { fetchBatchResults, startBatch } from '../../shared/batch';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { WIDE_LIMITS } from './common';

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  const client = createClient({ provider: enrichSo, apiKey: process.env.BENCH_API_KEY, baseUrl: process.env.BENCH_BASE_URL, rateLimits: WIDE_LIMITS, timeoutMs: 300_000 });
  let detail: string;
  if (mode === 'read') {
    const read = await fetchBatchResults(client, 'emailValidation', arg);
    detail = `${read.results.length} rows`;
  } else {
    const emails = Array.from({ length: Number(arg) }, (_, i) => `bulk.${i}@acme.com`);
    const started = await startBatch(client, 'emailValidation', emails);
    detail = `${started.jobs.length} job(s), ${emails.length} emails`;
  }
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, detail }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
