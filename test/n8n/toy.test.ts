/**
 * The toy catalog as an n8n node and credential (issue 7): every construct the core gained —
 * credential fields, readings, a request rate, a free credential test with a fixed input,
 * reported costs, a job within a budget, and walks that start where asked — run by n8n's own
 * WorkflowExecute against the toy provider over real HTTP.
 */
import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  INodeType,
  INodeTypeDescription,
} from 'n8n-workflow';
import { credentialDescription } from '../../nodes/adapter/credential';
import { actionDescription } from '../../nodes/adapter/description';
import { executeAction } from '../../nodes/adapter/execute';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { toyCatalog } from '../unit/fixtures/toy-catalog';
import { startToyServer, type ToyServer } from '../unit/fixtures/toy-server';
import { itemsInto, output, PACKAGE, registerTypes, runWorkflow } from './harness';

const generated = credentialDescription(toyCatalog);

class ToyApi implements ICredentialType {
  name = 'toyApi';
  displayName = 'Toy API';
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}

class Toy implements INodeType {
  description: INodeTypeDescription = { ...actionDescription(toyCatalog), usableAsTool: true };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, toyCatalog);
  }
}

const SIGNING_KEY = ['sgn', 'live', 'Pw3Kd8Nx2Hq5Tb7M'].join('_');
const TYPE = `${PACKAGE}.toy`;
registerTypes({ [TYPE]: new Toy() }, { toyApi: new ToyApi() });
let toy: ToyServer;

beforeAll(async () => {
  toy = await startToyServer();
});
afterAll(() => toy.close());
beforeEach(() => (toy.seen.length = 0));

const credentials = (extra: IDataObject = {}) => ({
  toyApi: { apiKey: toy.apiKey, baseUrl: toy.baseUrl, workspace: 'ws_7', signingKey: SIGNING_KEY, tenant: 'acme', region: 'eu', ...extra },
});

async function runToy(items: IDataObject[], parameters: IDataObject, cred: IDataObject = {}) {
  const wf = itemsInto(items, { parameters: parameters as never, credentials: { toyApi: { id: '1', name: 'Toy' } }, onError: 'continueRegularOutput' }, TYPE);
  const { run } = await runWorkflow(wf, { credentials: credentials(cred) });
  expect(run.data.resultData.error).toBeUndefined();
  return output(run, 'Enrich');
}

