/** The importable examples, run by n8n's engine against the sandbox (the e2e runs them in the real CLI). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { stopParkedWatches } from '../../nodes/adapter/parkedWatch';
import { EnrichflowWaterfall } from '../../nodes/EnrichflowWaterfall/EnrichflowWaterfall.node';
import { output, registerTypes, runWorkflow, type WorkflowJson } from './harness';
import { startWaitingServer } from './waitingServer';

const example = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '../../examples', name), 'utf8')) as WorkflowJson;
let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string }; smarteApi: { apiKey: string; baseUrl: string; requestRate: number } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = {
    enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl },
    smarteApi: { apiKey: sandbox.providers.smarte.apiKey, baseUrl: sandbox.providers.smarte.baseUrl, requestRate: 6000 },
  };
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

test('batch validation wait: the execution parks, checks the job itself and resumes with one result per found email', async () => {
  const server = await startWaitingServer({ credentials });
  try {
    const waiting = await runWorkflow(example('enrich-so-batch-validation-wait.json'), { credentials, waitingBaseUrl: server.baseUrl });
    expect(waiting.run.status).toBe('waiting');
    // No provider callback goes to n8n's resume URL: the parking process checks the job and calls it once.
    expect(sandbox.providers.enrichSo.webhookDeliveries().some((d) => d.url.includes(`/webhook-waiting/${waiting.executionId}`))).toBe(false);
    const resumed = await server.serve(waiting);
    expect(resumed.status).toBe('success');
    const items = output(resumed, 'Validate and Wait');
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    for (const item of items) expect(item.json.result).toBe('valid');
  } finally {
    stopParkedWatches();
    await server.close();
  }
});

test('SMARTe audit first: the CRM export is audited for free, only the matches are enriched, and the budget of 3 holds', async () => {
  const smarte = sandbox.providers.smarte;
  const before = smarte.wallet().balance;
  const sentBefore = smarte.requests().length;
  const { run } = await runWorkflow(example('smarte-audit-then-enrich.json'), { credentials });
  expect(run.data.resultData.error).toBeUndefined();
  const audit = output(run, 'Audit (Free)');
  expect(audit.map((i) => i.json.enrichmentStatus ?? (i.json.details as { kind?: string }).kind)).toEqual([
    'Active',
    'Active',
    'No Match',
    'Active',
    'validation',
    'Active',
  ]);
  expect(audit.every((i) => !i.json._credits || (i.json._credits as { charged: number }).charged === 0)).toBe(true);
  const enriched = output(run, 'Enrich Matches');
  // The four matches: crm-101, 102, 104, 106; the budget covers three of them.
  expect(enriched.map((i) => i.json.recordId ?? (i.json.details as { kind?: string }).kind)).toEqual(['crm-101', 'crm-102', 'crm-104', 'budget_exceeded']);
  expect(enriched.slice(0, 3).every((i) => typeof i.json.smarteTransactionId === 'string')).toBe(true);
  expect(before - smarte.wallet().balance).toBe(3);
  expect(smarte.requests().length - sentBefore).toBe(2);
});

test('work emails by waterfall: cheapest sure source first, each lead one item saying who found it and what it cost', async () => {
  registerTypes({ 'n8n-nodes-enrichflow.enrichflowWaterfall': new EnrichflowWaterfall() });
  const p = sandbox.providers;
  const all = { ...credentials, enrichLayerApi: { apiKey: p.enrichLayer.apiKey, baseUrl: p.enrichLayer.baseUrl } };
  const { run } = await runWorkflow(example('waterfall-work-emails.json'), { credentials: all });
  expect(run.data.resultData.error).toBeUndefined();
  const found = output(run, 'Find Work Emails');
  expect(found.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
  expect(found.map((i) => i.json.provider)).toEqual(['smarte', 'enrichLayer', null, 'enrichSo', 'smarte']);
  const charged = found.reduce((sum, i) => sum + Number((i.json._credits as { charged: number }).charged), 0);
  expect(charged).toBe(1 + 3 + 0 + 10 + 1);
});
