/**
 * The n8n half of the overhead benchmark, in its own process (a fresh module graph, as n8n
 * loads a node): 1,000 items through the Enrich.so node on n8n's engine (test/n8n/harness.ts)
 * and the same 1,000 calls made directly through the core. Prints both times as JSON.
 */
import { performance } from 'node:perf_hooks';
import { itemsInto, output, runWorkflow } from '../n8n/harness';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { WIDE_LIMITS } from './common';

async function main(): Promise<void> {
  const apiKey = process.env.BENCH_API_KEY!;
  const baseUrl = process.env.BENCH_BASE_URL!;
  const emails = (tag: string) => Array.from({ length: 1000 }, (_, i) => ({ email: `${tag}.${i}@acme.com` }));
  const t0 = performance.now();
  const direct = createClient({ provider: enrichSo, apiKey, baseUrl, rateLimits: WIDE_LIMITS });
  await direct.runEach(emails('direct'), (x) => direct.call('emailValidation.validate', x));
  const directMs = performance.now() - t0;
  const t1 = performance.now();
  const { run } = await runWorkflow(
    itemsInto(emails('n8n'), { parameters: { resource: 'emailValidation', operation: 'validate', email: '={{$json.email}}', options: { creditBudget: 100_000 } } }),
    { credentials: { enrichSoApi: { apiKey, baseUrl, plan: 'enterprise' } } },
  );
  const n8nMs = performance.now() - t1;
  process.stdout.write(JSON.stringify({ directMs, n8nMs, items: output(run, 'Enrich').length }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
