import type { RatePolicy } from '../../shared/catalog/types';
import { type Clock, FakeClock } from '../../shared/clock';
import { enrichLayer } from '../../shared/providers/enrichLayer';
import { enrichSoPlans } from '../../shared/providers/enrichSo';
import { influencersClub } from '../../shared/providers/influencersClub';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { credentialRatePolicy } from '../../shared/credentials';
import { smarte } from '../../shared/providers/smarte';
import { rateShape, reserveSlot, type ScheduleState } from '../../shared/rateSchedule';
import { MemoryStore } from '../../shared/store/memory';
import { Throttle } from '../../shared/throttle';
import { type RateCheck, SlidingWindowLimiter } from '../../sandbox/kit/rate-limiter';
import { TokenBucketLimiter } from '../../sandbox/kit/token-bucket';
import { busiestWindow } from './store-contract';

/** Start `count` acquisitions at once and note the clock time each one is granted. */
function acquireMany(throttle: Throttle, clock: Clock, key: string, policy: RatePolicy, count: number) {
  const grantedAt: number[] = [];
  const done = Promise.all(Array.from({ length: count }, () => throttle.acquire(key, policy).then(() => grantedAt.push(clock.now()))));
  return { grantedAt, done };
}

/**
 * The sandbox's own limiter for a provider (the one that answers 429), fed the moments the
 * throttle let requests go: how many it would refuse.
 */
function refusedBySandbox(times: number[], provider: { checks?: RateCheck[]; bucket?: { perSecond: number; burst: number } }): number {
  let now = 0;
  const sliding = new SlidingWindowLimiter(() => now);
  const bucket = new TokenBucketLimiter(() => now);
  let refused = 0;
  for (const t of [...times].sort((a, b) => a - b)) {
    now = t;
    const ok = provider.bucket ? bucket.take('k', provider.bucket).allowed : sliding.take(provider.checks ?? [])?.allowed !== false;
    if (!ok) refused++;
  }
  return refused;
}

/** Run `count` requests through one throttle on a fake clock; the moments they were let go. */
async function schedule(policy: RatePolicy, count: number): Promise<number[]> {
  const clock = new FakeClock();
  const throttle = new Throttle(new MemoryStore({ clock }), clock);
  const { grantedAt, done } = acquireMany(throttle, clock, 'provider:acct:default', policy, count);
  // Sleepers wake at their own deadlines whatever the step; a long step only saves idle turns.
  await clock.run(done, 60_000);
  return grantedAt;
}

/**
 * When the contract itself lets the `count`-th request through, each sent at the earliest moment
 * it allows (no headroom): the sliding windows as the sandbox counts them, or a full token bucket.
 */
function contractTime(policy: RatePolicy, count: number): number {
  const windows = policy.burst > policy.rate ? [] : [{ count: policy.rate, windowMs: policy.windowMs }];
  if (policy.burst < policy.rate && policy.windowMs > 1_000) windows.push({ count: policy.burst, windowMs: 1_000 });
  for (const w of policy.windows ?? []) windows.push({ count: w.rate, windowMs: w.windowMs });
  const interval = policy.windowMs / policy.rate;
  const times: number[] = [];
  for (let i = 0; ; i++) {
    let at = times[i - 1] ?? 0;
    for (const w of windows) at = Math.max(at, (times[i - w.count] ?? -Infinity) + w.windowMs);
    if (policy.burst > policy.rate) at = Math.max(at, (i - policy.burst + 1) * interval);
    if (i === count - 1) return at;
    times.push(at);
  }
}

describe('pacing each provider at its full contract, never past it', () => {
  const minute = (rate: number, burst = rate): RateCheck => ({ key: 'k', rule: { rate, windowMs: 60_000, burst } });
  // `count`: the first request after some whole windows, so the time is the windows' length.
  const cases: { name: string; policy: RatePolicy; sandbox: Parameters<typeof refusedBySandbox>[1]; count: number }[] = [
    { name: 'influencers.club: 300 in any minute', policy: influencersClub.rateLimits.default, sandbox: { checks: [minute(300)] }, count: 1_501 },
    {
      name: 'Leadfeeder: 10 a second, bursts of 15 (a token bucket)',
      policy: leadfeeder.rateLimits.default,
      sandbox: { bucket: { perSecond: 10, burst: 15 } },
      count: 2_000,
    },
    {
      name: 'EnrichLayer: 300 a minute and 1,500 in any 5 minutes',
      policy: enrichLayer.rateLimits.default,
      sandbox: { checks: [minute(300), { key: 'k5', rule: { rate: 1_500, windowMs: 300_000, burst: 1_500 } }] },
      count: 4_501,
    },
    {
      name: 'Enrich.so growth paid lookups: 100 a minute, 25 in any second',
      policy: enrichSoPlans.growth.enrichment,
      sandbox: { checks: [minute(100, 25)] },
      count: 601,
    },
    { name: 'SMARTe at a contract of 120 a minute', policy: credentialRatePolicy(smarte, 120)!, sandbox: { checks: [minute(120)] }, count: 721 },
  ];

  it.each(cases)('$name: the sandbox refuses none, at ≥ 99% of the rate the contract allows', async ({ policy, sandbox, count }) => {
    const times = await schedule(policy, count);
    expect(times).toHaveLength(count);
    expect(refusedBySandbox(times, sandbox)).toBe(0);
    // The last of `count` requests goes no later than the contract's own earliest moment ÷ 0.99.
    expect(contractTime(policy, count) / Math.max(...times)).toBeGreaterThanOrEqual(0.99);
  });

  it('the sandbox check can fail: a schedule one request over the minute is refused', async () => {
    const times = [...(await schedule(influencersClub.rateLimits.default, 300)), 59_999];
    expect(refusedBySandbox(times, { checks: [minute(300)] })).toBe(1);
  });

  it('two workers sharing one store share one schedule', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const policy: RatePolicy = { rate: 100, windowMs: 60_000, burst: 15 };
    const a = acquireMany(new Throttle(store, clock), clock, 'leadfeeder:acct:default', policy, 150);
    const b = acquireMany(new Throttle(store, clock), clock, 'leadfeeder:acct:default', policy, 150);
    await clock.run(Promise.all([a.done, b.done]));
    const all = [...a.grantedAt, ...b.grantedAt];
    expect(all).toHaveLength(300);
    expect(busiestWindow(all, 60_000)).toBeLessThanOrEqual(100);
    expect(busiestWindow(all, 1_000)).toBeLessThanOrEqual(15);
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
        throttle.acquire('smarte:acct:default', perSecond).then((permit) => {
          order.push(i);
          return permit.waitedMs;
        }),
      ),
    );
    const waited = await clock.run(waits, 100);
    expect(order).toEqual([0, 1, 2]);
    // One a second, plus 100 ms of headroom for network jitter.
    expect(waited).toEqual([0, 1_100, 2_200]);
  });

  it('keeps separate provider/account schedules apart', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    const tiny: RatePolicy = { rate: 1, windowMs: 60_000, burst: 1 };
    expect((await throttle.acquire('enrichso:acct-1:default', tiny)).waitedMs).toBe(0);
    expect((await throttle.acquire('enrichso:acct-2:default', tiny)).waitedMs).toBe(0);
  });
});