describe('the toy credential', () => {
  it('offers the catalog-declared fields, the reading and the request rate', () => {
    const byName = Object.fromEntries(generated.properties.map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual([
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
    ]);
    expect(byName.signingKey.typeOptions).toEqual({ password: true });
    expect(byName.region.default).toBe('eu');
    expect(byName.firstPage).toMatchObject({ type: 'options', default: '1' });
    expect(byName.requestRate).toMatchObject({ type: 'number', default: 600, displayName: 'Requests per Minute' });
  });

  it('tests with the audit-mode lookup, carrying the credential fields where the catalog sends them', () => {
    expect(generated.test.request).toEqual({
      baseURL: expect.stringContaining('$credentials.allowInsecureHttp === true'),
      url: '/people/lookup',
      method: 'POST',
      qs: { workspace_id: '={{$credentials.workspace || undefined}}' },
      headers: { 'x-toy-region': '={{$credentials.region || undefined}}', 'x-toy-signing-key': '={{$credentials.signingKey || undefined}}' },
      body: { tenant_id: '={{$credentials.tenant || undefined}}', email: 'check@toy.example', audit: true },
    });
  });
});

describe('the toy node in a workflow', () => {
  it('sends the credential fields with a lookup, books the header-reported charge, and never outputs the signing key', async () => {
    const before = toy.wallet();
    const items = await runToy([{ email: 'ann@x.io' }], { resource: 'person', operation: 'lookup', email: '={{$json.email}}', [ADDITIONAL_FIELDS]: {} });
    // The lookup (after the free balance read that precedes the first paid call).
    const lookup = toy.seen.find((r) => r.path.endsWith('/people/lookup'))!;
    expect(lookup).toMatchObject({ query: { workspace_id: 'ws_7' }, body: { email: 'ann@x.io', tenant_id: 'acme' } });
    expect(lookup.headers).toMatchObject({ 'x-toy-signing-key': SIGNING_KEY, 'x-toy-region': 'eu' });
    expect(items[0].json._credits).toMatchObject({ charged: 10, source: 'provider' });
    expect(toy.wallet()).toBe(before - 10);
    expect(JSON.stringify(items)).not.toContain(SIGNING_KEY);
  });

  it('walks a body-paged search from the page asked for under the 0-based reading the credential chose', async () => {
    const items = await runToy(
      [{}],
      { resource: 'creator', operation: 'search', platform: 'instagram', returnAll: true, [ADDITIONAL_FIELDS]: { page: 1 } },
      { firstPage: '0' },
    );
    expect(toy.seen.map((r) => (r.body as { paging: unknown }).paging)).toEqual([
      { limit: 50, page: 1 },
      { limit: 50, page: 2 },
    ]);
    expect(items).toHaveLength(70);
  });

  it('starts a page[num] list at the page asked for', async () => {
    const items = await runToy([{}], { resource: 'tag', operation: 'list', returnAll: false, limit: 150, [ADDITIONAL_FIELDS]: { page: 2 } });
    // 150 at most 100 a page: two even pages of 75, from page 2.
    expect(toy.seen.map((r) => r.query)).toEqual([
      { 'page[num]': '2', 'page[size]': '75', workspace_id: 'ws_7' },
      { 'page[num]': '3', 'page[size]': '75', workspace_id: 'ws_7' },
    ]);
    expect(items).toHaveLength(150);
  });

  it('runs a 5-credit job within a budget of 5 and settles it at what the provider charged', async () => {
    const before = toy.wallet();
    const emails = ['a@x.io', 'b@x.io', 'nobody@x.io', 'c@x.io', 'd@x.io'].map((email) => ({ email }));
    const items = await runToy(emails, {
      resource: 'people',
      operation: 'submit',
      email: '={{$json.email}}',
      batchMode: 'wait',
      pollInterval: 1,
      maxWait: 1,
      options: { creditBudget: 5 },
    });
    expect(items).toHaveLength(5);
    expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
    expect(items.map((i) => (i.json as { found?: boolean }).found)).toEqual([true, true, false, true, true]);
    expect(toy.wallet()).toBe(before - 4);
  });

  it('enriches three contacts in two requests, each answer matched back to its item whatever the order', async () => {
    const before = toy.wallet();
    const items = await runToy([{ email: 'a@x.io' }, { email: 'nobody@x.io' }, { email: 'b@x.io' }], {
      resource: 'contact',
      operation: 'enrich',
      email: '={{$json.email}}',
    });
    const sent = toy.seen.filter((r) => r.path === '/api/contacts/enrich');
    expect(sent.map((r) => (r.body as unknown[]).length)).toEqual([2, 1]);
    expect(items.map((i) => [i.json.email, i.json.found, i.pairedItem])).toEqual([
      ['a@x.io', true, { item: 0 }],
      ['nobody@x.io', false, { item: 1 }],
      ['b@x.io', true, { item: 2 }],
    ]);
    const charged = items.reduce((sum, i) => sum + ((i.json._credits as { charged?: number })?.charged ?? 0), 0);
    expect(charged).toBe(2);
    expect(toy.wallet()).toBe(before - 2);
  });

  it('pays for a company once: its second retrieval is free by subscription, yet fetched fresh', async () => {
    const before = toy.wallet();
    const items = await runToy([{ id: 'n8n-c1' }, { id: 'n8n-c1' }], { resource: 'company', operation: 'get', company_id: '={{$json.id}}' });
    expect(toy.seen.filter((r) => r.path === '/api/companies/n8n-c1')).toHaveLength(2);
    expect(items.map((i) => i.json._credits)).toEqual([
      expect.objectContaining({ charged: 1 }),
      expect.objectContaining({ estimated: 0, charged: 0, source: 'subscription' }),
    ]);
    expect(toy.wallet()).toBe(before - 1);
  });

  it('refuses a request rate that is not a positive number, naming the setting and sending nothing', async () => {
    const wf = itemsInto(
      [{ email: 'ann@x.io' }],
      { parameters: { resource: 'person', operation: 'lookup', email: '={{$json.email}}' }, credentials: { toyApi: { id: '1', name: 'Toy' } } },
      TYPE,
    );
    const { run } = await runWorkflow(wf, { credentials: credentials({ requestRate: -1 }) });
    expect(run.data.resultData.error?.message).toMatch(/request rate must be a number above 0/);
    expect(toy.seen).toHaveLength(0);
  });
});
