/**
 * Errors the Zapier way, each caused for real in the sandbox: 429 → ThrottledError with the
 * provider's delay, a bad key → ExpiredAuthError (AuthenticationError in the connection test),
 * no credits → HaltedError with required/balance/shortfall, bad input → an error naming the
 * field before anything is sent. Plus the cross-run dedupe that saves credits.
 */
import type { Sandbox } from '../../sandbox/server';
import { appFor, authFor, bundle, expectNoKey, requestCount, startEnrichSo, testerFor } from './helpers';

const app = appFor();
const run = testerFor(app);
const validate = app.searches.emailValidation_validate!.operation.perform;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startEnrichSo({
    accounts: [{ apiKey: 'sk_test_enrichflow_sandbox' }, { apiKey: 'sk_test_almost_broke', balance: 50, organizationId: '660000000000000000000042' }],
  });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.faults.clear());

async function failure(promise: Promise<unknown>): Promise<Error & { name: string }> {
  const error = await promise.then(
    () => undefined,
    (e: Error) => e,
  );
  if (!error) throw new Error('expected the step to fail');
  expectNoKey(error, 'sk_test_');
  return error as Error & { name: string };
}

it('the connection test is free and labels the connection with the organization', async () => {
  const auth = app.authentication as { test: unknown; connectionLabel: unknown };
  const before = sandbox.providers.enrichSo.wallet().balance;
  const data = await run(auth.test, bundle(sandbox));
  expect(data.organizationId).toBe('660000000000000000000001');
  expect(await run(auth.connectionLabel, { ...bundle(sandbox), inputData: data })).toBe('Enrich.so 660000000000000000000001');
  expect(sandbox.providers.enrichSo.wallet().balance).toBe(before);
});

it('the connection offers the provider plans; a chosen plan paces requests, an unknown one is refused', async () => {
  const auth = app.authentication as { test: unknown; fields: { key: string; choices?: string[]; default?: string }[] };
  const plan = auth.fields.find((f) => f.key === 'plan');
  expect(plan).toMatchObject({ choices: ['free', 'growth', 'scale', 'pro', 'enterprise'], default: 'growth' });
  const onFree = { ...bundle(sandbox), authData: { ...authFor(sandbox), plan: 'free' } };
  expect((await run(auth.test, onFree)).organizationId).toBe('660000000000000000000001');
  const unknown = await failure(run(auth.test, { ...bundle(sandbox), authData: { ...authFor(sandbox), plan: 'platinum' } }));
  expect(JSON.parse(unknown.message).message).toMatch(/no plan "platinum" \(plans: free, growth/);
});

it('a wrong key fails the connection test plainly, and expires the connection in a zap run', async () => {
  const auth = app.authentication as { test: unknown };
  const wrong = { ...bundle(sandbox, { email: 'jane.doe@acme.com' }), authData: { apiKey: 'sk_test_wrong', baseUrl: sandbox.providers.enrichSo.baseUrl } };
  const testError = await failure(run(auth.test, wrong));
  expect(JSON.parse(testError.message)).toEqual(expect.objectContaining({ code: 'AuthenticationError', status: 401 }));
  const runError = await failure(run(validate, wrong));
  expect(runError.name).toBe('ExpiredAuthError');
});

it('a 429 becomes a ThrottledError carrying the provider delay', async () => {
  sandbox.faults.add({ provider: 'enrichSo', path: '/email-validation', kind: 'status', status: 429, retryAfterSec: 120, times: 'always' });
  const error = await failure(run(validate, bundle(sandbox, { email: 'throttled@acme.com' })));
  expect(error.name).toBe('ThrottledError');
  expect(JSON.parse(error.message).delay).toBeGreaterThanOrEqual(120);
});

it('a 429 that outlasts the short in-step retries is handed to Zapier with its delay', async () => {
  sandbox.faults.add({ provider: 'enrichSo', path: '/email-validation', kind: 'status', status: 429, retryAfterSec: 1, times: 'always' });
  const error = await failure(run(validate, bundle(sandbox, { email: 'throttled.again@acme.com' })));
  expect(error.name).toBe('ThrottledError');
  expect(JSON.parse(error.message).delay).toBe(1);
});

it('not enough credits halts with required, balance and shortfall', async () => {
  const broke = {
    ...bundle(sandbox, { email: 'jane.doe@acme.com' }),
    authData: { apiKey: 'sk_test_almost_broke', baseUrl: sandbox.providers.enrichSo.baseUrl },
  };
  const error = await failure(run(app.searches.phoneFinder_find!.operation.perform, broke));
  expect(error.name).toBe('HaltedError');
  expect(error.message).toMatch(/required 500/);
  expect(error.message).toMatch(/balance 50/);
  expect(error.message).toMatch(/shortfall 450/);
});

it('bad input names the field and sends nothing', async () => {
  const sent = requestCount(sandbox);
  const error = await failure(run(validate, bundle(sandbox, { email: 'jane.doe-at-acme.com' })));
  expect(JSON.parse(error.message)).toEqual(
    expect.objectContaining({ code: 'InvalidData', status: 400, message: expect.stringMatching(/^Email \(email\): .*email must be a valid email address/) }),
  );
  const budget = await failure(run(validate, bundle(sandbox, { email: 'jane.doe@acme.com', enrichflowMaxCredits: 'lots' })));
  expect(JSON.parse(budget.message).message).toMatch(/Max Credits/);
  expect(requestCount(sandbox)).toBe(sent);
});

it('Max Credits stops a step that could spend more, before sending', async () => {
  const sent = requestCount(sandbox);
  const error = await failure(
    run(app.searches.phoneFinder_find!.operation.perform, bundle(sandbox, { email: 'jane.doe@acme.com', enrichflowMaxCredits: 100 })),
  );
  expect(error.name).toBe('HaltedError');
  expect(error.message).toMatch(/500/);
  expect(requestCount(sandbox)).toBe(sent);
});

it('a paid lookup repeated in a later run is answered from z.cache for free', async () => {
  const before = sandbox.providers.enrichSo.wallet().balance;
  const [first] = await run(validate, bundle(sandbox, { email: 'repeat.me@acme.com' }));
  const [second] = await run(validate, bundle(sandbox, { email: 'repeat.me@acme.com' }));
  expect(first.enrichflow).toEqual(expect.objectContaining({ fromCache: false, creditsCharged: 1 }));
  expect(second.enrichflow).toEqual(expect.objectContaining({ fromCache: true, creditsCharged: 0 }));
  expect(second.result).toBe(first.result);
  expect(before - sandbox.providers.enrichSo.wallet().balance).toBe(1);
  // Keyed per account: nothing in z.cache names the key itself.
  expectNoKey(run.zcache(), 'sk_test_');
});