describe('a caller that wakes late (a busy machine)', () => {
  it('is counted when it really sent, so the request after it keeps a whole window from it', async () => {
    const clock = new FakeClock();
    // The first sleep oversleeps by 2 s: the second request goes at 12.1 s, not at its 10.1 s slot.
    let sleeps = 0;
    const late: Clock = { now: () => clock.now(), sleep: (ms) => clock.sleep(ms + (sleeps++ === 0 ? 2_000 : 0)) };
    const throttle = new Throttle(new MemoryStore({ clock }), late);
    const policy: RatePolicy = { rate: 1, windowMs: 10_000, burst: 1 };
    const sent: number[] = [];
    const go = () => throttle.acquire('k', policy).then(() => sent.push(clock.now()));
    await clock.run(Promise.all([go(), go()]), 50);
    expect(sent).toEqual([0, 12_100]);
    await clock.run(go(), 50);
    expect(sent[2]).toBe(12_100 + 10_100);
  });
});

describe('pausing after a 429', () => {
  const anyPolicy: RatePolicy = { rate: 300, windowMs: 60_000, burst: 300 };

  it('makes every caller sharing the key wait until the pause ends, on any worker', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore({ clock });
    const worker1 = new Throttle(store, clock);
    const worker2 = new Throttle(store, clock);
    const key = 'enrichso:acct:default';
    await worker1.pauseUntil(key, 7_000);

    const waits = Promise.all([worker1, worker2, worker1].map((w) => w.acquire(key, anyPolicy).then((p) => p.waitedMs)));
    await clock.advance(6_999);
    expect(clock.pendingSleepers).toBeGreaterThan(0);
    const waited = await clock.run(waits, 1);
    expect(waited).toEqual([7_000, 7_000, 7_000]);
    // Another account is not paused.
    expect((await worker1.acquire('enrichso:other:default', anyPolicy)).waitedMs).toBe(0);
  });

  it('a shorter pause never cuts a longer one short', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    await throttle.pauseUntil('k', 10_000);
    await throttle.pauseUntil('k', 3_000);
    expect((await clock.run(throttle.acquire('k', anyPolicy), 500)).waitedMs).toBe(10_000);
  });
});

describe('aborting while waiting for a slot', () => {
  const perMinute: RatePolicy = { rate: 1, windowMs: 60_000, burst: 1 };

  it('rejects with an aborted error; the callers behind it keep their own slots', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    await throttle.acquire('k', perMinute);
    const controller = new AbortController();
    const aborted = throttle.acquire('k', perMinute, controller.signal);
    const behind = throttle.acquire('k', perMinute);
    aborted.catch(() => undefined);
    await clock.advance(1_000);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'transport', reason: 'aborted' });
    // Its slot (a minute and 300 ms of headroom after the first) goes unused, never to two callers.
    expect((await clock.run(behind, 1_000)).waitedMs).toBe(2 * 60_300);
  });

  it('rejects at once when the signal is already aborted, reserving nothing', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle(new MemoryStore({ clock }), clock);
    const controller = new AbortController();
    controller.abort();
    await expect(throttle.acquire('k', perMinute, controller.signal)).rejects.toMatchObject({ reason: 'aborted' });
    expect((await throttle.acquire('k', perMinute)).waitedMs).toBe(0);
  });
});

describe('a long-running process under a wide limit', () => {
  it('remembers only the requests still inside a window, however many it has sent', () => {
    // A million a minute: a schedule that kept every stamp the window could count would grow by
    // one object a call for as long as the process lives.
    const shape = rateShape({ rate: 1_000_000, windowMs: 60_000, burst: 1_000_000 });
    const state: ScheduleState = { stamps: [], seq: 0 };
    for (let t = 0; t < 10 * 60_000; t += 100) reserveSlot(state, shape, t);
    const windowMs = shape.windows[0]!.windowMs;
    expect(state.stamps.length).toBeLessThanOrEqual(Math.ceil(windowMs / 100));
    expect(state.stamps.every((s) => s.at > 10 * 60_000 - 100 - windowMs)).toBe(true);
  });
});
