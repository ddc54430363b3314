/**
 * The client paces itself to Leadfeeder's documented limit (10 a second, bursts of 15) so the
 * sandbox, playing that limit with real sockets, never has to refuse, in real time (one clock
 * for both). The client uses the whole rate and keeps two tokens
 * spare (200 ms of refill) for requests that arrive bunched up; a host stall between slot and
 * arrival is multiplied by the speed-up, so at 20× a 10 ms stall on a loaded machine already
 * crossed that (a failure of the host, not of pacing).
 */
import { scaledClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { startSandbox } from '../../sandbox/server';

it('60 lookups in a row: none refused with 429, and no faster than the limit allows', async () => {
  const clock = scaledClock(1);
  const sandbox = await startSandbox({ port: 0, clock, leadfeeder: { rateLimit: { perSecond: 10, burst: 15 } } });
  try {
    const lf = sandbox.providers.leadfeeder;
    const client = createClient({ provider: leadfeeder, apiKey: lf.apiKey, baseUrl: lf.baseUrl, credential: { accountId: lf.accountId }, clock, retry: { retries: 0 } });
    const started = clock.now();
    const outcomes = await client.runEach(Array.from({ length: 60 }, (_, i) => i), () => client.call('tag.list', {}), { concurrency: 8 });
    const elapsed = clock.now() - started;
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(lf.requests().filter((r) => r.status === 429)).toEqual([]);
    // 15 at once, then 10 a second: 60 requests need at least 4.5 s of (scaled) time.
    expect(elapsed).toBeGreaterThanOrEqual(4500);
  } finally {
    await sandbox.close();
  }
});
