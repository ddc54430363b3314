/** examples/enrichlayer-engineers-in-canada.json run by n8n's engine against the sandbox. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { output, runWorkflow, type WorkflowJson } from './harness';

const example = JSON.parse(readFileSync(path.join(__dirname, '../../examples/enrichlayer-engineers-in-canada.json'), 'utf8')) as WorkflowJson;
let sandbox: Sandbox;
let credentials: { enrichLayerApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichLayerApi: { apiKey: sandbox.providers.enrichLayer.apiKey, baseUrl: sandbox.providers.enrichLayer.baseUrl } };
});
afterAll(() => sandbox.close());

test('company → its current engineers in Canada → the first 20 enriched: the bill first, then spending within it and the budgets', async () => {
  const before = sandbox.providers.enrichLayer.wallet().balance;
  const { run } = await runWorkflow(example, { credentials });
  expect(run.data.resultData.error).toBeUndefined();

  // The bill before running: one page of 20, role_search 10 + 20 × (base_cost 3 + role_search 3 + countries 3).
  const [bill] = output(run, 'Bill Before Running');
  expect(bill!.json._quote).toMatchObject({
    credits: 190,
    pages: 1,
    bill: { role_search: 10, items: 180, items_count: 20, items_breakdown: { base_cost: 3, role_search: 3, countries: 3 } },
  });

  const engineers = output(run, 'Current Engineers in Canada');
  expect(engineers).toHaveLength(20);
  const listed = (engineers[0]!.json._credits as IDataObject).walk as IDataObject;
  expect(listed.charged).toBeLessThanOrEqual(200);
  // Each engineer carries its share of the page: summed, the walk's charge.
  expect(engineers.reduce((sum, e) => sum + ((e.json._credits as IDataObject).charged as number), 0)).toBeCloseTo(listed.charged as number, 6);

  const profiles = output(run, 'Enrich Profiles');
  expect(profiles.map((p) => p.pairedItem)).toEqual(engineers.map((_, i) => ({ item: i })));
  const enriched = profiles.filter((p) => !p.json.error);
  // Each profile may cost 2 (base + extra): a budget of 40 covers all 20.
  expect(enriched).toHaveLength(20);
  const spentOnProfiles = enriched.reduce((sum, p) => sum + ((p.json._credits as IDataObject).charged as number), 0);
  expect(spentOnProfiles).toBeLessThanOrEqual(40);

  // The ledger equals the wallet: what the items say they cost is what left the account.
  expect(before - sandbox.providers.enrichLayer.wallet().balance).toBe((listed.charged as number) + spentOnProfiles);
});
