/**
 * 3. Requests ÷ the fewest the contract allows: reading a 950-row batch result (1,000 rows a
 * page allowed: 1 request) and walking a list (Lead Finder search, 250 leads at up to 100 a page:
 * 3 requests), as the core reads them — and, for comparison, at the default page size. Then a
 * row per other provider: a list walk at its largest page (influencers.club, Leadfeeder,
 * EnrichLayer) and SMARTe's records, many to a request. The balance read the core makes once
 * before a client's first paid call is made before counting (it is not part of the walk).
 */
import { fetchBatchResults, runBatch } from '../../shared/batch';
import { createClient } from '../../shared/client';
import type { ProviderCatalog } from '../../shared/catalog/types';
import { enrichLayer } from '../../shared/providers/enrichLayer';
import { enrichSo } from '../../shared/providers/enrichSo';
import { influencersClub } from '../../shared/providers/influencersClub';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { smarte } from '../../shared/providers/smarte';
import type { HttpRequest, Transport } from '../../shared/transport/types';
import { UndiciTransport } from '../../shared/transport/undici';
import { startSandbox } from '../../sandbox/server';
import { type Row, WIDE, WIDE_LIMITS } from './common';

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
    rows.push({
      group,
      case: 'Enrich.so: batch results, 950 rows (core reader)',
      ratio: counting.count / 1,
      target: '1.00',
      met: counting.count === 1 && read.results.length === 950,
      note: `${counting.count} request(s), ${read.results.length} rows`,
    });

    counting.count = 0;
    await client.list('emailValidation.getBatchResults', { batchId: jobId }, { pageSize: 100 });
    rows.push({
      group,
      case: 'Enrich.so: batch results at the default 100 a page (before)',
      ratio: counting.count / 1,
      target: 'baseline',
      met: undefined,
      note: `${counting.count} requests`,
    });

    const leadFinder = enrichSo.operations.find((o) => o.key === 'leadFinder.search')!;
    const maxPage = leadFinder.pagination!.maxPageSize;
    counting.count = 0;
    const listed = await client.list('leadFinder.search', { filters: { jobLevel: ['VP'] } }, { limit: 250, pageSize: maxPage });
    const fewest = Math.ceil(Math.min(250, listed.items.length) / maxPage);
    rows.push({
      group,
      case: `Enrich.so: list walk, ${listed.items.length} leads (as the n8n node walks)`,
      ratio: counting.count / fewest,
      target: '1.00',
      met: counting.count === fewest,
      note: `${counting.count} requests, fewest ${fewest}`,
    });
  } finally {
    await sandbox.close();
  }
  rows.push(...(await otherProviders(group)));
  return rows;
}

const wide = (p: ProviderCatalog) => ({ default: WIDE, ...Object.fromEntries(p.operations.map((o) => [o.rateBucket ?? 'default', WIDE])) });

async function otherProviders(group: string): Promise<Row[]> {
  const sandbox = await startSandbox({
    port: 0,
    influencersClub: { rateLimit: { rate: 1_000_000_000, windowMs: 60_000, burst: 1_000_000_000 } },
    leadfeeder: { rateLimit: null },
    enrichLayer: { perMinute: 1_000_000_000, perFiveMinutes: 1_000_000_000 },
    smarte: { rateLimit: null },
  });
  const { influencersClub: icl, leadfeeder: lf, enrichLayer: el, smarte: sm } = sandbox.providers;
  const rows: Row[] = [];
  const client = (provider: ProviderCatalog, endpoint: { apiKey: string; baseUrl: string }, extra: object = {}) => {
    const counting = new CountingTransport(new UndiciTransport());
    return {
      counting,
      client: createClient({ provider, apiKey: endpoint.apiKey, baseUrl: endpoint.baseUrl, rateLimits: wide(provider), transport: counting, ...extra }),
    };
  };
  const walk = async (provider: ProviderCatalog, c: ReturnType<typeof client>, op: string, input: unknown, limit: number, label: string) => {
    if (provider.balance) await c.client.balance();
    const maxPage = provider.operations.find((o) => o.key === op)!.pagination!.maxPageSize;
    c.counting.count = 0;
    const listed = await c.client.list(op, input, { limit, pageSize: maxPage });
    const fewest = Math.max(1, Math.ceil(listed.items.length / maxPage));
    rows.push({
      group,
      case: `${provider.displayName}: ${label}, ${listed.items.length} items at up to ${maxPage} a page`,
      ratio: c.counting.count / fewest,
      target: '1.00',
      met: c.counting.count === fewest,
      note: `${c.counting.count} requests, fewest ${fewest}`,
    });
  };
  try {
    await walk(influencersClub, client(influencersClub, icl), 'discovery.search', { platform: 'instagram' }, 250, 'discovery search walk');
    await walk(
      leadfeeder,
      client(leadfeeder, lf, { credential: { accountId: lf.accountId } }),
      'webVisit.visitorCompanies',
      { start_date: '2026-11-01', end_date: '2026-11-30' },
      250,
      'visitor companies walk',
    );
    await walk(enrichLayer, client(enrichLayer, el), 'search.companies', { country: 'US' }, 250, 'company search walk');

    const s = client(smarte, sm);
    await s.client.balance().catch(() => undefined);
    const perRequest = smarte.operations.find((o) => o.key === 'person.enrich')!.records!.maxPerRequest;
    const people = Array.from({ length: 500 }, (_, i) => ({ recordId: `crm-${i + 1}`, email: `person${i + 1}@acme.io` }));
    s.counting.count = 0;
    const outcomes = await s.client.callRecords('person.enrich', people);
    const fewest = Math.ceil(people.length / perRequest);
    rows.push({
      group,
      case: `SMARTe: enriching 500 person records, up to ${perRequest} a request`,
      ratio: s.counting.count / fewest,
      target: '1.00',
      met: s.counting.count === fewest && outcomes.length === people.length,
      note: `${s.counting.count} requests, fewest ${fewest}; ${outcomes.filter((o) => o.ok).length} enriched`,
    });
  } finally {
    await sandbox.close();
  }
  return rows;
}
