/**
 * SMARTe end to end: the real core client (undici) against the SMARTe sandbox over HTTP.
 * The ledger is held to the sandbox wallet in every story.
 */
import { FakeClock } from '../../shared/clock';
import { createClient, type ClientOptions } from '../../shared/client';
import type { RatePolicy } from '../../shared/catalog/types';
import { smarte } from '../../shared/providers/smarte';
import { startSandbox, type Sandbox, type SmarteConfigInput } from '../../sandbox/server';
import { rejection } from './helpers';

const WIDE: RatePolicy = { rate: 1_000_000, windowMs: 60_000, burst: 10_000 };

interface SmarteEnv {
  sandbox: Sandbox;
  client(opts?: Partial<ClientOptions>, readings?: Record<string, string>): ReturnType<typeof createClient>;
  balance(): number;
  requests(): number;
}

let env: SmarteEnv;

async function start(config: SmarteConfigInput = {}, clock?: FakeClock): Promise<SmarteEnv> {
  const sandbox = await startSandbox({ port: 0, clock, smarte: { rateLimit: null, ...config } });
  const s = sandbox.providers.smarte;
  return {
    sandbox,
    client: (opts = {}, readings) =>
      createClient({
        provider: smarte,
        readings,
        apiKey: s.apiKey,
        baseUrl: s.baseUrl,
        retry: { baseDelayMs: 10, maxDelayMs: 50 },
        rateLimits: { default: WIDE },
        ...opts,
      }),
    balance: () => s.wallet().balance,
    requests: () => s.requests().length,
  };
}

afterEach(async () => {
  await env?.sandbox.close();
});

const person = { email: 'jane.doe@acme.io' };
const company = { companyWebsite: 'acme.io' };

