import { DedupeCache, canonicalJson } from '../../shared/cache';
import { FakeClock } from '../../shared/clock';
import { systemClock } from '../../shared/platform';
import { MemoryStore } from '../../shared/store/memory';
import type { Store } from '../../shared/store/types';

const HOUR = 3_600_000;

function setup() {
  const clock = new FakeClock();
  const store = new MemoryStore({ clock });
  return { clock, store, cache: new DedupeCache(store, systemClock) };
}

const key = (input: unknown, account = 'cred-1') => DedupeCache.key({ provider: 'leadfeeder', account, operation: 'companies.get', input });

describe('never paying twice for the same record', () => {
  it('the second identical call is answered from the cache without calling the provider', async () => {
    const { cache } = setup();
    const produce = jest.fn(async () => ({ name: 'Acme' }));
    expect(await cache.once(key({ domain: 'acme.com' }), HOUR, produce)).toEqual({ value: { name: 'Acme' }, hit: false });
    expect(await cache.once(key({ domain: 'acme.com' }), HOUR, produce)).toEqual({ value: { name: 'Acme' }, hit: true });
    expect(produce).toHaveBeenCalledTimes(1);
  });

  it('asks the provider again once the TTL has passed', async () => {
    const { cache, clock } = setup();
    const produce = jest.fn(async () => 'fresh');
    await cache.once(key('x'), HOUR, produce);
    await clock.advance(HOUR);
    expect(await cache.once(key('x'), HOUR, produce)).toEqual({ value: 'fresh', hit: false });
    expect(produce).toHaveBeenCalledTimes(2);
  });

  it('identical calls running at the same time share one provider call', async () => {
    const { cache } = setup();
    let release!: (v: string) => void;
    const produce = jest.fn(() => new Promise<string>((r) => (release = r)));
    const calls = Promise.all([1, 2, 3].map(() => cache.once(key('same'), HOUR, produce)));
    await new Promise((r) => setImmediate(r));
    release('answer');
    const results = await calls;
    expect(produce).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.value)).toEqual(['answer', 'answer', 'answer']);
    expect(results.map((r) => r.hit).sort()).toEqual([false, true, true]);
  });

  it('does not cache a failure: the next call tries again', async () => {
    const { cache } = setup();
    const produce = jest.fn().mockRejectedValueOnce(new Error('503')).mockResolvedValueOnce('ok');
    await expect(cache.once(key('y'), HOUR, produce)).rejects.toThrow('503');
    expect(await cache.once(key('y'), HOUR, produce)).toEqual({ value: 'ok', hit: false });
  });

  it('callers waiting on a call that failed get the same failure, not a second (maybe paid) call', async () => {
    const { cache } = setup();
    const produce = jest.fn(async () => {
      await new Promise((r) => setImmediate(r));
      throw new Error('timeout after the provider may have charged');
    });
    const results = await Promise.allSettled([1, 2, 3].map(() => cache.once(key('z'), HOUR, produce)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(produce).toHaveBeenCalledTimes(1);
  });

  it('caches a paid "no match" (null) as an answer, not as a miss', async () => {
    const { cache } = setup();
    const produce = jest.fn(async () => null);
    await cache.once(key('nobody@example.com'), HOUR, produce);
    expect(await cache.once(key('nobody@example.com'), HOUR, produce)).toEqual({ value: null, hit: true });
    expect(produce).toHaveBeenCalledTimes(1);
  });

  it('still returns a paid answer when the cache write fails', async () => {
    const failingStore: Store = Object.assign(new MemoryStore(), {
      set: async () => {
        throw new Error('redis down');
      },
    });
    const cache = new DedupeCache(failingStore, systemClock);
    expect(await cache.once(key('w'), HOUR, async () => 'paid')).toEqual({ value: 'paid', hit: false });
  });

  it('two workers on one store: the one that finds the claim free just after the other wrote the answer reads it, not pays again', async () => {
    // Worker B misses the cache; before it claims, worker A (which held the claim) writes the
    // answer and lets go. B's claim then succeeds — and B must still not pay.
    const store = new MemoryStore();
    const cacheA = new DedupeCache(store, systemClock);
    const k = key('shared@acme.com');
    let firstGet = true;
    const racingStore: Store = Object.assign(Object.create(store) as Store, {
      get: async <T>(name: string): Promise<T | undefined> => {
        const value = await store.get<T>(name);
        if (name === k && firstGet) {
          firstGet = false;
          await cacheA.set(k, 'answer A paid for', HOUR);
          await store.delete(`claim:${k}`);
        }
        return value;
      },
    });
    const produce = jest.fn(async () => 'paid again');
    const result = await new DedupeCache(racingStore, systemClock).once(k, HOUR, produce);
    expect(produce).not.toHaveBeenCalled();
    expect(result).toEqual({ value: 'answer A paid for', hit: true });
    expect(await store.get(`claim:${k}`)).toBeUndefined();
  });

  it('get and set work directly too', async () => {
    const { cache } = setup();
    expect(await cache.get(key('v'))).toBeUndefined();
    await cache.set(key('v'), { a: 1 }, HOUR);
    expect(await cache.get(key('v'))).toEqual({ a: 1 });
  });
});

describe('cache keys', () => {
  it('are the same for the same input whatever the order of its fields', () => {
    expect(key({ domain: 'acme.com', include: ['a', 'b'], nested: { y: 1, x: 2 } })).toBe(
      key({ nested: { x: 2, y: 1 }, include: ['a', 'b'], domain: 'acme.com' }),
    );
    expect(key({ a: 1, skipped: undefined })).toBe(key({ a: 1 }));
  });

  it('differ by account scope, operation and input', () => {
    const base = key({ domain: 'acme.com' });
    expect(key({ domain: 'acme.com' }, 'cred-2')).not.toBe(base);
    expect(key({ domain: 'other.com' })).not.toBe(base);
    expect(key({ include: ['b', 'a'] })).not.toBe(key({ include: ['a', 'b'] }));
    expect(DedupeCache.key({ provider: 'leadfeeder', account: 'cred-1', operation: 'companies.search', input: { domain: 'acme.com' } })).not.toBe(base);
  });

  it('do not show the account or the input in clear', () => {
    const k = DedupeCache.key({ provider: 'enrichso', account: 'cred-secret-scope', operation: 'emailFinder.find', input: { email: 'jane@acme.com' } });
    expect(k).toMatch(/^dedupe:enrichso:emailFinder\.find:[0-9a-f]{64}$/);
    expect(k).not.toContain('jane');
    expect(k).not.toContain('cred-secret-scope');
  });

  it('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: new Date(0) })).toBe('{"a":"1970-01-01T00:00:00.000Z","b":[{"c":2,"d":1}]}');
  });
});
