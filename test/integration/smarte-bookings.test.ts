/**
 * What SMARTe work books, against the sandbox under the readings the reference leaves open:
 * audit-only checks (free, guarded by the budget, a charged one stops the run and names the
 * setting), answers spelled `recordID` or matching nothing sent, the caller's record id on the
 * wire, and repeated rows sent once. Per-item credits add up to the wallet in every story.
 */
import { createClient, type ClientOptions } from '../../shared/client';
import type { RatePolicy } from '../../shared/catalog/types';
import type { RecordOutcome } from '../../shared/pipeline/records';
import { smarte } from '../../shared/providers/smarte';
import { defaultTransport } from '../../shared/platform';
import type { Transport } from '../../shared/transport/types';
import { startSandbox, type Sandbox, type SmarteConfigInput } from '../../sandbox/server';

const WIDE: RatePolicy = { rate: 1_000_000, windowMs: 60_000, burst: 10_000 };

let sandbox: Sandbox;
afterEach(() => sandbox?.close());

async function start(config: SmarteConfigInput = {}) {
  sandbox = await startSandbox({ port: 0, smarte: { rateLimit: null, ...config } });
  const s = sandbox.providers.smarte;
  const before = s.wallet().balance;
  // What went on the wire: the record bodies as SMARTe received them.
  const bodies: unknown[] = [];
  const wire = defaultTransport({});
  const transport: Transport = { send: (req) => (bodies.push(JSON.parse(String(req.body))), wire.send(req)) };
  return {
    client: (opts: Partial<ClientOptions> = {}) =>
      createClient({
        provider: smarte,
        apiKey: s.apiKey,
        baseUrl: s.baseUrl,
        transport,
        retry: { baseDelayMs: 10, maxDelayMs: 50 },
        rateLimits: { default: WIDE },
        ...opts,
      }),
    spent: () => before - s.wallet().balance,
    requests: () => s.requests(),
    bodies,
  };
}

/** Credits on the items, errors included: what a user sums in a sheet. */
const perItem = (outcomes: RecordOutcome[]) => outcomes.reduce((sum, o) => sum + (o.ok ? o.value.credits.charged : (o.error.charged ?? 0)), 0);

const people = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ recordId: `crm-${i + 1}`, email: `person${i + 1}@acme.io`, ...extra }));

describe('audit-only checks', () => {
  it('with no credits-deducted header, audit answers that show what matched are booked at 0', async () => {
    const env = await start({ creditsHeader: false, auditAnswer: 'identifiers' });
    const client = env.client();
    const outcomes = await client.callRecords<Record<string, unknown>>('person.enrich', people(2, { auditOnly: true }));
    expect(outcomes.map((o) => o.ok && o.value.data.personId)).toEqual([expect.stringMatching(/^P/), expect.stringMatching(/^P/)]);
    expect(outcomes.map((o) => o.ok && o.value.credits.charged)).toEqual([0, 0]);
    expect(client.summary().charged).toBe(0);
    expect(env.spent()).toBe(0);
    // The budget is untouched: a free call afterwards still goes.
    const budgeted = env.client({ budget: 1 });
    await budgeted.callRecords('person.enrich', people(1, { auditOnly: true }));
    expect((await budgeted.callRecords('company.enrich', [{ companyWebsite: 'acme.io', auditOnly: true }]))[0]!.ok).toBe(true);
  });

  it('a budget of 0 never sends one: SMARTe might not read the audit parameter and charge it', async () => {
    const env = await start();
    const client = env.client({ budget: 0 });
    const [outcome] = await client.callRecords('company.enrich', [{ companyWebsite: 'acme.io', auditOnly: true }]);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'budget_exceeded' } });
    expect(env.requests()).toHaveLength(0);
    expect(env.spent()).toBe(0);
  });

  it('an audit check SMARTe charges for stops the run at once and names the credential setting to change', async () => {
    // SMARTe reads `mode`; the credential sends its default `outputMode`.
    const env = await start({ audit: { parameter: 'mode', value: 'AUD' } });
    const client = env.client();
    const outcomes = await client.callRecords<Record<string, unknown>>('person.enrich', people(30, { auditOnly: true }));
    expect(env.requests()).toHaveLength(1);
    expect(env.spent()).toBe(25);
    // The 25 paid answers are delivered, never lost; the 5 not sent say why.
    expect(outcomes.slice(0, 25).every((o) => o.ok && o.value.credits.charged === 1)).toBe(true);
    for (const o of outcomes.slice(25)) expect(o).toMatchObject({ ok: false, error: { message: expect.stringContaining('Audit-Only Parameter') } });
    expect(client.notices()).toEqual([expect.objectContaining({ kind: 'charged_free_call', charged: 25, message: expect.stringContaining('outputMode=AUD') })]);
    expect(client.summary().charged).toBe(env.spent());
    expect(perItem(outcomes)).toBe(env.spent());
  });
});

