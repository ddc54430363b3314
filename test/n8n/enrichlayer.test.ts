/**
 * The EnrichLayer node run by n8n's WorkflowExecute against the sandbox: every operation, the
 * bill on every result, Return All to a limit without over-fetching, a budget that stops a walk
 * before the page that would exceed it, and the bill before anything is sent (Estimate Only).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { catalogs } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { EnrichLayerApi } from '../../credentials/EnrichLayerApi.credentials';
import { EnrichLayer } from '../../nodes/EnrichLayer/EnrichLayer.node';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { OPTIONS } from '../../nodes/adapter/description';
import { planOperation } from '../../nodes/adapter/operations';
import { enrichLayerSamples } from '../unit/providers/enrichLayer/samples';
import { itemsInto, output, PACKAGE, runWorkflow } from './harness';

const catalog = catalogs.enrichLayer;
const TYPE = `${PACKAGE}.enrichLayer`;
let sandbox: Sandbox;
let credentials: { enrichLayerApi: { apiKey: string; baseUrl: string } };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, enrichLayer: { companies: { 'acme-250': 250 } } });
  credentials = { enrichLayerApi: { apiKey: sandbox.providers.enrichLayer.apiKey, baseUrl: sandbox.providers.enrichLayer.baseUrl } };
});
afterAll(() => sandbox.close());

const wallet = () => sandbox.providers.enrichLayer.wallet().balance;
const requestsSent = () => sandbox.providers.enrichLayer.requests().length;
/** Requests of the listing itself (a run also reads the free balance once before its first paid call). */
const listingRequests = () => sandbox.providers.enrichLayer.requests().filter((r) => r.path.includes('/company/employees')).length;

function parametersFor(opKey: string, input: Record<string, unknown>, extra: INodeParameters = {}): INodeParameters {
  const op = catalog.operations.find((o) => o.key === opKey)!;
  const plan = planOperation(catalog, op);
  const params: INodeParameters = { resource: op.resource, operation: op.operation, returnAll: false, limit: 5, ...extra };
  const additional: IDataObject = {};
  for (const f of plan.fields) {
    if (!(f.name in input)) continue;
    if (f.required) params[f.name] = input[f.name] as INodeParameters[string];
    else additional[f.name] = input[f.name] as IDataObject[string];
  }
  params[ADDITIONAL_FIELDS] = additional as INodeParameters;
  return params;
}

async function runNode(parameters: INodeParameters, items: IDataObject[] = [{ n: 1 }], onError?: 'continueRegularOutput') {
  const node = { parameters, credentials: { enrichLayerApi: { id: '1', name: 'EnrichLayer sandbox' } }, ...(onError ? { onError } : {}) };
  const { run } = await runWorkflow(itemsInto(items, node, TYPE), { credentials });
  return { run, items: run.data.resultData.runData.Enrich ? output(run, 'Enrich') : [] };
}

describe('the node description', () => {
  it('is usable as a tool and shows each operation’s cost formula', () => {
    const description = new EnrichLayer().description;
    expect(description.usableAsTool).toBe(true);
    const operations = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options as { value: string; description: string }[]);
    // The catalog's 25, and Spend → Report (free: the team's spend from the shared store).
    expect(operations).toHaveLength(26);
    expect(operations.find((o) => o.value === 'report')!.description).toMatch(/Free\.$/);
    const listing = operations.find((o) => o.value === 'listEmployees')!;
    expect(listing.description).toContain(
      'per employee returned: base_cost 3 + role_search 3 (a role search) + sort_by 10 (sorted) + countries 3 (country set)',
    );
    const profile = operations.find((o) => o.value === 'getProfile' && o.description.includes('live_fetch'))!;
    expect(profile.description).toContain('base_cost 1 + extra_data 1 (extra=include, if returned)');
  });
});

describe('the credential', () => {
  it('tests the key on the free balance, and offers the plan (it prices use_cache=if-recent) and every reading', () => {
    const credential = new EnrichLayerApi();
    expect(credential.test.request).toMatchObject({ url: '/credit-balance', method: 'GET' });
    expect(credential.authenticate).toMatchObject({ properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } } });
    const names = credential.properties.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['apiKey', 'baseUrl', 'plan', 'skills', 'roleSearchPerResult', 'pageSizeMax', 'searchPricing']));
    expect(credential.properties.find((p) => p.name === 'plan')).toMatchObject({ default: 'other' });
  });
});

const plans = catalog.operations.map((op) => planOperation(catalog, op));

