import type { FakeClock } from '../../shared/clock';
import { RedisStore } from '../../shared/store/redis';
import { openSharedStore } from '../../shared/store/shared';
import { SharedStoreUnavailableError } from '../../shared/store/sharedConfig';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { describeStoreContract } from './store-contract';

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
  describeStoreContract('RedisStore', async (_clock: FakeClock) => RedisStore.connect(config()), { ttlFollowsClock: false });

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
      await store.takeToken('ttl:bucket', { rate: 300, windowMs: 60_000, burst: 25 }, Date.now());
      const prefix = `test${run}:`;
      const short = await pttl(`${prefix}ttl:short`);
      expect(short).toBeGreaterThan(0);
      expect(short).toBeLessThanOrEqual(5_000);
      for (const key of ['ttl:none', 'ttl:counter']) {
        const left = await pttl(prefix + key);
        expect(left).toBeGreaterThan(0);
        expect(left).toBeLessThanOrEqual(60_000);
      }
      // A bucket lives until it would be full again, plus one window.
      const bucket = await pttl(`${prefix}ttl:bucket`);
      expect(bucket).toBeGreaterThan(60_000);
      expect(bucket).toBeLessThanOrEqual(Math.ceil(19 / (278 / 60_000)) + 60_000);
    });

    it('refuses to add to a value that is not a number, naming the key', async () => {
      await store.set('not-a-number', { a: 1 });
      await expect(store.incrBy('not-a-number', 1)).rejects.toThrow(/store key "not-a-number" does not hold a number/);
    });

    it('many processes taking tokens at once never get more than the bucket holds (the script is atomic)', async () => {
      const workers = await Promise.all(Array.from({ length: 4 }, () => RedisStore.connect({ host: '127.0.0.1', port: server.port, keyPrefix: `test${run}:` })));
      try {
        const now = 5_000_000;
        const policy = { rate: 300, windowMs: 60_000, burst: 25 };
        const grants = await Promise.all(workers.flatMap((w) => Array.from({ length: 10 }, () => w.takeToken('shared-bucket', policy, now))));
        expect(grants.filter((g) => g.granted)).toHaveLength(19);
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
    });
  });

  describe('when Redis goes away', () => {
    it('a call fails fast with a clear error naming the server, never the password', async () => {
      const store = await openSharedStore({ ...config(), password: undefined, commandTimeoutMs: 1_000 });
      try {
        await store.set('k', 1);
        await server.stop();
        const failure = await store.takeToken('b', { rate: 10, windowMs: 1_000, burst: 10 }, Date.now()).catch((e: unknown) => e);
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
