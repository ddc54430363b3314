/** The EnrichLayer sandbox over real HTTP: auth, paging, page caps, credits, API logs, limits, error shapes. */
import { request } from 'undici';
import { FakeClock } from '../../shared/clock';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const KEY = 'sk_test_enrichlayer_sandbox';
let sandbox: Sandbox;
let clock: FakeClock;

beforeAll(async () => {
  clock = new FakeClock(Date.parse('2026-03-02T10:00:00.000Z'));
  sandbox = await startSandbox({ port: 0, clock, enrichLayer: { companies: { tiny: 5 } } });
});
afterAll(() => sandbox.close());

async function get(pathOrUrl: string, query: Record<string, string | number> = {}, key: string | null = KEY) {
  const url = new URL(pathOrUrl.startsWith('http') ? pathOrUrl : `${sandbox.providers.enrichLayer.baseUrl}${pathOrUrl}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  const res = await request(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.statusCode, body: (await res.body.json()) as any };
}

const wallet = () => sandbox.providers.enrichLayer.wallet();

describe('EnrichLayer sandbox', () => {
  it('wants a Bearer key: 401 without one or with a wrong one, nothing charged', async () => {
    expect((await get('/credit-balance', {}, null)).status).toBe(401);
    expect((await get('/profile', { profile_url: 'https://www.linkedin.com/in/x' }, 'sk_wrong')).status).toBe(401);
    expect((await get('/credit-balance')).body).toEqual({ credit_balance: wallet().balance });
  });

  it('pages the employee listing by absolute next_page URLs until null, without gaps or repeats', async () => {
    const seen: string[] = [];
    let next: string | null =
      `${sandbox.providers.enrichLayer.baseUrl}/company/employees?url=https://www.linkedin.com/company/tiny&employment_status=all&page_size=2`;
    let pages = 0;
    while (next) {
      const { status, body } = await get(next);
      expect(status).toBe(200);
      seen.push(...body.employees.map((e: { profile_url: string }) => e.profile_url));
      next = body.next_page;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  it('serves paths exactly as documented: /company/employees/ (trailing slash) is not found and costs nothing', async () => {
    const before = wallet().balance;
    expect((await get('/company/employees/', { url: 'https://www.linkedin.com/company/tiny', page_size: 2 })).status).toBe(404);
    expect(wallet().balance).toBe(before);
    expect((await get('/company/employees', { url: 'https://www.linkedin.com/company/tiny', page_size: 2 })).status).toBe(200);
    expect(wallet().balance).toBeLessThan(before);
  });

  it('caps page_size at 10 when profiles are enriched, and at the reading’s maximum otherwise (400, nothing charged)', async () => {
    const before = wallet().balance;
    expect((await get('/company/employees', { url: 'https://www.linkedin.com/company/tiny', enrich_profiles: 'enrich', page_size: 11 })).status).toBe(400);
    expect((await get('/company/employees', { url: 'https://www.linkedin.com/company/tiny', page_size: 10_000 })).status).toBe(400);
    expect(wallet().balance).toBe(before);
  });

  it('refuses with 403 when the balance cannot cover the most a request could bill, and logs each paid request’s breakdown', async () => {
    const before = wallet().balance;
    wallet().setBalance(29);
    expect((await get('/company/employees', { url: 'https://www.linkedin.com/company/tiny', page_size: 10 })).status).toBe(403);
    expect(wallet().balance).toBe(29);
    const ok = await get('/company/employees', { url: 'https://www.linkedin.com/company/tiny', employment_status: 'all', page_size: 9 });
    expect(ok.status).toBe(200);
    expect(wallet().balance).toBe(29 - 15);
    expect(sandbox.providers.enrichLayer.apiLogs().at(-1)).toMatchObject({
      credits: 15,
      breakdown: { items: 15, items_count: 5, items_breakdown: { base_cost: 3 } },
    });
    wallet().setBalance(before);
  });

  it('plays every error body shape', async () => {
    for (const [errorShape, body] of [
      ['message', { message: 'Invalid API Key' }],
      ['error', { error: 'Invalid API Key' }],
      ['legacy', { code: 401, description: 'Invalid API Key' }],
    ] as const) {
      sandbox.providers.enrichLayer.configure({ readings: { errorShape } });
      expect(await get('/credit-balance', {}, 'sk_wrong')).toEqual({ status: 401, body });
    }
    sandbox.providers.enrichLayer.configure({ readings: { errorShape: 'message' } });
  });

  it('limits 1,500 requests per 5 minutes (optionally 300 a minute), refusing with 429 and charging nothing', async () => {
    sandbox.providers.enrichLayer.configure({ perFiveMinutes: 4, perMinute: 2 });
    try {
      expect((await get('/credit-balance')).status).toBe(200);
      expect((await get('/credit-balance')).status).toBe(200);
      expect((await get('/credit-balance')).status).toBe(429);
      await clock.advance(60_001);
      expect((await get('/credit-balance')).status).toBe(200);
      expect((await get('/credit-balance')).status).toBe(200);
      await clock.advance(60_001);
      // Four in the 5-minute window already: the minute has room, the window does not.
      expect((await get('/credit-balance')).status).toBe(429);
    } finally {
      sandbox.providers.enrichLayer.configure({ perFiveMinutes: 1_500, perMinute: null });
    }
  });
});
