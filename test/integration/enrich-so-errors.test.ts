/**
 * Issue #2 acceptance, part 3: the error paths, through the real client against the sandbox.
 * Each test asserts the error class and kind, the fields it carries, how many requests went
 * out (retried or not) and what the wallet did.
 */
import { startBatch } from '../../shared/batch';
import type { EnrichflowClient } from '../../shared/client';
import { toCreditNumber } from '../../shared/credits/amount';
import {
  AuthError,
  ConflictError,
  EnrichflowError,
  ForbiddenError,
  GoneError,
  InsufficientCreditsError,
  NotFoundError,
  ProviderFailureError,
  TransportError,
  ValidationError,
} from '../../shared/errors';
import { rejection, sleep, startEnv, type Env } from './helpers';

const PENDING_KEY = 'sk_test_pending_access_org';
const EMPTY_KEY = 'sk_test_empty_wallet_org';
const LOW_KEY = 'sk_test_low_balance_org';
const WRONG_KEY = 'sk_test_this_key_does_not_exist_123';

let env: Env;
let client: EnrichflowClient;

beforeAll(async () => {
  env = await startEnv({
    accounts: [
      { apiKey: 'sk_test_enrichflow_sandbox' },
      { apiKey: PENDING_KEY, companyFollowerAccess: 'pending', balance: 1000 },
      { apiKey: EMPTY_KEY, balance: 0 },
      { apiKey: LOW_KEY, balance: 600 },
    ],
  });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});
afterEach(() => {
  env.sandbox.faults.clear();
  env.sandbox.providers.enrichSo.configure({ errorShape: 'problem' });
});

const onPath = <E extends { path: string }>(entries: E[], suffix: string): E[] => entries.filter((e) => e.path.endsWith(suffix));
const credits = (c: unknown) => (c === undefined ? undefined : toCreditNumber(c as never));

