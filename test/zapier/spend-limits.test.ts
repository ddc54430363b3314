/**
 * The connection's spend limits in a Zapier integration, through createAppTester against the
 * sandbox: every Zap on one API key counts together in z.cache, the step past the limit halts
 * with which limit, what is left and when it resets (nothing sent), a warning rides on the
 * output past the threshold, and the Spend Report search adds up to what left the wallet.
 */
import type { Sandbox } from '../../sandbox/server';
import { catalogs } from '../../shared';
import { appFor, authFor, startEnrichSo, testerFor } from './helpers';

const app = appFor(catalogs.enrichSo!);
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startEnrichSo();
});
afterAll(() => sandbox.close());

const validate = app.searches.emailValidation_validate!.operation.perform;
const report = app.searches.spend_report!.operation.perform;
const wallet = () => sandbox.providers.enrichSo.wallet().balance;
const sent = () => sandbox.providers.enrichSo.requests().filter((r) => r.path.endsWith('/email-validation')).length;

function step(spendLimits: string, zap: string, email: string) {
  return {
    authData: { ...authFor(sandbox), spendLimits, spendWarnAt: 60 },
    inputData: { email },
    meta: { isLoadingSample: false, isTestingAuth: false, zap: { id: zap } },
  };
}

test('two Zaps on one key share a monthly limit: the step past it halts with the limit, what is left and the reset, sending nothing', async () => {
  const run = testerFor(app);
  const limits = '[{"period":"month","credits":3}]';
  const before = wallet();
  await run(validate, step(limits, '101', 'zed.one@acme.com'));
  const second = await run(validate, step(limits, '202', 'zed.two@acme.com'));
  // Past 60 %: a field a later step (Filter → Slack/email) can test.
  expect(second[0].enrichflow.spendWarnings[0]).toMatchObject({ percent: 66.7, left: 1 });
  await run(validate, step(limits, '202', 'zed.three@acme.com'));
  const requests = sent();
  const refused = await run(validate, step(limits, '101', 'zed.four@acme.com')).catch((e: Error) => e);
  expect(refused.name).toBe('HaltedError');
  expect(refused.message).toMatch(
    /^Spend limit reached: the enrichSo monthly limit of 3 credits has 0 credits left and this call may cost up to 1; it resets at \d{4}-\d\d-01T00:00:00\.000Z\. Nothing was sent\. Raise the connection's Spend Limits/,
  );
  expect(sent()).toBe(requests);
  expect(before - wallet()).toBe(3);

  const [summary] = await run(report, { authData: { ...authFor(sandbox), spendLimits: limits }, inputData: {}, meta: {} });
  expect(summary).toMatchObject({ total: 3, byWorkflow: { '101': 1, '202': 2 }, limits: [expect.objectContaining({ spent: 3, left: 0 })] });
});

test('a limit for one Zap leaves the others alone; another API key has its own books', async () => {
  const run = testerFor(app);
  const limits = '[{"period":"day","credits":1,"workflow":"303"}]';
  await run(validate, step(limits, '303', 'yan.one@acme.com'));
  await expect(run(validate, step(limits, '303', 'yan.two@acme.com'))).rejects.toThrow(/enrichSo daily limit of 1 credit for workflow 303 has 0 credits left/);
  await run(validate, step(limits, '404', 'yan.three@acme.com'));
  const [mine] = await run(report, { authData: { ...authFor(sandbox), spendLimits: limits }, inputData: {}, meta: {} });
  expect(mine.byWorkflow).toEqual({ '303': 1, '404': 1 });
  const [other] = await run(report, { authData: { ...authFor(sandbox, 'some-other-key'), spendLimits: limits }, inputData: {}, meta: {} });
  expect(other.total).toBe(0);
});

test('a mistyped limit stops the step before anything is sent, naming the field', async () => {
  const run = testerFor(app);
  const requests = sent();
  await expect(run(validate, step('[{"period":"week","credits":1}]', '505', 'x@acme.com'))).rejects.toThrow(
    /Spend Limits entry 1: \\"period\\" must be \\"day\\" or \\"month\\"/,
  );
  expect(sent()).toBe(requests);
});
