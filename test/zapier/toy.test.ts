/**
 * The toy catalog as a Zapier integration (issue 7): every construct the core gained — credential
 * fields, readings, a request rate, a free credential test with a fixed input, reported costs, a
 * job counted against the budget, and walks that start where asked — reaches the user through
 * the generated app, run by createAppTester against the toy provider over real HTTP.
 */
import { actionKey } from '../../zapier-app/lib/operations';
import { MAX_CREDITS_KEY } from '../../zapier-app/lib/fields';
import { startToyServer, type ToyServer } from '../unit/fixtures/toy-server';
import { toyCatalog } from '../unit/fixtures/toy-catalog';
import { appFor, testerFor, zapier } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('zapier-platform-schema');

const SIGNING_KEY = ['sgn', 'live', 'Zq81Lm4Vt7Rc2Xp9'].join('_');
const app = appFor(toyCatalog);
const run = testerFor(app);
let toy: ToyServer;

beforeAll(async () => {
  toy = await startToyServer();
});
afterAll(() => toy.close());
beforeEach(() => (toy.seen.length = 0));

const authData = (extra: Record<string, unknown> = {}) => ({
  apiKey: toy.apiKey,
  baseUrl: toy.baseUrl,
  workspace: 'ws_9',
  signingKey: SIGNING_KEY,
  tenant: 'acme',
  ...extra,
});
const bundle = (inputData: Record<string, unknown>, auth: Record<string, unknown> = {}) => ({
  authData: authData(auth),
  inputData,
  meta: { isLoadingSample: false, isTestingAuth: false },
});
const search = (opKey: string) => app.searches[actionKey(opKey)]!.operation.perform;

describe('the connection', () => {
  it('offers every credential setting the catalog declares, and the app passes Zapier validation', async () => {
    const fields = (app.authentication as { fields: { key: string; type: string; choices?: unknown; default?: string }[] }).fields;
    expect(fields.map((f) => f.key)).toEqual([
      'apiKey',
      'baseUrl',
      'allowInsecureHttp',
      'workspace',
      'region',
      'signingKey',
      'tenant',
      'teamSlug',
      'firstPage',
      'requestRate',
      'spendLimits',
      'spendWarnAt',
    ]);
    expect(fields.find((f) => f.key === 'signingKey')?.type).toBe('password');
    expect(fields.find((f) => f.key === 'firstPage')).toMatchObject({ default: '1', choices: { '1': expect.any(String), '0': expect.any(String) } });
    expect(fields.find((f) => f.key === 'requestRate')).toMatchObject({ type: 'number', default: '600' });
    const definition = (await zapier.createAppHandler(app)({ command: 'definition', bundle: {} })).results;
    expect(schema.validateAppDefinition(definition).errors).toEqual([]);
  });

  it('tests the connection with the audit-mode lookup, carrying the credential fields, and spends nothing', async () => {
    const before = toy.wallet();
    await run((app.authentication as { test: unknown }).test, { authData: authData(), inputData: {}, meta: { isTestingAuth: true } });
    expect(toy.seen).toHaveLength(1);
    const [test] = toy.seen;
    expect(test).toMatchObject({
      method: 'POST',
      path: '/api/people/lookup',
      query: { workspace_id: 'ws_9' },
      body: { email: 'check@toy.example', audit: true, tenant_id: 'acme' },
    });
    expect(test.headers).toMatchObject({ 'x-toy-signing-key': SIGNING_KEY, 'x-toy-region': 'eu' });
    expect(toy.wallet()).toBe(before);
  });

  it('refuses a request rate that is not a positive number, naming the setting', async () => {
    await expect(run(search('person.lookup'), bundle({ email: 'ann@x.io' }, { requestRate: '-3' }))).rejects.toThrow(/request rate must be a number above 0/);
    expect(toy.seen).toHaveLength(0);
  });
});

describe('actions', () => {
  it('a lookup books the charge the provider reports in a header, and the signing key never shows in the output', async () => {
    const before = toy.wallet();
    const [record] = await run(search('person.lookup'), bundle({ email: 'ann@x.io' }));
    expect(record.enrichflow).toMatchObject({ creditsCharged: 10, creditsSource: 'provider' });
    expect(toy.wallet()).toBe(before - 10);
    expect(JSON.stringify(record)).not.toContain(SIGNING_KEY);
  });

  it('a body-paged search walks from the page asked for, numbered as the chosen reading says', async () => {
    const found = await run(search('creator.search'), bundle({ platform: 'instagram', page: 1 }, { firstPage: '0' }));
    expect(toy.seen.map((r) => (r.body as { paging: unknown }).paging)).toEqual([{ limit: 50, page: 1 }]);
    expect(found).toHaveLength(50);
  });

  it('a page[num] list starts at the page asked for', async () => {
    await run(search('tag.list'), bundle({ page: 2 }));
    expect(toy.seen[0].query).toMatchObject({ 'page[num]': '2' });
    expect(toy.seen[0].query.page).toBeUndefined();
  });

  it('many records go two per request and come back one line per row, in row order', async () => {
    const before = toy.wallet();
    const out = await run(
      app.creates.contact_enrich_many!.operation.perform,
      bundle({ records: [{ email: 'a@x.io' }, { email: 'nobody@x.io' }, { email: 'b@x.io' }] }),
    );
    // Two requests of records (after the free balance read before the first paid call).
    expect(toy.seen.filter((r) => Array.isArray(r.body)).map((r) => (r.body as unknown[]).length)).toEqual([2, 1]);
    expect(out.records.map((r: { row: number; email: string; found: boolean }) => [r.row, r.email, r.found])).toEqual([
      [1, 'a@x.io', true],
      [2, 'nobody@x.io', false],
      [3, 'b@x.io', true],
    ]);
    expect(out.creditsCharged).toBe(2);
    expect(toy.wallet()).toBe(before - 2);
  });

  it('pays for a company once: a later search finds it free by subscription', async () => {
    const before = toy.wallet();
    const [first] = await run(search('company.get'), bundle({ company_id: 'zap-c1' }));
    const [second] = await run(search('company.get'), bundle({ company_id: 'zap-c1' }));
    expect(first.enrichflow).toMatchObject({ creditsCharged: 1 });
    expect(second.enrichflow).toMatchObject({ creditsEstimated: 0, creditsCharged: 0, creditsSource: 'subscription' });
    expect(toy.wallet()).toBe(before - 1);
  });

  it('a batch within a budget of 5 settles at what the provider charged, the ledger equal to the wallet', async () => {
    const before = toy.wallet();
    const start = app.creates.people_startBatch!.operation.perform;
    const emails = ['a@x.io', 'b@x.io', 'nobody@x.io', 'c@x.io', 'd@x.io'];
    const out = await run(start, bundle({ items: emails.map((email) => ({ email })), waitForResults: true, [MAX_CREDITS_KEY]: 5 }));
    expect(out).toMatchObject({ status: 'completed', estimatedCredits: 5, creditsCharged: 4 });
    expect(toy.wallet()).toBe(before - 4);
    // A sixth email does not fit the same budget: refused before anything is submitted.
    toy.seen.length = 0;
    await expect(run(start, bundle({ items: [...emails, 'e@x.io'].map((email) => ({ email })), [MAX_CREDITS_KEY]: 5 }))).rejects.toThrow(/budget/i);
    expect(toy.seen.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
