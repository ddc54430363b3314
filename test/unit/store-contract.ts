/**
 * What every Store must do, written once so that a Redis store runs exactly the same checks as
 * the in-memory one. Call `describeStoreContract` from a `.test.ts` file.
 */
import type { RatePolicy } from '../../shared/catalog/types';
import { FakeClock } from '../../shared/clock';
import type { Store } from '../../shared/store/types';

export interface StoreContractOptions {
  /**
   * False for stores whose expiry runs on their own server's time (Redis): the TTL checks,
   * which move the FakeClock, are then skipped.
   */
  ttlFollowsClock?: boolean;
}

/** Grant times (ms) in any closed window [t, t + windowMs]: the largest count. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! <= sorted[start]! + windowMs) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

export function describeStoreContract(
  name: string,
  makeStore: (clock: FakeClock) => Promise<Store>,
  opts: StoreContractOptions = {},
): void {
  const ttlIt = opts.ttlFollowsClock === false ? it.skip : it;

  describe(`${name} (Store contract)`, () => {
    let clock: FakeClock;
    let store: Store;

    beforeEach(async () => {
      clock = new FakeClock(1_000_000);
      store = await makeStore(clock);
    });

    afterEach(async () => {
      await store.close?.();
    });

    it('gives back what was stored, and nothing for a key never set', async () => {
      await store.set('job:1', { status: 'queued', items: [1, 2, 3] });
      expect(await store.get('job:1')).toEqual({ status: 'queued', items: [1, 2, 3] });
      expect(await store.get('job:2')).toBeUndefined();
    });

    it('returns a copy, so changing a read value does not change the stored one', async () => {
      await store.set('job:1', { status: 'queued' });
      const read = await store.get<{ status: string }>('job:1');
      read!.status = 'tampered';
      expect(await store.get('job:1')).toEqual({ status: 'queued' });
    });

    ttlIt('forgets a value once its TTL has passed on the clock', async () => {
      await store.set('cache:a', 'answer', 5_000);
      await clock.advance(4_999);
      expect(await store.get('cache:a')).toBe('answer');
      await clock.advance(1);
      expect(await store.get('cache:a')).toBeUndefined();
    });

    it('setIfAbsent claims a key only once (an idempotency record)', async () => {
      expect(await store.setIfAbsent('submit:abc', 'job-1')).toBe(true);
      expect(await store.setIfAbsent('submit:abc', 'job-2')).toBe(false);
      expect(await store.get('submit:abc')).toBe('job-1');
    });

    it('setIfAbsent lets exactly one of many concurrent claimants win', async () => {
      const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent('event:e1', i)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    ttlIt('setIfAbsent can claim again after the earlier claim expired', async () => {
      expect(await store.setIfAbsent('seen:e1', true, 1_000)).toBe(true);
      await clock.advance(1_000);
      expect(await store.setIfAbsent('seen:e1', true, 1_000)).toBe(true);
    });

    it('delete removes a value', async () => {
      await store.set('k', 1);
      await store.delete('k');
      expect(await store.get('k')).toBeUndefined();
      await expect(store.delete('never-set')).resolves.toBeUndefined();
    });

    it('incrBy starts a counter at 0 and adds atomically under concurrency', async () => {
      expect(await store.incrBy('spent', 10)).toBe(10);
      await Promise.all(Array.from({ length: 100 }, () => store.incrBy('spent', 1)));
      expect(await store.incrBy('spent', 0)).toBe(110);
      expect(await store.incrBy('spent', -10)).toBe(100);
    });

    ttlIt('an incrBy counter expires from when it was created, not from each increment', async () => {
      await store.incrBy('monthly', 1, 10_000);
      await clock.advance(6_000);
      await store.incrBy('monthly', 1, 10_000);
      await clock.advance(4_000);
      expect(await store.get('monthly')).toBeUndefined();
      expect(await store.incrBy('monthly', 1, 10_000)).toBe(1);
    });

    it('rejects a TTL that is not a positive number of milliseconds', async () => {
      await expect(store.set('k', 1, 0)).rejects.toThrow(/ttlMs/);
      await expect(store.set('k', 1, -5)).rejects.toThrow(/ttlMs/);
    });

    describe('takeToken', () => {
      const perMinute: RatePolicy = { rate: 300, windowMs: 60_000, burst: 25 };

      it('starts full: 19 tokens at once for 300/min with burst 25 (a second of refill plus one of headroom below the burst), then asks to wait', async () => {
        const now = clock.now();
        const grants = [];
        for (let i = 0; i < 20; i++) grants.push(await store.takeToken('ic:acct:default', perMinute, now));
        expect(grants.slice(0, 19).every((g) => g.granted)).toBe(true);
        // refill: 300 - 19 up front - 3 of jitter headroom (1%) = 278 per minute
        expect(grants[19]).toEqual({ granted: false, waitMs: Math.ceil(60_000 / 278) });
      });

      it('grants again once the announced wait has passed', async () => {
        const now = clock.now();
        for (let i = 0; i < 19; i++) await store.takeToken('b', perMinute, now);
        const refused = await store.takeToken('b', perMinute, now);
        expect(refused.granted).toBe(false);
        expect((await store.takeToken('b', perMinute, now + refused.waitMs - 1)).granted).toBe(false);
        expect((await store.takeToken('b', perMinute, now + refused.waitMs)).granted).toBe(true);
      });

      it('never grants more than `rate` in any window, however hard it is asked', async () => {
        const policy: RatePolicy = { rate: 100, windowMs: 60_000, burst: 15 };
        const granted: number[] = [];
        const start = clock.now();
        // Ask every 50 ms for 3 minutes: far more than the limit.
        for (let t = start; t <= start + 180_000; t += 50) {
          if ((await store.takeToken('lf:acct:default', policy, t)).granted) granted.push(t);
        }
        expect(busiestWindow(granted, 60_000)).toBeLessThanOrEqual(100);
        expect(busiestWindow(granted, 0)).toBeLessThanOrEqual(10); // capacity = min(15, 100 / 10)
        // …and does not under-deliver: the 10 up front plus a steady 89 per minute (1 of headroom) for 3 minutes.
        expect(granted.length).toBeGreaterThanOrEqual(277);
      });

      it('keeps separate buckets per key (per provider, account and bucket)', async () => {
        const tiny: RatePolicy = { rate: 1, windowMs: 1_000, burst: 1 };
        const now = clock.now();
        expect((await store.takeToken('p:a:default', tiny, now)).granted).toBe(true);
        expect((await store.takeToken('p:a:default', tiny, now)).granted).toBe(false);
        expect((await store.takeToken('p:b:default', tiny, now)).granted).toBe(true);
      });

      it('a rate of 1 per window allows exactly one grant in any closed window', async () => {
        const tiny: RatePolicy = { rate: 1, windowMs: 1_000, burst: 5 };
        const now = clock.now();
        expect((await store.takeToken('one', tiny, now)).granted).toBe(true);
        expect((await store.takeToken('one', tiny, now + 1_000)).granted).toBe(false);
        expect((await store.takeToken('one', tiny, now + 1_001)).granted).toBe(true);
      });

      it('rejects a policy with a zero or missing rate instead of waiting forever', async () => {
        await expect(store.takeToken('bad', { rate: 0, windowMs: 1_000, burst: 1 }, clock.now())).rejects.toThrow(/rate/);
      });
    });
  });
}