describe('Enrich.so errors: account problems', () => {
  it('a wrong API key is an AuthError (kind auth, 401) whose message never shows the key; not retried', async () => {
    const bad = env.client({ apiKey: WRONG_KEY });
    const mark = env.requests().length;
    const error = await rejection(bad.call('emailValidation.validate', { email: 'jane.doe@acme.com' }));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(error.message).not.toContain(WRONG_KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(WRONG_KEY);
    expect(String(error.stack)).not.toContain(WRONG_KEY);
    expect(env.requestsSince(mark)).toHaveLength(1);
  });

  it('an empty wallet answers a single call with 402: InsufficientCreditsError with required/balance/shortfall, nothing charged', async () => {
    // The provider's own refusal (knowing the balance first, the client refuses before sending).
    const empty = env.client({ apiKey: EMPTY_KEY, readBalanceFirst: false });
    const mark = env.requests().length;
    const error = await rejection(empty.call('phoneFinder.find', { email: 'jane.doe@acme.com' }));
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error).toMatchObject({ kind: 'insufficient_credits', status: 402 });
    expect({ required: credits(error.required), balance: credits(error.balance), shortfall: credits(error.shortfall) }).toEqual({
      required: 500,
      balance: 0,
      shortfall: 500,
    });
    expect(env.requestsSince(mark)).toHaveLength(1); // not retried
    expect(env.balance(EMPTY_KEY)).toBe(0);
    expect(empty.summary().charged).toBe(0);
  });

  it('a batch submit the balance cannot cover is a 402 (nothing reserved), and the runner may submit again after a top-up', async () => {
    const low = env.client({ apiKey: LOW_KEY });
    const items = [{ email: 'jane.doe@acme.com' }, { email: 'john.smith@globex.com' }];
    const error = await rejection(startBatch(low, 'phoneFinder', items));
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect({ required: credits(error.required), balance: credits(error.balance), shortfall: credits(error.shortfall) }).toEqual({
      required: 1000,
      balance: 600,
      shortfall: 400,
    });
    expect(env.balance(LOW_KEY)).toBe(600);

    env.sandbox.providers.enrichSo.wallet(LOW_KEY).setBalance(5000);
    const started = await startBatch(low, 'phoneFinder', items);
    expect(started).toMatchObject({ reused: false, jobs: [expect.objectContaining({ itemCount: 2, reused: false })] });
    expect(env.balance(LOW_KEY)).toBe(4000);
  });

  it('company followers on an account that is not approved: ForbiddenError mentioning accessStatus, nothing charged', async () => {
    const pending = env.client({ apiKey: PENDING_KEY });
    const error = await rejection(pending.call('companyFollowers.startCountEstimate', { companyUrl: 'https://www.linkedin.com/company/stripe' }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(error.message).toMatch(/accessStatus: pending/);
    expect(env.balance(PENDING_KEY)).toBe(1000);
    const limit = await pending.call<any>('companyFollowers.getDailyLimit', {});
    expect(limit.data).toMatchObject({ status: 'pending' });
  });
});

describe('Enrich.so errors: job ids and job states', () => {
  it('an unknown job id is a NotFoundError (404), not retried', async () => {
    for (const [key, input] of [
      ['emailValidation.getBatchStatus', { batchId: '665a1f4e2c3b7800129dce01' }],
      ['phoneFinder.getBatchResults', { jobId: '665a1f4e2c3b7800129dce02' }],
      ['leadFinder.getRevealJob', { jobId: 'rj_a1b2c3d4e5f6a7b8' }],
      ['team.cancelInvitation', { teamId: 'team_000001', invitationId: 'inv_8f2c1d' }],
    ] as const) {
      const mark = env.requests().length;
      const error = await rejection(client.call(key, input));
      expect({ key, error }).toEqual({ key, error: expect.any(NotFoundError) });
      expect(error).toMatchObject({ kind: 'not_found', status: 404 });
      expect(env.requestsSince(mark)).toHaveLength(1);
    }
  });

  it('submitting the same IP batch twice is a ConflictError (409); only the first reserves', async () => {
    const before = env.balance();
    await client.call('ipToCompany.submitBatch', { ips: ['1.1.1.1', '9.9.9.9'] });
    expect(env.balance()).toBe(before - 200);
    const error = await rejection(client.call('ipToCompany.submitBatch', { ips: ['9.9.9.9', '1.1.1.1'] }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ kind: 'conflict', status: 409 });
    expect(env.balance()).toBe(before - 200);
  });

  it('downloading a lead export before it completes is a ConflictError (409); after expiry it is Gone (410)', async () => {
    const job = await client.call<any>('leadFinder.export', { filters: { jobLevel: ['VP'] }, maxResults: 20 });
    const early = await rejection(client.call('leadFinder.downloadExport', { jobId: job.data.jobId }));
    expect(early).toBeInstanceOf(ConflictError);
    expect(early).toMatchObject({ kind: 'conflict', status: 409 });

    await env.advance(1000);
    const csv = await client.call<string>('leadFinder.downloadExport', { jobId: job.data.jobId });
    expect(csv.data.split('\n')[0]).toMatch(/^id,firstName,lastName/);

    await env.advance(25 * 3600_000);
    const expired = await rejection(client.call('leadFinder.downloadExport', { jobId: job.data.jobId }));
    expect(expired).toBeInstanceOf(GoneError);
    expect(expired).toMatchObject({ kind: 'gone', status: 410 });
  });

  it('follower scrape states: export before completion is a 400, continue on a complete scrape 409, on an unrecoverable one 422', async () => {
    const scrape = await client.call<any>('companyFollowers.startScrape', {
      companyUrl: 'https://www.linkedin.com/company/initech',
      max_limit: 50,
      creditsPerProfile: 100,
    });
    const early = await rejection(client.call('companyFollowers.exportCsv', { batchId: scrape.data.batchId }));
    expect(early).toBeInstanceOf(ValidationError);
    expect(early).toMatchObject({ kind: 'validation', status: 400 });

    await env.advance(5000);
    const notPartial = await rejection(client.call('companyFollowers.continueScrape', { batchId: scrape.data.batchId }));
    expect(notPartial).toBeInstanceOf(ConflictError);
    expect(notPartial.status).toBe(409);

    const stuck = await client.call<any>('companyFollowers.startScrape', {
      companyUrl: 'https://www.linkedin.com/company/unrecoverable-co',
      max_limit: 50,
      creditsPerProfile: 100,
    });
    await env.advance(5000);
    const progress = await client.call<any>('companyFollowers.getProgress', { batchId: stuck.data.batchId });
    expect(progress.data).toMatchObject({ done: true, partial: true });
    const unrecoverable = await rejection(client.call('companyFollowers.continueScrape', { batchId: stuck.data.batchId }));
    expect(unrecoverable).toBeInstanceOf(EnrichflowError);
    expect(unrecoverable).toMatchObject({ kind: 'validation', status: 422 });
  });
});

describe('Enrich.so errors: faults, retries and "never pay twice"', () => {
  it('429 (burst) with Retry-After: the client waits, retries and succeeds; the paid call is charged once', async () => {
    env.sandbox.faults.add({ method: 'POST', path: /\/email-validation$/, kind: 'status', status: 429, retryAfterSec: 1 });
    const before = env.balance();
    const mark = env.requests().length;
    const t0 = Date.now();
    const result = await client.call('emailValidation.validate', { email: 'ann.lee@initech.io' });
    const waited = Date.now() - t0;
    expect(result.attempts).toBe(2);
    expect(result.credits.charged).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(1000); // Retry-After honoured (backoff alone is ≤ 200 ms)
    expect(onPath(env.requestsSince(mark), '/email-validation').map((r) => r.status)).toEqual([429, 200]);
    expect(env.balance()).toBe(before - 1);
  });

  it.each([500, 503])('%i on a GET is retried and succeeds', async (status) => {
    env.sandbox.faults.add({ method: 'GET', path: '/wallets/balance', kind: 'status', status });
    const mark = env.requests().length;
    const result = await client.call<any>('wallet.getBalance', {});
    expect(result.attempts).toBe(2);
    expect(result.data.balance).toBe(env.balance());
    expect(onPath(env.requestsSince(mark), '/wallets/balance').map((r) => r.status)).toEqual([status, 200]);
  });

  it('503 on a paid POST is not retried (never pay twice): ProviderFailureError, one request, nothing charged', async () => {
    env.sandbox.faults.add({ method: 'POST', path: /\/email-finder$/, kind: 'status', status: 503 });
    const before = env.balance();
    const mark = env.requests().length;
    const error = await rejection(client.call('emailFinder.find', { firstName: 'Grace', lastName: 'Hopper', domain: 'navy.mil' }));
    expect(error).toBeInstanceOf(ProviderFailureError);
    expect(error).toMatchObject({ kind: 'provider', status: 503 });
    expect(onPath(env.requestsSince(mark), '/email-finder')).toHaveLength(1);
    expect(env.balance()).toBe(before);
  });

  it('a connection reset on a GET is retried and succeeds', async () => {
    env.sandbox.faults.add({ method: 'GET', path: '/wallets/balance', kind: 'reset' });
    const mark = env.requests().length;
    const result = await client.call<any>('wallet.getBalance', {});
    expect(result.attempts).toBe(2);
    expect(onPath(env.requestsSince(mark), '/wallets/balance').map((r) => r.fault ?? r.status)).toEqual(['reset', 200]);
  });

  it('a connection reset on a batch submit is not retried; the wallet shows nothing was reserved, so a re-run submits once', async () => {
    env.sandbox.faults.add({ method: 'POST', path: '/email-validation/batch', kind: 'reset' });
    const before = env.balance();
    const emails = ['reset.one@acme.com', 'reset.two@acme.com'];
    const mark = env.requests().length;
    const error = await rejection(startBatch(client, 'emailValidation', emails));
    expect(error).toBeInstanceOf(ProviderFailureError);
    expect((error as Error).cause).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/show no reservation for these 2 item\(s\).*the submit did nothing/);
    expect(onPath(env.requestsSince(mark), '/email-validation/batch')).toHaveLength(1);
    expect(env.balance()).toBe(before);

    // Proven harmless, the record is released: the re-run submits (once) instead of a ConflictError.
    const mark2 = env.requests().length;
    const again = await startBatch(client, 'emailValidation', emails);
    expect(again.jobs).toHaveLength(1);
    expect(onPath(env.requestsSince(mark2), '/email-validation/batch')).toHaveLength(1);
  });

  it('a malformed body is a ProviderFailureError; on a GET it is retried, on a paid POST it is not', async () => {
    env.sandbox.faults.add({ method: 'GET', path: '/lead-finder/filter-options', kind: 'malformed', times: 'always' });
    const stubborn = env.client({ retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50 } });
    let mark = env.requests().length;
    const error = await rejection(stubborn.call('leadFinder.getFilterOptions', {}));
    expect(error).toBeInstanceOf(ProviderFailureError);
    expect(error).toMatchObject({ kind: 'provider', status: 200 });
    expect(error.message).toMatch(/malformed/);
    expect(onPath(env.requestsSince(mark), '/lead-finder/filter-options')).toHaveLength(3);
    env.sandbox.faults.clear();

    env.sandbox.faults.add({ method: 'GET', path: '/lead-finder/filter-options', kind: 'malformed' });
    const ok = await client.call('leadFinder.getFilterOptions', {});
    expect(ok.attempts).toBe(2);

    env.sandbox.faults.add({ method: 'POST', path: /\/email-validation$/, kind: 'malformed' });
    mark = env.requests().length;
    const paid = await rejection(client.call('emailValidation.validate', { email: 'bob.malformed@acme.com' }));
    expect(paid).toBeInstanceOf(ProviderFailureError);
    expect(onPath(env.requestsSince(mark), '/email-validation')).toHaveLength(1);
  });

  it('an answer slower than timeoutMs is a TransportError timeout (not retried on a paid POST)', async () => {
    const impatient = env.client({ timeoutMs: 100, retry: { retries: 0 } });
    env.sandbox.faults.add({ method: 'GET', path: '/wallets/balance', kind: 'slow', delayMs: 400 });
    const error = await rejection(impatient.call('wallet.getBalance', {}));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'transport', reason: 'timeout', retryable: true });

    // A paid POST that times out may have been charged: it must not be sent again. (A risky
    // email is used, which the provider does not charge, so the wallet stays comparable.)
    const quick = env.client({ timeoutMs: 100 });
    const fault = env.sandbox.faults.add({ method: 'POST', path: /\/email-validation$/, kind: 'slow', delayMs: 300, times: 'always' });
    const paid = await rejection(quick.call('emailValidation.validate', { email: 'slow.risky@acme.com' }));
    expect(paid).toBeInstanceOf(TransportError);
    expect(paid.reason).toBe('timeout');
    await sleep(150); // a retry (there must be none) would have arrived by now
    expect(env.sandbox.faults.list().find((f) => f.id === fault)?.hits).toBe(1);

    // The same slowness on a free GET with retries left: retried, and the retry succeeds.
    env.sandbox.faults.clear();
    env.sandbox.faults.add({ method: 'GET', path: '/wallets/balance', kind: 'slow', delayMs: 400 });
    const retried = await quick.call('wallet.getBalance', {});
    expect(retried.attempts).toBe(2);
  });
});

