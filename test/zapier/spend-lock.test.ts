/**
 * z.cache has no atomic increment; the spend book takes turns across Zap runs through a lock
 * written with `nx` (which Zapier refuses to a second writer). Here each run is its own
 * ZapierCacheStore on one shared cache that honours `nx` as the platform does.
 */
import { createHash } from 'node:crypto';
import { credits, systemClock } from '../../shared';
import { SpendLimiter } from '../../shared/spend/limiter';
import { SpendLimitError } from '../../shared/spend/limits';
import { ZapierCacheStore } from '../../zapier-app/lib/store';
import type { Z } from '../../zapier-app/lib/zapier';

/** A z.cache shared by many runs: every call is a network round trip (a tick), `nx` is honoured or not. */
function sharedCache(honoursNx: boolean) {
  const data = new Map<string, unknown>();
  const tick = () => new Promise((r) => setImmediate(r));
  const cache = {
    get: async (key: string) => (await tick(), data.has(key) ? structuredClone(data.get(key)) : null),
    set: async (key: string, value: unknown, _ttl?: number, _scope?: unknown, nx?: boolean) => {
      await tick();
      if (nx && honoursNx && data.has(key)) return false;
      data.set(key, structuredClone(value));
      return true;
    },
    delete: async (key: string) => (await tick(), data.delete(key)),
  };
  return () => ({ cache, hash: (_alg: string, s: string) => createHash('sha256').update(s).digest('hex') }) as unknown as Z;
}

async function concurrentRuns(honoursNx: boolean): Promise<number> {
  const zFor = sharedCache(honoursNx);
  const limits = [{ provider: 'enrichSo', period: 'month' as const, credits: 5 }];
  const runs = Array.from(
    { length: 10 },
    (_, i) => new SpendLimiter({ store: new ZapierCacheStore(zFor(), systemClock), limits, provider: 'enrichSo', workflow: `zap-${i}`, scope: 'key1' }),
  );
  const held = await Promise.all(
    runs.map((run) =>
      run.hold(credits(1)).then(
        () => true,
        (e) => (e instanceof SpendLimitError ? false : Promise.reject(e)),
      ),
    ),
  );
  return held.filter(Boolean).length;
}

test('ten Zap runs at once against a limit of 5: exactly 5 hold credits, because each step takes the nx lock', async () => {
  expect(await concurrentRuns(true)).toBe(5);
});

test('without nx (what a plain read-then-write would do) the same runs overshoot: the lock is what keeps the limit', async () => {
  expect(await concurrentRuns(false)).toBeGreaterThan(5);
});
