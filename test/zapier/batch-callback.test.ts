/**
 * "Start batch" with Wait for Results: the step pauses on Zapier's callback URL, the sandbox
 * calls it back, performResume reads and settles the results and answers once per input item.
 * Replays and editor samples never pause and never reserve twice.
 */
import type { Sandbox } from '../../sandbox/server';
import { appFor, bundle, eventually, expectNoKey, requestCount, runWithCallback, startEnrichSo, startReceiver, testerFor } from './helpers';

const app = appFor();
const run = testerFor(app);
const START = 'creates.emailValidation_startBatch.operation.perform';
const RESUME = 'creates.emailValidation_startBatch.operation.performResume';
const emails = ['jane.doe@acme.com', 'john.smith@globex.com', 'ops@initech.io', 'JANE.DOE@acme.com'];
/** The line-item rows Zapier sends for a "Start batch" step: one object per item. */
const items = emails.map((email) => ({ email }));
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

it('pauses on the callback URL, resumes on the first callback, answers per input item and settles once', async () => {
  const zcache = {};
  const before = balance();
  const callbackUrl = `${receiver.url}/hooks/callback/1/task-a`;
  const envelope = await runWithCallback(app, START, bundle(sandbox, { items, waitForResults: true }), callbackUrl, zcache);
  expect(envelope.status).toBe('CALLBACK');
  const started = envelope.results;
  expect(started).toEqual(expect.objectContaining({ delivery: 'resume', status: 'submitted', itemCount: 4, estimatedCredits: 3 }));

  // The provider calls the URL per item and on completion; Zapier resumes on the first POST.
  const posts = await eventually(() => {
    const mine = receiver.received.filter((r) => r.path === '/hooks/callback/1/task-a');
    return mine.some((r) => r.body?.event === 'validation.completed') ? mine : undefined;
  });
  expect(posts[0]!.body.event).toBe('webhook:email_lookup.completed');

  // Same z.cache as the paused run: Zapier's cache is per account, across runs.
  const resumedEnvelope = await runWithCallback(
    app,
    RESUME,
    { ...bundle(sandbox, { items, waitForResults: true }), outputData: started, cleanedRequest: posts[0]!.body },
    callbackUrl,
    zcache,
  );
  const resumed = resumedEnvelope.results;
  expect(resumed).toEqual(expect.objectContaining({ status: 'completed', jobId: started.jobId, resultCount: 4, creditsCharged: 3, creditsRefunded: 0 }));
  // One line per input item, in input order; the repeated email shares its result and was charged once.
  expect(resumed.items.map((l: any) => [l.item, l.input, l.status, l.result?.email?.toLowerCase(), l.credits])).toEqual([
    [1, 'jane.doe@acme.com', 'ok', 'jane.doe@acme.com', 1],
    [2, 'john.smith@globex.com', 'ok', 'john.smith@globex.com', 1],
    [3, 'ops@initech.io', 'ok', 'ops@initech.io', 1],
    [4, 'JANE.DOE@acme.com', 'ok', 'jane.doe@acme.com', 0],
  ]);
  expect(resumed.summary).toEqual(
    expect.objectContaining({
      items: 4,
      ok: 4,
      notFound: 0,
      errors: 0,
      creditsEstimated: 3,
      creditsCharged: 3,
      jobs: [expect.objectContaining({ jobId: started.jobId, status: 'completed' })],
    }),
  );
  expect(resumed.resume).toBeUndefined();
  expect(before - balance()).toBe(3);
  expectNoKey(resumed, sandbox.providers.enrichSo.apiKey);

  // A replay of the same run (Zapier autoreplay) reuses the job: no second submit, no pause.
  const submits = requestCount(sandbox, '/email-validation/batch', 'POST');
  const replay = await runWithCallback(app, START, bundle(sandbox, { items, waitForResults: true }), `${receiver.url}/hooks/callback/1/task-b`, zcache);
  expect(replay.status).not.toBe('CALLBACK');
  expect(replay.results).toEqual(
    expect.objectContaining({ reused: true, delivery: 'wait', jobId: started.jobId, status: 'completed', resultCount: 4, creditsCharged: 0 }),
  );
  expect(requestCount(sandbox, '/email-validation/batch', 'POST')).toBe(submits);
  expect(before - balance()).toBe(3);
});

it('a sample run in the Zap editor never pauses', async () => {
  const envelope = await runWithCallback(
    app,
    START,
    bundle(sandbox, { items: [{ email: 'sample.one@acme.com' }], waitForResults: true }, { meta: { isLoadingSample: true } }),
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

it('rejects bad items before any paid call, naming each by its position and field', async () => {
  const submits = requestCount(sandbox);
  const rows = [{ email: 'jane.doe@acme.com' }, { email: 'not an email' }, { email: 'ops@initech.io' }, { email: 'also@bad' }];
  const error = await run(app.creates.emailValidation_startBatch!.operation.perform, bundle(sandbox, { items: rows })).catch((e: Error) => e);
  const body = JSON.parse(error.message);
  expect(body.code).toBe('InvalidData');
  expect(body.message).toMatch(/^Email validation batch: 2 of 4 item\(s\) invalid — item 2 \(Email\): .*valid email.*; item 4 \(Email\): /);
  expect(body.message).toMatch(/Nothing was sent/);
  expect(requestCount(sandbox)).toBe(submits);
});

it('a one-field item also takes a mapped text of several values, one per line or comma-separated', async () => {
  const started = await run(
    app.creates.emailValidation_startBatch!.operation.perform,
    bundle(sandbox, { items: [{ email: 'a.one@acme.com\nb.two@acme.com, c.three@acme.com' }, { email: '' }], waitForResults: false }),
  );
  expect(started).toEqual(expect.objectContaining({ itemCount: 3, estimatedCredits: 3, delivery: 'none' }));
});

it("multi-field items come from the item operation's fields: one row per lead, checked like the single lookup", async () => {
  const start = app.creates.emailFinder_startBatch!;
  const group = start.operation.inputFields.find((f) => f.key === 'items')!;
  expect(group.children!.map((c) => [c.key, c.label, c.required])).toEqual([
    ['firstName', 'First Name', true],
    ['lastName', 'Last Name', true],
    ['domain', 'Domain', true],
  ]);
  const submits = requestCount(sandbox);
  const error = await run(
    start.operation.perform,
    bundle(sandbox, {
      items: [
        { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' },
        { firstName: 'John', lastName: 'Smith', domain: 'https://globex.com/about' },
      ],
    }),
  ).catch((e: Error) => e);
  expect(JSON.parse(error.message).message).toMatch(/item 2 \(Domain\)/);
  expect(requestCount(sandbox)).toBe(submits);
});
