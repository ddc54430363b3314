/**
 * The client paces itself to Leadfeeder's documented limit (10 a second, bursts of 15) over real
 * sockets, in real time (one clock for both). That the schedule itself never outruns the limit,
 * for every provider's shape, is proven exactly on a fake clock in test/unit/throttle.test.ts,
 * and measured at full speed by `npm run bench`. Here, on whatever machine runs it, what the user
 * sees must hold: every lookup answers, none faster than the limit allows, and a 429 that a host
 * stall can still provoke (a request held up more than the two spare tokens' 200 ms while the
 * one after it was not) is waited out and asked once more, never failed and never repeated twice.
 */
import { scaledClock } from '../../shared/platform';
import { createClient } from '../../shared/client';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { startSandbox } from '../../sandbox/server';

it('60 lookups in a row all answer, paced no faster than the limit allows', async () => {
  const clock = scaledClock(1);
  const sandbox = await startSandbox({ port: 0, clock, leadfeeder: { rateLimit: { perSecond: 10, burst: 15 } } });
  try {
    const lf = sandbox.providers.leadfeeder;
    const client = createClient({ provider: leadfeeder, apiKey: lf.apiKey, baseUrl: lf.baseUrl, credential: { accountId: lf.accountId }, clock });
    const started = clock.now();
    const outcomes = await client.runEach(
      Array.from({ length: 60 }, (_, i) => i),
      () => client.call('tag.list', {}),
      { concurrency: 8 },
    );
    const elapsed = clock.now() - started;
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    // Each refusal was asked again exactly once: 60 answers, plus one request per 429.
    const refused = lf.requests().filter((r) => r.status === 429).length;
    expect(lf.requests()).toHaveLength(60 + refused);
    // 15 at once, then 10 a second: 60 requests need at least 4.5 s.
    expect(elapsed).toBeGreaterThanOrEqual(4500);
  } finally {
    await sandbox.close();
  }
});
