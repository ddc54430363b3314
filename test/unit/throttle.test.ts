import type { RatePolicy } from '../../shared/catalog/types';
import { FakeClock } from '../../shared/clock';
import { MemoryStore } from '../../shared/store/memory';
import { Throttle } from '../../shared/throttle';
import { busiestWindow } from './store-contract';

const influencersClub: RatePolicy = { rate: 300, windowMs: 60_000, burst: 25 };

/** Start `count` acquisitions at once and note the clock time each one is granted. */
function acquireMany(throttle: Throttle, clock: FakeClock, key: string, policy: RatePolicy, count: number) {
  const grantedAt: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, () => throttle.acquire(key, policy).then(() => grantedAt.push(clock.now()))),
  );
  return { grantedAt, done };
}

describe('throttling to the provider’s documented limits', () => {
  it('600 requests at 300/min burst 25 never exceed 300 in any 60 s nor 25 in any second, and finish on time', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    const { grantedAt, done } = acquireMany(throttle, clock, 'influencersclub:acct-1:default', influencersClub, 600);
    await clock.run(done);

    expect(grantedAt).toHaveLength(600);
    expect(busiestWindow(grantedAt, 60_000)).toBeLessThanOrEqual(300);
    expect(busiestWindow(grantedAt, 999)).toBeLessThanOrEqual(25);
    // 19 at once (19 + one second of refill stays a request under the burst of 25), then the
    // other 581 at the refill rate of (300 - 19 - 3 of headroom) per minute.
    expect(grantedAt.filter((t) => t === 0)).toHaveLength(19);
    const expectedEnd = Math.ceil((581 * 60_000) / 278);
    expect(Math.max(...grantedAt)).toBeGreaterThanOrEqual(expectedEnd);
    expect(Math.max(...grantedAt)).toBeLessThanOrEqual(expectedEnd + 1);
  });

  it('two workers sharing one store share one limit', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const leadfeeder: RatePolicy = { rate: 100, windowMs: 60_000, burst: 15 };
    const a = acquireMany(new Throttle(store, clock), clock, 'leadfeeder:acct:default', leadfeeder, 150);
    const b = acquireMany(new Throttle(store, clock), clock, 'leadfeeder:acct:default', leadfeeder, 150);
    await clock.run(Promise.all([a.done, b.done]));
    const all = [...a.grantedAt, ...b.grantedAt];
    expect(all).toHaveLength(300);
    expect(busiestWindow(all, 60_000)).toBeLessThanOrEqual(100);
    expect(a.grantedAt.length).toBeGreaterThan(0);
    expect(b.grantedAt.length).toBeGreaterThan(0);
  });

  it('serves waiters first come, first served and reports how long each waited', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    const perSecond: RatePolicy = { rate: 1, windowMs: 1_000, burst: 1 };
    const order: number[] = [];
    const waits = Promise.all(
      [0, 1, 2].map((i) =>
        throttle.acquire('smarte:acct:default', perSecond).then((waited) => {
          order.push(i);
          return waited;
        }),
      ),
    );
    const waited = await clock.run(waits, 100);
    expect(order).toEqual([0, 1, 2]);
    expect(waited).toEqual([0, 1_001, 2_002]);
  });

  it('keeps separate provider/account buckets apart', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    const tiny: RatePolicy = { rate: 1, windowMs: 60_000, burst: 1 };
    expect(await throttle.acquire('enrichso:acct-1:default', tiny)).toBe(0);
    expect(await throttle.acquire('enrichso:acct-2:default', tiny)).toBe(0);
  });
});

describe('limits evaluated over several windows at once', () => {
  it('300 a minute measured over 5 minutes: 1,600 requests never exceed 300 in any minute nor 1,500 in any 5 minutes', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    const policy: RatePolicy = { rate: 300, windowMs: 60_000, burst: 300, windows: [{ rate: 1_500, windowMs: 300_000 }] };
    const { grantedAt, done } = acquireMany(throttle, clock, 'provider:acct-1:default', policy, 1_600);
    await clock.run(done);
    expect(grantedAt).toHaveLength(1_600);
    expect(busiestWindow(grantedAt, 60_000)).toBeLessThanOrEqual(300);
    expect(busiestWindow(grantedAt, 300_000)).toBeLessThanOrEqual(1_500);
  });

  it('a tighter second window holds requests the first would let through', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    // 10 a second, but only 20 in any 10 seconds.
    const policy: RatePolicy = { rate: 10, windowMs: 1_000, burst: 10, windows: [{ rate: 20, windowMs: 10_000 }] };
    const { grantedAt, done } = acquireMany(throttle, clock, 'provider:acct-1:default', policy, 40);
    await clock.run(done);
    expect(busiestWindow(grantedAt, 10_000)).toBeLessThanOrEqual(20);
    expect(busiestWindow(grantedAt, 1_000)).toBeLessThanOrEqual(10);
    // Without the second window all 40 would pass within about 5 s.
    expect(Math.max(...grantedAt)).toBeGreaterThan(10_000);
  });
});

describe('pausing after a 429 with Retry-After', () => {
  it('makes every caller sharing the key wait until the pause ends, on any worker', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const worker1 = new Throttle(store, clock);
    const worker2 = new Throttle(store, clock);
    const key = 'enrichso:acct:default';
    await worker1.pauseUntil(key, 7_000);

    const waits = Promise.all([worker1.acquire(key, influencersClub), worker2.acquire(key, influencersClub), worker1.acquire(key, influencersClub)]);
    await clock.advance(6_999);
    expect(clock.pendingSleepers).toBeGreaterThan(0);
    const waited = await clock.run(waits, 1);
    expect(waited).toEqual([7_000, 7_000, 7_000]);
    // Another account is not paused.
    expect(await worker1.acquire('enrichso:other:default', influencersClub)).toBe(0);
  });

  it('a shorter pause never cuts a longer one short', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    await throttle.pauseUntil('k', 10_000);
    await throttle.pauseUntil('k', 3_000);
    expect(await clock.run(throttle.acquire('k', influencersClub), 500)).toBe(10_000);
  });
});

describe('aborting while waiting for a token', () => {
  const perMinute: RatePolicy = { rate: 1, windowMs: 60_000, burst: 1 };

  it('rejects with an aborted error and does not hold up the callers behind it', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    await throttle.acquire('k', perMinute); // empties the bucket
    const controller = new AbortController();
    const aborted = throttle.acquire('k', perMinute, controller.signal);
    const behind = throttle.acquire('k', perMinute);
    aborted.catch(() => undefined);
    await clock.advance(1_000);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'transport', reason: 'aborted' });
    // The aborted caller took no token: the one behind it gets the next one, a window after the first.
    expect(await clock.run(behind, 1_000)).toBe(60_001);
  });

  it('rejects at once when the signal is already aborted, taking no token', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    const controller = new AbortController();
    controller.abort();
    await expect(throttle.acquire('k', perMinute, controller.signal)).rejects.toMatchObject({ reason: 'aborted' });
    expect(await throttle.acquire('k', perMinute)).toBe(0);
  });

  it('rejects while it waits in line behind another caller', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    await throttle.acquire('k', perMinute);
    const first = throttle.acquire('k', perMinute);
    const controller = new AbortController();
    const second = throttle.acquire('k', perMinute, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ reason: 'aborted' });
    expect(await clock.run(first, 1_000)).toBe(60_001);
  });
});
