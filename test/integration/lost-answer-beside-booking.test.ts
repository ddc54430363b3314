/**
 * A lost answer's charge is read from the balance — but only once no other paid call is between
 * its answer and its booking. Here a batch submit's reservation has left the wallet and is not
 * yet in the books (its job record is still being written to the store) when another call's
 * connection is reset before the provider processed it: that call charged nothing and must say
 * so, not take the submit's reservation for its own (which the books would then count twice).
 * It waits for the submit to be booked before reading the balance.
 */
import { MemoryStore } from '../../shared/store/memory';
import type { EnrichflowError } from '../../shared/errors';
import { HeldAnswers } from './heldAnswers';
import { startEnv, type Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await startEnv();
});
afterEach(async () => {
  await env?.close();
});

/** A store whose write of a job's reservation waits until the test lets it go. */
class HeldReservationStore extends MemoryStore {
  held?: () => void;
  private onReached: () => void = () => undefined;
  readonly reached = new Promise<void>((resolve) => (this.onReached = resolve));
  override async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    if (key.includes('reserved')) {
      this.onReached();
      await new Promise<void>((release) => (this.held = release));
    }
    return super.set(key, value, ttlMs);
  }
}

it("a call whose answer is lost while a submit is being booked takes none of the submit's reservation", async () => {
  const store = new HeldReservationStore();
  const transport = new HeldAnswers();
  const client = env.client({ store, retry: { retries: 0 }, transport });
  const before = env.balance();
  await client.balance();

  const submit = client.call('emailValidation.submitBatch', { emails: ['ana@acme.com', 'bob@acme.com', 'cy@acme.com'] });
  await store.reached;
  expect(before - env.balance()).toBe(3);

  env.sandbox.faults.add({ method: 'POST', path: /\/email-validation$/, kind: 'reset' });
  const reset = transport.failed();
  const lostCall = client.call('emailValidation.validate', { email: 'dee@acme.com' }).then(
    () => undefined,
    (error: EnrichflowError) => error,
  );
  await reset;
  // A call that read the balance now would read it before the submit is booked: let it finish first.
  if (await transport.sendsAtOnce()) await lostCall;
  expect(before - env.balance()).toBe(3);

  store.held!();
  await submit;
  const lost = await lostCall;
  expect(lost).toBeDefined();
  expect(lost!.charged ?? 0).toBe(0);
  await client.balance();
  const s = client.summary();
  expect(s.unknown).toBeUndefined();
  expect(s.charged + s.reserved - s.refunded).toBe(before - env.balance());
});
