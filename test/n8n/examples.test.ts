/** The importable examples, run by n8n's engine against the sandbox (the e2e runs them in the real CLI). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { deliverToWaiting, output, runWorkflow, type WorkflowJson } from './harness';

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
  // The search honours its filter: "Find VPs" finds VPs.
  expect(leads.map((i) => i.json.jobLevel)).toEqual(['VP', 'VP', 'VP']);
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

test('batch validation wait: the execution parks, and the callback resumes it with one result per found email', async () => {
  const waiting = await runWorkflow(example('enrich-so-batch-validation-wait.json'), { credentials });
  expect(waiting.run.status).toBe('waiting');
  const jobId = (output(waiting.run, 'Validate and Wait')[0].json.jobIds as string[])[0];
  let url: string | undefined;
  for (let i = 0; i < 100 && !url; i++) {
    await sandbox.flush();
    url = sandbox.providers.enrichSo.webhookDeliveries().find((d) => d.url.includes(`/webhook-waiting/${waiting.executionId}?`) && d.event === 'validation.completed')?.url;
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  const query = Object.fromEntries(new URL(url!).searchParams);
  const body = { event: 'validation.completed', timestamp: new Date().toISOString(), data: { job_id: jobId, status: 'completed' } };
  const done = await deliverToWaiting(waiting, { body, query }, { credentials });
  expect(done.resumed?.status).toBe('success');
  const items = output(done.resumed!, 'Validate and Wait');
  expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  for (const item of items) expect(item.json.result).toBe('valid');
});
