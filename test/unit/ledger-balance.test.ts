/**
 * Credits accounted exactly: the run summary's starting and ending balance differ by exactly
 * what the run charged — the starting balance is the one before the first paid call.
 */
import { startEnv, type Env } from '../integration/helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env?.close();
});

it('balanceBefore − balanceAfter equals the charged total when no balance was read first', async () => {
  const client = env.client();
  const wallet = env.balance();
  await client.call('emailValidation.validate', { email: 'carol@initech.com' });
  await client.call('emailFinder.find', { firstName: 'Ana', lastName: 'Lopez', domain: 'acme.com' });
  const s = client.summary();
  expect(s.charged).toBeGreaterThan(0);
  expect(s.balanceBefore).toBe(wallet);
  expect(s.balanceBefore! - s.balanceAfter!).toBe(s.charged);
});
