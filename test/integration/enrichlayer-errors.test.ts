/**
 * EnrichLayer errors and readings: 403 is "out of credits", no error status is charged, every
 * error body shape is understood, the 5-minute rate window, and both readings of each open
 * question (skills, role-search pricing, page_size maximum, search pricing) played by the
 * sandbox and followed by the client.
 */
import { createEnrichLayerCatalog } from '../../shared/providers/enrichLayer';
import { startLayerEnv, type LayerEnv } from './enrichlayer-helpers';

const GATES = 'https://www.linkedin.com/in/williamhgates';
const MICROSOFT = 'https://www.linkedin.com/company/microsoft';

describe('errors: classified, never charged', () => {
  let env: LayerEnv;
  beforeAll(async () => {
    env = await startLayerEnv();
  });
  afterAll(() => env.close());

  it('403 is the insufficient-credits error, nothing moves', async () => {
    env.sandbox.providers.enrichLayer.wallet().setBalance(20);
    // The provider's own refusal (the client, knowing the balance, would refuse before sending).
    const client = env.client({ readBalanceFirst: false });
    // 10 employees may cost 30: the provider refuses up front.
    await expect(client.call('company.listEmployees', { url: MICROSOFT, page_size: 10 })).rejects.toMatchObject({ kind: 'insufficient_credits', status: 403 });
    expect(env.balance()).toBe(20);
    expect(client.summary().charged).toBe(0);
    env.sandbox.providers.enrichLayer.wallet().setBalance(10_000);
  });

  it.each(['message', 'error', 'legacy'] as const)('reads the %s error body shape and names what went wrong', async (errorShape) => {
    env.sandbox.providers.enrichLayer.configure({ readings: { errorShape } });
    const bad = env.client({ apiKey: 'sk_wrong' });
    await expect(bad.call('meta.getCreditBalance', {})).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
      message: expect.stringContaining('Invalid API Key'),
    });
    const client = env.client();
    await expect(client.call('company.listEmployees', { url: 'https://www.linkedin.com/company/microsoft', page_size: 10_000 })).rejects.toMatchObject({
      kind: 'validation',
    });
  });

  it('bad input is refused before anything is sent, naming the field', async () => {
    const client = env.client();
    const before = env.requestCount();
    await expect(client.call('company.listEmployees', { url: MICROSOFT, enrich_profiles: 'enrich', page_size: 50 })).rejects.toMatchObject({
      kind: 'validation',
      field: 'page_size',
      message: expect.stringContaining('at most 10 when enrich_profiles=enrich'),
    });
    await expect(client.call('person.getProfile', { profile_url: GATES, twitter_profile_url: 'https://x.com/billgates' })).rejects.toMatchObject({
      kind: 'validation',
      field: 'twitter_profile_url',
    });
    await expect(client.call('person.getProfile', { extra: 'include' })).rejects.toMatchObject({ kind: 'validation', field: 'profile_url' });
    await expect(client.call('company.listEmployees', { url: 'https://example.com/acme' })).rejects.toMatchObject({ kind: 'validation', field: 'url' });
    expect(env.requestCount()).toBe(before);
  });

  it.each([503, 500])('%i is not charged, so even a paid lookup is retried and billed once', async (status) => {
    const client = env.client();
    const before = env.balance();
    env.sandbox.faults.add({ provider: 'enrichLayer', path: '/profile', kind: 'status', status });
    const result = await client.call('person.getProfile', { profile_url: GATES });
    expect(result.attempts).toBe(2);
    expect(before - env.balance()).toBe(1);
  });

  it('429 is retried (nothing charged) and the answer billed once', async () => {
    const client = env.client();
    const before = env.balance();
    env.sandbox.faults.add({ provider: 'enrichLayer', path: '/company/employees/count', kind: 'status', status: 429, retryAfterSec: 0 });
    const result = await client.call('company.getEmployeeCount', { url: MICROSOFT });
    expect(result.attempts).toBe(2);
    expect(before - env.balance()).toBe(1);
  });

  it('404 and 410 are classified and charge nothing', async () => {
    const client = env.client();
    const before = env.balance();
    env.sandbox.faults.add({ provider: 'enrichLayer', path: '/job', kind: 'status', status: 404 });
    await expect(client.call('job.getProfile', { url: 'https://www.linkedin.com/jobs/view/1/' })).rejects.toMatchObject({ kind: 'not_found' });
    env.sandbox.faults.add({ provider: 'enrichLayer', path: '/job', kind: 'status', status: 410 });
    await expect(client.call('job.getProfile', { url: 'https://www.linkedin.com/jobs/view/1/' })).rejects.toMatchObject({ kind: 'gone' });
    expect(env.balance()).toBe(before);
    expect(client.summary().charged).toBe(0);
  });
});

