/**
 * A batch submit whose answer was lost. The provider may have reserved credits for a job we
 * never heard of, so the runner asks the provider's own records (Enrich.so: wallet
 * transactions) instead of blocking the same list for a week: a garbled answer's job is found
 * and finished, a refusal in the provider's own words releases the record at once, and when
 * the records cannot tell, the error says what was found and how to submit anyway.
 */
import { runBatch, startBatch } from '../../shared/batch';
import { ConflictError, ProviderFailureError } from '../../shared/errors';
import { driveWhile, rejection, startEnv, type Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.close());

const submits = (mark: number) => env.requestsSince(mark).filter((r) => r.method === 'POST' && r.path.endsWith('/email-validation/batch'));
const list = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}.${i}@acme.com`);

it('a garbled submit answer hides a running job: it is found in the wallet transactions, read and settled', async () => {
  env.sandbox.faults.add({ method: 'POST', path: /\/email-validation\/batch$/, kind: 'malformed' });
  const client = env.client({ clock: env.clock });
  const before = env.balance();
  const mark = env.requests().length;
  const run = await driveWhile(env, runBatch(client, 'emailValidation', list('garbled', 12), { pollIntervalMs: 1000 }));
  expect(submits(mark)).toHaveLength(1);
  expect(run.outcomes.filter((o) => o.ok)).toHaveLength(12);
  expect(run.jobs).toHaveLength(1);
  // The adopted job's reservation and settlement are booked: the ledger ends equal to the wallet.
  await env.advance(1000);
  const s = client.summary();
  expect(s.reserved - s.refunded).toBe(before - env.balance());
});

it("a 500 in the provider's own error shape proves nothing was done: the same list submits again at once", async () => {
  env.sandbox.faults.add({ method: 'POST', path: /\/email-validation\/batch$/, kind: 'status', status: 500 });
  const client = env.client();
  const emails = list('refused', 3);
  const error = await rejection(startBatch(client, 'emailValidation', emails));
  expect(error).toBeInstanceOf(ProviderFailureError);
  expect(error.answered).toBe(true);
  const mark = env.requests().length;
  const again = await startBatch(client, 'emailValidation', emails);
  expect(again.jobs[0].reused).toBe(false);
  expect(submits(mark)).toHaveLength(1);
});

it('when the provider\'s records cannot be read, the error says so and "Release Unknown Submit" submits anyway', async () => {
  const client = env.client({ retry: { retries: 0 } });
  const emails = list('unclear', 4);
  env.sandbox.faults.add({ method: 'POST', path: /\/email-validation\/batch$/, kind: 'reset' });
  env.sandbox.faults.add({ method: 'GET', path: '/wallets/transactions', kind: 'status', status: 503, times: 'always' });
  try {
    const lost = await rejection(startBatch(client, 'emailValidation', emails));
    expect(lost.message).toMatch(/could not be read/);
    expect(lost.message).toMatch(/Release Unknown Submit/);
    const mark = env.requests().length;
    const blocked = await rejection(startBatch(client, 'emailValidation', emails));
    expect(blocked).toBeInstanceOf(ConflictError);
    expect(blocked.message).toMatch(/got no usable answer \(.*reset.*\).*could not be read.*Release Unknown Submit/);
    expect(submits(mark)).toHaveLength(0);
    const released = await startBatch(client, 'emailValidation', emails, { releaseUnknownSubmit: true });
    expect(released.jobs[0].reused).toBe(false);
    expect(submits(mark)).toHaveLength(1);
  } finally {
    env.sandbox.faults.clear();
  }
});
