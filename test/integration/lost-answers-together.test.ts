/**
 * An answer lost on the way may have been charged: its item learns what it cost from the
 * balance, read once no other paid call is on its way (their charges booked). So a lookup lost
 * while another is still on its way gets exactly its own charge. Two lost at the same time are
 * settled by one balance, which cannot tell them apart: each item says its charge is a share
 * (`shared`), and together they still equal what left the wallet.
 */
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

const VALIDATE = /\/email-validation$/;
const failed = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: EnrichflowError) => error,
  );

it('a lookup lost while another is on its way carries exactly its own charge', async () => {
  const transport = new HeldAnswers();
  const client = env.client({ retry: { retries: 0 }, transport });
  await client.balance();
  const before = env.balance();

  // The first lookup is answered (and charged); its answer is still on its way.
  const onItsWay = transport.hold(VALIDATE);
  const answered = client.call('emailValidation.validate', { email: 'ana@acme.com' });
  await onItsWay.arrived;

  // The second is carried out and charged, but its answer arrives garbled while the first is still on its way.
  env.sandbox.faults.add({ method: 'POST', path: VALIDATE, kind: 'malformed' });
  const garbledArrives = transport.hold(VALIDATE);
  const lost = failed(client.call('emailValidation.validate', { email: 'bob@acme.com' }));
  await garbledArrives.arrived;
  garbledArrives.release();
  await new Promise((resolve) => setImmediate(resolve));
  onItsWay.release();

  const [ok, error] = await Promise.all([answered, lost]);
  expect(before - env.balance()).toBe(2);
  expect(ok.credits.charged).toBe(1);
  expect(error).toMatchObject({ charged: 1, chargedSource: 'balance' });
  expect(error!.chargeShared).toBeUndefined();
  expect(client.summary().charged).toBe(2);
});

it('two lookups lost at the same time each say their charge is a share, and together equal the wallet', async () => {
  const transport = new HeldAnswers();
  const client = env.client({ retry: { retries: 0 }, transport });
  await client.balance();
  const before = env.balance();

  // The first is carried out and charged; its garbled answer is still on its way…
  env.sandbox.faults.add({ method: 'POST', path: VALIDATE, kind: 'malformed' });
  const onItsWay = transport.hold(VALIDATE);
  const garbled = failed(client.call('emailValidation.validate', { email: 'ana@acme.com' }));
  await onItsWay.arrived;
  // …when the second's connection is reset before the provider saw it (nothing charged, but the client cannot know).
  env.sandbox.faults.add({ method: 'POST', path: VALIDATE, kind: 'reset' });
  const reset = transport.failed();
  const cut = failed(client.call('emailValidation.validate', { email: 'bob@acme.com' }));
  await reset;
  onItsWay.release();

  const errors = await Promise.all([garbled, cut]);
  expect(before - env.balance()).toBe(1);
  for (const error of errors) expect(error).toMatchObject({ chargedSource: 'balance', chargeShared: true });
  expect(errors.reduce((sum, e) => sum + (e!.charged ?? 0), 0)).toBe(1);
  expect(client.summary()).toMatchObject({ charged: 1 });
  expect(client.summary().unknown).toBeUndefined();
});

it('a lookup lost after another was answered beside it carries its own charge, though that answer reported a balance holding both', async () => {
  const transport = new HeldAnswers();
  const client = env.client({ retry: { retries: 0 }, transport });
  await client.balance();
  const before = env.balance();

  // The first is carried out and charged; its garbled answer is still on its way…
  env.sandbox.faults.add({ method: 'POST', path: VALIDATE, kind: 'malformed' });
  const onItsWay = transport.hold(VALIDATE);
  const garbled = failed(client.call('emailValidation.validate', { email: 'ana@acme.com' }));
  await onItsWay.arrived;
  // …when the second is carried out, charged and answered: the balance it reports already holds both charges.
  const ok = await client.call('emailValidation.validate', { email: 'bob@acme.com' });
  onItsWay.release();
  const error = await garbled;

  expect(before - env.balance()).toBe(2);
  expect(ok.credits.charged).toBe(1);
  expect(error).toMatchObject({ charged: 1, chargedSource: 'balance' });
  expect(client.summary().charged).toBe(2);
});
