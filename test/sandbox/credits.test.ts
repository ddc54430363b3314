import { harness, type Harness } from './helpers';

describe('Enrich.so sandbox: credits', () => {
  let h: Harness;
  const balance = () => h.sandbox.providers.enrichSo.wallet().balance;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  describe('single lookups are charged only when they find something', () => {
    it.each([
      ['POST', '/email-validation', { email: 'ann.lee@acme.com' }, 1],
      ['POST', '/email-validation', { email: 'bob.invalid@acme.com' }, 1],
      ['POST', '/email-validation', { email: 'risky.rita@acme.com' }, 0],
      ['POST', '/email-finder', { firstName: 'Ann', lastName: 'Lee', domain: 'acme.com' }, 10],
      ['POST', '/email-finder', { firstName: 'Ann', lastName: 'Nobody', domain: 'acme.com' }, 0],
      ['POST', '/reverse-lookup/lookup', { email: 'ann.lee@acme.com' }, 10],
      ['POST', '/reverse-lookup/lookup', { email: 'nobody@acme.com' }, 0],
      ['POST', '/ip-to-company', { ip: '8.8.8.8' }, 100],
      ['POST', '/ip-to-company', { ip: '10.1.2.3' }, 0],
      ['POST', '/ip-to-company', { ip: '192.168.0.7' }, 0],
    ])('%s %s %j costs %d', async (method, path, body, cost) => {
      const res = await h.api(method, path, { body });
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({
        requestId: expect.stringMatching(/^req_/),
        creditsUsed: cost,
        creditsRemaining: 1_000_000 - cost,
        processingTimeMs: expect.any(Number),
      });
      expect(balance()).toBe(1_000_000 - cost);
    });

    it('phone lookup: 500 with phones, free without', async () => {
      const found = await h.api('GET', '/reverse-lookup/phones', { query: { email: 'ann.lee@acme.com' } });
      expect(found.body.data.phones.length).toBeGreaterThan(0);
      expect(found.body.meta.creditsUsed).toBe(500);
      const none = await h.api('GET', '/reverse-lookup/phones', { query: { linkedin: 'https://linkedin.com/in/nobody' } });
      expect(none.body).toMatchObject({ data: { phones: [] }, meta: { creditsUsed: 0 } });
      expect((await h.api('GET', '/reverse-lookup/phones')).status).toBe(400);
    });

    it('a not-found lookup is a 200 with found:false or empty data', async () => {
      expect((await h.api('POST', '/email-finder', { body: { firstName: 'A', lastName: 'Nobody', domain: 'x.com' } })).body.data).toMatchObject({
        found: false,
      });
      expect((await h.api('POST', '/reverse-lookup/lookup', { body: { email: 'nobody@x.com' } })).body.data).toEqual({});
      expect((await h.api('POST', '/ip-to-company', { body: { ip: '10.0.0.1' } })).body.data.ipDomain).toBeUndefined();
    });

    it('checks the balance before doing anything, even for a lookup that would be free', async () => {
      h.sandbox.providers.enrichSo.wallet().setBalance(9);
      const res = await h.api('POST', '/email-finder', { body: { firstName: 'A', lastName: 'Nobody', domain: 'x.com' } });
      expect(res.status).toBe(402);
      expect(res.body).toMatchObject({ required: 10, currentBalance: 9, shortfall: 1 });
      expect(balance()).toBe(9);
    });

    it('answers the same input with the same data every time', async () => {
      const a = await h.api('POST', '/reverse-lookup/lookup', { body: { email: 'Ann.Lee@acme.com' } });
      const b = await h.api('POST', '/reverse-lookup/lookup', { body: { email: 'ann.lee@acme.com' } });
      expect(a.body.data).toEqual(b.body.data);
      expect(a.body.data).toMatchObject({ firstName: 'Ann', lastName: 'Lee', companyName: 'Acme', creditsConsumed: 10 });
    });
  });

  describe('batches reserve at submit and settle once at the first results fetch after they end', () => {
    const emails = ['a.valid@x.com', 'A.VALID@x.com', 'b.invalid@x.com', 'c.risky@x.com', 'd@x.com'];

    it('reserves after case-insensitive dedupe, charges successes, refunds the rest, idempotently', async () => {
      const submit = await h.api('POST', '/email-validation/batch', { body: { emails } });
      expect(submit.body.data).toEqual({
        batchId: expect.stringMatching(/^[0-9a-f]{24}$/),
        status: 'queued',
        itemCount: 4,
        originalCount: 5,
        duplicatesRemoved: 1,
      });
      expect(submit.body.meta).toMatchObject({ creditsReserved: 4, creditsPerItem: 1, estimatedCredits: 4 });
      expect(balance()).toBe(1_000_000 - 4);
      const id = submit.body.data.batchId;

      // Before the end: results show progress, settle nothing.
      const early = await h.api('GET', `/email-validation/batch/${id}/results`);
      expect(early.body.meta).toMatchObject({ creditsUsed: 0, creditsRefunded: 0, totalItems: 4 });
      expect(balance()).toBe(1_000_000 - 4);

      await h.advance(1000);
      const first = await h.api('GET', `/email-validation/batch/${id}/results`);
      // valid + invalid + valid are charged, risky is refunded.
      expect(first.body.meta).toMatchObject({ creditsUsed: 3, creditsRefunded: 1, creditsRemaining: 1_000_000 - 3, totalItems: 4, processedItems: 4 });
      expect(first.body.data).toMatchObject({ batchId: id, status: 'completed', totalItems: 4, processedCount: 4 });
      expect(first.body.data.results.map((r: { result: string }) => r.result)).toEqual(['valid', 'invalid', 'risky', 'valid']);

      const again = await h.api('GET', `/email-validation/batch/${id}/results`, { query: { page: 2, limit: 2 } });
      expect(again.body.meta).toMatchObject({ creditsUsed: 3, creditsRefunded: 1 });
      expect(again.body.data.results).toHaveLength(2);
      expect(balance()).toBe(1_000_000 - 3);

      const txs = await h.api('GET', '/wallets/transactions');
      expect(txs.body.data.transactions.map((t: { type: string; amount: number; balanceAfter: number }) => [t.type, t.amount, t.balanceAfter])).toEqual([
        ['refund', 1, 999_997],
        ['deduction', -4, 999_996],
      ]);
    });

    it('refuses a batch the balance cannot reserve, with nothing moved', async () => {
      h.sandbox.providers.enrichSo.wallet().setBalance(25);
      const res = await h.api('POST', '/email-finder/batch', {
        body: { leads: [1, 2, 3].map((i) => ({ firstName: `P${i}`, lastName: 'Q', domain: 'x.com' })) },
      });
      expect(res.status).toBe(402);
      expect(res.body).toMatchObject({ required: 30, currentBalance: 25, shortfall: 5 });
      expect(balance()).toBe(25);
    });

    it('bulk phones reserve 500 per item by default and 10 in the alternative reading', async () => {
      const a = await h.api('POST', '/reverse-lookup/phones/bulk', {
        body: { emails: ['ann@x.com', 'nobody@x.com'], linkedins: ['https://linkedin.com/in/bo'] },
      });
      expect(a.body.meta).toMatchObject({ creditsReserved: 1500, creditsPerItem: 500 });
      await h.advance(1000);
      const settled = await h.api('GET', `/reverse-lookup/phones/bulk/${a.body.data.batchId}/results`);
      expect(settled.body.meta).toMatchObject({ creditsUsed: 1000, creditsRefunded: 500 });
      expect(settled.body.data).toMatchObject({ successful: 2, failed: 1, page: 1, limit: 100 });

      h.sandbox.providers.enrichSo.configure({ phoneBulkCreditsPerItem: 10 });
      const b = await h.api('POST', '/reverse-lookup/phones/bulk', { body: { emails: ['ann@x.com'] } });
      expect(b.body.meta).toMatchObject({ creditsReserved: 10, creditsPerItem: 10 });
    });

    it('filters and pages the transaction history', async () => {
      for (let i = 0; i < 3; i++) await h.api('POST', '/email-validation', { body: { email: `p${i}@x.com` } });
      h.sandbox.providers.enrichSo.wallet().setBalance(5000);
      const deductions = await h.api('GET', '/wallets/transactions', { query: { type: 'deduction', limit: 2, page: 2 } });
      expect(deductions.body.data.pagination).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
      expect(deductions.body.data.transactions).toHaveLength(1);
      const adjustments = await h.api('GET', '/wallets/transactions', { query: { type: 'adjustment' } });
      expect(adjustments.body.data.transactions[0]).toMatchObject({
        type: 'adjustment',
        amount: 5000 - 999_997,
        balanceAfter: 5000,
        organizationId: expect.any(String),
        createdAt: expect.any(String),
      });
      expect((await h.api('GET', '/wallets/transactions', { query: { limit: 101 } })).status).toBe(400);
    });
  });
});
