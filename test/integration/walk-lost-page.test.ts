/**
 * A walk whose later page's answer is lost on the way (the provider processed and charged it):
 * the pages already paid for are kept, never lost, and the lost page's charge — read from the
 * balance — sits on their records, so the records' credits still sum to what left the wallet.
 */
import { startWorld, worlds, type WorldEnv } from './money-properties/worlds';

let env: WorldEnv;
afterEach(() => env?.close());

it('influencers.club similar creators, Limit 120 at the largest page, page 2 garbled: page 1 is kept and the records carry both pages', async () => {
  env = await startWorld(worlds.find((w) => w.provider === 'influencersClub')!);
  const op = env.world.catalog.operations.find((o) => o.key === 'discovery.similar')!;
  expect(op.retrySafe).toBe(false); // a lost page is not asked again: it may have been charged
  env.sandbox.faults.add({ method: op.method, path: env.pathOf(op.path), kind: 'malformed', skip: 1 });
  const client = env.client();
  const before = env.wallet();
  const walk = await client.list(
    op.key,
    { platform: 'youtube', filter_key: 'username', filter_value: 'mkbhd' },
    { limit: 120, pageSize: op.pagination!.maxPageSize },
  );
  const spent = Math.round((before - env.wallet()) * 1e6) / 1e6;
  expect(walk).toMatchObject({ pages: 1, stoppedBy: 'lostAnswer', stopReason: expect.stringContaining('malformed') });
  expect(walk.items.length).toBeGreaterThan(0);
  expect(walk.itemCredits).toHaveLength(walk.items.length);
  expect(spent).toBeGreaterThan(0);
  expect(Math.round(walk.itemCredits.reduce((s, c) => s + c.charged, 0) * 1e6) / 1e6).toBe(spent);
  expect(walk.credits.charged).toBe(spent);
  expect(client.summary().charged).toBe(spent);
});
