/**
 * What Leadfeeder work costs, against the sandbox: a company is paid once per 12-month
 * subscription however it is fetched again (detail or multi-id, same run or another run sharing
 * the store); website visitors are free; the ledger equals the sandbox's credit counter under
 * both readings of which calls charge; a bad key reads as an auth failure whether it is 401 or
 * 403; the IP path follows the chosen reading; the monthly quota warns at 90%.
 */
import { FakeClock } from '../../shared/clock';
import { MemoryStore } from '../../shared/store/memory';
import { quotaStoreKey, QuotaExceededError } from '../../shared/quota';
import { startLeadfeeder, START, type LeadfeederEnv } from './leadfeeder-helpers';

let env: LeadfeederEnv;
afterEach(() => env?.close());

describe('a company fetched twice in one month is charged once', () => {
  beforeEach(async () => {
    env = await startLeadfeeder();
  });

  it('in one run, by the detail operation', async () => {
    const client = env.client();
    expect(await client.quote('company.get', { id: 'cmp_0050' })).toMatchObject({ credits: 1, source: 'subscription' });
    expect((await client.call('company.get', { id: 'cmp_0050' })).credits.charged).toBe(1);
    const quote = await client.quote('company.get', { id: 'cmp_0050' });
    expect(quote).toMatchObject({ credits: 0, reason: expect.stringContaining('already subscribed') });
    const again = await client.call('company.get', { id: 'cmp_0050' });
    expect(again.credits).toMatchObject({ charged: 0, source: 'subscription', fromCache: false });
    expect(env.used()).toBe(1);
    expect(client.summary().charged).toBe(env.used());
  });

  it('through the detail and then the multi-id operation (only the new company is paid)', async () => {
    const client = env.client();
    await client.call('company.get', { id: 'cmp_0051' });
    expect(await client.estimate('company.retrieve', { ids: ['cmp_0051', 'cmp_0052'] })).toBe(1);
    const both = await client.call<unknown[]>('company.retrieve', { ids: ['cmp_0051', 'cmp_0052'] });
    expect(both.data).toHaveLength(2);
    expect(both.credits.charged).toBe(1);
    expect((await client.call('company.get', { id: 'cmp_0052' })).credits.charged).toBe(0);
    expect(env.used()).toBe(2);
    expect(client.summary().charged).toBe(env.used());
  });

  it('across two runs sharing a store', async () => {
    const store = new MemoryStore();
    const first = env.client({ store });
    await first.call('company.retrieve', { ids: ['cmp_0053'] });
    const second = env.client({ store });
    expect(await second.estimate('company.get', { id: 'cmp_0053' })).toBe(0);
    expect((await second.call('company.get', { id: 'cmp_0053' })).credits).toMatchObject({ charged: 0, source: 'subscription' });
    expect(first.summary().charged + second.summary().charged).toBe(env.used());
    expect(env.used()).toBe(1);
  });

  it('a contact too: the multi-id retrieve after the detail pays only for the new contact', async () => {
    const client = env.client();
    await client.call('contact.get', { id: 'con_0050_1' });
    expect((await client.call('contact.retrieve', { ids: ['con_0050_1', 'con_0050_2'] })).credits.charged).toBe(1);
    expect(env.used()).toBe(2);
  });

  it('when detail calls report meta.credits.charged, the report is booked (0 for the second fetch)', async () => {
    env.sandbox.providers.leadfeeder.configure({ detailReportsCredits: true });
    const client = env.client();
    expect((await client.call('company.get', { id: 'cmp_0054' })).credits).toMatchObject({ charged: 1, source: 'provider' });
    expect((await client.call('company.get', { id: 'cmp_0054' })).credits).toMatchObject({ charged: 0, source: 'subscription' });
    expect(env.used()).toBe(1);
  });
});

describe('website visitors arrive subscribed', () => {
  it('the companies of the visitor list cost nothing to fetch in detail', async () => {
    env = await startLeadfeeder();
    const client = env.client();
    const visitors = await client.list('webVisit.visitorCompanies', { start_date: '2026-03-01', end_date: '2026-03-02' });
    const ids = visitors.items.map((row) => (row as { company: { id: string } }).company.id);
    expect(ids.length).toBeGreaterThan(3);
    expect(await client.estimate('company.retrieve', { ids })).toBe(0);
    const detail = await client.call('company.retrieve', { ids });
    expect(detail.credits).toMatchObject({ charged: 0, source: 'subscription' });
    expect(env.used()).toBe(0);
  });
});

