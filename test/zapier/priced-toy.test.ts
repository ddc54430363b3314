/** The per-parameter pricing constructs through createAppTester on a toy catalog: the bill in a zap's output. */
import { actionKey } from '../../zapier-app/lib/operations';
import { pricedCatalog } from '../unit/fixtures/priced-catalog';
import { PRICED_KEY, startPricedServer, type PricedServer } from '../unit/fixtures/priced-server';
import { appFor, testerFor } from './helpers';

const app = appFor(pricedCatalog);
const run = testerFor(app);
let server: PricedServer;
beforeAll(async () => {
  server = await startPricedServer(25);
});
afterAll(() => server.close());

const search = (opKey: string, inputData: Record<string, unknown>) =>
  run(app.searches[actionKey(opKey)]!.operation.perform, { authData: { apiKey: PRICED_KEY, baseUrl: server.baseUrl, plan: 'pro' }, inputData, meta: {} });

test('a lookup’s record carries its bill, itemised by the lines that returned data', async () => {
  const [record] = await search('profile.get', { url: 'https://x.io/p/1', extra: 'include', phones: 'include' });
  expect(record.enrichflow).toMatchObject({ creditsEstimated: 4, creditsCharged: 4, bill: { base_cost: 1, extra_data: 1, phones: 2 } });
});

test('a list page’s records each carry their share, the first the page’s bill, priced by the connection’s plan', async () => {
  const records = await search('members.list', { team: 't', cache: 'recent' });
  expect(records).toHaveLength(10);
  expect(records[0].enrichflow).toMatchObject({
    pageCreditsCharged: 40,
    bill: { items: 40, items_count: 10, items_breakdown: { base_cost: 3, use_cache: 1 } },
  });
  expect(records.map((r: { enrichflow: { creditsCharged: number } }) => r.enrichflow.creditsCharged)).toEqual(Array(10).fill(4));
});

test('enriched rows come at most 5 a page (the input-dependent cap)', async () => {
  const from = server.requests.length;
  const records = await search('members.list', { team: 't', rows: 'enriched' });
  expect(records).toHaveLength(5);
  expect(server.requests.slice(from).map((r) => new URL(r, 'http://x').searchParams.get('size'))).toEqual(['5']);
});
