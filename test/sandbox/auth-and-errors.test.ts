import { harness, type Harness } from './helpers';

describe('Enrich.so sandbox: authentication and error shapes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('answers a request without a key with a 401 problem+json', async () => {
    const res = await h.api('GET', '/wallets/balance', { key: null });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'https://dev.enrich.so/errors/unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail: expect.stringContaining('API key'),
      instance: expect.stringMatching(/^\/requests\/req_[0-9a-f]{24}$/),
    });
  });

  it('rejects an unknown key and accepts the key as x-api-key or Bearer', async () => {
    expect((await h.api('GET', '/wallets/balance', { key: 'sk_test_nope' })).body.detail).toBe('The API key provided is invalid or has been revoked');
    expect((await h.api('GET', '/wallets/balance')).status).toBe(200);
    expect((await h.api('GET', '/wallets/balance', { bearer: true })).status).toBe(200);
  });

  it('refuses to be configured with live-looking keys', () => {
    expect(() => h.sandbox.providers.enrichSo.configure({ accounts: [{ apiKey: 'sk_live_abc' }] })).toThrow(/refuses/);
    expect(() => h.sandbox.providers.enrichSo.configure({ accounts: [{ apiKey: 'sk_prod_abc' }] })).toThrow(/refuses/);
  });

  it('gives each key its own organization, wallet and state', async () => {
    h.sandbox.providers.enrichSo.configure({
      accounts: [
        { apiKey: 'sk_test_a', balance: 5 },
        { apiKey: 'sk_test_b', balance: 7 },
      ],
    });
    const a = await h.api('GET', '/wallets/balance', { key: 'sk_test_a' });
    const b = await h.api('GET', '/wallets/balance', { key: 'sk_test_b' });
    expect([a.body.data.balance, b.body.data.balance]).toEqual([5, 7]);
    expect(a.body.data.organizationId).not.toBe(b.body.data.organizationId);
    const batch = await h.api('POST', '/email-validation/batch', { key: 'sk_test_a', body: { emails: ['x@y.com'] } });
    expect((await h.api('GET', `/email-validation/batch/${batch.body.data.batchId}`, { key: 'sk_test_b' })).status).toBe(404);
  });

  it('names the field in a validation error and charges nothing', async () => {
    const res = await h.api('POST', '/email-validation', { body: { email: 'not-an-email' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'https://dev.enrich.so/errors/validation-error', status: 400, detail: 'body/email Invalid email' });
    expect((await h.api('POST', '/email-finder', { body: { firstName: 'Ann', domain: 'x.com' } })).body.detail).toBe('body/lastName Required');
    expect((await h.api('GET', '/email-validation/batch/abc/results', { query: { limit: 1001 } })).body.detail).toBe(
      'querystring/limit Number must be less than or equal to 1000',
    );
    expect(h.sandbox.providers.enrichSo.wallet().transactions()).toHaveLength(0);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await h.api('GET', '/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('https://dev.enrich.so/errors/not-found');
  });

  it('adds currentBalance, required and shortfall to a 402', async () => {
    h.sandbox.providers.enrichSo.wallet().setBalance(50);
    const res = await h.api('POST', '/ip-to-company', { body: { ip: '8.8.8.8' } });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({
      type: 'https://dev.enrich.so/errors/insufficient-credits',
      title: 'Insufficient Credits',
      detail: 'This operation requires 100 credits, but your balance is 50 credits.',
      currentBalance: 50,
      required: 100,
      shortfall: 50,
    });
  });

  it('plays the older flat error shape', async () => {
    h.sandbox.providers.enrichSo.configure({ errorShape: 'flat' });
    h.sandbox.providers.enrichSo.wallet().setBalance(50);
    const res = await h.api('POST', '/ip-to-company', { body: { ip: '8.8.8.8' } });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      statusCode: 402,
      error: 'Insufficient Credits',
      message: 'This operation requires 100 credits, but your balance is 50 credits.',
      detail: { currentBalance: 50, required: 100, shortfall: 50 },
    });
    expect((await h.api('GET', '/wallets/balance', { key: null })).body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it("plays the SDK's error shape", async () => {
    h.sandbox.providers.enrichSo.configure({ errorShape: 'sdk' });
    const res = await h.api('POST', '/email-validation', { body: {} });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, error: { code: 'validation-error', message: 'body/email Required' } });
  });

  it('logs requests without the API key', async () => {
    await h.api('POST', '/email-validation', { body: { email: 'ann@acme.com' } });
    await h.api('GET', '/wallets/balance', { bearer: true });
    const log = h.sandbox.providers.enrichSo.requests();
    expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/enrich-so/api/v3/email-validation', 200],
      ['GET', '/enrich-so/api/v3/wallets/balance', 200],
    ]);
    expect(JSON.stringify(log)).not.toContain('sk_test_enrichflow_sandbox');
    expect(log[0]?.time).toBe('2026-03-02T10:00:00.000Z');
    // Even a key wrongly sent in the query string stays out of the log.
    await h.api('GET', '/wallets/transactions', { query: { api_key: 'sk_test_enrichflow_sandbox', page: 1 } });
    expect(h.sandbox.providers.enrichSo.requests()[2]?.query).toBe('api_key=REDACTED&page=1');
  });
});
