/**
 * Callbacks are hints: a completion counts only when the API confirms it. A waiter woken by a
 * completion the API contradicts must not spin (measured before: 838 status polls in 10 s).
 */
import { runBatch, startBatch, waitForBatch } from '../../shared/batch';
import { MemoryStore } from '../../shared/store/memory';
import { CallbackHub, newCallbackUrl } from '../../shared/webhooks';
import { enrichSo } from '../../shared/providers/enrichSo';
import { driveWhile, startEnv, type Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv({ queueDelayMs: 60_000 });
});
afterAll(() => env.close());

const polls = (mark: number, jobId: string) => env.requestsSince(mark).filter((r) => r.method === 'GET' && r.path.endsWith(`/batch/${jobId}`)).length;

it('a forged completion for a running job is refused by the hub and wakes nobody', async () => {
  const store = new MemoryStore({ clock: env.clock });
  const client = env.client({ clock: env.clock, store });
  const hub = new CallbackHub(enrichSo, store, client);
  const { url, ref } = await newCallbackUrl(store, 'http://127.0.0.1:9/hook', { provider: 'enrichSo', batch: 'emailValidation' });
  const { jobs } = await startBatch(client, 'emailValidation', ['hint.one@acme.com'], { callbackUrl: url });
  const token = new URL(url).searchParams.get('token')!;
  const forged = await hub.deliver({ ref, token, payload: { event: 'validation.completed', data: { job_id: jobs[0].jobId, status: 'completed' } } });
  expect(forged).toEqual({ status: 'rejected', reason: 'not confirmed by the API' });
  let woke = false;
  void hub.waitForCompletion(jobs[0].jobId, new AbortController().signal).then(() => (woke = true));
  await new Promise((r) => setTimeout(r, 20));
  expect(woke).toBe(false);
});

it('a waiter told "completed" over and over while the job runs polls at its interval, not in a loop', async () => {
  const client = env.client({ clock: env.clock });
  const { jobs } = await startBatch(client, 'emailValidation', ['spin.one@acme.com', 'spin.two@acme.com']);
  const mark = env.requests().length;
  // A completion signal that is always "already there" (what an unconfirmed completion used to be).
  const wait = waitForBatch(client, 'emailValidation', jobs[0].jobId, {
    wait: 'webhook',
    waitForCallback: async () => undefined,
    pollIntervalMs: 1000,
    maxWaitMs: 10_000,
  });
  wait.catch(() => undefined);
  await driveWhile(
    env,
    wait.catch(() => undefined),
    500,
  );
  // 10 s at a 1 s interval: about 10 polls (+ the one after the false wake), never hundreds.
  expect(polls(mark, jobs[0].jobId)).toBeLessThanOrEqual(13);
});

it('a batch waited by callbacks whose completion is forged early still finishes with every item', async () => {
  const store = new MemoryStore({ clock: env.clock });
  const client = env.client({ clock: env.clock, store });
  const hub = new CallbackHub(enrichSo, store, client);
  const { url } = await newCallbackUrl(store, 'http://127.0.0.1:9/hook', { provider: 'enrichSo', batch: 'emailValidation' });
  const run = await driveWhile(
    env,
    runBatch(client, 'emailValidation', ['early.one@acme.com', 'early.two@acme.com'], {
      wait: 'webhook',
      callback: { url },
      waitForCallback: (id, s) => hub.waitForCompletion(id, s),
      pollIntervalMs: 5000,
    }),
  );
  expect(run.outcomes.map((o) => o.ok)).toEqual([true, true]);
});
