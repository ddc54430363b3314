import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { credits } from '../../shared/credits/amount';
import { SpendLimiter } from '../../shared/spend/limiter';
import { parseSpendLimits, type SpendLimit, SpendLimitError } from '../../shared/spend/limits';
import { formatSpendTable, spendReport } from '../../shared/spend/report';
import { spendBookFor } from '../../shared/spend/book';
import { MemoryStore } from '../../shared/store/memory';
import { catalogs } from '../../shared/providers';
import { PROVIDER_IDS } from '../../shared/providers/ids';
import { RedisStore } from '../../shared/store/redis';
import type { Store } from '../../shared/store/types';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';

const DEC_4 = Date.UTC(2026, 11, 4, 18, 0, 0);
const found = (email: string) => json(200, { data: { found: true, email }, meta: { creditsUsed: 10 } });
const notFound = () => json(200, { data: { found: false }, meta: { creditsUsed: 0 } });

/** Everything the team's limits promise, on one kind of store. */
function describeSpendLimits(name: string, open: (clock: FakeClock) => Promise<Store>) {
  describe(`spend limits on ${name}`, () => {
    let clock: FakeClock;
    let store: Store;
    beforeEach(async () => {
      clock = new FakeClock(DEC_4);
      store = await open(clock);
    });
    afterEach(async () => {
      await store.close?.();
    });

    function workflowClient(
      workflow: string,
      limits: SpendLimit[],
      answer = (email: string) => found(email),
      extra: { holdMs?: number; warnAt?: number } = {},
    ) {
      // The client may read the (free) balance first; the lookups are what a limit is about.
      const transport = new ScriptedTransport((req) =>
        req.url.endsWith('/balance') ? json(200, { data: { balance: 1_000_000 } }) : answer(JSON.parse(req.body!).email),
      );
      const lookups = () => transport.requests.filter((r) => r.url.endsWith('/people/lookup'));
      const spend = new SpendLimiter({ store, limits, provider: 'toy', workflow, clock, ...extra });
      const client = createClient({ provider: toyCatalog, apiKey: 'sk_test_secret_value', transport, clock, store, spend, random: () => 0.5 });
      return { client, transport, spend, lookups };
    }
    const month25: SpendLimit[] = [{ provider: 'toy', period: 'month', credits: 25 }];

    it('three workflows share one monthly limit: the call past it is refused before sending, naming the limit, what is left and when it resets', async () => {
      const a = workflowClient('wf-a', month25);
      const b = workflowClient('wf-b', month25);
      const c = workflowClient('wf-c', month25);
      await a.client.call('person.lookup', { email: 'a@x.io' });
      await b.client.call('person.lookup', { email: 'b@x.io' });
      const refused = await c.client.call('person.lookup', { email: 'c@x.io' }).catch((e) => e);
      expect(refused).toBeInstanceOf(SpendLimitError);
      expect(refused.message).toBe(
        'Spend limit reached: the toy monthly limit of 25 credits has 5 credits left and this call may cost up to 10; it resets at 2027-01-01T00:00:00.000Z. Nothing was sent.',
      );
      expect(refused.toJSON()).toMatchObject({ kind: 'budget_exceeded', left: 5, estimate: 10, resetsAt: '2027-01-01T00:00:00.000Z' });
      expect(c.lookups()).toHaveLength(0);
      expect(c.client.summary().charged).toBe(0);
    });

    it('a refused item costs nothing and the other items go on: exactly the calls past the limit are refused', async () => {
      const { client, lookups, spend } = workflowClient('wf-a', [{ provider: 'toy', period: 'month', credits: 30 }]);
      const emails = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io'];
      const outcomes = await client.runEach(emails, (email) => client.call('person.lookup', { email }));
      await spend.flush();
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, false]);
      for (const o of outcomes.slice(3)) if (!o.ok) expect(o.error).toBeInstanceOf(SpendLimitError);
      expect(lookups()).toHaveLength(3);
      expect((await spend.status())[0]).toMatchObject({ spent: 30, held: 0, left: 0, percent: 100 });
    });

    it('a call that charged nothing gives its hold back', async () => {
      const { client, spend } = workflowClient('wf-a', [{ provider: 'toy', period: 'month', credits: 10 }], () => notFound());
      await client.call('person.lookup', { email: 'a@x.io' });
      await client.call('person.lookup', { email: 'b@x.io' });
      await spend.flush();
      expect((await spend.status())[0]).toMatchObject({ spent: 0, held: 0, left: 10 });
    });

    it('a per-workflow limit refuses only that workflow, and a day limit resets at UTC midnight', async () => {
      const limits: SpendLimit[] = [
        { provider: 'toy', period: 'month', credits: 20, workflow: 'wf-a' },
        { provider: 'toy', period: 'day', credits: 30 },
      ];
      const a = workflowClient('wf-a', limits);
      const b = workflowClient('wf-b', limits);
      await a.client.call('person.lookup', { email: 'a1@x.io' });
      await a.client.call('person.lookup', { email: 'a2@x.io' });
      const perWorkflow = await a.client.call('person.lookup', { email: 'a3@x.io' }).catch((e) => e);
      expect(perWorkflow.message).toMatch(/the toy monthly limit of 20 credits for workflow wf-a has 0 credits left/);
      await b.client.call('person.lookup', { email: 'b1@x.io' });
      const perDay = await b.client.call('person.lookup', { email: 'b2@x.io' }).catch((e) => e);
      expect(perDay.message).toMatch(/the toy daily limit of 30 credits has 0 credits left .* resets at 2026-12-05T00:00:00.000Z/);
      await clock.advance(6 * 3600_000);
      await expect(b.client.call('person.lookup', { email: 'b2@x.io' })).resolves.toMatchObject({ credits: { charged: 10 } });
    });

    it("a month limit can follow the plan's billing day", async () => {
      const { spend } = workflowClient('wf-a', [{ provider: 'toy', period: 'month', credits: 100, startDay: 15 }]);
      expect((await spend.status())[0]!.resetsAt).toBe('2026-12-15T00:00:00.000Z');
    });

    it('an amount held by a worker that died stops counting once the hold time is over', async () => {
      const limits: SpendLimit[] = [{ provider: 'toy', period: 'month', credits: 10 }];
      const dead = new SpendLimiter({ store, limits, provider: 'toy', workflow: 'wf-a', clock, holdMs: 60_000 });
      await dead.hold(credits(10)); // never settled: the worker was killed mid-call
      const { client } = workflowClient('wf-b', limits);
      await expect(client.call('person.lookup', { email: 'a@x.io' })).rejects.toBeInstanceOf(SpendLimitError);
      await clock.advance(60_000);
      await expect(client.call('person.lookup', { email: 'a@x.io' })).resolves.toMatchObject({ credits: { charged: 10 } });
      // Released, and said: the provider's balance tells whether the dead call was charged.
      expect((await dead.status())[0]).toMatchObject({ releasedUnsettled: 10 });
    });

    it('warns once a limit passes its threshold', async () => {
      const { client, spend } = workflowClient('wf-a', [{ provider: 'toy', period: 'month', credits: 50 }], undefined, { warnAt: 0.8 });
      for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) await client.call('person.lookup', { email });
      await spend.flush();
      expect(spend.notices()).toEqual([]);
      await client.call('person.lookup', { email: 'd@x.io' });
      await spend.flush();
      expect(spend.notices()).toEqual([
        expect.objectContaining({
          kind: 'spend_warning',
          percent: 80,
          left: 10,
          message: expect.stringMatching(/toy monthly limit of 50 credits is 80% used/),
        }),
      ]);
    });

    it('concurrent holds from many runs never take a limit past its cap', async () => {
      const limits: SpendLimit[] = [{ provider: 'toy', period: 'month', credits: 95 }];
      const runs = Array.from({ length: 4 }, (_, i) => workflowClient(`wf-${i}`, limits));
      const calls = runs.flatMap((r, i) =>
        Array.from({ length: 10 }, (_, n) =>
          r.client.call('person.lookup', { email: `p${i}-${n}@x.io` }).then(
            () => true,
            () => false,
          ),
        ),
      );
      const ok = (await Promise.all(calls)).filter(Boolean).length;
      await Promise.all(runs.map((r) => r.spend.flush()));
      expect(ok).toBe(9);
      expect((await runs[0]!.spend.status())[0]).toMatchObject({ spent: 90, held: 0 });
    });

    it('settling the same hold twice counts it once', async () => {
      const book = spendBookFor(store);
      const slots = [{ key: 'spend:limit:toy:month:*:test', cap: credits(100), ttlMs: 3600_000 }];
      await book.hold({ holdId: 'h1', amount: credits(10), now: clock.now(), expiresAt: clock.now() + 60_000, slots });
      const settle = { holdId: 'h1', actual: credits(7), slots, dayKey: 'spend:day:2026-12-04', provider: 'toy', workflow: 'wf', call: true, now: clock.now() };
      expect(await book.settle(settle)).toEqual([{ spent: credits(7), held: 0, expired: 0 }]);
      expect(await book.settle(settle)).toBeUndefined();
      expect(await book.usage([slots[0]!.key], clock.now())).toEqual([{ spent: credits(7), held: 0, expired: 0 }]);
    });

    it('the spend report adds up per provider, workflow and day to what the calls charged', async () => {
      const a = workflowClient('wf-a', []);
      const b = workflowClient('wf-b', []);
      await a.client.call('person.lookup', { email: 'a@x.io' });
      await b.client.call('person.lookup', { email: 'b@x.io' });
      await clock.advance(24 * 3600_000);
      await b.client.call('person.lookup', { email: 'c@x.io' });
      await Promise.all([a.spend.flush(), b.spend.flush()]);
      const report = await spendReport(store, { from: '2026-12-01', to: '2026-12-31', now: clock.now() });
      expect(report.rows).toEqual([
        { day: '2026-12-04', provider: 'toy', workflow: 'wf-a', credits: 10, calls: 1 },
        { day: '2026-12-04', provider: 'toy', workflow: 'wf-b', credits: 10, calls: 1 },
        { day: '2026-12-05', provider: 'toy', workflow: 'wf-b', credits: 10, calls: 1 },
      ]);
      expect(report).toMatchObject({ total: 30, byProvider: { toy: 30 }, byWorkflow: { 'wf-a': 10, 'wf-b': 20 } });
      expect(report.total).toBe(a.client.summary().charged + b.client.summary().charged);
      expect(formatSpendTable(report)).toMatch(/\n2026-12-05 +toy +wf-b +1 +10\n/);
    });
  });
}

