/**
 * Many records in one request, through the public client API: a toy provider that takes up to
 * three people per request and answers them in reverse order.
 */
import { z } from 'zod';
import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import type { OperationSpec, ProviderCatalog } from '../../shared/catalog/types';
import { credits, ZERO } from '../../shared/credits/amount';
import type { HttpRequest } from '../../shared/transport/types';
import { MemoryStore } from '../../shared/store/memory';
import { shareOut } from '../../shared/pipeline/records';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';

const enrichPeople: OperationSpec = {
  key: 'person.enrich',
  resource: 'person',
  operation: 'enrich',
  displayName: 'Enrich people',
  description: '1 credit per person found',
  kind: 'lookup',
  method: 'POST',
  path: '/people/enrich',
  input: z.object({ recordId: z.string().optional(), email: z.string().email('email must be a valid email address'), checkOnly: z.boolean().default(false) }),
  output: z.object({ found: z.boolean() }).passthrough(),
  cost: {
    summary: '1 credit per person found',
    estimate: (i: { checkOnly: boolean }) => (i.checkOnly ? ZERO : credits(1)),
    actual: ({ data }) => ((data as { found?: boolean }).found ? credits(1) : ZERO),
  },
  retrySafe: false,
  records: {
    maxPerRequest: 3,
    matchKey: 'recordId',
    requestFields: ['checkOnly'],
    request: (records, shared) => ({ path: {}, query: shared.checkOnly ? { mode: 'check' } : {}, body: records }),
  },
};

const catalog: ProviderCatalog = { ...toyCatalog, operations: [...toyCatalog.operations, enrichPeople] };

type Sent = { recordId: string; email: string }[];

/** Answers every record (in reverse order): found unless the email starts with "nobody". */
function reversedAnswers(req: HttpRequest, opts: { report?: (records: Sent) => number | undefined; drop?: string } = {}) {
  const records = JSON.parse(req.body!) as Sent;
  const answers = records
    .filter((r) => r.email !== opts.drop)
    .map((r) => ({ recordId: r.recordId, email: r.email, found: !r.email.startsWith('nobody') }))
    .reverse();
  const reported = opts.report?.(records);
  return json(200, { data: answers, meta: { requestId: `req_${records[0]!.recordId}`, ...(reported === undefined ? {} : { creditsUsed: reported }) } });
}

function client(answer: ConstructorParameters<typeof ScriptedTransport>[0], extra: { budget?: number } = {}) {
  const clock = new FakeClock(1_000_000);
  const transport = new ScriptedTransport(answer);
  return {
    transport,
    client: createClient({
      provider: catalog,
      apiKey: 'sk_test_records',
      transport,
      clock,
      store: new MemoryStore({ clock }),
      random: () => 0.5,
      readBalanceFirst: false,
      ...extra,
    }),
  };
}

