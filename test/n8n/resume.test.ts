/**
 * "Wait for Completion → Resume by Callback" through n8n-core: the execution parks, the signed
 * resume URL receives the provider's callbacks, and whatever happens — callback, unconfirmed
 * completion, or Maximum Wait passing without any callback — every input item comes out as its
 * result or as an error paired to it. Nothing is kept in the n8n process between park and resume.
 */
import type { IDataObject } from 'n8n-workflow';
import { deriveCallbackToken } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { NO_CALLBACK } from '../../nodes/adapter/resume';
import { deliverToWaiting, itemsInto, output, resumeAfterTimeout, runWorkflow } from './harness';

let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
});
afterAll(() => sandbox.close());

const emails = (...list: string[]) => list.map((email) => ({ email }));
const waitByCallback = { resource: 'emailValidation', operation: 'submitBatch', email: '={{$json.email}}', batchMode: 'wait', waitMethod: 'webhook', maxWait: 5 };

/** The query (ref, token, signature) of the sandbox's callback to this execution's resume URL. */
async function resumeQuery(executionId: string): Promise<Record<string, string>> {
  for (let i = 0; i < 100; i++) {
    await sandbox.flush();
    const found = sandbox.providers.enrichSo.webhookDeliveries().find((d) => d.url.includes(`/webhook-waiting/${executionId}?`));
    if (found) return Object.fromEntries(new URL(found.url).searchParams);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the sandbox never called back execution ${executionId}`);
}

const completion = (jobId: string) => ({ event: 'validation.completed', timestamp: new Date().toISOString(), data: { job_id: jobId, status: 'completed' } });

test('Maximum Wait passing without a callback: every item comes out as its own "no callback" error with the job id', async () => {
  const wf = itemsInto(emails('t.one@acme.com', 'not an email', 't.two@globex.com'), { parameters: waitByCallback, onError: 'continueRegularOutput' });
  const waiting = await runWorkflow(wf, { credentials });
  expect(waiting.run.status).toBe('waiting');
  const jobIds = output(waiting.run, 'Enrich')[0].json.jobIds as string[];

  // n8n does not run the node again after the wait: it passes on what the node left as its input.
  const run = await resumeAfterTimeout(waiting, { credentials });
  expect(run.status).toBe('success');
  const items = output(run, 'Enrich');
  expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  for (const n of [0, 2]) {
    const details = items[n].json.details as IDataObject;
    expect(details).toEqual(expect.objectContaining({ kind: 'provider', code: NO_CALLBACK }));
    expect(details.batchJob).toEqual(expect.objectContaining({ batch: 'emailValidation', jobIds }));
    expect(String(items[n].json.error)).toContain(jobIds[0]);
    expect(String(items[n].json.error)).toMatch(/Get .*results/i);
  }
  expect((items[1].json.details as IDataObject).kind).toBe('validation');
  expect((items[0].json.details as IDataObject).batchJob).toEqual(expect.objectContaining({ entry: 't.one@acme.com' }));
});

test('a completion the API does not confirm yet keeps the execution waiting', async () => {
  sandbox.providers.enrichSo.configure({ queueDelayMs: 60_000 });
  try {
    const waiting = await runWorkflow(itemsInto(emails('u.one@acme.com'), { parameters: waitByCallback }), { credentials });
    const jobId = (output(waiting.run, 'Enrich')[0].json.jobIds as string[])[0];
    // A completion with a valid token while the job is still queued (a replay, or a provider's slip).
    const early = await deliverToWaiting(waiting, { body: completion(jobId), query: tokenQuery(waiting, 'early-ref') }, { credentials });
    expect(early.resumed).toBeUndefined();
    expect(early.body).toEqual({ received: true, resumed: false });
  } finally {
    sandbox.providers.enrichSo.configure({ queueDelayMs: 0 });
  }
});

test('after the callback results go to the main output and the bad item to the error output, each paired to its input', async () => {
  const wf = itemsInto(emails('v.one@acme.com', 'not an email', 'v.two@globex.com'), { parameters: waitByCallback, onError: 'continueErrorOutput' });
  const waiting = await runWorkflow(wf, { credentials });
  const jobId = (output(waiting.run, 'Enrich')[0].json.jobIds as string[])[0];
  const query = await resumeQuery(waiting.executionId);
  const done = await deliverToWaiting(waiting, { body: completion(jobId), query }, { credentials });
  expect(done.resumed?.status).toBe('success');
  // The node hands n8n every item in input order; n8n pairs them and moves errors to the error output.
  const ok = output(done.resumed!, 'Enrich', 0);
  const failed = output(done.resumed!, 'Enrich', 1);
  expect(ok.map((i) => [i.pairedItem, String(i.json.email).toLowerCase()])).toEqual([
    [{ item: 0 }, 'v.one@acme.com'],
    [{ item: 2 }, 'v.two@globex.com'],
  ]);
  expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
  expect((failed[0].json.details as IDataObject).kind).toBe('validation');
  // A callback for a job this execution is not waiting for is refused.
  const other = await deliverToWaiting(waiting, { body: completion('ffffffffffffffffffffffff'), query }, { credentials });
  expect(other.status).toBe(400);
});

/** A valid resume query as the node builds it: the execution's resume token, any ref, the token derived from the credential. */
function tokenQuery(waiting: Awaited<ReturnType<typeof runWorkflow>>, ref: string): Record<string, string> {
  return { signature: String(waiting.run.data.resumeToken), ref, token: deriveCallbackToken(credentials.enrichSoApi.apiKey, ref) };
}
