/**
 * Never pay twice: the same record asked for twice within the cache lifetime is charged once —
 * also when the two asks run at the same time, or differ only in letter case.
 */
import { startEnv, type Env } from '../integration/helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('dedupe cache', () => {
  it('two identical lookups running at the same time (runEach concurrency 2) are charged once', async () => {
    const client = env.client();
    const before = env.balance();
    const outcomes = await client.runEach(['ana@acme.com', 'ana@acme.com'], (email) => client.call('emailValidation.validate', { email }), { concurrency: 2 });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(before - env.balance()).toBe(1);
    expect(client.summary().charged).toBe(1);
  });

  it('an email that differs only in letter case is answered from the cache', async () => {
    const client = env.client();
    const before = env.balance();
    await client.call('emailValidation.validate', { email: 'bob@globex.com' });
    const again = await client.call('emailValidation.validate', { email: 'Bob@Globex.com' });
    expect(again.credits.fromCache).toBe(true);
    expect(before - env.balance()).toBe(1);
  });
});
