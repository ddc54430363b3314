/**
 * "Start batch" with Wait for Results: the step pauses on Zapier's callback URL, the sandbox
 * calls it back, performResume reads and settles the results. Replays and editor samples never
 * pause and never reserve twice.
 */
import type { Sandbox } from '../../sandbox/server';
import { appFor, bundle, eventually, expectNoKey, requestCount, runWithCallback, startEnrichSo, startReceiver, testerFor } from './helpers';

const app = appFor();
const run = testerFor(app);
const START = 'creates.emailValidation_startBatch.operation.perform';
const emails = ['jane.doe@acme.com', 'john.smith@globex.com', 'ops@initech.io', 'JANE.DOE@acme.com'];
let sandbox: Sandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  sandbox = await startEnrichSo();
  receiver = await startReceiver();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const balance = () => sandbox.providers.enrichSo.wallet().balance;

it('pauses on the callback URL, resumes on the first callback, returns every result and settles once', async () => {
  const zcache = {};
  const before = balance();
  const callbackUrl = `${receiver.url}/hooks/callback/1/task-a`;
  const envelope = await runWithCallback(app, START, bundle(sandbox, { emails, waitForResults: true }), callbackUrl, zcache);
  expect(envelope.status).toBe('CALLBACK');
  const started = envelope.results;
  expect(started).toEqual(expect.objectContaining({ delivery: 'resume', status: 'submitted', itemCount: 4, estimatedCredits: 3 }));

  // The provider calls the URL per item and on completion; Zapier resumes on the first POST.
  const posts = await eventually(() => {
    const mine = receiver.received.filter((r) => r.path === '/hooks/callback/1/task-a');
    return mine.some((r) => r.body?.event === 'validation.completed') ? mine : undefined;
  });
  expect(posts[0]!.body.event).toBe('webhook:email_lookup.completed');

  const resumed = await run(app.creates.emailValidation_startBatch!.operation.performResume, {
    ...bundle(sandbox, { emails, waitForResults: true }),
    outputData: started,
    cleanedRequest: posts[0]!.body,
  });
  expect(resumed).toEqual(expect.objectContaining({ status: 'completed', jobId: started.jobId, resultCount: 3, creditsCharged: 3 }));
  expect(resumed.results.map((r: { email: string }) => r.email.toLowerCase()).sort()).toEqual(['jane.doe@acme.com', 'john.smith@globex.com', 'ops@initech.io']);
  expect(before - balance()).toBe(3);
  expectNoKey(resumed, sandbox.providers.enrichSo.apiKey);

  // A replay of the same run (Zapier autoreplay) reuses the job: no second submit, no pause.
  const submits = requestCount(sandbox, '/email-validation/batch', 'POST');
  const replay = await runWithCallback(app, START, bundle(sandbox, { emails, waitForResults: true }), `${receiver.url}/hooks/callback/1/task-b`, zcache);
  expect(replay.status).not.toBe('CALLBACK');
  expect(replay.results).toEqual(expect.objectContaining({ reused: true, jobId: started.jobId, status: 'completed', resultCount: 3 }));
  expect(requestCount(sandbox, '/email-validation/batch', 'POST')).toBe(submits);
  expect(before - balance()).toBe(3);
});

it('a sample run in the Zap editor never pauses', async () => {
  const envelope = await runWithCallback(
    app,
    START,
    bundle(sandbox, { emails: ['sample.one@acme.com'], waitForResults: true }, { meta: { isLoadingSample: true } }),
    `${receiver.url}/hooks/callback/2/sample`,
    {},
  );
  expect(envelope.status).not.toBe('CALLBACK');
  expect(envelope.results).toEqual(expect.objectContaining({ delivery: 'none', jobId: expect.any(String) }));
  expect(receiver.received.filter((r) => r.path.includes('/2/sample'))).toEqual([]);
});

it('performResume for a job the API says is unknown fails clearly instead of returning nothing', async () => {
  const error = await run(app.creates.emailValidation_startBatch!.operation.performResume, {
    ...bundle(sandbox, {}),
    outputData: { jobIds: ['665a1f4e2c3b7800129dceff'] },
    cleanedRequest: { event: 'validation.completed', data: { job_id: '665a1f4e2c3b7800129dceff' } },
  }).catch((e: Error) => e);
  expect(JSON.parse(error.message)).toEqual(expect.objectContaining({ code: 'NotFound', status: 404 }));
});

it('rejects bad items before any paid call, naming the field', async () => {
  const submits = requestCount(sandbox);
  const error = await run(app.creates.emailValidation_startBatch!.operation.perform, bundle(sandbox, { emails: ['jane.doe@acme.com', 'not an email'] })).catch((e: Error) => e);
  const body = JSON.parse(error.message);
  expect(body.code).toBe('InvalidData');
  expect(body.message).toMatch(/emails\[1\]/);
  expect(requestCount(sandbox)).toBe(submits);
});
