/**
 * Where the docs allow more than one reading of a price or a default, the sandbox plays the most
 * it can cost, so a client that trusts the cheaper reading is caught paying for it:
 * - EnrichLayer listings without page_size send 100 rows (the knowledge base's default for search;
 *   it warns some endpoints default to 100), each paid for — not the listing pages' 10;
 * - EnrichLayer's personal numbers and emails bill per entry, up to the 2 the credits guide shows;
 * - Enrich.so counts every Lead Finder request that gets free results as one of the month's free
 *   searches (what counts as "a search" is not documented), and after them every result is paid.
 * These are the stories; property 4 of test/integration/money-properties.test.ts checks each
 * reading (test/integration/money-properties/readings.ts) over generated records and inputs of
 * every operation it touches, and that the client's estimate covers it.
 */
import { request } from 'undici';
import { FakeClock } from '../../shared/clock';
import { startSandbox, type Sandbox } from '../../sandbox/server';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, clock: new FakeClock(Date.parse('2026-03-02T10:00:00.000Z')), enrichSo: { leadSearchFreeSearchesPerMonth: 3 } });
});
afterAll(() => sandbox.close());

async function layer(path: string, query: Record<string, string>) {
  const el = sandbox.providers.enrichLayer;
  const before = el.wallet().balance;
  const res = await request(`${el.baseUrl}${path}?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${el.apiKey}` } });
  return { body: (await res.body.json()) as Record<string, unknown[]>, charged: before - el.wallet().balance };
}

async function leadSearch(page: number, pageSize: number): Promise<number> {
  const es = sandbox.providers.enrichSo;
  const res = await request(`${es.baseUrl}/lead-finder/search`, {
    method: 'POST',
    headers: { 'x-api-key': es.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ filters: { jobLevel: ['VP'] }, page, pageSize }),
  });
  return ((await res.body.json()) as { meta: { creditsUsed: number } }).meta.creditsUsed;
}

test('an EnrichLayer listing or search without page_size answers (and bills) 100 rows', async () => {
  const employees = await layer('/company/employees', { url: 'https://www.linkedin.com/company/shopify' });
  expect(employees.body.employees).toHaveLength(100);
  expect(employees.charged).toBe(300);
  const people = await layer('/search/person', { country: 'us' });
  expect(people.body.results!.length).toBeGreaterThan(10);
  expect(people.charged).toBe(3 * people.body.results!.length);
});

test('EnrichLayer bills each personal number and email returned, up to 2 of each', async () => {
  const charges: number[] = [];
  for (let i = 0; i < 40; i++)
    charges.push(
      (
        await layer('/profile', {
          profile_url: `https://www.linkedin.com/in/sandbox-person-${i}`,
          personal_contact_number: 'include',
          personal_email: 'include',
        })
      ).charged,
    );
  expect(Math.max(...charges)).toBe(5);
  expect(Math.min(...charges)).toBeGreaterThanOrEqual(1);
});

test('every Enrich.so search request that gets free results uses one of the month’s free searches', async () => {
  // Pages 1–3 of one search at 25 a page: three free searches used, 75 results free.
  expect([await leadSearch(1, 25), await leadSearch(2, 25), await leadSearch(3, 25)]).toEqual([0, 0, 0]);
  // The month's allowance (3 here) is spent: page 1 of the next search is paid in full.
  expect(await leadSearch(1, 25)).toBe(25);
});
