import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { MemoryStore } from '../../shared/store/memory';
import { membersServer, pricedCatalog } from './fixtures/priced-catalog';
import { json, ScriptedTransport } from './fixtures/toy-catalog';

function pricedClient(answer: ConstructorParameters<typeof ScriptedTransport>[0], extra: { budget?: number; plan?: string } = {}) {
  const clock = new FakeClock(1_000_000);
  const transport = new ScriptedTransport(answer);
  const client = createClient({
    provider: pricedCatalog,
    apiKey: 'sk_test_priced',
    transport,
    clock,
    store: new MemoryStore({ clock }),
    random: () => 0.5,
    ...extra,
  });
  return { client, transport, clock };
}

describe('per-parameter pricing: the bill before the call', () => {
  it('itemises every asked-for premium parameter at its most units, as an upper bound', async () => {
    const { client } = pricedClient(() => json(200, {}));
    const quote = await client.quote('profile.get', { url: 'https://x.io/p/1', extra: 'include', phones: 'include', fresh: 'force' });
    expect(quote).toMatchObject({ credits: 13, bill: { base_cost: 1, extra_data: 1, phones: 2, live_fetch: 9 } });
    expect(await client.estimate('profile.get', { url: 'https://x.io/p/1' })).toBe(1);
  });

  it('prices a listing per item of the page it asks for, flat lines once', async () => {
    const { client } = pricedClient(() => json(200, {}));
    const quote = await client.quote('members.list', { team: 't', country: 'ca', sort: 'newest', size: 3 });
    expect(quote).toMatchObject({
      credits: 98,
      bill: { sort_by: 50, items: 48, items_count: 3, items_breakdown: { base_cost: 3, countries: 3, sort_by: 10 } },
    });
  });

  it('prices a plan-dependent line by the credential’s plan, and at the dearer price when the plan is unknown', async () => {
    const input = { team: 't', cache: 'recent', size: 10 };
    expect((await pricedClient(() => json(200, {}), { plan: 'pro' }).client.quote('members.list', input)).bill).toMatchObject({
      items: 40,
      items_breakdown: { use_cache: 1 },
    });
    expect((await pricedClient(() => json(200, {}), { plan: 'basic' }).client.quote('members.list', input)).bill).toMatchObject({
      items: 50,
      items_breakdown: { use_cache: 2 },
    });
    expect(await pricedClient(() => json(200, {})).client.estimate('members.list', input)).toBe(50);
  });

  it('writes the cost formula from the same lines', () => {
    const summary = pricedCatalog.operations.find((o) => o.key === 'members.list')!.cost.summary;
    expect(summary).toBe('sort_by 50; per member returned: base_cost 3 + countries 3 + sort_by 10 + use_cache 1 on pro, 2 on other plans');
  });
});

describe('per-parameter pricing: the bill read back', () => {
  it('bills only the parameters that returned data, itemised the same way', async () => {
    const { client } = pricedClient(() => json(200, { gender: null, interests: [], phones: ['+1 555 0100'] }));
    const result = await client.call('profile.get', { url: 'https://x.io/p/1', extra: 'include', phones: 'include', fresh: 'force' });
    expect(result.credits).toMatchObject({ estimated: 13, charged: 11, source: 'model', bill: { base_cost: 1, phones: 1, live_fetch: 9 } });
    expect(client.summary().charged).toBe(11);
  });

  it('bills a listing by the items it returned', async () => {
    const { client } = pricedClient(membersServer(2));
    const result = await client.call('members.list', { team: 't', country: 'ca', sort: 'newest', size: 3 });
    expect(result.credits).toMatchObject({
      estimated: 98,
      charged: 82,
      bill: { sort_by: 50, items: 32, items_count: 2, items_breakdown: { base_cost: 3, countries: 3, sort_by: 10 } },
    });
  });
});

describe('input-dependent page caps', () => {
  it('refuses a page size above the cap the other fields impose, naming the field and the reason, sending nothing', async () => {
    const { client, transport } = pricedClient(membersServer(50));
    await expect(client.call('members.list', { team: 't', rows: 'enriched', size: 20 })).rejects.toMatchObject({
      kind: 'validation',
      field: 'size',
      message: expect.stringContaining('must be at most 5 when rows=enriched'),
    });
    expect(transport.requests).toHaveLength(0);
  });

  it('a walk of enriched rows pages at the cap even when asked for more per page', async () => {
    const { client, transport } = pricedClient(membersServer(12));
    const walk = await client.list('members.list', { team: 't', rows: 'enriched' }, { pageSize: 50 });
    expect(walk.items).toHaveLength(12);
    expect(transport.requests.map((r) => new URL(r.url).searchParams.get('size'))).toEqual(['5', '5', '5']);
  });
});

describe('walking next-page URLs', () => {
  it('Return All follows the next URL until it is null: 250 members at 100 a page is 3 requests, billed as one walk', async () => {
    const { client, transport } = pricedClient(membersServer(250));
    const walk = await client.list('members.list', { team: 't', size: 100 });
    expect(transport.requests).toHaveLength(Math.ceil(250 / 100));
    expect(walk.items).toHaveLength(250);
    expect(walk.credits).toMatchObject({ charged: 750, bill: { items: 750, items_count: 250, items_breakdown: { base_cost: 3 } } });
    expect(client.summary().charged).toBe(750);
  });

  it('the last page of a walk to a target asks only for what is missing (every row is paid for)', async () => {
    const { client, transport } = pricedClient(membersServer(250));
    const walk = await client.list('members.list', { team: 't', size: 10 }, { limit: 25 });
    expect(walk.items).toHaveLength(25);
    expect(transport.requests.map((r) => new URL(r.url).searchParams.get('size'))).toEqual(['10', '10', '5']);
    expect(walk.credits.charged).toBe(75);
  });

  it('a budget stops the walk before the page that would exceed it, keeping the pages paid for', async () => {
    // Each page of 10 may cost 30; a budget of 80 pays two pages and refuses the third.
    const { client, transport } = pricedClient(membersServer(250), { budget: 80 });
    const walk = await client.list('members.list', { team: 't', size: 10 });
    expect(transport.requests).toHaveLength(2);
    expect(walk.items).toHaveLength(20);
    expect(walk).toMatchObject({ stoppedBy: 'budget', credits: { charged: 60 } });
    expect(walk.stopReason).toMatch(/budget/i);
    expect(client.budgetRemaining()).toBe(20);
  });

  it('never sends the key to a next URL on another host', async () => {
    const { client } = pricedClient((req) =>
      json(200, { members: [{ id: 1 }], next: `https://elsewhere.example/members?after=1&size=1${req.url.length ? '' : ''}` }),
    );
    await expect(client.list('members.list', { team: 't', size: 1 })).rejects.toMatchObject({
      kind: 'provider',
      message: expect.stringContaining('another host'),
    });
  });
});

describe('the provider’s documented client timeout', () => {
  it('every request carries the catalog’s timeout unless the client sets its own', async () => {
    const { client, transport } = pricedClient(() => json(200, {}));
    await client.call('profile.get', { url: 'https://x.io/p/1' });
    expect(transport.requests[0].timeoutMs).toBe(60_000);
  });
});