describe.each(['problem', 'flat', 'sdk'] as const)('Enrich.so errors in the %s shape', (shape) => {
  beforeEach(() => env.sandbox.providers.enrichSo.configure({ errorShape: shape }));

  it('401 is an AuthError without the key', async () => {
    const error = await rejection(env.client({ apiKey: WRONG_KEY }).call('wallet.getBalance', {}));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).not.toContain(WRONG_KEY);
    expect(error.message).toMatch(/invalid or has been revoked/);
  });

  it('402 is an InsufficientCreditsError with required, balance and shortfall', async () => {
    const error = await rejection(env.client({ apiKey: EMPTY_KEY }).call('ipToCompany.lookup', { ip: '8.8.4.4' }));
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect({ required: credits(error.required), balance: credits(error.balance), shortfall: credits(error.shortfall) }).toEqual({
      required: 100,
      balance: 0,
      shortfall: 100,
    });
  });

  it('403 is a ForbiddenError naming accessStatus; 404 a NotFoundError; 409 a ConflictError', async () => {
    const forbidden = await rejection(env.client({ apiKey: PENDING_KEY }).call('companyFollowers.getProgress', { batchId: '665a1f4e2c3b7800129dce03' }));
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect(forbidden.message).toMatch(/accessStatus: pending/);
    const missing = await rejection(client.call('reverseLookup.getBatchStatus', { batchId: '665a1f4e2c3b7800129dce09' }));
    expect(missing).toBeInstanceOf(NotFoundError);
    const ips = [`7.7.7.${['problem', 'flat', 'sdk'].indexOf(shape) + 1}`];
    await client.call('ipToCompany.submitBatch', { ips });
    const conflict = await rejection(client.call('ipToCompany.submitBatch', { ips }));
    expect(conflict).toBeInstanceOf(ConflictError);
  });

  it('429 with Retry-After is retried after the wait', async () => {
    env.sandbox.faults.add({ method: 'GET', path: '/lead-finder/saved', kind: 'status', status: 429, retryAfterSec: 1 });
    const t0 = Date.now();
    const result = await client.call('leadFinder.listSavedSearches', {});
    expect(result.attempts).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });
});