const emails = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i + 1}@acme.io` }));

describe('many records in one request', () => {
  it('sends seven people as three requests and gives each its own answer, in input order, whatever order they come back in', async () => {
    const { client: c, transport } = client((req) => reversedAnswers(req));
    const outcomes = await c.callRecords('person.enrich', emails(7));
    expect(transport.requests).toHaveLength(3);
    expect((JSON.parse(transport.requests[0]!.body!) as Sent).map((r) => r.email)).toEqual(['p1@acme.io', 'p2@acme.io', 'p3@acme.io']);
    expect(outcomes.map((o) => (o.ok ? (o.value.data as { email: string }).email : 'error'))).toEqual(emails(7).map((e) => e.email));
    expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("gives the caller's own record id back and never sends two records with one id", async () => {
    const { client: c, transport } = client((req) => reversedAnswers(req));
    const outcomes = await c.callRecords('person.enrich', [
      { recordId: 'crm-1', email: 'a@acme.io' },
      { recordId: 'crm-1', email: 'b@acme.io' },
      { email: 'c@acme.io' },
    ]);
    const sentIds = (JSON.parse(transport.requests[0]!.body!) as Sent).map((r) => r.recordId);
    expect(new Set(sentIds).size).toBe(3);
    expect(outcomes.map((o) => (o.ok ? (o.value.data as { recordId?: string }).recordId : 'error'))).toEqual(['crm-1', 'crm-1', undefined]);
  });

  it('fails a bad item alone, before anything is sent for it', async () => {
    const { client: c, transport } = client((req) => reversedAnswers(req));
    const outcomes = await c.callRecords('person.enrich', [{ email: 'a@acme.io' }, { email: 'not-an-email' }, { email: 'c@acme.io' }]);
    expect(transport.requests).toHaveLength(1);
    expect((JSON.parse(transport.requests[0]!.body!) as Sent).map((r) => r.email)).toEqual(['a@acme.io', 'c@acme.io']);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { kind: 'validation', field: 'email' } });
    expect(outcomes[0]!.ok && outcomes[2]!.ok).toBe(true);
  });

  it("shares the provider's reported total over the records it found, so the items add up to the ledger", async () => {
    const { client: c } = client((req) => reversedAnswers(req, { report: (records) => records.filter((r) => !r.email.startsWith('nobody')).length }));
    const outcomes = await c.callRecords('person.enrich', [
      { email: 'a@acme.io' },
      { email: 'nobody@acme.io' },
      { email: 'c@acme.io' },
      { email: 'd@acme.io' },
    ]);
    const charged = outcomes.map((o) => (o.ok ? o.value.credits.charged : -1));
    expect(charged).toEqual([1, 0, 1, 1]);
    expect(outcomes.every((o) => o.ok && o.value.credits.source === 'provider')).toBe(true);
    expect(c.summary().charged).toBe(3);
  });

  it('splits a reported total the model cannot explain exactly, to the micro-credit', () => {
    expect(shareOut(credits(1), [credits(1), credits(1), credits(1)], [true, true, true]).reduce((a, b) => a + b, 0)).toBe(credits(1));
    expect(shareOut(credits(2), [ZERO, ZERO, ZERO], [true, false, true])).toEqual([credits(1), ZERO, credits(1)]);
    expect(shareOut(undefined, [credits(1), ZERO], [true, true])).toEqual([credits(1), ZERO]);
  });

  it('prices each record by the model when the provider reports nothing', async () => {
    const { client: c } = client((req) => reversedAnswers(req));
    const outcomes = await c.callRecords('person.enrich', [{ email: 'a@acme.io' }, { email: 'nobody@acme.io' }]);
    expect(outcomes.map((o) => o.ok && o.value.credits)).toEqual([
      { estimated: 1, charged: 1, source: 'model', fromCache: false },
      { estimated: 1, charged: 0, source: 'model', fromCache: false },
    ]);
  });

  it('gives an item the provider left out of its answer an error of its own', async () => {
    const { client: c } = client((req) => reversedAnswers(req, { drop: 'b@acme.io' }));
    const outcomes = await c.callRecords('person.enrich', [{ email: 'a@acme.io' }, { email: 'b@acme.io' }, { email: 'c@acme.io' }]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { kind: 'provider', message: expect.stringContaining('no record for item 2') } });
    expect(outcomes[0]!.ok && outcomes[2]!.ok).toBe(true);
  });

  it('sends only what a budget of 4 covers, and says which items were not run', async () => {
    const { client: c, transport } = client((req) => reversedAnswers(req), { budget: 4 });
    const outcomes = await c.callRecords('person.enrich', emails(6));
    expect(transport.requests.map((r) => (JSON.parse(r.body!) as Sent).length)).toEqual([3, 1]);
    expect(outcomes.slice(0, 4).every((o) => o.ok)).toBe(true);
    expect(outcomes.slice(4)).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ kind: 'budget_exceeded' }) }),
      expect.objectContaining({ ok: false, error: expect.objectContaining({ kind: 'budget_exceeded' }) }),
    ]);
  });

  it('stops at a request the provider refuses for insufficient credits: its items and the rest say so, nothing more is sent', async () => {
    const { client: c, transport } = client((req, n) => (n === 2 ? json(402, { message: 'out of credits', required: 3, balance: 1 }) : reversedAnswers(req)));
    const outcomes = await c.callRecords('person.enrich', emails(9));
    expect(transport.requests).toHaveLength(2);
    expect(outcomes.slice(0, 3).every((o) => o.ok)).toBe(true);
    expect(outcomes.slice(3).every((o) => !o.ok && o.error.kind === 'insufficient_credits')).toBe(true);
    expect(outcomes[6]).toMatchObject({ ok: false, error: { message: expect.stringContaining('Not run') } });
  });

  it('sends records that differ in a request-level field as separate requests', async () => {
    const { client: c, transport } = client((req) => reversedAnswers(req));
    const outcomes = await c.callRecords('person.enrich', [
      { email: 'a@acme.io', checkOnly: true },
      { email: 'b@acme.io' },
      { email: 'c@acme.io', checkOnly: true },
    ]);
    expect(transport.requests).toHaveLength(2);
    expect(transport.requests[0]!.url).toContain('mode=check');
    expect((JSON.parse(transport.requests[0]!.body!) as Record<string, unknown>[]).map((r) => [r.email, 'checkOnly' in r])).toEqual([
      ['a@acme.io', false],
      ['c@acme.io', false],
    ]);
    expect(transport.requests[1]!.url).not.toContain('mode=');
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it('answers a single call with the one record (a one-record request)', async () => {
    const { client: c, transport } = client((req) => reversedAnswers(req, { report: () => 1 }));
    const result = await c.call<{ email: string; found: boolean }>('person.enrich', { email: 'solo@acme.io' });
    expect(JSON.parse(transport.requests[0]!.body!)).toHaveLength(1);
    expect(result.data).toMatchObject({ email: 'solo@acme.io', found: true });
    expect(result.credits.charged).toBe(1);
  });

  it('a request whose answer was lost: what the balance says it charged is shared by its records, their repeats carry nothing', async () => {
    let balance = 100;
    const clock = new FakeClock(1_000_000);
    const transport = new ScriptedTransport((req) => {
      if (req.url.endsWith('/balance')) return json(200, { data: { balance } });
      balance -= 2; // two of the three were found and charged; the answer is cut in half on the way
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"data":[{"recordId"' };
    });
    const c = createClient({ provider: catalog, apiKey: 'sk_test_records', transport, clock, store: new MemoryStore({ clock }), random: () => 0.5 });
    const outcomes = await c.callRecords('person.enrich', [...emails(3), emails(1)[0]!]);
    expect(outcomes.every((o) => !o.ok)).toBe(true);
    const charged = outcomes.map((o) => (o.ok ? 0 : (o.error.charged ?? 0)));
    expect(charged).toEqual([0.666667, 0.666667, 0.666666, 0]);
    expect(charged.reduce((a, b) => a + b, 0)).toBeCloseTo(100 - balance, 9);
    expect(c.summary()).toMatchObject({ charged: 2 });
    expect(c.summary().unknown).toBeUndefined();
  });
});
