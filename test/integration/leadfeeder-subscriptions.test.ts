/**
 * Whose a Leadfeeder subscription is and how long it lasts, against the sandbox: the account's
 * (any user's key on it sees it), for 12 months from when Leadfeeder subscribed the record (a
 * website visitor: from the visit); records brought in with `include` are priced as the new
 * subscriptions they may be.
 */
import { FakeClock } from '../../shared/clock';
import { MemoryStore } from '../../shared/store/memory';
import { DEFAULT_LEADFEEDER_KEY } from '../../sandbox/providers/leadfeeder/config';
import { startLeadfeeder, START, type LeadfeederEnv } from './leadfeeder-helpers';

const DAY_MS = 24 * 3600_000;
const SECOND_USER_KEY = 'lf_test_enrichflow_second_user';

let env: LeadfeederEnv;
afterEach(() => env?.close());

it("a company one user paid for is free to a second user's key on the same account", async () => {
  env = await startLeadfeeder();
  const owner = env.sandbox.providers.leadfeeder.config().users[0]!;
  env.sandbox.providers.leadfeeder.configure({ users: [owner, { apiKey: SECOND_USER_KEY, email: 'second@sandbox.example', accounts: owner.accounts }] });
  const store = new MemoryStore();
  const first = env.client({ store, apiKey: DEFAULT_LEADFEEDER_KEY });
  expect((await first.call('company.get', { id: 'cmp_0056' })).credits.charged).toBe(1);

  const second = env.client({ store, apiKey: SECOND_USER_KEY });
  expect(await second.quote('company.get', { id: 'cmp_0056' })).toMatchObject({ credits: 0, source: 'subscription' });
  expect((await second.call('company.get', { id: 'cmp_0056' })).credits).toMatchObject({ charged: 0, source: 'subscription' });
  expect(first.summary().charged + second.summary().charged).toBe(env.used());
});

it("the same key on another account pays again: the subscription is the first account's", async () => {
  env = await startLeadfeeder();
  const store = new MemoryStore();
  await env.client({ store }).call('company.get', { id: 'cmp_0057' });
  const other = env.client({ store, credential: { accountId: 'acc_sandbox_2' } });
  expect(await other.estimate('company.get', { id: 'cmp_0057' })).toBe(1);
  expect((await other.call('company.get', { id: 'cmp_0057' })).credits.charged).toBe(1);
  expect(env.used('acc_sandbox_2')).toBe(1);
});

it("a website visitor's subscription runs 12 months from the visit, not from when the client saw it", async () => {
  env = await startLeadfeeder();
  const clock = new FakeClock(START);
  const client = env.client({ clock, store: new MemoryStore({ clock }) });
  // Visits from eleven months back: the subscription may be a month from its end.
  const visitors = await client.list('webVisit.visitorCompanies', { start_date: '2025-04-02', end_date: '2026-03-02' });
  const id = (visitors.items[0] as { company: { id: string } }).company.id;
  expect(await client.estimate('company.get', { id })).toBe(0);
  await clock.advance(40 * DAY_MS);
  // It may have ended by now: the estimate must cover a new subscription.
  expect(await client.estimate('company.get', { id })).toBe(1);
});

describe('related records brought in with include', () => {
  beforeEach(async () => {
    env = await startLeadfeeder();
  });

  it("a company's group company is priced as the subscription it may start", async () => {
    const client = env.client();
    expect(await client.estimate('company.get', { id: 'cmp_0058' })).toBe(1);
    const quote = await client.quote('company.get', { id: 'cmp_0058', include: ['group_company'] });
    expect(quote).toMatchObject({ credits: 2, reason: expect.stringContaining('include') });
    const answer = await client.call('company.get', { id: 'cmp_0058', include: ['group_company'] });
    expect(answer.credits.charged).toBeLessThanOrEqual(answer.credits.estimated);
    expect(client.summary().charged).toBe(env.used());
  });

  it("a contact's company is priced too, and counts as subscribed once the charge paid for it", async () => {
    const client = env.client();
    expect(await client.estimate('contact.retrieve', { ids: ['con_0059_1', 'con_0059_2'], include: ['company'] })).toBe(4);
    const answer = await client.call<{ company: { id: string } }[]>('contact.retrieve', { ids: ['con_0059_1', 'con_0059_2'], include: ['company'] });
    // The sandbox plays the costlier reading: the included company starts a subscription of its own.
    expect(answer.credits).toMatchObject({ estimated: 4, charged: 3 });
    expect(await client.estimate('company.get', { id: answer.data[0]!.company.id })).toBe(0);
    expect(client.summary().charged).toBe(env.used());
  });

  it("a contact's company is not taken for subscribed when nothing paid for it (a website visitor)", async () => {
    const visitors = await env.client({ store: new MemoryStore() }).list('webVisit.visitorCompanies', { start_date: '2025-06-01', end_date: '2026-03-01' });
    const companyId = (visitors.items[0] as { company: { id: string } }).company.id;
    const client = env.client({ store: new MemoryStore() });
    const answer = await client.call('contact.get', { id: `con_${companyId.slice(4)}_1`, include: ['company'] });
    expect(answer.credits).toMatchObject({ estimated: 2, charged: 1 });
    expect(await client.estimate('company.get', { id: companyId })).toBe(1);
    expect(client.summary().charged).toBe(env.used());
  });

  it('a reported charge that pays for the included company subscribes it', async () => {
    env.sandbox.providers.leadfeeder.configure({ detailReportsCredits: true });
    const client = env.client();
    const answer = await client.call<{ company: { id: string } }>('contact.get', { id: 'con_0060_1', include: ['company'] });
    // The sandbox charges the included company too (the costlier reading): both are paid, and registered.
    expect(answer.credits).toMatchObject({ charged: 2, source: 'provider' });
    expect(await client.estimate('contact.get', { id: 'con_0060_1' })).toBe(0);
    expect(await client.estimate('company.get', { id: answer.data.company.id })).toBe(0);
  });
});

it('a record Leadfeeder reports free on its first fetch was subscribed from a date nobody told us: it is not taken for subscribed from now', async () => {
  env = await startLeadfeeder({ detailReportsCredits: true });
  const clock = new FakeClock(START);
  const client = env.client({ clock, store: new MemoryStore({ clock }) });
  // A website visitor the client never listed: Leadfeeder subscribed it at the visit.
  const visitors = await env.client().list('webVisit.visitorCompanies', { start_date: '2025-04-02', end_date: '2025-04-30' });
  const id = (visitors.items[0] as { company: { id: string } }).company.id;
  const answer = await client.call('company.get', { id });
  expect(answer.credits).toMatchObject({ charged: 0, source: 'provider' });
  expect(await client.estimate('company.get', { id })).toBe(1);
});
