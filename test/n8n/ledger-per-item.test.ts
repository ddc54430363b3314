/**
 * The ledger equals the wallet, per item: in every mode of the node, summing `_credits.charged`
 * over the output items gives exactly what left the sandbox wallet. Duplicate rows in a batch
 * used to be charged once each (1,000 rows with 950 unique: items said 886, the wallet 843).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { itemsInto, output, runWorkflow } from './harness';

let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, enrichSo: { itemsPerSecond: 1000 } });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
});
afterAll(() => sandbox.close());

const wallet = () => sandbox.providers.enrichSo.wallet().balance;
const chargedSum = (items: INodeExecutionData[]) => items.reduce((sum, i) => sum + Number((i.json._credits as IDataObject | undefined)?.charged ?? 0), 0);

// 60 rows, 45 distinct emails (some repeated in another letter case), a few risky (not charged).
const rows = Array.from({ length: 60 }, (_, i) => {
  const n = i % 45;
  const email = n % 9 === 0 ? `person${n}.risky@acme.com` : `person${n}@acme.com`;
  return { email: i >= 45 ? email.toUpperCase() : email };
});

test('batch (wait by polling): duplicate rows share one charge', async () => {
  const before = wallet();
  const { run } = await runWorkflow(
    itemsInto(rows, {
      parameters: {
        resource: 'emailValidation',
        operation: 'submitBatch',
        email: '={{$json.email}}',
        batchMode: 'wait',
        waitMethod: 'poll',
        pollInterval: 1,
        maxWait: 2,
      },
    }),
    { credentials },
  );
  const items = output(run, 'Enrich');
  expect(items).toHaveLength(60);
  const spent = before - wallet();
  expect(spent).toBeGreaterThan(0);
  expect(spent).toBeLessThan(45); // risky results are refunded
  expect(chargedSum(items)).toBe(spent);
  expect(items.filter((i) => (i.json._credits as IDataObject).fromCache === true)).toHaveLength(15);
});

test('single calls: a repeated row is answered from the cache for 0 credits', async () => {
  const before = wallet();
  const { run } = await runWorkflow(
    itemsInto(rows.slice(0, 20).concat(rows.slice(0, 5)), { parameters: { resource: 'emailValidation', operation: 'validate', email: '={{$json.email}}' } }),
    { credentials },
  );
  const items = output(run, 'Enrich');
  expect(items).toHaveLength(25);
  expect(chargedSum(items)).toBe(before - wallet());
});

test('a paginated list: the walk’s cost (paid pages included) is on its items once', async () => {
  const before = wallet();
  const { run } = await runWorkflow(
    // 400 leads: the first pages are free, the rest cost 1 credit per lead.
    itemsInto([{ n: 1 }], {
      parameters: { resource: 'leadFinder', operation: 'search', additionalFields: { filters: '{"jobLevel": ["VP"]}' }, returnAll: false, limit: 400 },
    }),
    { credentials },
  );
  const items = output(run, 'Enrich');
  expect(items).toHaveLength(400);
  const spent = before - wallet();
  expect(spent).toBeGreaterThan(0);
  expect(chargedSum(items)).toBe(spent);
});
