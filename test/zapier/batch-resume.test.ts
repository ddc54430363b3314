/**
 * performResume made deterministic. Zapier resumes a paused "Start batch" step on the FIRST POST
 * to its callback URL, and Enrich.so posts one callback per item before the completion, so the
 * resume usually runs while the job is still going: it confirms the status with the API, polls
 * (free) within the step's budget, and answers per input item. When the job outlasts the
 * budget, a clear error names the job and where to get its results; nothing is resubmitted and
 * reading the results later pays nothing more.
 */
import type { Sandbox } from '../../sandbox/server';
import { RESUME_ITEMS_MAX } from '../../zapier-app/lib/batch';
import { appFor, bundle, eventually, expectNoKey, requestCount, runWithCallback, startEnrichSo, startReceiver } from './helpers';
import { catalogs } from '../../shared';

const catalog = catalogs.enrichSo!;
const START = 'creates.emailValidation_startBatch.operation.perform';
const RESUME = 'creates.emailValidation_startBatch.operation.performResume';
const RESULTS = 'creates.emailValidation_getBatchResults.operation.perform';
const STATUS = 'searches.emailValidation_getBatchStatus.operation.perform';
/** Quick polls so a test waits for the job, not for the poll period. */
const app = appFor(catalog, { pollMs: 150 });
/** A step that can afford one status check and no wait: the job always outlasts it. */
const hurried = appFor(catalog, { budgetMs: 1, pollMs: 150 });
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
afterEach(() => sandbox.providers.enrichSo.configure({ itemsPerSecond: 50 }));

const balance = () => sandbox.providers.enrichSo.wallet().balance;
const rows = (emails: string[]) => emails.map((email) => ({ email }));
const exec = (a = app, method: string, b: Record<string, unknown>, zcache: Record<string, unknown>, path = '/hooks/callback/x') =>
  runWithCallback(a, method, b, `${receiver.url}${path}`, zcache).then((r) => r.results);

/** Start a paused batch; resolve with its output and the first callback the provider posted. */
async function pausedBatch(emails: string[], path: string, zcache: Record<string, unknown>): Promise<{ started: any; first: any }> {
  const envelope = await runWithCallback(app, START, bundle(sandbox, { items: rows(emails), waitForResults: true }), `${receiver.url}${path}`, zcache);
  expect(envelope.status).toBe('CALLBACK');
  const first = await eventually(() => receiver.received.find((r) => r.path === path));
  return { started: envelope.results, first: first.body };
}

it('resumed by a per-item callback while the job still runs, it polls until the job ends and answers per item', async () => {
  sandbox.providers.enrichSo.configure({ itemsPerSecond: 4 });
  const zcache = {};
  const before = balance();
  const emails = ['ann.lee@acme.com', 'risky.bob@acme.com', 'invalid.carl@acme.com', 'dee.fox@globex.com'];
  const { started, first } = await pausedBatch(emails, '/hooks/callback/per-item', zcache);
  expect(first.event).toBe('webhook:email_lookup.completed');
  expect(receiver.received.filter((r) => r.path === '/hooks/callback/per-item' && r.body?.event === 'validation.completed')).toEqual([]);
  const statusPath = `/email-validation/batch/${started.jobId}`;
  const checksBefore = requestCount(sandbox, statusPath, 'GET');

  const resumed = await exec(app, RESUME, { ...bundle(sandbox), outputData: started, cleanedRequest: first }, zcache);
  expect(requestCount(sandbox, statusPath, 'GET') - checksBefore).toBeGreaterThan(1); // it polled
  expect(resumed).toEqual(expect.objectContaining({ status: 'completed', jobId: started.jobId, resultCount: 4, creditsCharged: 3, creditsRefunded: 1 }));
  expect(resumed.items.map((l: any) => [l.input, l.status, l.result?.result, l.credits])).toEqual([
    ['ann.lee@acme.com', 'ok', 'valid', 1],
    ['risky.bob@acme.com', 'ok', 'risky', 0],
    ['invalid.carl@acme.com', 'ok', 'invalid', 1],
    ['dee.fox@globex.com', 'ok', 'valid', 1],
  ]);
  expect(resumed.summary).toEqual(expect.objectContaining({ items: 4, ok: 4, creditsEstimated: 4, creditsCharged: 3, creditsRefunded: 1 }));
  expect(before - balance()).toBe(3);
  expectNoKey(resumed, sandbox.providers.enrichSo.apiKey);
});

