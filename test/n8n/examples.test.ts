/** The importable examples, run by n8n's engine against the sandbox (the e2e runs them in the real CLI). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { output, runWorkflow, type WorkflowJson } from './harness';

const example = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '../../examples', name), 'utf8')) as WorkflowJson;
let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
});
afterAll(() => sandbox.close());

test('leads → emails: every found lead gets an email answer or its own error, within the budget of 25', async () => {
  const { run } = await runWorkflow(example('enrich-so-leads-to-emails.json'), { credentials });
  expect(run.data.resultData.error).toBeUndefined();
  const leads = output(run, 'Find VPs');
  const emails = output(run, 'Find Emails');
  expect(leads).toHaveLength(3);
  expect(emails.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  const charged = emails.reduce((sum, i) => sum + Number((i.json._credits as { charged?: number } | undefined)?.charged ?? 0), 0);
  expect(charged).toBeLessThanOrEqual(25);
  // 10 credits per finder call: the third call could take the run to 30, so it is not sent.
  expect(emails[2].json.details).toEqual(expect.objectContaining({ kind: 'budget_exceeded' }));
});

test('batch validation start: one job for the found emails, with a callback to the trigger', async () => {
  const { run } = await runWorkflow(example('enrich-so-batch-validation-start.json'), { credentials });
  const items = output(run, 'Validate Batch');
  expect(items).toHaveLength(3);
  expect(new Set(items.map((i) => i.json.jobId)).size).toBe(1);
  expect(items[0].json.callback).toBe(true);
});
