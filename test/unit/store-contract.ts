/**
 * What every Store must do, written once so that a Redis store runs exactly the same checks as
 * the in-memory one. Call `describeStoreContract` from a `.test.ts` file.
 */
import fc from 'fast-check';
import { FakeClock } from '../../shared/clock';
import { type RateShape, rateShape } from '../../shared/rateSchedule';
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

/**
 * Reservations (sorted) that find a window already full: the requests before them that a window
 * of the shape still holds number `count` or more. Empty when the schedule keeps every window.
 */
export function overfullWindows(at: readonly number[], shape: RateShape): string[] {
  const sorted = [...at].sort((a, b) => a - b);
  const found: string[] = [];
  sorted.forEach((t, i) => {
    for (const w of shape.windows) {
      const inWindow = sorted.slice(0, i).filter((s) => s > t - w.windowMs).length;
      if (inWindow >= w.count) found.push(`#${i} at ${t}: ${inWindow} already in ${w.windowMs} ms`);
    }
  });
  return found;
}

/**
 * Reservations (in the order given) that could have come 1 ms sooner: after the one before,
 * and with every window of the shape still having room then. Empty for an earliest schedule.
 */
export function laterThanNeeded(at: readonly number[], shape: RateShape): string[] {
  const found: string[] = [];
  at.forEach((t, i) => {
    if (i === 0 || t - 1 < at[i - 1]!) return;
    const before = at.slice(0, i);
    const full = shape.windows.some((w) => before.filter((s) => s > t - 1 - w.windowMs).length >= w.count);
    if (!full) found.push(`#${i} at ${t}`);
  });
  return found;
}

