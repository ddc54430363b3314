/**
 * Requests at Once, through n8n's engine against a sandbox that answers in 150 ms as a real
 * provider does: the node keeps that many calls in flight (the sandbox counts them), items come
 * out in input order with their pairedItem, the plan's rate limit still holds, and a failure
 * without Continue On Fail stops new items while the ones in flight finish into the answer
 * cache, so the rerun pays for nothing twice.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { OPTIONS } from '../../nodes/adapter/description';
import { DEFAULT_REQUESTS_AT_ONCE } from '../../nodes/adapter/requestsAtOnce';
import { itemsInto, output, PACKAGE, runWorkflow } from './harness';

const ANSWER_MS = 150;
const WIDE_KEY = 'sk_test_at_once_wide';
const GROWTH_KEY = 'sk_test_at_once_growth';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    latencyMs: ANSWER_MS,
    enrichSo: {
      accounts: [
        { apiKey: WIDE_KEY, plan: 'enterprise', balance: 1_000_000 },
        { apiKey: GROWTH_KEY, plan: 'growth', balance: 1_000_000 },
      ],
    },
  });
});
afterAll(() => sandbox.close());

const es = () => sandbox.providers.enrichSo;
const wallet = (key: string) => es().wallet(key).balance;
const validations = () =>
  es()
    .requests()
    .filter((r) => r.path.endsWith('/email-validation'));
const emails = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ email: `${tag}.${i}@acme.com` }));

async function validate(items: IDataObject[], opts: { key?: string; plan?: string; options?: IDataObject; onError?: 'continueRegularOutput' } = {}) {
  const parameters: INodeParameters = {
    resource: 'emailValidation',
    operation: 'validate',
    email: '={{$json.email}}',
    [OPTIONS]: (opts.options ?? {}) as INodeParameters,
  };
  const { run } = await runWorkflow(itemsInto(items, { parameters, ...(opts.onError ? { onError: opts.onError } : {}) }), {
    credentials: { enrichSoApi: { apiKey: opts.key ?? WIDE_KEY, baseUrl: es().baseUrl, plan: opts.plan ?? 'enterprise' } },
  });
  const failed = run.data.resultData.error;
  return { run, failed, items: failed ? [] : output(run, 'Enrich') };
}

function inInputOrder(items: INodeExecutionData[], input: IDataObject[]): void {
  expect(items).toHaveLength(input.length);
  items.forEach((item, i) => {
    expect(item.pairedItem).toEqual({ item: i });
    expect(String(item.json.email).toLowerCase()).toBe(input[i]!.email);
    expect(item.json.error).toBeUndefined();
  });
}

describe('with answers taking 150 ms and a wide plan', () => {
  beforeEach(() => {
    sandbox.faults.clear();
    sandbox.answers.resetPeaks();
  });

  test.each([
    ['the default', undefined, DEFAULT_REQUESTS_AT_ONCE],
    ['one at a time', 1, 1],
    ['eight at once', 8, 8],
  ])('%s: exactly that many calls in flight, items out in order with their pairedItem', async (_name, setting, expected) => {
    const input = emails(`at-once-${expected}`, 24);
    const { items, failed } = await validate(input, { options: setting === undefined ? {} : { requestsAtOnce: setting } });
    expect(failed).toBeUndefined();
    inInputOrder(items, input);
    expect(sandbox.answers.atOnce('enrichSo').peak).toBe(expected);
  });

  test('Requests at Once from an expression that is not 1..20 is refused before anything is sent', async () => {
    const before = validations().length;
    const { failed } = await validate(emails('bad-setting', 3), { options: { requestsAtOnce: 50 } });
    expect(failed?.message).toMatch(/Requests at Once must be a whole number from 1 to 20 \(got 50\); nothing was sent/);
    expect(validations()).toHaveLength(before);
  });

  test('a failure without Continue On Fail: no new item starts, the ones in flight finish and their answers are not paid for again', async () => {
    const input = emails('stop', 12);
    const before = wallet(WIDE_KEY);
    const sentBefore = validations().length;
    // The first item goes alone, then four at once: the third validation to arrive is refused
    // while the other calls of its wave are in flight with it.
    sandbox.faults.add({ provider: 'enrichSo', path: '/email-validation', kind: 'status', status: 400, skip: 2 });
    const first = await validate(input, { options: { requestsAtOnce: 4 } });
    expect(first.failed).toBeDefined();
    expect(sandbox.answers.atOnce('enrichSo').peak).toBe(4);
    const sent = validations().slice(sentBefore);
    const paid = sent.filter((r) => r.status === 200).length;
    // The first item and the three sent with the refused one finished; a worker freed before the
    // refusal came back may have started one more item each, none started after it.
    expect(paid).toBeGreaterThanOrEqual(4);
    expect(sent.length).toBeLessThanOrEqual(1 + 4 + 3);
    expect(before - wallet(WIDE_KEY)).toBe(paid);

    const again = await validate(input, { options: { requestsAtOnce: 4 } });
    expect(again.failed).toBeUndefined();
    inInputOrder(again.items, input);
    const fromCache = again.items.filter((i) => (i.json._credits as IDataObject).fromCache === true);
    expect(fromCache).toHaveLength(paid);
    expect(fromCache.every((i) => (i.json._credits as IDataObject).charged === 0)).toBe(true);
    // Every email paid exactly once over both runs.
    expect(before - wallet(WIDE_KEY)).toBe(12);
  });

  test('with Continue On Fail the failed item carries its error in place and every other item runs', async () => {
    const input = emails('continue', 10);
    sandbox.faults.add({ provider: 'enrichSo', path: '/email-validation', kind: 'status', status: 400, skip: 4 });
    const { items, failed } = await validate(input, { options: { requestsAtOnce: 5 }, onError: 'continueRegularOutput' });
    expect(failed).toBeUndefined();
    expect(items).toHaveLength(10);
    items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
    const errors = items.filter((i) => i.json.error !== undefined);
    expect(errors).toHaveLength(1);
    items.filter((i) => i.json.error === undefined).forEach((item) => expect(input).toContainEqual({ email: String(item.json.email).toLowerCase() }));
  });
});

test("the plan's rate limit holds with calls in flight: growth's 25 in any second, 20 at once, no 429", async () => {
  sandbox.faults.clear();
  sandbox.answers.resetPeaks();
  const sentBefore = validations().length;
  const input = emails('growth', 40);
  const { items, failed } = await validate(input, { key: GROWTH_KEY, plan: 'growth', options: { requestsAtOnce: 20 } });
  expect(failed).toBeUndefined();
  inInputOrder(items, input);
  const sent = validations().slice(sentBefore);
  expect(sent.filter((r) => r.status === 429)).toEqual([]);
  expect(sent.filter((r) => r.status === 200)).toHaveLength(40);
  // The sandbox's own accounting: no second of its clock saw more than the plan's 25.
  const times = sent.map((r) => Date.parse(r.time)).sort((a, b) => a - b);
  times.forEach((t) => expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(25));
  expect(sandbox.answers.atOnce('enrichSo').peak).toBeLessThanOrEqual(20);
});

describe('an operation that charges and caches nothing (EnrichLayer company profile)', () => {
  const TYPE = `${PACKAGE}.enrichLayer`;
  const MICROSOFT = 'https://www.linkedin.com/company/microsoft/';
  async function profiles(n: number, onError?: 'continueRegularOutput') {
    const el = sandbox.providers.enrichLayer;
    const node = {
      parameters: { resource: 'company', operation: 'getProfile', url: '={{$json.url}}', [OPTIONS]: { requestsAtOnce: 4 } },
      credentials: { enrichLayerApi: { id: '1', name: 'EnrichLayer sandbox' } },
      ...(onError ? { onError } : {}),
    };
    const items = Array.from({ length: n }, () => ({ url: MICROSOFT }));
    const { run } = await runWorkflow(itemsInto(items, node, TYPE), { credentials: { enrichLayerApi: { apiKey: el.apiKey, baseUrl: el.baseUrl } } });
    return run;
  }

  beforeEach(() => sandbox.answers.resetPeaks());

  test('without Continue On Fail it runs one item at a time, and the run says why', async () => {
    const run = await profiles(6);
    expect(output(run, 'Enrich')).toHaveLength(6);
    expect(sandbox.answers.atOnce('enrichLayer').peak).toBe(1);
    const hints = run.data.resultData.runData.Enrich![0]!.hints ?? [];
    expect(hints.map((h) => h.message)).toContainEqual(expect.stringMatching(/^Requests at Once: one item at a time\. EnrichLayer answers .* are not cached/));
  });

  test('with Continue On Fail every item keeps its own answer or error: the option applies', async () => {
    const run = await profiles(8, 'continueRegularOutput');
    expect(output(run, 'Enrich')).toHaveLength(8);
    expect(sandbox.answers.atOnce('enrichLayer').peak).toBe(4);
  });
});
