import type { FakeClock } from '../../shared/clock';
import { rateShape } from '../../shared/rateSchedule';
import { RedisStore } from '../../shared/store/redis';
import { openSharedStore } from '../../shared/store/shared';
import { SharedStoreUnavailableError } from '../../shared/store/sharedConfig';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { describeStoreContract, laterThanNeeded, overfullWindows } from './store-contract';

// A real redis-server (scripts/redis/install.sh); without one this suite says so and is skipped.
const describeRedis = redisAvailable() ? describe : describe.skip;
if (!redisAvailable()) console.warn('redis-server is not installed: run scripts/redis/install.sh to include the Redis store tests');

describeRedis('RedisStore on a real redis-server', () => {
  let server: RedisServer;
  let run = 0;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.shutdown();
  });

  const config = () => ({ host: '127.0.0.1', port: server.port, keyPrefix: `test${++run}:` });

  // The same contract as MemoryStore. Expiry runs on Redis's own clock, so the FakeClock TTL
  // checks are skipped here and the TTLs are checked against Redis below.
  // Schedules run on the callers' FakeClock here; on the server's own clock below.
  describeStoreContract('RedisStore', async (_clock: FakeClock) => RedisStore.connect({ ...config(), scheduleClock: 'caller' }), { ttlFollowsClock: false });

  describe('beyond the contract', () => {
    let store: RedisStore;
    beforeEach(async () => {
      store = await RedisStore.connect({ ...config(), maxTtlMs: 60_000 });
    });
    afterEach(async () => {
      await store.close();
    });

    async function pttl(key: string): Promise<number> {
      const probe = await RedisStore.connect({ host: '127.0.0.1', port: server.port, keyPrefix: '' });
      try {
        // A read through a store with no prefix sees the raw key's lifetime via the Redis client.
        return await (probe as unknown as { redis: { pttl(k: string): Promise<number> } }).redis.pttl(key);
      } finally {
        await probe.close();
      }
    }

    it('namespaces every key under the configured prefix, so two teams can share one Redis', async () => {
      const other = await RedisStore.connect({ host: '127.0.0.1', port: server.port, keyPrefix: 'other-team:' });
      try {
        await store.set('job:enrichSo:acct:list', 'job-1');
        expect(await other.get('job:enrichSo:acct:list')).toBeUndefined();
      } finally {
        await other.close();
      }
    });

    it('gives every value a lifetime: a TTL when asked, the store maximum when not', async () => {
      await store.set('ttl:short', 1, 5_000);
      await store.set('ttl:none', 1);
      await store.incrBy('ttl:counter', 1);
      await store.reserveSlot('ttl:schedule', rateShape({ rate: 300, windowMs: 60_000, burst: 25 }), Date.now());
      const prefix = `test${run}:`;
      const short = await pttl(`${prefix}ttl:short`);
      expect(short).toBeGreaterThan(0);
      expect(short).toBeLessThanOrEqual(5_000);
      for (const key of ['ttl:none', 'ttl:counter']) {
        const left = await pttl(prefix + key);
        expect(left).toBeGreaterThan(0);
        expect(left).toBeLessThanOrEqual(60_000);
      }
      // A schedule lives until its last reservation has left the longest window (60 s + 300 ms of jitter headroom).
      for (const part of ['log', 'state']) {
        const left = await pttl(`${prefix}ttl:schedule:${part}`);
        expect(left).toBeGreaterThan(60_000);
        expect(left).toBeLessThanOrEqual(60_301);
      }
    });

    it('refuses to add to a value that is not a number, naming the key', async () => {
      await store.set('not-a-number', { a: 1 });
      await expect(store.incrBy('not-a-number', 1)).rejects.toThrow(/store key "not-a-number" does not hold a number/);
    });

    it('many processes reserving at once on one schedule never crowd a window (the script is atomic)', async () => {
      const shared = { ...config(), scheduleClock: 'caller' as const };
      const workers = await Promise.all(Array.from({ length: 4 }, () => RedisStore.connect(shared)));
      try {
        const now = 5_000_000;
        const shape = rateShape({ rate: 100, windowMs: 60_000, burst: 25 });
        const waits = await Promise.all(workers.flatMap((w) => Array.from({ length: 60 }, () => w.reserveSlot('shared-schedule', shape, now))));
        const at = waits.map((slot) => now + slot.waitMs);
        expect(overfullWindows(at, shape)).toEqual([]);
        // …and wastes nothing: sorted, they are the earliest schedule for 240 requests.
        expect(
          laterThanNeeded(
            [...at].sort((a, b) => a - b),
            shape,
          ),
        ).toEqual([]);
        expect(at.filter((t) => t === now)).toHaveLength(25);
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
    });

    describe('workers whose clocks disagree by half a minute', () => {
      // The worker behind sends 10 (a minute's worth), then the worker ahead asks for 10 more.
      // When each sends is its real time (Date.now when asking) plus the wait it was given.
      async function sendTimes(scheduleClock: 'redis' | 'caller'): Promise<number[]> {
        const shape = rateShape({ rate: 10, windowMs: 60_000, burst: 10 });
        const cfg = { ...config(), scheduleClock };
        const [behind, ahead] = await Promise.all([RedisStore.connect(cfg), RedisStore.connect(cfg)]);
        try {
          const sends: number[] = [];
          for (const [worker, skew] of [
            [behind, -30_000],
            [ahead, 30_000],
          ] as const) {
            for (let i = 0; i < 10; i++) {
              const realNow = Date.now();
              sends.push(realNow + (await worker.reserveSlot('skewed', shape, realNow + skew)).waitMs);
            }
          }
          return sends;
        } finally {
          await Promise.all([behind.close(), ahead.close()]);
        }
      }
      const realWindow = rateShape({ rate: 10, windowMs: 60_000, burst: 10 }).windows.map((w) => ({ ...w, windowMs: 60_000 }));

      it("on the Redis server's clock (the default) they never crowd a window", async () => {
        const sends = await sendTimes('redis');
        expect(overfullWindows(sends, { windows: realWindow, lateMs: 0 })).toEqual([]);
      });

      it("on their own clocks the one ahead would send a second minute's worth at once (why the default is the server's)", async () => {
        const sends = await sendTimes('caller');
        expect(overfullWindows(sends, { windows: realWindow, lateMs: 0 }).length).toBeGreaterThan(0);
      });
    });
  });

  describe('when Redis goes away', () => {
    it('a call fails fast with a clear error naming the server, never the password', async () => {
      const store = await openSharedStore({ ...config(), password: undefined, commandTimeoutMs: 1_000 });
      try {
        await store.set('k', 1);
        await server.stop();
        const failure = await store.reserveSlot('b', rateShape({ rate: 10, windowMs: 1_000, burst: 10 }), Date.now()).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(SharedStoreUnavailableError);
        expect((failure as Error).message).toMatch(new RegExp(`shared store \\(Redis at redis://127\\.0\\.0\\.1:${server.port}/0\\) is unreachable`));
        expect((failure as Error).message).toMatch(/Stopped before sending/);
      } finally {
        await server.resume();
        await store.close();
      }
    });

    it('opening a store on a server that is not there is refused at once, password kept out of the message', async () => {
      const failure = await openSharedStore({ host: '127.0.0.1', port: 1, password: 's3cret-pass', connectTimeoutMs: 500 }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SharedStoreUnavailableError);
      expect(String((failure as Error).message)).not.toContain('s3cret-pass');
      expect(JSON.stringify(failure)).not.toContain('s3cret-pass');
    });
  });
});