describe('SMARTe against its sandbox', () => {
  it.each([
    ['person.enrich', person, 'currentExperience'],
    ['company.enrich', company, 'companyIndustry'],
    ['email.enrich', { fullName: 'Jane Doe', companyName: 'Acme' }, 'email'],
    ['mobile.enrich', { firstName: 'Jane', lastName: 'Doe', companyWebsite: 'acme.io' }, 'mobileNumber'],
    ['funding.enrich', { companyName: 'Acme' }, 'lastFundingRound'],
    ['technographics.enrich', { companyWebsite: 'acme.io', category: 'CRM' }, 'productName'],
  ])('%s delivers data with its SMARTe transaction id and charges the 1 credit the header reports', async (key, input, field) => {
    env = await start();
    const before = env.balance();
    const c = env.client();
    const result = await c.call<Record<string, unknown>>(key, input);
    expect(result.data[field]).toBeTruthy();
    expect(result.data.smarteTransactionId).toMatch(/^stx_/);
    expect(result.credits).toMatchObject({ charged: 1, source: 'provider' });
    expect(before - env.balance()).toBe(1);
    expect(c.summary().charged).toBe(1);
  });

  it('500 contacts with shuffled answers come back as 500 outcomes in input order, and the ledger equals the wallet', async () => {
    env = await start({ shuffleAnswers: true });
    const before = env.balance();
    const c = env.client();
    const contacts = Array.from({ length: 500 }, (_, i) => ({
      recordId: `crm-${i + 1}`,
      email: i % 10 === 3 ? `nomatch${i}@acme.io` : i % 10 === 7 ? `nodata${i}@acme.io` : `person${i}@acme.io`,
    }));
    const outcomes = await c.callRecords<Record<string, unknown>>('person.enrich', contacts);
    expect(env.requests()).toBe(20);
    expect(outcomes).toHaveLength(500);
    outcomes.forEach((o, i) => {
      expect(o.index).toBe(i);
      if (!o.ok) throw o.error;
      expect(o.value.data.recordId).toBe(`crm-${i + 1}`);
      // The answer is this contact's: its email is the one we sent (or nothing, for no match / no data).
      const email = (o.value.data.currentExperience as { email?: string }[] | undefined)?.[0]?.email;
      if (i % 10 === 3 || i % 10 === 7) expect(o.value.credits.charged).toBe(0);
      else expect([email, o.value.credits.charged]).toEqual([contacts[i]!.email, 1]);
    });
    const spent = before - env.balance();
    expect(spent).toBe(400);
    expect(c.summary().charged).toBe(spent);
    expect(outcomes.reduce((sum, o) => sum + (o.ok ? o.value.credits.charged : 0), 0)).toBe(spent);
  });

  it('an audit-only run checks every record and charges nothing', async () => {
    env = await start();
    const before = env.balance();
    const c = env.client();
    const outcomes = await c.callRecords<Record<string, unknown>>('person.enrich', [
      { ...person, auditOnly: true },
      { email: 'nomatch@acme.io', auditOnly: true },
    ]);
    expect(outcomes.map((o) => o.ok && o.value.data.enrichmentStatus)).toEqual(['Active', 'No Match']);
    expect(outcomes.every((o) => o.ok && o.value.credits.charged === 0 && o.value.data.smarteTransactionId)).toBe(true);
    // Estimated at the 1 credit it would cost if SMARTe did not read the audit parameter (the budget's bound).
    expect(outcomes.every((o) => o.ok && o.value.credits.estimated === 1)).toBe(true);
    expect(env.balance()).toBe(before);
    expect(c.summary().charged).toBe(0);
  });

  it('follows the audit parameter a credential names, in the query or in each record', async () => {
    env = await start({ audit: { parameter: 'mode', value: 'audit' } });
    const before = env.balance();
    for (const auditIn of ['query', 'record'] as const) {
      const c = env.client({}, { auditParameter: 'mode', auditValue: 'audit', auditIn });
      const [o] = await c.callRecords<Record<string, unknown>>('company.enrich', [{ ...company, auditOnly: true }]);
      expect(o).toMatchObject({ ok: true, value: { credits: { charged: 0 } } });
    }
    expect(env.balance()).toBe(before);
  });

  it('a request the balance cannot cover is refused whole: the insufficient-credits error for each record, nothing processed', async () => {
    for (const status of [402, 403] as const) {
      env = await start({ accounts: [{ apiKey: 'smarte_test_low', balance: 2 }], insufficientCreditsStatus: status });
      const c = env.client({ apiKey: 'smarte_test_low' });
      const outcomes = await c.callRecords('company.enrich', [{ companyName: 'A' }, { companyName: 'B' }, { companyName: 'C' }]);
      expect(outcomes.every((o) => !o.ok && o.error.kind === 'insufficient_credits')).toBe(true);
      expect(env.balance()).toBe(2);
      expect(c.summary().charged).toBe(0);
      await env.sandbox.close();
    }
  });

  it('refuses a contact it cannot identify before sending anything, naming what is missing', async () => {
    env = await start();
    const c = env.client();
    const outcomes = await c.callRecords('person.enrich', [
      { fullName: 'Jane Doe' },
      { firstName: 'Jane', companyName: 'Acme' },
      { jobTitle: 'CTO' },
      { companyName: 'Acme' },
    ]);
    expect(outcomes.map((o) => !o.ok && [o.error.kind, (o.error as { field?: string }).field])).toEqual([
      ['validation', 'companyName'],
      ['validation', 'lastName'],
      ['validation', 'email'],
      ['validation', 'email'],
    ]);
    expect(!outcomes[0]!.ok && outcomes[0]!.error.message).toContain('fullName needs companyName or companyWebsite');
    expect(await rejection(c.call('company.enrich', { auditOnly: true }))).toMatchObject({ kind: 'validation', field: 'companyWebsite' });
    expect(env.requests()).toBe(0);
  });

  it('a rate-limited request (the §3.6 body) charges nothing and says so', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T10:00:00Z'));
    env = await start({ rateLimit: { rate: 1, windowMs: 60_000, burst: 1 } }, clock);
    const before = env.balance();
    // No retry: a retry would rightly wait out the minute the 429 names (see client.test.ts).
    const c = env.client({ retry: { retries: 0 } }, { recordsPerRequest: '1' });
    const outcomes = await c.callRecords('company.enrich', [{ companyName: 'A' }, { companyName: 'B' }]);
    expect(outcomes[0]!.ok).toBe(true);
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', code: 'rate_limit_exceeded', message: expect.stringContaining('Too many requests') },
    });
    expect(before - env.balance()).toBe(1);
    expect(c.summary().charged).toBe(1);
  });

  it('a wrong key is an authentication error and costs nothing', async () => {
    env = await start();
    const c = env.client({ apiKey: 'smarte_test_wrong' });
    expect(await rejection(c.call('person.enrich', person))).toMatchObject({ kind: 'auth' });
    expect(c.summary().charged).toBe(0);
  });

  it('reads a one-record answer given as an object, and sends one record per request when the settings say so', async () => {
    env = await start({ singleAnswerShape: 'object', statusWords: 'matched' });
    const c = env.client({}, { requestShape: 'object' });
    const outcomes = await c.callRecords<Record<string, unknown>>('company.enrich', [{ companyName: 'A' }, { companyName: 'nomatch' }, { companyName: 'C' }]);
    expect(env.requests()).toBe(3);
    expect(outcomes.map((o) => o.ok && [o.value.data.enrichmentStatus, o.value.credits.charged])).toEqual([
      ['Matched', 1],
      ['No Match', 0],
      ['Matched', 1],
    ]);
  });

  it('the credential check is one audit-only request and spends nothing', async () => {
    env = await start();
    const before = env.balance();
    const c = env.client();
    const result = await c.call(smarte.credentialTestOp, {});
    expect(result.status).toBe(200);
    expect(env.balance()).toBe(before);
  });
});
