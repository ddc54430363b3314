/**
 * The Influencers.club integration, built from its catalog, run through createAppTester against
 * the sandbox: every search and create, the batch steps (which never outlast Zapier's 30 s step:
 * a job still running or paused ends the step with the job id and how to get the results), and
 * the "Batch Finished" polling trigger.
 */
import { catalogs, describeInputFields } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { actionKey } from '../../zapier-app/lib/operations';
import { influencersClubSamples } from '../unit/providers/influencersClub/samples';
import { appFor, eventually, expectNoKey, testerFor } from './helpers';

const catalog = catalogs.influencersClub!;
const app = appFor(catalog);
const run = testerFor(app);
const exercised = new Set<string>();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, influencersClub: { rowsPerSecond: 200, queueDelayMs: 0 } });
});
afterAll(() => sandbox.close());

const icl = () => sandbox.providers.influencersClub;
const bundle = (inputData: Record<string, unknown> = {}) => ({
  authData: { apiKey: icl().apiKey, baseUrl: icl().baseUrl },
  inputData,
  meta: { isLoadingSample: false, isTestingAuth: false },
});

function zapierInput(opKey: string, input: Record<string, unknown>): Record<string, unknown> {
  const op = catalog.operations.find((o) => o.key === opKey)!;
  const types = new Map(describeInputFields(op.input).map((d) => [d.name, d.type]));
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, types.get(k) === 'json' ? JSON.stringify(v) : v]));
}

const actions = catalog.operations.filter((op) => app.searches[actionKey(op.key)] || app.creates[actionKey(op.key)]);

describe.each(actions.map((op) => [op.key] as const))('%s', (opKey) => {
  it('runs with its sample and never shows the key', async () => {
    const key = actionKey(opKey);
    const kind = app.searches[key] ? 'searches' : 'creates';
    exercised.add(`${kind}.${key}`);
    const result = await run(app[kind][key]!.operation.perform, bundle(zapierInput(opKey, influencersClubSamples[opKey] ?? {}))).catch((e: Error) => e);
    expectNoKey(result, icl().apiKey);
    if (result instanceof Error) expect(result.message).toMatch(/not found|Not found|not ready|not paused/i);
    else if (kind === 'searches') expect(Array.isArray(result)).toBe(true);
    else expect(result).toEqual(expect.any(Object));
  });
});

it('a discovery search pays 0.01 per creator returned: the wallet moves by what the step reports', async () => {
  exercised.add(`searches.${actionKey('discovery.search')}`);
  const before = icl().wallet().balance;
  // A search step reads one page of the provider's default size (50).
  const found = await run(app.searches[actionKey('discovery.search')]!.operation.perform, bundle(zapierInput('discovery.search', { platform: 'instagram' })));
  expect(found).toHaveLength(50);
  // Each creator carries what it cost (0.01), not 0.5 on the first and nothing on the other 49.
  expect(found.map((c: { enrichflow: { creditsCharged: number } }) => c.enrichflow.creditsCharged)).toEqual(Array(50).fill(0.01));
  expect(before - icl().wallet().balance).toBeCloseTo(0.5, 6);
});

it('Start Batch with Wait for Results: one line per item, in order, within the step', async () => {
  icl().wallet().setBalance(100);
  const start = app.creates.handlesRaw_startBatch!;
  exercised.add(`creates.${start.key}`);
  const began = Date.now();
  const out = await run(
    start.operation.perform,
    bundle({ items: ['zap_a', 'zap_b', 'nobody_zap'].map((handle) => ({ handle, platform: 'instagram' })), waitForResults: true }),
  );
  expect(Date.now() - began).toBeLessThan(30_000);
  expect(out.status).toBe('completed');
  expect(out.items.map((i: { item: number }) => i.item)).toEqual([1, 2, 3]);
  expect(out.items[0].result.input_value).toBe('zap_a');
});

it('a job paused for credits ends the step at once with the job id, the reason and what to do', async () => {
  icl().wallet().setBalance(0.03);
  const start = app.creates.handlesRaw_startBatch!;
  const began = Date.now();
  const error = await run(
    start.operation.perform,
    bundle({ items: ['p_a', 'p_b', 'p_c'].map((handle) => ({ handle, platform: 'tiktok' })), waitForResults: true }),
  ).catch((e: Error) => e);
  expect(Date.now() - began).toBeLessThan(10_000);
  expect(String(error.message)).toMatch(/is paused \(.*insufficient credits.*\) after 1 of 3 items: top up, then resume it/i);
  icl().wallet().setBalance(100);
});

it('a job that outlasts the step ends it before 30 s, never resubmits, and the Batch Finished trigger fires for it once', async () => {
  icl().configure({ rowsPerSecond: 0.5 });
  try {
    const slowApp = appFor(catalog, { budgetMs: 3000, pollMs: 500 });
    const slow = testerFor(slowApp);
    const began = Date.now();
    const error = await slow(
      slowApp.creates.handlesFull_startBatch!.operation.perform,
      bundle({ items: ['s_a', 's_b'].map((handle) => ({ handle, platform: 'youtube' })), waitForResults: true }),
    ).catch((e: Error) => e);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(String(error.message)).toMatch(/still processing|still queued/);
    const jobId = /bch_[0-9a-f]{32}/.exec(String(error.message))![0];
    icl().configure({ rowsPerSecond: 1000 });
    const trigger = slowApp.triggers.handlesFull_batchCompleted!;
    exercised.add(`triggers.${trigger.key}`);
    const fired = await eventually(async () => {
      const events = await slow(trigger.operation.perform, bundle());
      return events.find((e: { jobId: string }) => e.jobId === jobId);
    });
    const again = await slow(trigger.operation.perform, bundle());
    expect(again.find((e: { jobId: string }) => e.jobId === jobId).id).toBe(fired.id);
    expect(
      icl()
        .requests()
        .filter((r) => r.method === 'POST' && r.path.endsWith('/enrichment/batch/')),
    ).toHaveLength(3);
  } finally {
    icl().configure({ rowsPerSecond: 200 });
  }
});

it('the credential test is the free credits call', async () => {
  const before = icl().wallet().balance;
  const result = await run(app.authentication.test, bundle());
  expect(result).toBeTruthy();
  expect(icl().wallet().balance).toBe(before);
});
