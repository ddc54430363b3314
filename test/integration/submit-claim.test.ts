/**
 * Whose job a lost or cut-off submit started. A job of the same size in the wallet is not proof
 * (another workflow on the same account submits too): it is adopted only when its results name
 * exactly this list's items. A run that crashed right after the submit answer leaves a claim
 * whose heartbeat stops: a rerun finds out within a minute and reconciles from the provider —
 * never submitting twice — on the in-memory store and on a real Redis.
 */
import { runBatch, startBatch } from '../../shared/batch';
import { ConflictError } from '../../shared/errors';
import { MemoryStore } from '../../shared/store/memory';
import { RedisStore } from '../../shared/store/redis';
import type { Store } from '../../shared/store/types';
import type { Transport } from '../../shared/transport/types';
import { defaultTransport } from '../../shared/platform';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { driveWhile, rejection, startEnv, type Env } from './helpers';

let env: Env;
let redis: RedisServer | undefined;
let prefixes = 0;
beforeAll(async () => {
  env = await startEnv();
  if (redisAvailable()) redis = await RedisServer.start();
});
afterAll(async () => {
  await env.close();
  await redis?.shutdown();
});
afterEach(() => env.sandbox.faults.clear());

const submits = (mark: number) => env.requestsSince(mark).filter((r) => r.method === 'POST' && r.path.endsWith('/email-validation/batch'));
const list = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}.${i}@acme.com`);

it("a lost submit does not adopt another run's job of the same size: it says the submit did nothing and books nothing", async () => {
  // Run A (another workflow on the same account) submits 50 addresses.
  const a = env.client({ clock: env.clock });
  const runA = runBatch(a, 'emailValidation', list('run-a', 50), { pollIntervalMs: 1000 });
  const mark = env.requests().length;
  await driveWhile(
    env,
    (async () => {
      while (submits(mark).length === 0) await new Promise((r) => setTimeout(r, 5));
    })(),
  );
  // Run B's submit of 50 other addresses is reset before the provider sees it.
  env.sandbox.faults.add({ method: 'POST', path: /\/email-validation\/batch$/, kind: 'reset', times: 1 });
  const b = env.client({ clock: env.clock, retry: { retries: 0 } });
  const before = env.balance();
  const runB = await driveWhile(env, runBatch(b, 'emailValidation', list('run-b', 50), { pollIntervalMs: 1000 }));
  expect(runB.outcomes.every((o) => !o.ok && /did nothing/.test(o.error.message))).toBe(true);
  expect(b.summary()).toMatchObject({ charged: 0, reserved: 0 });
  // A's job is A's: its items and its money.
  const doneA = await driveWhile(env, runA);
  expect(doneA.outcomes.every((o) => o.ok)).toBe(true);
  expect(before - env.balance()).toBeLessThanOrEqual(50);
  const s = a.summary();
  expect(s.reserved - s.refunded + s.charged).toBeGreaterThan(0);
});

it("a lost submit whose job cannot be told from another run's yet is not adopted: unknown, and nothing is taken", async () => {
  // A's job waits in the provider's queue: no results yet.
  env.sandbox.providers.enrichSo.configure({ queueDelayMs: 3600_000 });
  try {
    const a = env.client({ clock: env.clock });
    const mark = env.requests().length;
    await driveWhile(env, startBatch(a, 'emailValidation', list('same-size-a', 7)));
    env.sandbox.faults.add({ method: 'POST', path: /\/email-validation\/batch$/, kind: 'reset', times: 1 });
    const b = env.client({ clock: env.clock, retry: { retries: 0 } });
    // startBatch looks once (no waiting): A's job has no results yet, so nothing proves whose it is.
    const lost = await rejection(driveWhile(env, startBatch(b, 'emailValidation', list('same-size-b', 7))));
    expect(lost.message).toMatch(/nothing proves it is this submit's/);
    expect(b.summary()).toMatchObject({ charged: 0, reserved: 0 });
    expect(submits(mark)).toHaveLength(2);
  } finally {
    env.sandbox.providers.enrichSo.configure({ queueDelayMs: 0 });
  }
});

const backends: [string, () => Promise<Store>][] = [['the in-memory store', async () => new MemoryStore({ clock: env.clock })]];
if (redisAvailable()) backends.push(['Redis', () => RedisStore.connect({ host: '127.0.0.1', port: redis!.port, keyPrefix: `claim-${++prefixes}:` })]);
else console.warn('redis-server is not installed: run scripts/redis/install.sh to include the Redis runs');

/** A store that stops answering (the process died) at the first write of a submitted job id. */
function dyingAfterSubmit(store: Store): Store {
  let dead = false;
  const never = new Promise<never>(() => undefined);
  const guard = <T>(fn: () => Promise<T>) => (dead ? never : fn());
  return {
    get: (k) => guard(() => store.get(k)),
    set: (k, v, ttl) => {
      if (!dead && typeof v === 'object' && v !== null && (v as { state?: string }).state === 'submitted') dead = true;
      return guard(() => store.set(k, v, ttl));
    },
    setIfAbsent: (k, v, ttl) => guard(() => store.setIfAbsent(k, v, ttl)),
    delete: (k) => guard(() => store.delete(k)),
    incrBy: (k, n, ttl) => guard(() => store.incrBy(k, n, ttl)),
    reserveSlot: (k, shape, now) => guard(() => store.reserveSlot(k, shape, now)),
    settleSlot: (k, shape, id, now) => guard(() => store.settleSlot(k, shape, id, now)),
    holdSlots: (k, ms, now) => guard(() => store.holdSlots(k, ms, now)),
  };
}

describe.each(backends)('a submit claim on %s', (_name, openStore) => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(() => store.close?.());

  it('a crash right after the submit answer: a rerun a minute later finds the job and finishes it, one submit', async () => {
    const emails = list(`crash-${prefixes}-${Math.random().toString(36).slice(2, 6)}`, 9);
    const mark = env.requests().length;
    const crashed = env.client({ clock: env.clock, store: dyingAfterSubmit(store) });
    void runBatch(crashed, 'emailValidation', emails, { pollIntervalMs: 1000 });
    while (submits(mark).length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));

    const rerun = env.client({ clock: env.clock, store });
    // At once: the claim is fresh, its owner may be alive — refused, nothing sent.
    expect(await rejection(startBatch(rerun, 'emailValidation', emails))).toBeInstanceOf(ConflictError);
    // A minute without a heartbeat: the owner is gone; the provider's records settle it.
    await env.advance(61_000);
    const run = await driveWhile(env, runBatch(rerun, 'emailValidation', emails, { pollIntervalMs: 1000 }));
    expect(run.outcomes.every((o) => o.ok)).toBe(true);
    expect(run.jobs[0]).toMatchObject({ reused: true });
    expect(submits(mark)).toHaveLength(1);
  });

  it('a live owner keeps its claim however long its submit takes: the heartbeat says it is alive', async () => {
    const emails = list(`slow-${prefixes}-${Math.random().toString(36).slice(2, 6)}`, 4);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const wire = defaultTransport({});
    // The submit's answer is held back while three minutes pass.
    const slow: Transport = { send: async (req) => (req.method === 'POST' ? held.then(() => wire.send(req)) : wire.send(req)) };
    const owner = env.client({ clock: env.clock, store, transport: slow, timeoutMs: 600_000 });
    const started = startBatch(owner, 'emailValidation', emails);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 12; i++) {
      await env.advance(15_000);
      await new Promise((r) => setTimeout(r, 10));
    }
    const mark = env.requests().length;
    const other = await rejection(startBatch(env.client({ clock: env.clock, store }), 'emailValidation', emails));
    expect(other).toBeInstanceOf(ConflictError);
    expect(other.message).toMatch(/being sent by another run right now \(its run was alive \d+ s ago\)/);
    expect(submits(mark)).toHaveLength(0);
    release();
    expect((await started).jobs[0]).toMatchObject({ reused: false });
  });
});