describe('the 5-minute rate window', () => {
  it('the sandbox refuses the 1,501st request in 5 minutes with 429, charging nothing', async () => {
    const env = await startLayerEnv({ perFiveMinutes: 3 });
    try {
      // No balance read before the paid call: the 4th request is the paid one (a 429 on that read
      // would hold every later call for the contract's 5-minute window, as it should).
      const client = env.client({ retry: { retries: 0 }, readBalanceFirst: false });
      for (let i = 0; i < 3; i++) await client.call('meta.getCreditBalance', {});
      await expect(client.call('company.getEmployeeCount', { url: MICROSOFT })).rejects.toMatchObject({ kind: 'rate_limited', status: 429 });
      expect(env.balance()).toBe(10_000);
    } finally {
      await env.close();
    }
  });
});

describe('both readings of each open question', () => {
  it('skills: billed when returned, or free', async () => {
    const someone = { profile_url: 'https://www.linkedin.com/in/skilled-person-with-skills', skills: 'include' };
    for (const skills of ['billed', 'free'] as const) {
      const env = await startLayerEnv({ readings: { skills } });
      try {
        // The reading chosen the way a credential chooses it.
        const client = env.client({ readings: { skills } });
        const before = env.balance();
        const result = await client.call<{ skills?: unknown[] }>('person.getProfile', someone);
        expect(result.data.skills?.length).toBeGreaterThan(0);
        expect(result.credits.charged).toBe(skills === 'billed' ? 2 : 1);
        expect(before - env.balance()).toBe(result.credits.charged);
        expect(await client.estimate('person.getProfile', someone)).toBe(skills === 'billed' ? 2 : 1);
      } finally {
        await env.close();
      }
    }
  });

  it('role search: 3 or 6 per match, the estimate and the wallet agree under each', async () => {
    for (const per of [3, 6] as const) {
      const env = await startLayerEnv({ readings: { roleSearchPerResult: per } }, createEnrichLayerCatalog({ roleSearchPerResult: per }));
      try {
        const client = env.client();
        const before = env.balance();
        const input = { url: MICROSOFT, boolean_role_search: 'engineer', page_size: 4 };
        expect(await client.estimate('company.listEmployees', input)).toBe(10 + 4 * (3 + per));
        const result = await client.call<{ employees: unknown[] }>('company.listEmployees', input);
        expect(result.credits.charged).toBe(10 + result.data.employees.length * (3 + per));
        expect(before - env.balance()).toBe(result.credits.charged);
      } finally {
        await env.close();
      }
    }
  });

  it('page_size maximum: 9999 refuses 20,000 before sending; the 200,000 reading sends it', async () => {
    // 20,000 rows may cost 60,000: a balance that covers it (a big page_size is the usual cause of a 403).
    const env = await startLayerEnv(
      { readings: { pageSizeMax: 200000 }, accounts: [{ apiKey: 'sk_test_big_wallet', plan: 'other', balance: 100_000 }] },
      createEnrichLayerCatalog({ pageSizeMax: 200000 }),
    );
    try {
      const wide = env.client();
      const result = await wide.call<{ employees: unknown[] }>('company.listEmployees', { url: MICROSOFT, page_size: 20_000 });
      expect(result.data.employees.length).toBeGreaterThan(0);
      const narrow = env.client({ provider: createEnrichLayerCatalog() });
      await expect(narrow.call('company.listEmployees', { url: MICROSOFT, page_size: 20_000 })).rejects.toMatchObject({
        kind: 'validation',
        field: 'page_size',
      });
    } finally {
      await env.close();
    }
  });

  it('search pricing: 3 per result, or 35 per request', async () => {
    for (const searchPricing of ['perResult', 'perRequest'] as const) {
      const env = await startLayerEnv({ readings: { searchPricing } }, createEnrichLayerCatalog({ searchPricing }));
      try {
        const client = env.client();
        const before = env.balance();
        const result = await client.call('search.companies', { country: 'us', page_size: 5 });
        expect(result.credits.charged).toBe(searchPricing === 'perResult' ? 15 : 35);
        expect(before - env.balance()).toBe(result.credits.charged);
      } finally {
        await env.close();
      }
    }
  });

  it('use_cache=if-recent on a listing: +1 per employee on Growth, +2 on other plans', async () => {
    const env = await startLayerEnv({ accounts: [{ apiKey: 'sk_test_growth_account', plan: 'growth', balance: 1_000 }] });
    try {
      const client = env.client({ apiKey: 'sk_test_growth_account', plan: 'growth' });
      const input = { url: MICROSOFT, use_cache: 'if-recent', page_size: 5 };
      expect((await client.quote('company.listEmployees', input)).bill).toMatchObject({ items_breakdown: { base_cost: 3, use_cache: 1 } });
      expect(await env.client({ apiKey: 'sk_test_growth_account' }).estimate('company.listEmployees', input)).toBe(25);
      const result = await client.call('company.listEmployees', input);
      expect(result.credits.charged).toBe(20);
      expect(1_000 - env.sandbox.providers.enrichLayer.wallet('sk_test_growth_account').balance).toBe(20);
    } finally {
      await env.close();
    }
  });
});