export function describeStoreContract(name: string, makeStore: (clock: FakeClock) => Promise<Store>, opts: StoreContractOptions = {}): void {
  // A store that expires keys on its own clock (Redis) has its TTLs checked against that clock
  // (redis-store.test.ts); these FakeClock checks are then not registered at all.
  const ttlIt = (name: string, fn: () => Promise<void>) => {
    if (opts.ttlFollowsClock !== false) it(name, fn);
  };

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

    describe('rate schedules (reserveSlot, holdSlots)', () => {
      // Enrich.so "growth" paid lookups: 100 in any minute, 25 in any second.
      const growth = rateShape({ rate: 100, windowMs: 60_000, burst: 25 });

      /** Ask for `count` slots at once (all at `now`); the absolute moments reserved. */
      async function reserveMany(key: string, shape: RateShape, count: number, now = clock.now()): Promise<number[]> {
        const at: number[] = [];
        for (let i = 0; i < count; i++) at.push(now + (await store.reserveSlot(key, shape, now)).waitMs);
        return at;
      }

      it('never puts more than a window allows in any window, and puts each request at the earliest moment that does', async () => {
        const at = await reserveMany('es:acct:enrichment', growth, 250);
        expect(overfullWindows(at, growth)).toEqual([]);
        expect(laterThanNeeded(at, growth)).toEqual([]);
        // 25 at once, the next 25 a second (plus jitter headroom) later, …; the 101st a minute after the first.
        expect(at.slice(0, 25).every((t) => t === at[0])).toBe(true);
        expect(at[25]! - at[0]!).toBe(1_100);
        expect(at[100]! - at[0]!).toBe(60_300);
      });

      it('a token bucket (Leadfeeder: 10 a second, bursts of 15) gives its capacity at once, then one every interval', async () => {
        const bucket = rateShape({ rate: 10, windowMs: 1_000, burst: 15 });
        const now = clock.now();
        const waits = (await reserveMany('lf:acct:default', bucket, 30, now)).map((t) => t - now);
        // 13 at once (2 of the 15 kept spare for requests that arrive bunched up), then one every 100 ms.
        expect(waits.slice(0, 13)).toEqual(Array(13).fill(0));
        expect(waits.slice(13)).toEqual(Array.from({ length: 17 }, (_, i) => (i + 1) * 100));
      });

      it('reservations asked later start from the later moment, and stay in order', async () => {
        const tiny = rateShape({ rate: 1, windowMs: 1_000, burst: 1 });
        const now = clock.now();
        expect((await store.reserveSlot('one', tiny, now)).waitMs).toBe(0);
        expect((await store.reserveSlot('one', tiny, now + 400)).waitMs).toBe(700);
        expect((await store.reserveSlot('one', tiny, now + 5_000)).waitMs).toBe(0);
      });

      it('a request answered late counts where its answer came, never earlier than its slot', async () => {
        const tiny = rateShape({ rate: 1, windowMs: 1_000, burst: 1 });
        const now = clock.now();
        const first = await store.reserveSlot('slow', tiny, now);
        await store.settleSlot('slow', tiny, first.id, now - 50);
        await store.settleSlot('slow', tiny, first.id, now + 500);
        expect((await store.reserveSlot('slow', tiny, now)).waitMs).toBe(1_600);
      });

      it('a request answered late still counts where its answer came after later requests pushed its stamp out', async () => {
        // 1 in any second: the second request is reserved a window after the first, which leaves
        // the kept list; the first's answer then comes after the second was sent.
        const tiny = rateShape({ rate: 1, windowMs: 1_000, burst: 1 });
        const now = clock.now();
        const first = await store.reserveSlot('crowded', tiny, now);
        expect((await store.reserveSlot('crowded', tiny, now)).waitMs).toBe(1_100);
        await store.settleSlot('crowded', tiny, first.id, now + 1_500);
        expect((await store.reserveSlot('crowded', tiny, now + 1_500)).waitMs).toBe(1_100);
      });

      it('an answer later than the longest window still counts where it came', async () => {
        const tiny = rateShape({ rate: 1, windowMs: 1_000, burst: 1 });
        const now = clock.now();
        const first = await store.reserveSlot('very-slow', tiny, now);
        // A second request, a window later, lets go of the first's stamp; then the first's answer comes.
        expect((await store.reserveSlot('very-slow', tiny, now + 2_000)).waitMs).toBe(0);
        await store.settleSlot('very-slow', tiny, first.id, now + 2_500);
        expect((await store.reserveSlot('very-slow', tiny, now + 2_500)).waitMs).toBe(1_100);
      });

      it('every reservation keeps every window, counting each earlier request where its latest answer came (any mix of late answers)', async () => {
        // 2 in any second: requests reserved, and answers arriving late — some after later
        // reservations pushed their stamps out, some after more than a window.
        const shape = rateShape({ rate: 2, windowMs: 1_000, burst: 2 });
        const step = fc.oneof(
          fc.record({ kind: fc.constant('reserve' as const), advanceMs: fc.integer({ min: 0, max: 800 }) }),
          fc.record({ kind: fc.constant('late answer' as const), pick: fc.nat(), lateMs: fc.integer({ min: 0, max: 2_500 }) }),
        );
        let run = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
            const key = `mixed-${++run}`;
            let now = clock.now();
            /** Each request: its id and where it counts now (its slot, or its latest answer). */
            const requests: { id: number; at: number }[] = [];
            for (const s of steps) {
              if (s.kind === 'reserve') {
                now += s.advanceMs;
                const slot = await store.reserveSlot(key, shape, now);
                const at = now + slot.waitMs;
                for (const w of shape.windows) expect(requests.filter((r) => r.at > at - w.windowMs).length).toBeLessThan(w.count);
                requests.push({ id: slot.id, at });
              } else if (requests.length) {
                const r = requests[s.pick % requests.length]!;
                const answeredAt = Math.max(now, r.at) + s.lateMs;
                await store.settleSlot(key, shape, r.id, answeredAt);
                r.at = Math.max(r.at, answeredAt);
                now = Math.max(now, answeredAt);
              }
            }
          }),
          { numRuns: 40, seed: 7 },
        );
      });

      it('a late answer on a token bucket pushes the next token an interval past it', async () => {
        // 2 a second, bursts of 3: two tokens at once (one kept spare), one more every 500 ms.
        const bucket = rateShape({ rate: 2, windowMs: 1_000, burst: 3 });
        const now = clock.now();
        const first = await store.reserveSlot('slow-bucket', bucket, now);
        await store.settleSlot('slow-bucket', bucket, first.id, now + 300);
        // The second token would have been there at once; counted at 300 ms, the first leaves room only 500 ms later.
        expect((await store.reserveSlot('slow-bucket', bucket, now)).waitMs).toBe(300);
      });

      it('keeps separate schedules per key (per provider, account and bucket)', async () => {
        const tiny = rateShape({ rate: 1, windowMs: 1_000, burst: 1 });
        const now = clock.now();
        expect((await store.reserveSlot('p:a:default', tiny, now)).waitMs).toBe(0);
        expect((await store.reserveSlot('p:a:default', tiny, now)).waitMs).toBe(1_100);
        expect((await store.reserveSlot('p:b:default', tiny, now)).waitMs).toBe(0);
      });

      it('a hold (a 429 with Retry-After) pushes every reservation past it; a shorter hold never cuts it short', async () => {
        const now = clock.now();
        await store.holdSlots('held', 7_000, now);
        await store.holdSlots('held', 3_000, now);
        expect((await store.reserveSlot('held', growth, now)).waitMs).toBe(7_000);
        expect((await store.reserveSlot('held', growth, now + 1_000)).waitMs).toBe(6_000);
        expect((await store.reserveSlot('other', growth, now)).waitMs).toBe(0);
      });
    });
  });
}