describe.each([
  ['paid', 'search reports what it charged and subscribes what it returned'],
  ['free', 'search is a free identity call; the first detail pays'],
  ['freeReported', 'search reports charged: 0 and subscribes nothing; the first detail pays (and is estimated to)'],
] as const)('search under the "%s" reading: %s', (reading, _story) => {
  it('the ledger equals what the sandbox charged', async () => {
    env = await startLeadfeeder({ searchCharges: reading });
    const client = env.client();
    // The "AB" companies never visited the website: nothing about them is subscribed yet.
    const found = await client.list('company.search', { search_terms: ['ab'] });
    const ids = found.items.map((c) => (c as { id: string }).id);
    expect(ids.length).toBeGreaterThan(1);
    const detail = await client.call('company.retrieve', { ids });
    if (reading === 'paid') {
      expect(found.credits).toMatchObject({ charged: ids.length, source: 'provider' });
      expect(detail.credits.charged).toBe(0);
    } else {
      expect(found.credits.charged).toBe(0);
      expect(detail.credits).toMatchObject({ estimated: ids.length, charged: ids.length });
    }
    expect(client.summary().charged).toBe(env.used());
  });
});

describe.each([401, 403] as const)('a bad key answered %i', (status) => {
  it('is an authentication failure, not retried', async () => {
    env = await startLeadfeeder({ authFailureStatus: status });
    const before = env.requests();
    await expect(env.client({ apiKey: 'lf_wrong_key' }).call('account.list', {})).rejects.toMatchObject({ kind: 'auth', status, code: 'invalid_api_key' });
    expect(env.requests() - before).toBe(1);
  });
});

describe.each(['/ip/enrich', '/ip-enrich'] as const)('IP enrichment served at %s', (path) => {
  it('works with that reading chosen, and the other reading is a clear not-found', async () => {
    env = await startLeadfeeder({ ipEnrichPath: path });
    const other = path === '/ip/enrich' ? '/ip-enrich' : '/ip/enrich';
    const answer = await env.client({ readings: { ipEnrichPath: path } }).call<{ id: string }>('ip.enrich', { ip: '81.2.69.160' });
    expect(answer.data.id).toMatch(/^cmp_/);
    await expect(env.client({ readings: { ipEnrichPath: other } }).call('ip.enrich', { ip: '81.2.69.160' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});

it("reads the account's credits, and refuses a call without an Account ID before sending it", async () => {
  env = await startLeadfeeder();
  const client = env.client();
  await client.call('company.get', { id: 'cmp_0055' });
  expect(await client.balance()).toBe(999);
  const account = await client.call<Record<string, any>>('account.get', {});
  expect(account.data.credits).toEqual({ available: 1000, used: 1, remaining: 999, next_reset_on: '2026-04-01' });
  const before = env.requests();
  await expect(env.client({ credential: {} }).call('company.get', { id: 'cmp_0055' })).rejects.toMatchObject({
    kind: 'validation',
    message: expect.stringContaining('Account ID'),
  });
  expect(env.requests()).toBe(before);
});

describe('the monthly quota of 100,000 requests', () => {
  it('warns once 90% is used, then refuses the request past the quota before sending it (fake time)', async () => {
    env = await startLeadfeeder();
    const clock = new FakeClock(START);
    const store = new MemoryStore({ clock });
    const client = env.client({ clock, store });
    await store.set(quotaStoreKey('leadfeeder', client.account, '2026-03'), 89_998);
    await client.call('account.list', {});
    expect(client.notices()).toEqual([]);
    await client.call('account.list', {});
    expect(client.notices()).toEqual([
      expect.objectContaining({ kind: 'quota_warning', used: 90_000, limit: 100_000, message: expect.stringContaining('(90%)') }),
    ]);

    await store.set(quotaStoreKey('leadfeeder', client.account, '2026-03'), 100_000);
    const before = env.requests();
    await expect(client.call('account.list', {})).rejects.toBeInstanceOf(QuotaExceededError);
    expect(env.requests()).toBe(before);
    await clock.advance(31 * 24 * 3600_000);
    await expect(client.call('account.list', {})).resolves.toBeDefined();
  });

  it("Leadfeeder's own quota answer (quota_exceeded) is a clear error, not retried", async () => {
    env = await startLeadfeeder({ monthlyQuota: 3 });
    const client = env.client();
    for (let i = 0; i < 3; i++) await client.call('account.list', {});
    const before = env.requests();
    await expect(client.call('account.list', {})).rejects.toMatchObject({ code: 'quota_exceeded', message: expect.stringContaining('monthly quota') });
    expect(env.requests() - before).toBe(1);
  });
});
