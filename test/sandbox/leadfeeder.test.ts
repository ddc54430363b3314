/**
 * The Leadfeeder sandbox over real HTTP: what a client sees of auth (403 flat or 401 with both
 * error forms), the 10/s burst-15 limit, the monthly quota, account scoping, JSON:API answers,
 * both paging styles, and credits: one per new record subscription, nothing for visitors.
 */
import { FakeClock } from '../../shared/clock';
import { startSandbox, type LeadfeederConfigInput, type Sandbox } from '../../sandbox/server';
import { call } from './helpers';

const KEY = 'lf_test_enrichflow_sandbox';
const ACCOUNT = 'acc_sandbox_1';
let sandbox: Sandbox;
let clock: FakeClock;

async function start(config: LeadfeederConfigInput = {}): Promise<void> {
  clock = new FakeClock(Date.parse('2026-03-02T10:00:00.000Z'));
  sandbox = await startSandbox({ port: 0, clock, leadfeeder: { rateLimit: null, ...config } });
}
afterEach(() => sandbox?.close());

const api = (method: string, path: string, o: Parameters<typeof call>[2] & { account?: string | null } = {}) => {
  const query = { ...(o.account === null ? {} : { account_id: o.account ?? ACCOUNT }), ...o.query };
  return call(sandbox.providers.leadfeeder.baseUrl + path, method, { key: KEY, ...o, query });
};

describe('authentication', () => {
  it('answers a missing key 403 with the flat body the docs show', async () => {
    await start();
    const r = await api('GET', '/accounts', { key: null });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ code: 'missing_token', message: expect.stringContaining('X-Api-Key') });
  });

  it('answers a bad key 401 with errors[] and a singular error under the OpenAPI reading', async () => {
    await start({ authFailureStatus: 401 });
    const r = await api('GET', '/accounts', { key: 'lf_wrong' });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ errors: [{ code: 'invalid_api_key' }], error: { code: 'invalid_api_key' } });
  });
});