describe('matching answers to records', () => {
  it('answers spelled recordID (v7) match their records', async () => {
    const env = await start({ recordIdSpelling: 'recordID', shuffleAnswers: true });
    const client = env.client();
    const outcomes = await client.callRecords<Record<string, unknown>>('person.enrich', people(3));
    outcomes.forEach((o, i) => {
      if (!o.ok) throw o.error;
      expect(o.value.data.recordId).toBe(`crm-${i + 1}`);
      expect((o.value.data.currentExperience as { email: string }[])[0]!.email).toBe(`person${i + 1}@acme.io`);
    });
    expect(perItem(outcomes)).toBe(3);
    expect(env.spent()).toBe(3);
  });

  it('a charged answer that matches nothing sent is booked on the items left without one, and reported with its transaction id', async () => {
    const env = await start({ foreignRecordIds: true });
    const client = env.client();
    const outcomes = await client.callRecords('person.enrich', people(2));
    for (const o of outcomes)
      expect(o).toMatchObject({ ok: false, error: { message: expect.stringMatching(/matching none sent \(smarteTransactionId stx_.*charged 2 credit/) } });
    expect(client.summary().charged).toBe(2);
    expect(perItem(outcomes)).toBe(env.spent());
  });

  it("the caller's record id travels as it is (SMARTe's support sees the CRM id); a repeated or empty one is replaced on the wire only", async () => {
    const env = await start();
    const client = env.client();
    const outcomes = await client.callRecords<Record<string, unknown>>('company.enrich', [
      { recordId: 'crm-9', companyWebsite: 'a.io' },
      { recordId: 'dup', companyWebsite: 'b.io' },
      { recordId: 'dup', companyWebsite: 'c.io' },
      { companyWebsite: 'd.io' },
    ]);
    const sent = env.bodies[0] as { recordId: string }[];
    expect(sent.map((r) => r.recordId)).toEqual(['crm-9', 'r2', 'r3', 'r4']);
    expect(outcomes.map((o) => o.ok && o.value.data.recordId)).toEqual(['crm-9', 'dup', 'dup', undefined]);
  });

  it('a row repeated in one run is sent and charged once, and every item still gets its result', async () => {
    const env = await start();
    const client = env.client();
    const outcomes = await client.callRecords<Record<string, unknown>>('person.enrich', [
      { recordId: 'a', email: 'jane.doe@acme.io' },
      { recordId: 'b', email: 'john.roe@acme.io' },
      { recordId: 'c', email: 'jane.doe@acme.io' },
    ]);
    expect(env.bodies).toEqual([[expect.anything(), expect.anything()]]);
    expect(env.spent()).toBe(2);
    expect(outcomes.map((o) => o.ok && [o.value.data.recordId, o.value.credits.charged])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0],
    ]);
    expect(perItem(outcomes)).toBe(env.spent());
  });
});
