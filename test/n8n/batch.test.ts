/**
 * Batch operations, budgets and the callback trigger, through n8n's engine against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { deliverToTrigger, itemsInto, output, PACKAGE, runWorkflow, toWorkflow } from './harness';
import { startWaitingServer } from './waitingServer';
import { stopParkedWatches } from '../../nodes/adapter/parkedWatch';

let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
});
afterAll(() => {
  stopParkedWatches();
  return sandbox.close();
});

/** The sandbox's first callback attempt to a URL containing `part` (jobs progress in real time). */
async function deliveryTo(part: string) {
  for (let i = 0; i < 100; i++) {
    await sandbox.flush();
    const found = sandbox.providers.enrichSo.webhookDeliveries().find((d) => d.url.includes(part));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

const emails = (...list: string[]) => list.map((email) => ({ email }));
const validationBatch = (extra: IDataObject) => ({ resource: 'emailValidation', operation: 'submitBatch', email: '={{$json.email}}', ...extra });

test('Start submits one job for all items and pairs a bad item with its own error', async () => {
  const { run } = await runWorkflow(
    itemsInto(emails('a.one@acme.com', 'not an email', 'b.two@globex.com'), {
      parameters: validationBatch({ batchMode: 'start' }),
      onError: 'continueRegularOutput',
    }),
    { credentials },
  );
  const items = output(run, 'Enrich');
  expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  expect(items[0].json.jobId).toEqual(expect.any(String));
  expect(items[2].json.jobId).toBe(items[0].json.jobId);
  expect(items[0].json.estimatedCredits).toBe(2);
  expect((items[1].json.details as IDataObject).kind).toBe('validation');
});

test('running the same Start twice reuses the job: never reserved twice', async () => {
  const wf = itemsInto(emails('c.three@acme.com', 'd.four@acme.com'), { parameters: validationBatch({ batchMode: 'start' }) });
  const first = output((await runWorkflow(wf, { credentials })).run, 'Enrich');
  const submits = () => sandbox.providers.enrichSo.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/email-validation/batch')).length;
  const before = submits();
  const second = output((await runWorkflow(wf, { credentials })).run, 'Enrich');
  expect(second[0].json.jobId).toBe(first[0].json.jobId);
  expect(second[0].json.reused).toBe(true);
  expect(submits()).toBe(before);
});

test('Wait for Completion by polling fans the results back out, one per input item', async () => {
  const { run } = await runWorkflow(
    itemsInto(emails('e.five@acme.com', 'f.six@globex.com', 'E.Five@acme.com'), {
      parameters: validationBatch({ batchMode: 'wait', waitMethod: 'poll', pollInterval: 1, maxWait: 2 }),
    }),
    { credentials },
  );
  expect(run.data.resultData.error).toBeUndefined();
  const items = output(run, 'Enrich');
  expect(items).toHaveLength(3);
  expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  expect(String(items[1].json.email).toLowerCase()).toBe('f.six@globex.com');
  // The case-insensitive duplicate is one provider entry, answered for both input items.
  expect(String(items[2].json.email).toLowerCase()).toBe('e.five@acme.com');
  expect(items[0].json._credits).toEqual(expect.objectContaining({ estimated: 1 }));
});

test('Wait for Completion by Park and Check parks the execution; it checks the job itself and resumes with every item', async () => {
  const server = await startWaitingServer({ credentials });
  try {
    const wf = itemsInto(emails('g.seven@acme.com', 'h.eight@globex.com'), {
      parameters: validationBatch({ batchMode: 'wait', waitMethod: 'webhook', pollInterval: 1, maxWait: 5 }),
    });
    const waiting = await runWorkflow(wf, { credentials, waitingBaseUrl: server.baseUrl });
    expect(waiting.run.status).toBe('waiting');
    expect(waiting.run.waitTill).toBeInstanceOf(Date);
    const resumed = await server.serve(waiting);
    expect(resumed.status).toBe('success');
    const items = output(resumed, 'Enrich');
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(items.map((i) => String(i.json.email).toLowerCase())).toEqual(['g.seven@acme.com', 'h.eight@globex.com']);
    // The provider was given no callback URL: nothing of its went to the resume URL.
    expect(sandbox.providers.enrichSo.webhookDeliveries().some((d) => d.url.includes('/webhook-waiting/'))).toBe(false);
    // One resume call: n8n loads the waiting execution once, not once per item.
    expect(server.calls.filter((c) => c.executionId === waiting.executionId)).toHaveLength(1);
  } finally {
    await server.close();
  }
});

test('a Credit Budget of 2 runs two validations and turns the third into a budget error', async () => {
  const { run } = await runWorkflow(
    itemsInto(emails('i.nine@acme.com', 'j.ten@acme.com', 'k.eleven@acme.com'), {
      parameters: { resource: 'emailValidation', operation: 'validate', email: '={{$json.email}}', options: { creditBudget: 2 } },
      onError: 'continueErrorOutput',
    }),
    { credentials },
  );
  const ok = output(run, 'Enrich', 0);
  const failed = output(run, 'Enrich', 1);
  expect(ok.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  expect(failed).toHaveLength(1);
  expect(failed[0].pairedItem).toEqual({ item: 2 });
  expect((failed[0].json.details as IDataObject).kind).toBe('budget_exceeded');
});

test('without Continue On Fail a budget too small for the items stops the node before spending', async () => {
  const before = sandbox.providers.enrichSo.requests().length;
  const { run } = await runWorkflow(
    itemsInto(emails('l.twelve@acme.com', 'm.thirteen@acme.com'), {
      parameters: { resource: 'emailFinder', operation: 'find', firstName: 'Jane', lastName: 'Doe', domain: 'acme.com', options: { creditBudget: 15 } },
    }),
    { credentials },
  );
  expect(run.data.resultData.error?.message).toMatch(/budget/i);
  expect(sandbox.providers.enrichSo.requests().length).toBe(before);
});

test('the callback trigger emits a confirmed completion once, however often it is delivered', async () => {
  // Start a job whose callback is the trigger's URL (the node adds ref + token).
  const started = output(
    (
      await runWorkflow(
        itemsInto(emails('n.fourteen@acme.com'), {
          parameters: validationBatch({ batchMode: 'start', callbackUrl: 'http://127.0.0.1:5678/webhook/abc/callback' }),
        }),
        { credentials },
      )
    ).run,
    'Enrich',
  );
  const jobId = String(started[0].json.jobId);
  const attempt = await deliveryTo('http://127.0.0.1:5678/webhook/abc/callback');
  const query = Object.fromEntries(new URL(attempt!.url).searchParams);

  const trigger = toWorkflow({
    nodes: [
      {
        id: 't',
        name: 'Trigger',
        type: `${PACKAGE}.enrichSoTrigger`,
        typeVersion: 1,
        position: [0, 0],
        parameters: { events: ['validation.completed'], includeResults: true },
        credentials: { enrichSoApi: { id: '1', name: 'x' } },
      },
    ],
    connections: {},
    staticData: {},
  });
  const body = { event: 'validation.completed', timestamp: new Date().toISOString(), data: { job_id: jobId, status: 'completed' } };
  const first = await deliverToTrigger(trigger, 'Trigger', { body, query }, { credentials });
  const again = await deliverToTrigger(trigger, 'Trigger', { body, query }, { credentials });
  const forged = await deliverToTrigger(trigger, 'Trigger', { body, query: { ...query, token: 'x' } }, { credentials });

  expect(first.result.workflowData?.[0]).toHaveLength(1);
  const event = first.result.workflowData![0][0].json;
  expect(event).toEqual(expect.objectContaining({ type: 'batch.completed', jobId, confirmed: true }));
  expect(event.results).toHaveLength(1);
  expect(again.result.workflowData).toBeUndefined();
  expect(forged.status).toBe(401);
  expect(forged.result.workflowData).toBeUndefined();
});
