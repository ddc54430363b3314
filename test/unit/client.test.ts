import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { BudgetExceededError, InsufficientCreditsError, RateLimitedError, TransportError, ValidationError } from '../../shared/errors';
import { MemoryStore } from '../../shared/store/memory';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';

function toyClient(answer: ConstructorParameters<typeof ScriptedTransport>[0], extra: { budget?: number } = {}) {
  const clock = new FakeClock(1_000_000);
  const transport = new ScriptedTransport(answer);
  const client = createClient({
    provider: toyCatalog,
    apiKey: 'sk_test_secret_value',
    transport,
    clock,
    store: new MemoryStore({ clock }),
    random: () => 0.5,
    readBalanceFirst: false,
    ...extra,
  });
  return { client, transport, clock };
}

const found = (email: string) => json(200, { data: { found: true, email }, meta: { creditsUsed: 10, requestId: 'req_1' } });

describe('the call pipeline', () => {
  it('rejects bad input naming the field, sending nothing', async () => {
    const { client, transport } = toyClient(() => found('x'));
    await expect(client.call('person.lookup', { email: 'not-an-email' })).rejects.toMatchObject({ kind: 'validation', field: 'email' });
    expect(transport.requests).toHaveLength(0);
    expect(client.summary().calls).toBe(0);
  });

  it('sends the key in the catalog header and reports what the call cost', async () => {
    const { client, transport } = toyClient((req) => found(JSON.parse(req.body!).email));
    const result = await client.call<{ email: string }>('person.lookup', { email: 'a@b.io' });
    expect(transport.requests[0].headers['x-api-key']).toBe('sk_test_secret_value');
    expect(transport.requests[0].url).toBe('https://toy.example/api/people/lookup');
    expect(result.data.email).toBe('a@b.io');
    expect(result.credits).toEqual({ estimated: 10, charged: 10, source: 'provider', fromCache: false });
    expect(result.requestId).toBe('req_1');
  });

  it('answers the same paid lookup from cache for 0 credits', async () => {
    const { client, transport } = toyClient(() => found('a@b.io'));
    await client.call('person.lookup', { email: 'a@b.io' });
    const again = await client.call('person.lookup', { email: 'a@b.io' });
    expect(transport.requests).toHaveLength(1);
    expect(again.credits).toMatchObject({ charged: 0, fromCache: true, source: 'cache' });
    expect(client.summary()).toMatchObject({ calls: 2, charged: 10, fromCache: 1 });
  });

  it('a budget of 30 stops the run before the fourth call, reporting the rest as errors', async () => {
    const { client, transport } = toyClient((req) => found(JSON.parse(req.body!).email), { budget: 30 });
    const emails = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io'];
    const outcomes = await client.runEach(emails, (email) => client.call('person.lookup', { email }));
    expect(transport.requests).toHaveLength(3);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, false]);
    for (const o of outcomes.slice(3)) if (!o.ok) expect(o.error).toBeInstanceOf(BudgetExceededError);
    expect(client.summary().charged).toBe(30);
  });

  it('a miss that costs nothing frees its budget for the next call', async () => {
    const { client } = toyClient(() => json(200, { data: { found: false } }), { budget: 10 });
    await client.call('person.lookup', { email: 'a@x.io' });
    await client.call('person.lookup', { email: 'b@x.io' });
    expect(client.budgetRemaining()).toBe(10);
  });

  it('refuses a call the last known balance cannot cover, before sending it', async () => {
    const { client, transport } = toyClient((req) => (req.url.endsWith('/balance') ? json(200, { data: { balance: 5 } }) : found('x')));
    expect(await client.balance()).toBe(5);
    await expect(client.call('person.lookup', { email: 'a@x.io' })).rejects.toBeInstanceOf(InsufficientCreditsError);
    expect(transport.requests).toHaveLength(1);
  });

  it('maps a 402 to insufficient credits naming required, balance and shortfall', async () => {
    const { client } = toyClient(() => json(402, { message: 'not enough', required: 10, balance: 4 }));
    const error = await client.call('person.lookup', { email: 'a@x.io' }).catch((e) => e);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.message).toMatch(/required 10, balance 4, shortfall 6/);
    expect(error.message).not.toContain('sk_test_secret_value');
  });

  it('retries a 429 after Retry-After, even for a paid call (a 429 charged nothing)', async () => {
    const { client, transport, clock } = toyClient((_, n) => (n === 1 ? json(429, { message: 'slow down' }, { 'retry-after': '7' }) : found('a@x.io')));
    const pending = client.call('person.lookup', { email: 'a@x.io' });
    await clock.advance(6_900);
    expect(transport.requests).toHaveLength(1);
    await clock.advance(2_000);
    await expect(pending).resolves.toMatchObject({ attempts: 2 });
  });

  it("a 429 without Retry-After waits out the contract's window (600 a minute: a minute), not a second", async () => {
    const { client, transport, clock } = toyClient((_, n) => (n === 1 ? json(429, { message: 'slow down' }) : found('a@x.io')));
    const pending = client.call('person.lookup', { email: 'a@x.io' });
    await clock.advance(59_900);
    expect(transport.requests).toHaveLength(1);
    await clock.run(pending, 1_000);
    await expect(pending).resolves.toMatchObject({ attempts: 2 });
  });

  it('never retries a paid call whose answer was lost (it may have been charged)', async () => {
    const { client, transport } = toyClient(() => {
      throw new TransportError('socket hang up', 'reset');
    });
    await expect(client.call('person.lookup', { email: 'a@x.io' })).rejects.toBeInstanceOf(TransportError);
    expect(transport.requests).toHaveLength(1);
  });

  it('retries a free read after a 503 with backoff', async () => {
    const { client, transport, clock } = toyClient((_, n) => (n < 3 ? json(503, { message: 'busy' }) : json(200, { data: { balance: 9 } })));
    const pending = client.balance();
    await clock.run(pending, 500);
    expect(transport.requests).toHaveLength(3);
    await expect(pending).resolves.toBe(9);
  });

  it('gives up on a rate limit that never clears, with a rate-limited error', async () => {
    const { client, clock } = toyClient(() => json(429, {}, { 'retry-after': '1' }));
    const pending = client.call('person.lookup', { email: 'a@x.io' });
    pending.catch(() => undefined);
    await clock.run(
      pending.catch(() => undefined),
      1000,
    );
    await expect(pending).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('classifies a malformed 2xx body as a provider failure', async () => {
    const { client } = toyClient(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"data": ' }));
    await expect(client.call('person.lookup', { email: 'a@x.io' })).rejects.toMatchObject({ kind: 'provider' });
  });

  it('walks pages to a target volume without over-fetching: 150 at 50 a page is 3 requests', async () => {
    const { client, transport } = toyClient((req) => {
      const url = new URL(req.url);
      const page = Number(url.searchParams.get('page'));
      const limit = Number(url.searchParams.get('limit'));
      return json(200, { data: { people: Array.from({ length: limit }, (_, i) => ({ n: (page - 1) * limit + i })) } });
    });
    const result = await client.list('person.list', { team: 't1' }, { limit: 150 });
    expect(transport.requests).toHaveLength(3);
    expect(result.items).toHaveLength(150);
    expect(result.pages).toBe(3);
  });

  it('unknown operations are a validation error listing what exists', () => {
    const { client } = toyClient(() => found('x'));
    expect(() => client.operation('nope.nope')).toThrow(ValidationError);
  });
});

describe('rate limits by plan', () => {
  it('throttles to the chosen plan and refuses an unknown one, naming the plans', async () => {
    const { enrichSo } = await import('../../shared/providers/enrichSo');
    const clock = new FakeClock();
    const grants: number[] = [];
    const transport = new ScriptedTransport(() => {
      grants.push(clock.now());
      return json(200, { success: true, data: { balance: 1 }, meta: {} });
    });
    // Free plan: 60 a minute, 5 in any second → 5 at once, the next 5 a second (and 100 ms of headroom) later.
    const client = createClient({ provider: enrichSo, apiKey: 'k', transport, clock, store: new MemoryStore({ clock }), plan: 'free' });
    const all = Promise.all(Array.from({ length: 10 }, () => client.call('wallet.getBalance', {})));
    await clock.run(all, 100);
    expect(grants).toEqual([0, 0, 0, 0, 0, 1_100, 1_100, 1_100, 1_100, 1_100]);
    expect(() => createClient({ provider: enrichSo, apiKey: 'k', plan: 'platinum' })).toThrow(/no plan "platinum".*/);
  });
});

describe('walking from the page the input asks for', () => {
  it('starts at input.page instead of silently going back to page 1', async () => {
    const pagesAsked: number[] = [];
    const { client } = toyClient((req) => {
      const page = Number(new URL(req.url).searchParams.get('page'));
      pagesAsked.push(page);
      return json(200, { data: { people: page <= 5 ? Array.from({ length: 50 }, (_, i) => ({ n: i })) : [] } });
    });
    const result = await client.list('person.list', { team: 't1', page: 4 } as never, { limit: 100 });
    expect(pagesAsked).toEqual([4, 5]);
    expect(result.items).toHaveLength(100);
  });
});
