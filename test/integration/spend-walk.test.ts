/**
 * A walk that a team spend limit stops keeps the pages it already paid for, as a Credit Budget
 * stop does: Enrich.so's Lead Finder is free for pages 1–3, then 1 credit per lead.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { SpendLimiter } from '../../shared/spend/limiter';
import { MemoryStore } from '../../shared/store/memory';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

test('a monthly limit of 60 stops a 200-lead walk after its paid pages, keeping every lead it paid for', async () => {
  const store = new MemoryStore();
  const spend = new SpendLimiter({ store, provider: 'enrichSo', workflow: 'leads', limits: [{ provider: 'enrichSo', period: 'month', credits: 60 }] });
  const es = sandbox.providers.enrichSo;
  const client = createClient({ provider: enrichSo, apiKey: es.apiKey, baseUrl: es.baseUrl, store, spend });
  const before = es.wallet().balance;
  const walk = await client.list('leadFinder.search', { filters: { jobLevel: ['VP'] } }, { limit: 200, pageSize: 25 });
  await spend.flush();
  // 3 free pages, then 2 pages of 25 at 1 credit each; the third paid page would pass 60.
  expect(walk.items).toHaveLength(125);
  expect(walk).toMatchObject({ pages: 5, stoppedBy: 'budget', credits: { charged: 50 } });
  expect(walk.stopReason).toMatch(/^Spend limit reached: the enrichSo monthly limit of 60 credits has 10 credits left and this call may cost up to 25/);
  expect(before - es.wallet().balance).toBe(50);
  expect((await spend.status())[0]).toMatchObject({ spent: 50, held: 0, left: 10 });
});
