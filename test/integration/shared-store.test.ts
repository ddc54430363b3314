/**
 * Several workers (here: several clients, each with its own in-process state, as n8n
 * queue-mode workers have) sharing one store pay once per record and submit a batch once —
 * on the in-memory store within a process, and on a real Redis across processes. When Redis
 * goes away mid-run the next call stops with a clear error before anything is sent.
 */
import { runBatch } from '../../shared/batch';
import { MemoryStore } from '../../shared/store/memory';
import { RedisStore } from '../../shared/store/redis';
import { SharedStoreUnavailableError } from '../../shared/store/sharedConfig';
import type { Store } from '../../shared/store/types';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { driveWhile, type Env, rejection, startEnv } from './helpers';

let env: Env;
let redis: RedisServer | undefined;
let prefixes = 0;

beforeAll(async () => {
  env = await startEnv();
  if (redisAvailable()) redis = await RedisServer.start();
});
afterAll(async () => {
  await env?.close();
  await redis?.shutdown();
});

const redisStore = () => RedisStore.connect({ host: '127.0.0.1', port: redis!.port, keyPrefix: `shared-${++prefixes}:` });

const backends: [string, () => Promise<Store>][] = [['one MemoryStore', async () => new MemoryStore()]];
if (redisAvailable()) backends.push(['Redis', redisStore]);
else console.warn('redis-server is not installed: run scripts/redis/install.sh to include the Redis runs');

describe.each(backends)('workers sharing %s', (_name, openStore) => {
  let stores: Store[] = [];
  const open = async () => {
    const store = await openStore();
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close?.()));
    stores = [];
  });

  it('two workers validating the same email at the same instant pay for it once', async () => {
    const shared = await open();
    // Two workers: the same store, but separate clients (separate in-process caches).
    const [a, b] = [env.client({ store: shared }), env.client({ store: shared })];
    const email = `twin-${prefixes}-${Math.random().toString(36).slice(2, 8)}@acme.com`;
    const before = env.balance();
    const mark = env.requests().length;
    const [ra, rb] = await Promise.all([a.call('emailValidation.validate', { email }), b.call('emailValidation.validate', { email })]);
    expect(env.requestsSince(mark).filter((r) => r.path.endsWith('/email-validation'))).toHaveLength(1);
    expect(before - env.balance()).toBe(1);
    expect(a.summary().charged + b.summary().charged).toBe(1);
    expect([ra.credits.fromCache, rb.credits.fromCache].sort()).toEqual([false, true]);
  });

  it('a batch a dead worker submitted is found by the next worker: one submit, one reservation', async () => {
    const shared = await open();
    const emails = [`a-${prefixes}@acme.com`, `b-${prefixes}@globex.com`, `c-${prefixes}@initech.com`];
    const before = env.balance();
    const mark = env.requests().length;
    // Worker 1 submits and "dies" while the job runs (its run is never awaited to the end).
    const first = env.client({ store: shared });
    const abandoned = new AbortController();
    const dying = runBatch(first, 'emailValidation', emails, { pollIntervalMs: 5, signal: abandoned.signal });
    dying.catch(() => undefined);
    for (let i = 0; i < 200 && !env.requestsSince(mark).some((r) => r.method === 'POST'); i++) await new Promise((r) => setTimeout(r, 5));
    abandoned.abort();
    await dying.catch(() => undefined);
    const reservedAfterSubmit = before - env.balance();
    expect(reservedAfterSubmit).toBeGreaterThan(0);

    // Worker 2 reruns the same list from scratch.
    const second = env.client({ store: shared });
    const rerun = await driveWhile(env, runBatch(second, 'emailValidation', emails, { pollIntervalMs: 5 }));
    expect(rerun.jobs).toEqual([expect.objectContaining({ status: 'completed', reused: true })]);
    expect(rerun.outcomes.every((o) => o.ok)).toBe(true);
    const submits = env.requestsSince(mark).filter((r) => r.method === 'POST' && r.path.endsWith('/email-validation/batch'));
    expect(submits).toHaveLength(1);
    // The wallet moved once: the one reservation, settled.
    expect(before - env.balance()).toBeLessThanOrEqual(reservedAfterSubmit);
  });
});

(redisAvailable() ? describe : describe.skip)('Redis going away in the middle of a run', () => {
  it('the next call stops with a clear error before sending; after Redis is back the rerun reuses the batch', async () => {
    const store = await RedisStore.connect({ host: '127.0.0.1', port: redis!.port, keyPrefix: 'outage:', commandTimeoutMs: 1_000 });
    try {
      const client = env.client({ store });
      const emails = ['outage-1@acme.com', 'outage-2@globex.com'];
      const started = await runBatch(client, 'emailValidation', emails, { pollIntervalMs: 5, maxWaitMs: 1 }).catch((e: unknown) => e);
      void started;
      const before = env.balance();
      const mark = env.requests().length;

      await redis!.stop();
      const error = await rejection(client.call('emailValidation.validate', { email: 'during-outage@acme.com' }));
      expect(error).toBeInstanceOf(SharedStoreUnavailableError);
      expect(error.message).toMatch(/shared store \(Redis at redis:\/\/127\.0\.0\.1:\d+\/0\) is unreachable/);
      const rerunDuringOutage = await runBatch(client, 'emailValidation', emails, { pollIntervalMs: 5 });
      expect(rerunDuringOutage.outcomes.every((o) => !o.ok && o.error instanceof SharedStoreUnavailableError)).toBe(true);
      expect(env.requestsSince(mark)).toHaveLength(0); // nothing reached the provider
      expect(env.balance()).toBe(before);

      await redis!.resume();
      // The store reconnects by itself in the background (every ≤ 2 s).
      for (
        let i = 0;
        i < 100 &&
        !(await store.get('probe').then(
          () => true,
          () => false,
        ));
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      const after = await driveWhile(env, runBatch(env.client({ store }), 'emailValidation', emails, { pollIntervalMs: 5 }));
      expect(after.jobs).toEqual([expect.objectContaining({ reused: true, status: 'completed' })]);
      expect(env.requestsSince(mark).filter((r) => r.method === 'POST')).toHaveLength(0); // no second submit
    } finally {
      await store.close();
    }
  });
});
