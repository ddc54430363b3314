/**
 * The SMARTe integration built from its catalog, run through zapier-platform-core's
 * createAppTester against the SMARTe sandbox: single lookups as searches, many records per
 * step as line items (one line per row, in row order), audit steps free, a free connection test.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { catalogs } from '../../shared';
import { recordsActionKey } from '../../zapier-app/lib/records';
import { appFor, expectNoKey, testerFor } from './helpers';

const catalog = catalogs.smarte!;
const app = appFor(catalog);
let sandbox: Sandbox;
let run: ReturnType<typeof testerFor>;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, smarte: { rateLimit: null } });
  run = testerFor(app);
});
afterEach(() => sandbox.close());

const smarte = () => sandbox.providers.smarte;
// The contract's request rate, set in the connection (the default, 10 a minute, does not fit a 30 s step for 20 requests).
const auth = () => ({ apiKey: smarte().apiKey, baseUrl: smarte().baseUrl, requestRate: '60000' });
const bundle = (inputData: Record<string, unknown>) => ({ authData: auth(), inputData, meta: { isLoadingSample: false, isTestingAuth: false } });
const many = (opKey: string) => app.creates[recordsActionKey(catalog.operations.find((o) => o.key === opKey)!)]!;

describe('SMARTe in Zapier', () => {
  it.each([
    ['person_enrich', { email: 'jane.doe@acme.io' }, 'currentExperience'],
    ['company_enrich', { companyWebsite: 'acme.io' }, 'companyIndustry'],
    ['email_enrich', { fullName: 'Jane Doe', companyName: 'Acme' }, 'email'],
    ['mobile_enrich', { firstName: 'Jane', lastName: 'Doe', companyWebsite: 'acme.io' }, 'mobileNumber'],
    ['funding_enrich', { companyName: 'Acme' }, 'lastFundingRound'],
    ['technographics_enrich', { companyWebsite: 'acme.io', product: 'HubSpot' }, 'productName'],
  ])('the %s search returns the enriched record with its transaction id and credits', async (key, input, field) => {
    const before = smarte().wallet().balance;
    const [record] = await run(app.searches[key]!.operation.perform, bundle(input));
    expect(record[field]).toBeTruthy();
    expect(record.smarteTransactionId).toMatch(/^stx_/);
    expect(record.enrichflow).toMatchObject({ creditsCharged: 1, creditsSource: 'provider' });
    expect(before - smarte().wallet().balance).toBe(1);
  });

  it('a search that SMARTe answers "No Match" finds nothing (and costs nothing)', async () => {
    const before = smarte().wallet().balance;
    expect(await run(app.searches.person_enrich!.operation.perform, bundle({ email: 'nomatch@acme.io' }))).toEqual([]);
    expect(smarte().wallet().balance).toBe(before);
  });

  it('a charged answer that matches no row sent is booked on the rows left without one: the lines still add up to the wallet', async () => {
    smarte().configure({ foreignRecordIds: true });
    const before = smarte().wallet().balance;
    const out = await run(
      many('person.enrich').operation.perform,
      bundle({
        records: [
          { recordId: 'a', email: 'p1@acme.io' },
          { recordId: 'b', email: 'p2@acme.io' },
        ],
      }),
    );
    const spent = before - smarte().wallet().balance;
    expect(spent).toBe(2);
    for (const line of out.records) expect(line).toMatchObject({ status: 'error', error: expect.stringMatching(/smarteTransactionId stx_/) });
    expect(out.records.reduce((sum: number, line: Record<string, number>) => sum + line.creditsCharged, 0)).toBe(spent);
    expect(out.creditsCharged).toBe(spent);
  });

  it('500 line-item rows go out as 20 requests and come back as 500 lines in row order, each its own, even shuffled', async () => {
    smarte().configure({ shuffleAnswers: true });
    const before = smarte().wallet().balance;
    const rows = Array.from({ length: 500 }, (_, i) => ({ recordId: `row-${i + 1}`, email: i % 4 === 0 ? `nomatch${i}@acme.io` : `p${i}@acme.io` }));
    const out = await run(many('person.enrich').operation.perform, bundle({ records: rows }));
    expect(smarte().requests()).toHaveLength(20);
    expect(out.records).toHaveLength(500);
    out.records.forEach((line: Record<string, any>, i: number) => {
      expect(line).toMatchObject({ row: i + 1, status: 'ok', recordId: `row-${i + 1}`, creditsCharged: i % 4 === 0 ? 0 : 1 });
      if (i % 4 !== 0) expect(line.currentExperience[0].email).toBe(rows[i]!.email);
    });
    const spent = before - smarte().wallet().balance;
    expect(spent).toBe(375);
    expect(out.creditsCharged).toBe(spent);
    expect(out.summary).toEqual({ records: 500, ok: 500, errors: 0 });
  });

  it('an audit-only step checks every row for free, and a row it cannot identify fails alone', async () => {
    const before = smarte().wallet().balance;
    const out = await run(
      many('company.enrich').operation.perform,
      bundle({ auditOnly: true, records: [{ companyName: 'Acme' }, { companyLinkedinUrl: 'https://example.com/acme' }, { companyWebsite: 'nomatch.io' }] }),
    );
    expect(out.records.map((l: Record<string, unknown>) => [l.row, l.status, l.enrichmentStatus ?? l.errorKind, l.creditsCharged])).toEqual([
      [1, 'ok', 'Active', 0],
      [2, 'error', 'validation', 0],
      [3, 'ok', 'No Match', 0],
    ]);
    expect(out.creditsCharged).toBe(0);
    expect(smarte().wallet().balance).toBe(before);
  });

  it('a row the balance cannot cover is the insufficient-credits error on its line, and nothing is processed', async () => {
    smarte().configure({ accounts: [{ apiKey: 'smarte_test_low', balance: 1 }] });
    const out = await run(many('company.enrich').operation.perform, {
      ...bundle({ records: [{ companyName: 'A' }, { companyName: 'B' }] }),
      authData: { ...auth(), apiKey: 'smarte_test_low' },
    });
    expect(out.records.map((l: Record<string, unknown>) => l.errorKind)).toEqual(['insufficient_credits', 'insufficient_credits']);
    expect(smarte().wallet('smarte_test_low').balance).toBe(1);
  });

  it('the connection test is an audit-only check: it spends nothing and never shows the key', async () => {
    const before = smarte().wallet().balance;
    const result = await run(app.authentication.test as never, bundle({}));
    expect(smarte().wallet().balance).toBe(before);
    expectNoKey(result, smarte().apiKey);
    const wrong = await run(app.authentication.test as never, { ...bundle({}), authData: { ...auth(), apiKey: 'smarte_test_wrong_key' } }).catch(
      (e: Error) => e,
    );
    expect(String((wrong as Error).message)).toMatch(/key/i);
    expectNoKey(wrong, 'smarte_test_wrong_key');
  });
});
