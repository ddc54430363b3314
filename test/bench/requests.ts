/**
 * 3. Requests ÷ the fewest the contract allows: reading a 950-row batch result (1,000 rows a
 * page allowed: 1 request) and walking a list (Lead Finder search, 250 leads at up to 100 a page:
 * 3 requests), as the core reads them — and, for comparison, at the default page size.
 */
import { fetchBatchResults, runBatch } from '../../shared/batch';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import type { HttpRequest, Transport } from '../../shared/transport/types';
import { UndiciTransport } from '../../shared/transport/undici';
import { startSandbox } from '../../sandbox/server';
import { type Row, WIDE_LIMITS } from './common';

class CountingTransport implements Transport {
  count = 0;
  constructor(private readonly inner: Transport) {}
  send(req: HttpRequest) {
    this.count++;
    return this.inner.send(req);
  }
}

export async function requestCounts(): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null }, itemsPerSecond: 100_000 } });
  const es = sandbox.providers.enrichSo;
  const counting = new CountingTransport(new UndiciTransport());
  const client = createClient({ provider: enrichSo, apiKey: es.apiKey, baseUrl: es.baseUrl, rateLimits: WIDE_LIMITS, transport: counting });
  const group = '3. Requests ÷ fewest allowed';
  const rows: Row[] = [];
  try {
    const emails = Array.from({ length: 950 }, (_, i) => `reader.${i}@acme.com`);
    const run = await runBatch(client, 'emailValidation', emails, { pollIntervalMs: 20 });
    const jobId = run.jobs[0].jobId;

    counting.count = 0;
    const read = await fetchBatchResults(client, 'emailValidation', jobId);
    rows.push({ group, case: 'batch results, 950 rows (core reader)', ratio: counting.count / 1, target: '1.00', met: counting.count === 1 && read.results.length === 950, note: `${counting.count} request(s), ${read.results.length} rows` });

    counting.count = 0;
    await client.list('emailValidation.getBatchResults', { batchId: jobId }, { pageSize: 100 });
    rows.push({ group, case: 'batch results at the default 100 a page (before)', ratio: counting.count / 1, target: 'baseline', met: undefined, note: `${counting.count} requests` });

    const leadFinder = enrichSo.operations.find((o) => o.key === 'leadFinder.search')!;
    const maxPage = leadFinder.pagination!.maxPageSize;
    counting.count = 0;
    const listed = await client.list('leadFinder.search', { filters: { jobLevel: ['VP'] } }, { limit: 250, pageSize: maxPage });
    const fewest = Math.ceil(Math.min(250, listed.items.length) / maxPage);
    rows.push({ group, case: `list walk, ${listed.items.length} leads (as the n8n node walks)`, ratio: counting.count / fewest, target: '1.00', met: counting.count === fewest, note: `${counting.count} requests, fewest ${fewest}` });
  } finally {
    await sandbox.close();
  }
  return rows;
}