describe.each(plans.map((p) => [p.op.key, p] as const))('%s through n8n', (key, plan) => {
  const sample = enrichLayerSamples[key]!;

  test('the good sample gives an answer paired to its item, with what it cost', async () => {
    const before = wallet();
    const { run, items } = await runNode(parametersFor(key, sample.good));
    expect(run.data.resultData.error).toBeUndefined();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
    const credits = items[0]!.json._credits as IDataObject;
    expect(credits).toEqual(expect.objectContaining({ estimated: expect.any(Number), charged: expect.any(Number) }));
    // Every item carries what it cost (a list's records their share of their page).
    const charged = Math.round(items.reduce((sum, i) => sum + ((i.json._credits as IDataObject).charged as number), 0) * 1e6) / 1e6;
    expect(before - wallet()).toBe(charged);
    if (charged > 0) expect(plan.mode === 'list' ? (credits.walk as IDataObject).bill : credits.bill).toEqual(expect.any(Object));
  });

  const hasField = plan.fields.some((f) => f.name === sample.badField);
  if (hasField)
    test('the bad sample fails naming the field, nothing sent', async () => {
      const before = requestsSent();
      const { items } = await runNode(parametersFor(key, { ...sample.good, ...sample.bad }), [{ n: 1 }], 'continueRegularOutput');
      expect(items).toHaveLength(1);
      expect(items[0]!.json.details).toMatchObject({ kind: 'validation', field: sample.badField });
      expect(requestsSent()).toBe(before);
    });
});

describe('the employee listing in n8n', () => {
  const acme = { url: 'https://www.linkedin.com/company/acme-250', employment_status: 'all' };

  it('Limit 25 asks exactly for 25 rows, in one request; each record carries its 3 credits, the walk’s bill on the first', async () => {
    const before = wallet();
    const sent = listingRequests();
    const { items } = await runNode(parametersFor('company.listEmployees', acme, { limit: 25 }));
    expect(items).toHaveLength(25);
    expect(listingRequests() - sent).toBe(1);
    expect(sandbox.providers.enrichLayer.requests().at(-1)!.query).toContain('page_size=25');
    expect((items[0]!.json._credits as IDataObject).walk).toMatchObject({
      charged: 75,
      bill: { items: 75, items_count: 25, items_breakdown: { base_cost: 3 } },
    });
    expect(items.every((i) => (i.json._credits as IDataObject).charged === 3)).toBe(true);
    expect(before - wallet()).toBe(75);
  });

  it('Return All of 250 employees follows next_page until null: ceil(250 / 100) requests, cost equal to the wallet', async () => {
    const before = wallet();
    const sent = listingRequests();
    const { items } = await runNode(parametersFor('company.listEmployees', acme, { returnAll: true }));
    expect(items).toHaveLength(250);
    // Walks page at 100 rows (WALK_PAGE_MAX), not the 9999 a single call may ask.
    expect(listingRequests() - sent).toBe(Math.ceil(250 / 100));
    expect(((items[0]!.json._credits as IDataObject).walk as IDataObject).charged).toBe(750);
    expect(before - wallet()).toBe(750);
  });

  it('a Credit Budget stops Return All before the page that would exceed it, keeping what was paid', async () => {
    const before = wallet();
    // Each page of 100 may cost 300: a budget of 700 pays two and refuses the third.
    const { run, items } = await runNode(parametersFor('company.listEmployees', acme, { returnAll: true, [OPTIONS]: { creditBudget: 700 } }));
    expect(run.data.resultData.error).toBeUndefined();
    expect(items).toHaveLength(200);
    expect(items[0]!.json._credits).toMatchObject({ charged: 3, walk: { charged: 600 }, stoppedBy: 'budget' });
    expect(before - wallet()).toBe(600);
  });
});

describe('Estimate Only: the bill before it runs', () => {
  it('shows the worked example’s 14-credit bill for a profile and sends nothing', async () => {
    const sent = requestsSent();
    const seed = {
      profile_url: 'https://www.linkedin.com/in/williamhgates',
      extra: 'include',
      github_profile_id: 'include',
      facebook_profile_id: 'include',
      twitter_profile_id: 'include',
      live_fetch: 'force',
    };
    const { items } = await runNode(parametersFor('person.getProfile', seed, { [OPTIONS]: { estimateOnly: true } }));
    expect(items[0]!.json._quote).toMatchObject({
      credits: 14,
      bill: { base_cost: 1, extra_data: 1, github_profile_id: 1, facebook_profile_id: 1, twitter_profile_id: 1, live_fetch: 9 },
    });
    expect(requestsSent()).toBe(sent);
  });

  it('prices a listing as the walk will ask it: 20 Canadian engineers, sorted, is one page of 60 + 20 × 19', async () => {
    const input = { url: 'https://www.linkedin.com/company/microsoft', country: 'ca', boolean_role_search: 'engineer', sort_by: 'recently-joined' };
    const { items } = await runNode(parametersFor('company.listEmployees', input, { limit: 20, [OPTIONS]: { estimateOnly: true } }));
    expect(items[0]!.json._quote).toMatchObject({ credits: 60 + 20 * 19, pages: 1, bill: { role_search: 10, sort_by: 50, items: 380, items_count: 20 } });
  });
});
