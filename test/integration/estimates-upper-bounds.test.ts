/**
 * The estimate is an upper bound, in the places an independent review found it was not (issue
 * 17): EnrichLayer's personal numbers and emails (2 each at 1 credit), contact lookups and
 * listings with no page size, a body-paged walk priced as one page, and Enrich.so's Lead Finder
 * free tier ("3 pages or 75 results, whichever comes first", 50 free searches a month).
 */
import { createClient } from '../../shared/client';
import { createEnrichSoCatalog, enrichSo } from '../../shared/providers/enrichSo';
import { startLayerEnv, type LayerEnv } from './enrichlayer-helpers';
import { startIclEnv } from './influencers-club-helpers';
import { FAST_RETRY, startEnv } from './helpers';

describe('EnrichLayer: what a call charges never exceeds its estimate', () => {
  let env: LayerEnv;
  beforeEach(async () => {
    env = await startLayerEnv();
  });
  afterEach(() => env.close());

  const profiles = Array.from({ length: 40 }, (_, i) => `https://www.linkedin.com/in/sandbox-person-${i}`);

  it('personal numbers and emails on 40 profiles: each charge within its estimate, and a budget of 5 holds', async () => {
    const client = env.client();
    const over: string[] = [];
    for (const profile_url of profiles) {
      const input = { profile_url, personal_contact_number: 'include', personal_email: 'include' };
      const before = env.balance();
      const result = await client.call('person.getProfile', input);
      const charged = before - env.balance();
      if (charged > result.credits.estimated) over.push(`${profile_url}: charged ${charged}, estimated ${result.credits.estimated}`);
    }
    expect(over).toEqual([]);
    expect(await client.estimate('person.getProfile', { profile_url: profiles[0], personal_contact_number: 'include', personal_email: 'include' })).toBe(5);

    const budgeted = env.client({ budget: 5 });
    const before = env.balance();
    for (const profile_url of profiles) {
      await budgeted.call('person.getProfile', { profile_url, personal_contact_number: 'include', personal_email: 'include' }).catch(() => undefined);
    }
    expect(before - env.balance()).toBeLessThanOrEqual(5);
  });

  it.each(['contact.getPersonalNumbers', 'contact.getPersonalEmails'])('%s with page_size left empty: charged within the estimate', async (key) => {
    const client = env.client();
    for (const profile_url of profiles) {
      const before = env.balance();
      const result = await client.call(key, { profile_url });
      expect(before - env.balance()).toBeLessThanOrEqual(result.credits.estimated);
    }
  });

  it.each([
    ['company.listEmployees', { url: 'https://www.linkedin.com/company/shopify' }],
    ['company.searchEmployees', { company_profile_url: 'https://www.linkedin.com/company/shopify', keyword_boolean: 'engineer' }],
    ['search.people', { country: 'us' }],
    ['search.companies', { country: 'us' }],
    ['school.listStudents', { school_url: 'https://www.linkedin.com/school/national-university-of-singapore' }],
  ])('%s as a single call without page_size sends the page size its estimate assumed', async (key, input) => {
    const client = env.client();
    const before = env.balance();
    const result = await client.call(key, input);
    expect(before - env.balance()).toBeLessThanOrEqual(result.credits.estimated);
  });
});

describe('influencers.club: a body-paged walk is priced page by page', () => {
  it('Limit 150 at 50 a page estimates 1.5, and the walk charges no more', async () => {
    const env = await startIclEnv();
    try {
      const client = env.client();
      const input = { platform: 'instagram', filters: { number_of_followers: { min: 50_000 } } };
      const quote = await client.quoteWalk('discovery.search', input, { limit: 150, pageSize: 50 });
      expect(quote).toMatchObject({ credits: 1.5, pages: 3 });
      const before = env.balance();
      const walk = await env.drive(client.list('discovery.search', input, { limit: 150, pageSize: 50 }));
      expect(walk.items).toHaveLength(150);
      expect(before - env.balance()).toBeCloseTo(1.5, 6);
      expect(walk.credits.charged).toBeLessThanOrEqual(quote.credits);
    } finally {
      await env.close();
    }
  });
});

describe('Enrich.so Lead Finder: the free tier as the reference states it', () => {
  const filters = { jobLevel: ['VP'] };

  it('page 1 at 100 a page: 75 results free, 25 paid — estimated 25 while free searches are left, 100 by default', async () => {
    const env = await startEnv();
    try {
      const left = createClient({
        provider: createEnrichSoCatalog().withReadings!({ leadSearchFreeSearches: 'left' }),
        apiKey: env.apiKey,
        baseUrl: env.baseUrl,
        retry: FAST_RETRY,
      });
      const before = env.balance();
      const page = await left.call('leadFinder.search', { filters, page: 1, pageSize: 100 });
      expect(before - env.balance()).toBe(25);
      expect(page.credits).toMatchObject({ estimated: 25, charged: 25 });
      expect(
        await createClient({ provider: enrichSo, apiKey: env.apiKey, baseUrl: env.baseUrl }).estimate('leadFinder.search', { filters, page: 1, pageSize: 100 }),
      ).toBe(100);
      // Page 3 at 30 a page: results 61–90, 15 of them past the first 75.
      expect(await left.estimate('leadFinder.search', { filters, page: 3, pageSize: 30 })).toBe(15);
    } finally {
      await env.close();
    }
  });

  it('once the month’s free searches are used up every result is paid, and the default estimate still covers it', async () => {
    const env = await startEnv({ leadSearchFreeSearchesPerMonth: 2 });
    try {
      const client = createClient({ provider: enrichSo, apiKey: env.apiKey, baseUrl: env.baseUrl, retry: FAST_RETRY });
      const charges: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = env.balance();
        const page = await client.call('leadFinder.search', { filters, page: 1, pageSize: 20 });
        charges.push(before - env.balance());
        expect(charges[i]).toBeLessThanOrEqual(page.credits.estimated);
      }
      expect(charges).toEqual([0, 0, 20]);
    } finally {
      await env.close();
    }
  });
});
