/**
 * "Wait for Completion → Park and Check" through n8n-core: the execution parks, the process that
 * parked it checks the job by itself and calls the execution's resume URL (a real HTTP server
 * playing n8n's waiting webhooks) once the job finished — or at Maximum Wait in any case.
 * Whatever happens — n8n refusing resume calls, a forged call, a job outlasting the wait, the
 * parking process gone — every input item comes out as its result or an error paired to it.
 */
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { stopParkedWatches } from '../../nodes/adapter/parkedWatch';
import { NO_CALLBACK, STILL_RUNNING } from '../../nodes/adapter/resume';
import { deliverToWaiting, itemsInto, output, resumeAfterTimeout, runWorkflow } from './harness';
import { startWaitingServer, type WaitingServer } from './waitingServer';

let sandbox: Sandbox;
let server: WaitingServer;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
  server = await startWaitingServer({ credentials });
});
afterAll(async () => {
  // Watches of executions a test left parked would poll until their Maximum Wait.
  stopParkedWatches();
  await server.close();
  await sandbox.close();
});

const emails = (...list: string[]) => list.map((email) => ({ email }));
const park = (extra: IDataObject = {}) => ({
  resource: 'emailValidation',
  operation: 'submitBatch',
  email: '={{$json.email}}',
  batchMode: 'wait',
  waitMethod: 'webhook',
  pollInterval: 1,
  maxWait: 5,
  ...extra,
});
const run = (items: IDataObject[], parameters: IDataObject, onError = 'continueRegularOutput') =>
  runWorkflow(itemsInto(items, { parameters: parameters as never, onError: onError as never }), { credentials, waitingBaseUrl: server.baseUrl });

test('n8n refusing the resume call (503 "Database is not ready!") costs a retry, never items or credits', async () => {
  const balance = sandbox.providers.enrichSo.wallet().balance;
  server.refuseNext(3, 503);
  const waiting = await run(emails('p.one@acme.com', 'p.two@globex.com'), park());
  const resumed = await server.serve(waiting);
  expect(resumed.status).toBe('success');
  const items = output(resumed, 'Enrich');
  expect(items.map((i) => [i.pairedItem, i.json.result])).toEqual([
    [{ item: 0 }, 'valid'],
    [{ item: 1 }, 'valid'],
  ]);
  expect(server.calls.filter((c) => c.status === 503)).toHaveLength(3);
  // Read and settled: the items' charges are exactly what left the wallet.
  const charged = items.reduce((n, i) => n + Number((i.json._credits as IDataObject).charged), 0);
  expect(balance - sandbox.providers.enrichSo.wallet().balance).toBe(charged);
});

test('an outage while the resumed execution reads the results answers 503; the next check reads and settles them', async () => {
  const balance = sandbox.providers.enrichSo.wallet().balance;
  // Five failing reads: the client's own retries (4) give up once, the watcher's next call succeeds.
  sandbox.faults.add({ method: 'GET', path: /\/email-validation\/batch\/[0-9a-f]{24}\/results/, kind: 'status', status: 503, times: 5 });
  const waiting = await run(emails('s.one@acme.com', 's.two@globex.com'), park());
  const resumed = await server.serve(waiting);
  const items = output(resumed, 'Enrich');
  expect(items.map((i) => i.json.result)).toEqual(['valid', 'valid']);
  expect(server.calls.filter((c) => c.executionId === waiting.executionId).map((c) => c.status)).toEqual([503, 200]);
  const charged = items.reduce((n, i) => n + Number((i.json._credits as IDataObject).charged), 0);
  expect(balance - sandbox.providers.enrichSo.wallet().balance).toBe(charged);
});

test('a job still running at Maximum Wait: the final check resumes with one "still running" error per item, naming the job', async () => {
  sandbox.providers.enrichSo.configure({ queueDelayMs: 120_000 });
  try {
    // n8n does not enforce minValue at run time: a 6-second Maximum Wait keeps the test short.
    const waiting = await run(emails('q.one@acme.com', 'not an email', 'q.two@globex.com'), park({ maxWait: 0.1 }));
    const jobIds = output(waiting.run, 'Enrich')[0].json.jobIds as string[];
    const resumed = await server.serve(waiting);
    const items = output(resumed, 'Enrich');
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    for (const n of [0, 2]) {
      expect(items[n].json.details).toEqual(expect.objectContaining({ code: STILL_RUNNING }));
      expect(String(items[n].json.error)).toContain(jobIds[0]);
    }
    expect((items[1].json.details as IDataObject).kind).toBe('validation');
    // The final check is marked final: it resumes whatever the job's state.
    expect(server.calls.filter((c) => c.executionId === waiting.executionId).map((c) => (c.body as IDataObject).final)).toEqual([true]);
  } finally {
    sandbox.providers.enrichSo.configure({ queueDelayMs: 0 });
  }
});