it('when the job outlasts the step: a clear error, then "Get results" returns them without a second charge', async () => {
  sandbox.providers.enrichSo.configure({ itemsPerSecond: 4 });
  const zcache = {};
  const before = balance();
  const emails = ['slow.one@acme.com', 'slow.two@acme.com', 'slow.three@acme.com', 'slow.four@acme.com'];
  const { started, first } = await pausedBatch(emails, '/hooks/callback/slow', zcache);
  const submits = requestCount(sandbox, '/email-validation/batch', 'POST');

  const error = await exec(hurried, RESUME, { ...bundle(sandbox), outputData: started, cleanedRequest: first }, zcache).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).not.toMatch(/Throttled|Halted/);
  expectNoKey(error, sandbox.providers.enrichSo.apiKey);
  const { code, message } = JSON.parse(error.message);
  expect(code).toBe('BatchNotFinished');
  expect(message).toContain(`Email validation batch ${started.jobId} is still processing (`);
  expect(message).toMatch(/\(\d of 4 items processed\)/);
  expect(message).toContain(`run "Get Email Validation Batch Results" with Batch ID ${started.jobId}`);
  expect(message).toMatch(/Nothing was resubmitted and nothing more was charged/);
  expect(before - balance()).toBe(4); // the reservation, untouched by the failed resume

  await eventually(async () => (await exec(app, STATUS, bundle(sandbox, { batchId: started.jobId }), zcache))[0]?.status === 'completed', 10_000);
  const read = await exec(app, RESULTS, bundle(sandbox, { batchId: started.jobId }), zcache);
  expect(read).toEqual(expect.objectContaining({ jobId: started.jobId, resultCount: 4, creditsCharged: 4 }));
  const settled = balance();
  expect(before - settled).toBe(4);
  const again = await exec(app, RESULTS, bundle(sandbox, { batchId: started.jobId }), zcache);
  expect(again).toEqual(expect.objectContaining({ resultCount: 4, creditsCharged: 0 }));
  expect(balance()).toBe(settled);
  expect(requestCount(sandbox, '/email-validation/batch', 'POST')).toBe(submits);
});

it('a batch the provider cannot call back about waits inside the step; past it, the clear error points at the trigger', async () => {
  sandbox.providers.enrichSo.configure({ itemsPerSecond: 4 });
  const zcache = {};
  const start = 'creates.ipToCompany_startBatch.operation.perform';
  const ips = [{ ip: '8.8.8.8' }, { ip: '1.1.1.1' }, { ip: '9.9.9.9' }, { ip: '4.4.4.4' }];
  const error = await exec(hurried, start, bundle(sandbox, { items: ips, waitForResults: true }), zcache).catch((e: Error) => e);
  const { code, message } = JSON.parse(error.message);
  expect(code).toBe('BatchNotFinished');
  expect(message).toMatch(/does not call back/);
  expect(message).toContain('"IP To Company Batch Completed" trigger');

  // The polling trigger fires for the job once it has ended; nothing was sent twice.
  const fired = await eventually(async () => {
    const events = await exec(app, 'triggers.ipToCompany_batchCompleted.operation.perform', bundle(sandbox), zcache);
    return events.length > 0 ? events : undefined;
  }, 10_000);
  expect(fired[0]).toEqual(expect.objectContaining({ type: 'batch.completed', status: 'completed' }));
  expect(requestCount(sandbox, '/ip-to-company/batch', 'POST')).toBe(1);

  // With time to wait, the same step (a replay) reuses the job and answers per item.
  const done = await exec(app, start, bundle(sandbox, { items: ips, waitForResults: true }), zcache);
  expect(done).toEqual(expect.objectContaining({ reused: true, delivery: 'wait', status: 'completed', jobId: fired[0].jobId }));
  expect(done.items.map((l: any) => l.input)).toEqual(['8.8.8.8', '1.1.1.1', '9.9.9.9', '4.4.4.4']);
  expect(requestCount(sandbox, '/ip-to-company/batch', 'POST')).toBe(1);
});

it(`more than ${RESUME_ITEMS_MAX} items: only the job ids travel with the paused step, and the resume lists the results`, async () => {
  sandbox.providers.enrichSo.configure({ itemsPerSecond: 1_000_000 });
  const zcache = {};
  const emails = Array.from({ length: RESUME_ITEMS_MAX + 1 }, (_, i) => `person.${i}@bulk.example.com`);
  const { started, first } = await pausedBatch(emails, '/hooks/callback/bulk', zcache);
  expect(started).toEqual(expect.objectContaining({ itemCount: emails.length, delivery: 'resume', jobIds: [started.jobId] }));
  expect(started.resume).toBeUndefined();

  const resumed = await exec(app, RESUME, { ...bundle(sandbox), outputData: started, cleanedRequest: first }, zcache);
  expect(resumed.items).toBeUndefined();
  expect(resumed.results).toHaveLength(emails.length);
  expect(resumed).toEqual(expect.objectContaining({ status: 'completed', resultCount: emails.length, creditsCharged: emails.length }));
  expect(resumed.summary).toEqual(expect.objectContaining({ results: emails.length, creditsEstimated: emails.length, creditsCharged: emails.length }));
  expect(resumed.note).toMatch(/not matched to input rows/);
});
