import type { RatePolicy } from '../../shared/catalog/types';
import { FakeClock } from '../../shared/clock';
import { bucketShape, MemoryStore, takeFromBucket } from '../../shared/store/memory';
import { describeStoreContract } from './store-contract';

describeStoreContract('MemoryStore', async (clock: FakeClock) => new MemoryStore({ clock }));

describe('the token bucket math a Redis store reuses', () => {
  const policy: RatePolicy = { rate: 300, windowMs: 60_000, burst: 25 };

  it('sizes the bucket so capacity plus one window of refill stays just under the rate', () => {
    const { capacity, refillPerMs } = bucketShape(policy);
    expect(capacity).toBe(19);
    // capacity + one window of refill leaves 1% of the rate as headroom for network jitter
    expect(capacity + refillPerMs * policy.windowMs).toBeCloseTo(297, 9);
    // ...and capacity plus one second of refill stays within the per-second burst.
    expect(capacity + refillPerMs * 1000).toBeLessThanOrEqual(policy.burst);
    // Leadfeeder's 10 rps burst 15 → at most 1 at once (rate/10), EnrichLayer's 300/5 min burst 1500 → 30.
    expect(bucketShape({ rate: 10, windowMs: 1_000, burst: 15 }).capacity).toBe(1);
    expect(bucketShape({ rate: 300, windowMs: 300_000, burst: 1_500 }).capacity).toBe(30);
  });

  it('is a pure function of the stored state: same input, same answer, nothing mutated', () => {
    const state = { tokens: 0.5, at: 1_000 };
    const a = takeFromBucket(state, policy, 1_000);
    const b = takeFromBucket(state, policy, 1_000);
    expect(a).toEqual(b);
    expect(state).toEqual({ tokens: 0.5, at: 1_000 });
    expect(a.granted).toBe(false);
    expect(a.waitMs).toBe(Math.ceil(0.5 / (278 / 60_000)));
  });

  it('does not refill for time running backwards (a worker whose clock is behind)', () => {
    const step = takeFromBucket({ tokens: 0, at: 10_000 }, policy, 5_000);
    expect(step.granted).toBe(false);
    expect(step.state).toEqual({ tokens: 0, at: 10_000 });
  });
});

describe('MemoryStore without an injected clock', () => {
  it('works on the system clock', async () => {
    const store = new MemoryStore();
    await store.set('k', 'v', 60_000);
    expect(await store.get('k')).toBe('v');
  });
});
