/**
 * The per-parameter pricing constructs through n8n's engine on a toy catalog (no real provider):
 * the bill on each result, input-dependent page caps, next-URL walks to a Limit, a budget that
 * stops Return All before the page that could exceed it, and Estimate Only.
 */
import type { ICredentialType, IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { actionDescription, OPTIONS } from '../../nodes/adapter/description';
import { credentialDescription } from '../../nodes/adapter/credential';
import { executeAction } from '../../nodes/adapter/execute';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { pricedCatalog } from '../unit/fixtures/priced-catalog';
import { PRICED_KEY, startPricedServer, type PricedServer } from '../unit/fixtures/priced-server';
import { itemsInto, output, registerNodeType, runWorkflow } from './harness';

class PricedNode implements INodeType {
  description = { ...actionDescription(pricedCatalog), usableAsTool: true } as INodeTypeDescription;
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, pricedCatalog);
  }
}
const generated = credentialDescription(pricedCatalog);
const credentialType: ICredentialType = {
  name: 'pricedApi',
  displayName: 'Priced API',
  properties: generated.properties,
  authenticate: generated.authenticate,
  test: generated.test,
};
registerNodeType('test.priced', new PricedNode(), { name: 'pricedApi', type: credentialType });

let server: PricedServer;
beforeAll(async () => {
  server = await startPricedServer(250);
});
afterAll(() => server.close());

async function runPriced(parameters: INodeParameters) {
  const node = { parameters, credentials: { pricedApi: { id: '1', name: 'Priced' } } };
  const { run } = await runWorkflow(itemsInto([{ n: 1 }], node, 'test.priced'), {
    credentials: { pricedApi: { apiKey: PRICED_KEY, baseUrl: server.baseUrl } },
  });
  expect(run.data.resultData.error).toBeUndefined();
  return output(run, 'Enrich');
}

const sizes = (from: number) => server.requests.slice(from).map((r) => new URL(r, 'http://x').searchParams.get('size'));

test('a result carries its bill, itemised by the lines that returned data', async () => {
  const [item] = await runPriced({
    resource: 'profile',
    operation: 'get',
    url: 'https://x.io/p/1',
    [ADDITIONAL_FIELDS]: { extra: 'include', phones: 'include', fresh: 'force' },
  });
  expect(item!.json._credits).toMatchObject({ estimated: 13, charged: 13, bill: { base_cost: 1, extra_data: 1, phones: 2, live_fetch: 9 } });
});

test('Limit 12 of enriched rows pages at the cap of 5 and asks only for what is missing', async () => {
  const from = server.requests.length;
  const items = await runPriced({ resource: 'members', operation: 'list', team: 't', returnAll: false, limit: 12, [ADDITIONAL_FIELDS]: { rows: 'enriched' } });
  expect(items).toHaveLength(12);
  expect(sizes(from)).toEqual(['5', '5', '2']);
  expect(items[0]!.json._credits).toMatchObject({ charged: 3, walk: { charged: 36, bill: { items: 36, items_count: 12 } } });
  expect(items.map((i) => (i.json._credits as IDataObject).charged)).toEqual(Array(12).fill(3));
});

test('a Credit Budget stops Return All before the page that could exceed it, keeping the paid pages', async () => {
  // Walks page at the largest size (100 rows, each page may cost 300): 700 pays two pages.
  const items = await runPriced({ resource: 'members', operation: 'list', team: 't', returnAll: true, [OPTIONS]: { creditBudget: 700 } });
  expect(items).toHaveLength(200);
  expect(items[0]!.json._credits as IDataObject).toMatchObject({ charged: 3, walk: { charged: 600 }, stoppedBy: 'budget' });
});

test('Estimate Only prices the pages up to Limit and sends nothing', async () => {
  const from = server.requests.length;
  const [item] = await runPriced({
    resource: 'members',
    operation: 'list',
    team: 't',
    returnAll: false,
    limit: 12,
    [ADDITIONAL_FIELDS]: { country: 'ca' },
    [OPTIONS]: { estimateOnly: true },
  });
  expect(item!.json._quote).toMatchObject({ credits: 72, pages: 1, bill: { items: 72, items_count: 12, items_breakdown: { base_cost: 3, countries: 3 } } });
  expect(server.requests.length).toBe(from);
});
