/**
 * Record subscriptions through the public client API: the first retrieval of a company pays and
 * subscribes it; every later retrieval within the subscription — by any operation, in any run
 * sharing the store — is quoted 0 with its reason, still sent (fresh data), and booked as
 * `subscription`.
 */
import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { MemoryStore } from '../../shared/store/memory';
import type { Store } from '../../shared/store/types';
import { json, ScriptedTransport } from './fixtures/toy-catalog';
import { subscriptionCatalog } from './fixtures/subscription-catalog';

const DAY = 24 * 3600_000;
const START = Date.parse('2026-03-02T10:00:00Z');

/** Answers every company the URL names, except ids starting with `missing`. */
function provider(opts: { report?: boolean } = {}) {
  return new ScriptedTransport((req) => {
    const url = new URL(req.url);
    const ids = url.pathname.startsWith('/v1/companies/') ? [url.pathname.split('/')[3]] : (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (url.pathname.endsWith('/signals')) return json(200, { data: { signals: ['hiring'] } });
    if (url.pathname === '/v1/visitors') return json(200, { data: [{ id: 'c-visitor-1' }, { id: 'c-visitor-2' }] });
    const found = ids.filter((id) => !id!.startsWith('missing')).map((id) => ({ id, name: `Company ${id}` }));
    const data = url.pathname.startsWith('/v1/companies/') ? (found[0] ?? null) : found;
    return json(200, { data, ...(opts.report ? { meta: { charged: 0 } } : {}) });
  });
}

function setup(store?: Store, clock = new FakeClock(START), transport = provider()) {
  const shared = store ?? new MemoryStore({ clock });
  const client = () => createClient({ provider: subscriptionCatalog, apiKey: 'key-one', transport, clock, store: shared });
  return { client, transport, clock, store: shared };
}

describe('record subscriptions', () => {
  it('a company fetched twice in one run is charged once, and the second fetch still goes to the provider', async () => {
    const { client, transport } = setup();
    const c = client();
    expect(await c.quote('company.get', { id: 'c1' })).toMatchObject({ credits: 1, source: 'subscription', unsubscribed: ['c1'] });
    const first = await c.call('company.get', { id: 'c1' });
    expect(first.credits).toMatchObject({ estimated: 1, charged: 1, source: 'model' });

    const quote = await c.quote('company.get', { id: 'c1' });
    expect(quote).toMatchObject({ credits: 0, source: 'subscription', subscribed: ['c1'] });
    expect(quote.reason).toMatch(/already subscribed/);
    expect(await c.estimate('company.get', { id: 'c1' })).toBe(0);
    const second = await c.call<{ name: string }>('company.get', { id: 'c1' });
    expect(second.credits).toEqual({ estimated: 0, charged: 0, source: 'subscription', fromCache: false });
    expect(second.data.name).toBe('Company c1');
    expect(transport.requests).toHaveLength(2);
    expect(c.summary().charged).toBe(1);
    expect(c.ledger.entries().map((e) => e.source)).toEqual(['model', 'subscription']);
  });

  it('a company subscribed by the detail operation is free in the multi-id retrieve; only the new one is paid', async () => {
    const { client } = setup();
    const c = client();
    await c.call('company.get', { id: 'c1' });
    expect(await c.quote('company.retrieve', { ids: ['c1', 'c2'] })).toMatchObject({ credits: 1, subscribed: ['c1'], unsubscribed: ['c2'] });
    const both = await c.call('company.retrieve', { ids: ['c1', 'c2'] });
    expect(both.credits).toMatchObject({ estimated: 1, charged: 1 });
    const again = await c.call('company.get', { id: 'c2' });
    expect(again.credits).toMatchObject({ charged: 0, source: 'subscription' });
    expect(c.summary().charged).toBe(2);
  });

  it('two runs sharing a store: the second run pays nothing for the company the first run paid for', async () => {
    const { client } = setup();
    await client().call('company.retrieve', { ids: ['c1'] });
    const secondRun = client();
    expect(await secondRun.estimate('company.get', { id: 'c1' })).toBe(0);
    expect((await secondRun.call('company.get', { id: 'c1' })).credits.charged).toBe(0);
    expect(secondRun.summary().charged).toBe(0);
  });

  it('a run with its own store knows nothing of the other run and quotes the full price', async () => {
    const a = setup();
    await a.client().call('company.get', { id: 'c1' });
    const b = setup();
    expect(await b.client().estimate('company.get', { id: 'c1' })).toBe(1);
  });

  it('the subscription ends after twelve months; fetching again within it does not extend it', async () => {
    const { client, clock } = setup();
    await client().call('company.get', { id: 'c1' });
    await clock.advance(300 * DAY);
    expect((await client().call('company.get', { id: 'c1' })).credits.charged).toBe(0);
    await clock.advance(66 * DAY);
    expect(await client().estimate('company.get', { id: 'c1' })).toBe(1);
  });

  it('a record not found is not charged and not registered', async () => {
    const { client } = setup();
    const c = client();
    const result = await c.call('company.retrieve', { ids: ['c1', 'missing-9'] });
    expect(result.credits.charged).toBe(1);
    expect(await c.estimate('company.get', { id: 'missing-9' })).toBe(1);
  });

  it("the provider's own report wins over the registry's model", async () => {
    const { client } = setup(undefined, new FakeClock(START), provider({ report: true }));
    const result = await client().call('company.get', { id: 'c1' });
    expect(result.credits).toMatchObject({ estimated: 1, charged: 0, source: 'provider' });
  });

  it('signals of a subscribed company are free; of another company they cost what the model says', async () => {
    const { client } = setup();
    const c = client();
    expect(await c.quote('company.signals', { id: 'c1' })).toMatchObject({ credits: 2, source: 'model' });
    await c.call('company.get', { id: 'c1' });
    expect(await c.quote('company.signals', { id: 'c1' })).toMatchObject({ credits: 0, source: 'subscription' });
    expect((await c.call('company.signals', { id: 'c1' })).credits).toMatchObject({ charged: 0, source: 'subscription' });
  });

  it('companies that arrive subscribed (website visitors) are registered: their detail is free', async () => {
    const { client } = setup();
    const c = client();
    const visitors = await c.list('visitors.list', {});
    expect(visitors.credits.charged).toBe(0);
    expect(await c.quote('company.retrieve', { ids: ['c-visitor-1', 'c-visitor-2'] })).toMatchObject({ credits: 0 });
    expect((await c.call('company.retrieve', { ids: ['c-visitor-1', 'c-visitor-2'] })).credits).toMatchObject({ charged: 0, source: 'subscription' });
  });

  it('the registry is scoped by account: another key pays for its own subscription', async () => {
    const clock = new FakeClock(START);
    const store = new MemoryStore({ clock });
    const transport = provider();
    await createClient({ provider: subscriptionCatalog, apiKey: 'key-one', transport, clock, store }).call('company.get', { id: 'c1' });
    const other = createClient({ provider: subscriptionCatalog, apiKey: 'key-two', transport, clock, store });
    expect(await other.estimate('company.get', { id: 'c1' })).toBe(1);
  });
});

describe('concurrent fetches of one new company', () => {
  it('are booked 1 + 0, as the provider charges them', async () => {
    const { client, transport } = setup();
    const c = client();
    const results = await c.runEach(['c9', 'c9', 'c9'], (id) => c.call('company.get', { id }), { concurrency: 3 });
    expect(results.map((r) => (r.ok ? r.value.credits.charged : -1))).toEqual([1, 0, 0]);
    expect(transport.requests).toHaveLength(3);
    expect(c.summary().charged).toBe(1);
  });
});