describe('limits', () => {
  it('admits 15 requests at once, then answers 429 too_many_requests', async () => {
    await start({ rateLimit: { perSecond: 10, burst: 15 } });
    const statuses = await Promise.all(Array.from({ length: 16 }, () => api('GET', '/accounts', { account: null }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
    const refused = await api('GET', '/accounts', { account: null });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 'too_many_requests', message: expect.any(String) });
    // Refilled at 10 a second: ten more after one second, not fifteen.
    await clock.advance(1000);
    const next = await Promise.all(Array.from({ length: 11 }, () => api('GET', '/accounts', { account: null }).then((r) => r.status)));
    expect(next.filter((s) => s === 200)).toHaveLength(10);
  });

  it('counts requests per key and month, refusing past the quota with quota_exceeded', async () => {
    await start({ monthlyQuota: 2 });
    expect((await api('GET', '/users/me', { account: null })).status).toBe(200);
    expect((await api('GET', '/users/me', { account: null })).status).toBe(200);
    const r = await api('GET', '/users/me', { account: null });
    expect(r.status).toBe(429);
    expect(r.body.errors[0].code).toBe('quota_exceeded');
    await clock.advance(31 * 24 * 3600_000);
    expect((await api('GET', '/users/me', { account: null })).status).toBe(200);
  });
});

describe('accounts', () => {
  it('needs account_id on account routes, and refuses an account the key cannot reach', async () => {
    await start();
    expect((await api('GET', '/tags', { account: null })).body.errors[0]).toMatchObject({ code: 'invalid_parameter', source: { parameter: 'account_id' } });
    expect((await api('GET', '/tags', { account: 'acc_other' })).status).toBe(403);
  });

  it('lists the accounts of the key; with account_id, that account and its credits', async () => {
    await start();
    expect((await api('GET', '/accounts', { account: null })).body.data.map((a: { id: string }) => a.id)).toEqual(['acc_sandbox_1', 'acc_sandbox_2']);
    const one = await api('GET', '/accounts');
    expect(one.body.data).toMatchObject({
      type: 'accounts',
      id: ACCOUNT,
      attributes: { credits: { available: 1000, used: 0, remaining: 1000, next_reset_on: '2026-04-01' } },
    });
  });
});

describe('credits and record subscriptions', () => {
  it('charges 1 for a new company, nothing when it is fetched again in any form', async () => {
    await start();
    const first = await api('GET', '/companies/cmp_0050');
    expect(first.body).toMatchObject({
      data: { type: 'companies', id: 'cmp_0050', attributes: { name: expect.any(String) } },
      meta: { request_id: expect.any(String) },
    });
    expect(first.body.meta.credits).toBeUndefined();
    await api('GET', '/companies', { query: { ids: 'cmp_0050,cmp_0051' } });
    await api('GET', '/companies/cmp_0051');
    expect(sandbox.providers.leadfeeder.credits()).toMatchObject({ used: 2, remaining: 998 });
  });

  it('reports meta.credits.charged on detail calls under that reading', async () => {
    await start({ detailReportsCredits: true });
    expect((await api('GET', '/companies/cmp_0050')).body.meta.credits).toEqual({ charged: 1 });
    expect((await api('GET', '/companies/cmp_0050')).body.meta.credits).toEqual({ charged: 0 });
  });

  it('website visitors are subscribed already: their details cost nothing', async () => {
    await start();
    const rows = (await api('GET', '/web-visits/companies', { query: { start_date: '2026-03-01', end_date: '2026-03-02', include: 'company' } })).body.data;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].relationships.company.data).toMatchObject({ type: 'companies', attributes: { name: expect.any(String) } });
    await api('GET', '/companies', { query: { ids: rows.map((r: any) => r.relationships.company.data.id).join(',') } });
    expect(sandbox.providers.leadfeeder.credits().used).toBe(0);
  });

  it.each([
    ['paid', 2],
    ['free', 0],
  ] as const)('search under the %s reading charges %i for two new companies', async (reading, expected) => {
    await start({ searchCharges: reading });
    const r = await api('POST', '/companies/search', { body: { search_terms: ['ab'] }, query: { 'page[size]': 2 } });
    expect(r.body.data).toHaveLength(2);
    expect(r.body.meta.credits?.charged).toBe(reading === 'paid' ? 2 : undefined);
    expect(sandbox.providers.leadfeeder.credits().used).toBe(expected);
  });

  it('refuses a retrieval the credits cannot cover, charging nothing', async () => {
    await start({ users: [{ apiKey: KEY, email: 'o@x.example', accounts: [{ id: ACCOUNT, name: 'Small', credits: 1 }] }] });
    const r = await api('GET', '/companies', { query: { ids: 'cmp_0050,cmp_0051' } });
    expect(r.status).toBe(402);
    expect(r.body.errors[0].code).toBe('insufficient_credits');
    expect(sandbox.providers.leadfeeder.credits().used).toBe(0);
  });
});

describe('paging', () => {
  it('page-number routes report page_count; page[size] over 100 is refused', async () => {
    await start();
    const r = await api('GET', '/web-visits/companies', { query: { start_date: '2026-02-01', end_date: '2026-03-02', 'page[size]': 10, 'page[num]': 2 } });
    expect(r.body.meta.pagination).toMatchObject({ page_num: 2, page_size: 10, page_count: expect.any(Number) });
    expect((await api('GET', '/tags', { query: { 'page[size]': 101 } })).status).toBe(400);
  });

  it('cursor routes hand out next_cursor until the last page', async () => {
    await start();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { 'page[size]': 40, ...(cursor ? { 'page[cursor]': cursor } : {}) };
      const r = await api('POST', '/contacts/search', { body: { departments: ['sales_department'] }, query });
      seen.push(...r.body.data.map((c: { id: string }) => c.id));
      cursor = r.body.meta.pagination.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });
});

it.each(['/ip/enrich', '/ip-enrich'] as const)('IP enrichment answers on %s only under that reading', async (path) => {
  await start({ ipEnrichPath: path });
  const other = path === '/ip/enrich' ? '/ip-enrich' : '/ip/enrich';
  expect((await api('GET', path, { query: { ip: '81.2.69.160' } })).body.data).toMatchObject({ type: 'companies' });
  expect((await api('GET', other, { query: { ip: '81.2.69.160' } })).status).toBe(404);
});

describe("the ids limit (the client's assumption, not the reference's) is played for every kind of record", () => {
  it.each(['/companies', '/contacts'])('%s refuses 101 ids with 400', async (path) => {
    await start();
    const ids = Array.from({ length: 101 }, (_, i) => `x_${i}`).join(',');
    const r = await api('GET', path, { query: { ids } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('at most 100 ids');
  });
});
