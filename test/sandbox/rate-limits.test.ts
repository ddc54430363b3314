import { harness, type Harness } from './helpers';

describe('Enrich.so sandbox: rate limits', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('puts X-RateLimit-* on every response, with the tightest bucket of the plan', async () => {
    h = await harness({ enrichSo: { rateLimits: {} } }); // growth plan: 300/min, enrichment 100/min
    const plain = await h.api('GET', '/wallets/balance');
    expect(plain.headers).toMatchObject({ 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '299', 'x-ratelimit-reset': '60' });
    const paid = await h.api('POST', '/email-validation', { body: { email: 'a@b.com' } });
    expect(paid.headers).toMatchObject({ 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '99' });
    const invalid = await h.api('POST', '/email-validation', { body: {} });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['x-ratelimit-remaining']).toBe('98');

    h.sandbox.providers.enrichSo.configure({ plan: 'free' });
    const free = await h.api('POST', '/email-validation', { body: { email: 'a@b.com' } });
    expect(free.headers).toMatchObject({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '9' });
    expect(free.body.meta.creditsRemaining).toBe(1_000_000 - 2); // the plan changed, the wallet did not
  });

  it('refuses the request past the per-second burst with a 429 and Retry-After, and charges nothing', async () => {
    h = await harness({ enrichSo: { rateLimits: {} } }); // growth burst: 25/s
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++) statuses.push((await h.api('POST', '/email-validation', { body: { email: `p${i}@b.com` } })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(25);
    const refused = await h.api('POST', '/email-validation', { body: { email: 'late@b.com' } });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-ratelimit-remaining']).toBe('75');
    expect(refused.body).toMatchObject({ type: 'https://dev.enrich.so/errors/rate-limit-exceeded', status: 429 });
    expect(h.sandbox.providers.enrichSo.wallet().balance).toBe(1_000_000 - 25);
    await h.clock.advance(1000);
    expect((await h.api('POST', '/email-validation', { body: { email: 'late@b.com' } })).status).toBe(200);
  });

  it('slides its window: a request counts until exactly windowMs after it', async () => {
    h = await harness({ enrichSo: { rateLimits: { default: { rate: 3, windowMs: 10_000, burst: 10 } } } });
    await h.api('GET', '/wallets/balance'); // t = 0
    await h.clock.advance(6000);
    await h.api('GET', '/wallets/balance'); // t = 6 s
    await h.api('GET', '/wallets/balance'); // t = 6 s
    const full = await h.api('GET', '/wallets/balance');
    expect(full.status).toBe(429);
    expect(full.headers['retry-after']).toBe('4');
    await h.clock.advance(3999);
    expect((await h.api('GET', '/wallets/balance')).status).toBe(429);
    await h.clock.advance(1); // t = 10 s: the first request leaves the window
    const ok = await h.api('GET', '/wallets/balance');
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '6' });
    const again = await h.api('GET', '/wallets/balance');
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBe('6');
  });

  it('limits bulk submits separately and per organization', async () => {
    h = await harness({
      enrichSo: {
        rateLimits: {},
        accounts: [
          { apiKey: 'sk_test_free', plan: 'free' },
          { apiKey: 'sk_test_other', plan: 'free' },
        ],
      },
    });
    const submit = (key: string) => h.api('POST', '/email-validation/batch', { key, body: { emails: ['a@b.com'] } });
    expect((await submit('sk_test_free')).status).toBe(200);
    const second = await submit('sk_test_free'); // free: 1 bulk submit per second
    expect(second.status).toBe(429);
    expect(second.headers['x-ratelimit-limit']).toBe('2');
    expect((await h.api('GET', '/wallets/balance', { key: 'sk_test_free' })).status).toBe(200);
    expect((await submit('sk_test_other')).status).toBe(200);
    await h.clock.advance(1000);
    expect((await submit('sk_test_free')).status).toBe(200);
    await h.clock.advance(1000);
    const third = await submit('sk_test_free'); // free: 2 bulk submits per minute; the first leaves at t = 60 s
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('58');
  });
});
