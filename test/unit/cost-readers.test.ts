/**
 * Reported costs (issue 7, item 4): a catalog composes readers for wherever its provider says
 * what it charged — a header, a body path — and fractional credits add up exactly.
 */
import { chargedAsReported, creditsFromHeader, creditsInBody, firstReported, perLookup, reportedMeta } from '../../shared/catalog';
import type { ProviderCatalog } from '../../shared/catalog/types';
import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { MemoryStore } from '../../shared/store/memory';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';
import type { HttpResponse } from '../../shared/transport/types';

const charged = firstReported(creditsFromHeader('Credits-Deducted'), creditsInBody('credits_cost'), creditsInBody('meta', 'credits', 'charged'));

/** The toy, but reporting its charge the three ways real providers do. */
const reportingToy: ProviderCatalog = {
  ...toyCatalog,
  unwrap: (body, response) => ({ data: (body as { data?: unknown })?.data ?? body, meta: reportedMeta({ creditsUsed: charged }, { response, body }) }),
};

function client(answer: (n: number) => HttpResponse) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport((_req, n) => answer(n));
  const fast = { default: { rate: 1_000_000, windowMs: 1000, burst: 1_000_000 } };
  return createClient({ provider: reportingToy, apiKey: 'k', transport, clock, store: new MemoryStore({ clock }), rateLimits: fast, readBalanceFirst: false });
}

describe('credits the provider reports', () => {
  it('reads a header, a top-level body field and a nested body path, the header first', async () => {
    const answers = [
      json(200, { data: { found: true } }, { 'credits-deducted': '2' }),
      json(200, { data: { found: true }, credits_cost: 1.5 }),
      json(200, { data: { found: true }, meta: { credits: { charged: '0.03' } } }),
      json(200, { data: { found: true }, credits_cost: 9 }, { 'credits-deducted': '0' }),
    ];
    const c = client((n) => answers[n - 1]);
    const costs: number[] = [];
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']) costs.push((await c.call('person.lookup', { email })).credits.charged);
    expect(costs).toEqual([2, 1.5, 0.03, 0]);
    expect(c.summary().charged).toBe(3.53);
  });

  it('falls back to the cost model when the provider says nothing, or something that is not an amount', async () => {
    const answers = [json(200, { data: { found: true } }), json(200, { data: { found: false } }, { 'credits-deducted': 'n/a' })];
    const c = client((n) => answers[n - 1]);
    expect((await c.call('person.lookup', { email: 'a@x.io' })).credits).toMatchObject({ charged: 10, source: 'model' });
    expect((await c.call('person.lookup', { email: 'b@x.io' })).credits).toMatchObject({ charged: 0, source: 'model' });
  });

  it('adds 0.01 a call a thousand times to exactly 10 credits (micro-credits, no float drift)', async () => {
    const c = client(() => json(200, { data: { found: true } }, { 'credits-deducted': '0.01' }));
    for (let i = 0; i < 1000; i++) await c.call('person.lookup', { email: `p${i}@x.io` });
    expect(c.summary().charged).toBe(10);
    let float = 0;
    for (let i = 0; i < 1000; i++) float += 0.01;
    expect(float).not.toBe(10); // what a float ledger would have said
  });
});

describe('a cost model charged as reported', () => {
  it('takes the reported amount over its own, and its own when nothing is reported', () => {
    const model = chargedAsReported(
      creditsFromHeader('credits-deducted'),
      perLookup(1, '1 credit; free when not found', (d) => (d as { found: boolean }).found),
    );
    const ctx = (headers: Record<string, string>, found: boolean) => ({ input: {}, data: { found }, meta: {}, response: { status: 200, headers, body: '' } });
    expect(model.estimate({})).toBe(1_000_000);
    expect(model.actual!(ctx({ 'credits-deducted': '0.5' }, true))).toBe(500_000);
    expect(model.actual!(ctx({}, true))).toBe(1_000_000);
    expect(model.actual!(ctx({}, false))).toBe(0);
  });
});
