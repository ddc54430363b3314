import { harness, webhookReceiver, type Harness } from './helpers';

const STRIPE = 'https://www.linkedin.com/company/stripe';

describe('Enrich.so sandbox: company followers', () => {
  let h: Harness;
  const balance = () => h.sandbox.providers.enrichSo.wallet().balance;
  beforeEach(async () => {
    h = await harness({ enrichSo: { itemsPerSecond: 100, creditsPerFollowerProfile: 100 } });
  });
  afterEach(() => h.close());

  it('403s with accessStatus when the account is not approved; the limit endpoint says why', async () => {
    h.sandbox.providers.enrichSo.configure({ accounts: [{ apiKey: 'sk_test_pending', companyFollowerAccess: 'pending' }] });
    const res = await h.api('POST', '/company-follower', { key: 'sk_test_pending', body: { companyUrl: STRIPE, max_limit: 10 } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ type: 'https://dev.enrich.so/errors/forbidden', status: 403, accessStatus: 'pending' });
    expect((await h.api('POST', '/count-estimate', { key: 'sk_test_pending', body: { companyUrl: STRIPE } })).body.accessStatus).toBe('pending');
    expect((await h.api('GET', '/company-follower/limit', { key: 'sk_test_pending' })).body.data).toEqual({ status: 'pending' });
  });

  it('count estimate: 100 credits, completes over time, cached free for 24 h, refunded when it fails', async () => {
    const body = { companyUrl: STRIPE, departments: ['Engineering', 'Sales'], levels: ['Director'] };
    const start = await h.api('POST', '/count-estimate', { body });
    expect(start.body).toMatchObject({ data: { status: 'pending', fromCache: false }, meta: { creditsUsed: 100 } });
    const id = start.body.data.batchId;
    expect((await h.api('GET', `/count-estimate/${id}`)).body.data.status).toBe('pending');
    await h.advance(1500);
    expect((await h.api('GET', `/count-estimate/${id}`)).body.data.status).toBe('in_progress');
    await h.advance(1500);
    const done = await h.api('GET', `/count-estimate/${id}`);
    expect(done.body.data).toMatchObject({ status: 'completed', companyUrl: STRIPE, completedAt: '2026-03-02T10:00:03.000Z' });
    expect(done.body.data.data).toMatchObject({
      totalCount: expect.any(Number),
      filtersApplied: { departments: ['Engineering', 'Sales'], levels: ['Director'] },
    });
    expect(done.body.data.data.functionBreakdown.map((f: { functionName: string }) => f.functionName)).toEqual(['Engineering', 'Sales']);

    const cached = await h.api('POST', '/count-estimate', { body });
    expect(cached.body).toMatchObject({
      data: { batchId: id, status: 'completed', fromCache: true, cachedAt: '2026-03-02T10:00:03.000Z' },
      meta: { creditsUsed: 0 },
    });
    expect(balance()).toBe(1_000_000 - 100);
    await h.advance(24 * 3600_000);
    expect((await h.api('POST', '/count-estimate', { body })).body.meta.creditsUsed).toBe(100);

    const failing = await h.api('POST', '/count-estimate', { body: { companyUrl: 'https://www.linkedin.com/company/will-fail' } });
    await h.advance(3000);
    const failed = await h.api('GET', `/count-estimate/${failing.body.data.batchId}`);
    expect(failed.body).toMatchObject({ data: { status: 'failed' }, meta: { creditsRefunded: 100 } });
    expect(balance()).toBe(1_000_000 - 200);
    expect((await h.api('POST', '/count-estimate', { body: { companyUrl: STRIPE, levels: ['Boss'] } })).status).toBe(400);
  });

  it('scrape: reserves max_limit × creditsPerProfile, pages results, refunds unused at the first results fetch', async () => {
    const nobody = await h.api('POST', '/company-follower', { body: { companyUrl: 'https://www.linkedin.com/company/nobody-inc', max_limit: 50 } });
    expect(nobody.body.meta).toMatchObject({ creditsReserved: 5000, creditsPerItem: 100, estimatedCredits: 5000 });
    const start = await h.api('POST', '/company-follower', { body: { companyUrl: STRIPE, max_limit: 120, name: 'Stripe followers' } });
    const id = start.body.data.batchId;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect((await h.api('GET', `/company-follower/${id}/progress`)).body.data).toMatchObject({ processed: 0, total: -1, done: false });
    expect((await h.api('GET', `/company-follower/${id}/export`)).status).toBe(400);
    await h.advance(600);
    expect((await h.api('GET', `/company-follower/${id}/progress`)).body.data).toMatchObject({ processed: 60, total: 120, errors: 0, done: false });
    await h.advance(1000);
    expect((await h.api('GET', `/company-follower/${id}/progress`)).body.data).toMatchObject({ processed: 120, done: true, partial: false });

    const page = await h.api('GET', `/company-follower/${id}/results`, { query: { page: 2, limit: 50 } });
    expect(page.body.data).toMatchObject({ batchId: id, count: 50, pagination: { page: 2, limit: 50, total: 120, totalPages: 3 } });
    expect(page.body.data.data[0]).toMatchObject({ profileUrl: expect.stringContaining('linkedin.com/in/'), name: expect.any(String) });
    expect(page.body.meta).toMatchObject({ creditsUsed: 12_000, creditsRefunded: 0 });
    const empty = await h.api('GET', `/company-follower/${nobody.body.data.batchId}/results`);
    expect(empty.body.meta).toMatchObject({ creditsUsed: 0, creditsRefunded: 5000 });
    expect(balance()).toBe(1_000_000 - 12_000);
    expect((await h.api('GET', `/company-follower/${id}/results`, { query: { limit: 501 } })).status).toBe(400);

    const csv = await h.api('GET', `/company-follower/${id}/export`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="followers-${id}.csv"`);
    expect(csv.text.trim().split('\n')).toHaveLength(121);

    const limit = await h.api('GET', '/company-follower/limit');
    expect(limit.body.data).toEqual({ status: 'approved', creditsPerProfile: 100, dailyLimit: 5000, dailyUsed: 120, dailyRemaining: 4880 });
    const tooMany = await h.api('POST', '/company-follower', { body: { companyUrl: STRIPE, max_limit: 4881 } });
    expect(tooMany.status).toBe(429);
  });

  it('continue: 409 while running or complete, fills the gap of a partial scrape, 422 when unrecoverable, 410 after 3 days', async () => {
    const partial = await h.api('POST', '/company-follower', { body: { companyUrl: 'https://www.linkedin.com/company/partial-co', max_limit: 100 } });
    const id = partial.body.data.batchId;
    expect((await h.api('POST', '/company-follower', { query: { batchId: id } })).status).toBe(409);
    await h.advance(2000);
    expect((await h.api('GET', `/company-follower/${id}/progress`)).body.data).toMatchObject({ processed: 80, done: true, partial: true });
    const firstSettle = await h.api('GET', `/company-follower/${id}/results`);
    expect(firstSettle.body.meta).toMatchObject({ creditsUsed: 8000, creditsRefunded: 2000 });

    const cont = await h.api('POST', '/company-follower', { query: { batchId: id } });
    expect(cont.body).toMatchObject({ data: { batchId: id, estimatedAdditional: 20 }, meta: { creditsReserved: 2000, creditsPerItem: 100 } });
    expect((await h.api('POST', '/company-follower', { query: { batchId: id } })).status).toBe(409);
    await h.advance(1000);
    expect((await h.api('GET', `/company-follower/${id}/progress`)).body.data).toMatchObject({ processed: 100, done: true, partial: false });
    const final = await h.api('GET', `/company-follower/${id}/results`);
    expect(final.body.data.pagination.total).toBe(100);
    expect(final.body.meta).toMatchObject({ creditsUsed: 10_000, creditsRefunded: 2000 });
    expect(balance()).toBe(1_000_000 - 10_000);
    expect((await h.api('POST', '/company-follower', { query: { batchId: id } })).body.detail).toMatch(/nothing to continue/);

    const stuck = await h.api('POST', '/company-follower', { body: { companyUrl: 'https://www.linkedin.com/company/unrecoverable-co', max_limit: 100 } });
    const old = await h.api('POST', '/company-follower', { body: { companyUrl: 'https://www.linkedin.com/company/partial-two', max_limit: 100 } });
    await h.advance(2000);
    expect((await h.api('POST', '/company-follower', { query: { batchId: stuck.body.data.batchId } })).status).toBe(422);
    await h.advance(3 * 24 * 3600_000);
    expect((await h.api('POST', '/company-follower', { query: { batchId: old.body.data.batchId } })).status).toBe(410);
    expect((await h.api('POST', '/company-follower', { query: { batchId: '665a1f4e2c3b7800129dce01' } })).status).toBe(404);
  });

  it('pushes follower webhooks and auto-settles when a webhookUrl was given', async () => {
    const hook = await webhookReceiver();
    try {
      // A partial scrape: 4 of 5 profiles, so settlement has something to refund.
      const url = 'https://www.linkedin.com/company/partial-hooks';
      const start = await h.api('POST', '/company-follower', { body: { companyUrl: url, max_limit: 5, webhookUrl: hook.url } });
      await h.advance(1000);
      expect(hook.events.map((e) => e.event)).toEqual([...Array(4).fill('company_follower.result'), 'company_follower.completed']);
      expect(hook.events[0]).toMatchObject({
        batchId: start.body.data.batchId,
        timestamp: '2026-03-02T10:00:00.010Z',
        data: { companyUrl: url, follower: { profileUrl: expect.any(String), createdAt: '2026-03-02T10:00:00.010Z' } },
      });
      expect(hook.events[4].data).toEqual({ companyUrl: url, followerCount: 4, processingTimeMs: 40 });
      // Settled at completion, before any results fetch.
      expect(
        h.sandbox.providers.enrichSo
          .wallet()
          .transactions()
          .map((t) => [t.type, t.amount]),
      ).toEqual([
        ['deduction', -500],
        ['refund', 100],
      ]);
      const results = await h.api('GET', `/company-follower/${start.body.data.batchId}/results`);
      expect(results.body.meta).toMatchObject({ creditsUsed: 400, creditsRefunded: 100 });
      expect(balance()).toBe(1_000_000 - 400);

      h.sandbox.providers.enrichSo.configure({ companyFollowerEvents: 'harvested' });
      await h.api('POST', '/company-follower', { body: { companyUrl: 'https://www.linkedin.com/company/acme', max_limit: 1, webhookUrl: hook.url } });
      await h.advance(1000);
      expect(hook.events.slice(-2).map((e) => e.event)).toEqual(['webhook:company_follower_result.completed', 'webhook:company_follower_completion.completed']);
    } finally {
      await hook.close();
    }
  });
});