test("a resume call without this wait's token is refused and resumes nothing", async () => {
  sandbox.providers.enrichSo.configure({ queueDelayMs: 60_000 });
  try {
    const waiting = await run(emails('r.one@acme.com'), park());
    const signature = String(waiting.run.data.resumeToken);
    const forged = await deliverToWaiting(waiting, { body: { enrichflow: 'check', token: 'guess', final: true }, query: { signature } }, { credentials });
    expect(forged.status).toBe(401);
    expect(forged.resumed).toBeUndefined();
    // A provider-style completion (what used to resume it) is refused too.
    const completion = await deliverToWaiting(
      waiting,
      { body: { event: 'validation.completed', data: { job_id: 'x', status: 'completed' } }, query: { signature } },
      { credentials },
    );
    expect(completion.status).toBe(401);
  } finally {
    sandbox.providers.enrichSo.configure({ queueDelayMs: 0 });
  }
});

test('the parking process gone (n8n restarted): Maximum Wait passes every item on as its own "no callback" error with the job id', async () => {
  // Nobody serves this execution: the watcher's resume call gets 404 and it stops, as after a restart.
  sandbox.providers.enrichSo.configure({ queueDelayMs: 60_000 });
  try {
    const waiting = await run(emails('t.one@acme.com', 'not an email', 't.two@globex.com'), park());
    expect(waiting.run.status).toBe('waiting');
    const jobIds = output(waiting.run, 'Enrich')[0].json.jobIds as string[];
    const resumed = await resumeAfterTimeout(waiting, { credentials });
    expect(resumed.status).toBe('success');
    const items = output(resumed, 'Enrich');
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    for (const n of [0, 2]) {
      const details = items[n].json.details as IDataObject;
      expect(details).toEqual(expect.objectContaining({ kind: 'provider', code: NO_CALLBACK }));
      expect(details.batchJob).toEqual(expect.objectContaining({ batch: 'emailValidation', jobIds }));
      expect(String(items[n].json.error)).toMatch(/Get .*results/i);
    }
    expect((items[1].json.details as IDataObject).kind).toBe('validation');
  } finally {
    sandbox.providers.enrichSo.configure({ queueDelayMs: 0 });
  }
});

test('after the resume, results go to the main output and the bad item to the error output, each paired to its input', async () => {
  const waiting = await run(emails('v.one@acme.com', 'not an email', 'v.two@globex.com'), park(), 'continueErrorOutput');
  const resumed = await server.serve(waiting);
  expect(resumed.status).toBe('success');
  const ok = output(resumed, 'Enrich', 0);
  const failed = output(resumed, 'Enrich', 1);
  expect(ok.map((i) => [i.pairedItem, String(i.json.email).toLowerCase()])).toEqual([
    [{ item: 0 }, 'v.one@acme.com'],
    [{ item: 2 }, 'v.two@globex.com'],
  ]);
  expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
  expect((failed[0].json.details as IDataObject).kind).toBe('validation');
});

test("the spend report hears of a parked batch's settlement: its total is what left the wallet, refund included", async () => {
  const balance = sandbox.providers.enrichSo.wallet().balance;
  const workflow = {
    id: 'wf-park-spend',
    ...itemsInto(emails('r.one@acme.com', 'r.two.risky@globex.com', 'r.three@initech.com'), { parameters: park() as never, onError: 'continueRegularOutput' }),
  };
  const resumed = await server.serve(await runWorkflow(workflow, { credentials, waitingBaseUrl: server.baseUrl }));
  expect(resumed.status).toBe('success');
  const spent = balance - sandbox.providers.enrichSo.wallet().balance;
  expect(spent).toBe(2); // the risky address is refunded when the results are read
  const report = {
    id: 'wf-report',
    ...itemsInto([{ n: 1 }], { parameters: { resource: 'spend', operation: 'report', reportOutput: 'summary', workflowId: 'wf-park-spend' } as never }),
  };
  const summary = output((await runWorkflow(report, { credentials })).run, 'Enrich')[0]!.json;
  expect(summary.total).toBe(spent);
});