describeSpendLimits('the in-memory store', async (clock) => new MemoryStore({ clock }));

const describeRedis = redisAvailable() ? describe : describe.skip;
if (!redisAvailable()) console.warn('redis-server is not installed: run scripts/redis/install.sh to include the Redis spend-limit tests');
describeRedis('on a real redis-server', () => {
  let server: RedisServer;
  let run = 0;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.shutdown();
  });
  describeSpendLimits('Redis (one Lua script per step)', async () => RedisStore.connect({ host: '127.0.0.1', port: server.port, keyPrefix: `spend${++run}:` }));
});

describe('reading the limits a user typed', () => {
  it('knows every provider the catalogs have', () => {
    expect([...PROVIDER_IDS].sort()).toEqual(Object.keys(catalogs).sort());
  });
  const providers = ['leadfeeder', 'enrichSo'];
  it('takes a JSON array of limits', () => {
    expect(
      parseSpendLimits(
        '[{"provider":"leadfeeder","period":"month","credits":500,"startDay":12},{"provider":"enrichSo","period":"day","credits":20,"workflow":"wf1"}]',
        providers,
      ),
    ).toEqual([
      { provider: 'leadfeeder', period: 'month', credits: 500, startDay: 12 },
      { provider: 'enrichSo', period: 'day', credits: 20, workflow: 'wf1' },
    ]);
    expect(parseSpendLimits('', providers)).toEqual([]);
    expect(parseSpendLimits('{"period":"day","credits":3}', providers, { provider: 'enrichSo' })).toEqual([
      { provider: 'enrichSo', period: 'day', credits: 3 },
    ]);
  });
  it.each([
    ['{"provider":"apollo","period":"month","credits":5}', /entry 1: "provider" must be one of leadfeeder, enrichSo/],
    ['[{"provider":"leadfeeder","period":"week","credits":5}]', /"period" must be "day" or "month"/],
    ['[{"provider":"leadfeeder","period":"month","credits":-1}]', /"credits" must be a number of credits, 0 or more/],
    ['[{"provider":"leadfeeder","period":"day","credits":5,"startDay":3}]', /"startDay" must be a day of the month from 1 to 28, on a month limit/],
    ['[{"provider":"leadfeeder","period":"day","credit":5}]', /"credit" must be one of the known fields/],
    ['not json', /Spend Limits must be JSON/],
  ])('names the entry and the rule: %s', (raw, message) => {
    expect(() => parseSpendLimits(raw, providers)).toThrow(message);
  });
});
