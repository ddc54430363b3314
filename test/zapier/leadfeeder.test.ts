/**
 * The Leadfeeder integration through createAppTester against the sandbox: the connection test
 * (with its Account ID), every search and create with the shared samples (bad ones refused with
 * nothing sent), a company paid once across two zap runs sharing z.cache, and the
 * "New Website Visitor Company" polling trigger whose ids repeat only within a window.
 */
import { catalogs, describeInputFields } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { FakeClock } from '../../shared/clock';
import { actionKey } from '../../zapier-app/lib/operations';
import { leadfeederSamples } from '../unit/providers/leadfeeder/samples';
import { appFor, expectNoKey, testerFor } from './helpers';

const catalog = catalogs.leadfeeder!;
const app = appFor(catalog);
const run = testerFor(app);
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, clock: new FakeClock(Date.parse('2026-03-02T10:00:00Z')), leadfeeder: { rateLimit: null } });
});
afterAll(() => sandbox.close());

const lf = () => sandbox.providers.leadfeeder;
const authData = () => ({ apiKey: lf().apiKey, baseUrl: lf().baseUrl, accountId: lf().accountId });
const bundle = (inputData: Record<string, unknown> = {}) => ({ authData: authData(), inputData, meta: { isLoadingSample: false, isTestingAuth: false } });

/** The sample as Zapier hands it over: JSON fields as text, lists as arrays. */
function zapierInput(opKey: string, input: Record<string, unknown>): Record<string, unknown> {
  const op = catalog.operations.find((o) => o.key === opKey)!;
  const types = new Map(describeInputFields(op.input).map((d) => [d.name, d.type]));
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, types.get(k) === 'json' && typeof v !== 'string' ? JSON.stringify(v) : v]));
}

function actionFor(opKey: string) {
  const key = actionKey(opKey);
  const action = app.searches[key] ?? app.creates[key];
  if (!action) throw new Error(`no Zapier action for ${opKey}`);
  return { action, isSearch: Boolean(app.searches[key]) };
}

it('the connection test lists the accounts the key reaches, and labels the connection', async () => {
  const answer = await run(app.authentication!.test, { authData: authData() });
  expect(answer).toEqual(expect.any(Object));
  expectNoKey(answer, lf().apiKey);
});

describe.each(catalog.operations.map((op) => [op.key] as const))('%s', (opKey) => {
  const sample = leadfeederSamples[opKey]!;

  it('runs the good sample against the sandbox', async () => {
    const { action, isSearch } = actionFor(opKey);
    const result = await run(action.operation.perform, bundle(zapierInput(opKey, sample.good))).catch((e: Error) => e);
    expectNoKey(result, lf().apiKey);
    if (result instanceof Error) {
      // Samples that name an unknown id on purpose (deletes).
      expect(opKey).toMatch(/\.delete$/);
      expect(result.message).toMatch(/not found/i);
      return;
    }
    if (isSearch) expect(Array.isArray(result)).toBe(true);
    else expect(result).toEqual(expect.objectContaining({ enrichflow: expect.objectContaining({ creditsCharged: expect.any(Number) }) }));
  });

  const fields = new Set(describeInputFields(catalog.operations.find((o) => o.key === opKey)!.input).map((d) => d.name));
  const expressible = fields.has(sample.badField) && !sample.badField.startsWith('page[');
  if (expressible)
    it(`refuses the bad sample naming "${sample.badField}", sending nothing`, async () => {
      const before = lf().requests().length;
      const { action } = actionFor(opKey);
      const error = await run(action.operation.perform, bundle(zapierInput(opKey, sample.bad))).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(sample.badField);
      expect(lf().requests().length).toBe(before);
    });
});

it('a company fetched in two zap runs (one z.cache) is paid once; the second run says why it was free', async () => {
  const before = lf().credits().used;
  const [first] = await run(app.searches.company_get!.operation.perform, bundle({ id: 'cmp_0046' }));
  // Read from the account's credits (Leadfeeder does not report it), and the output says so.
  expect(first.enrichflow).toMatchObject({ creditsCharged: 1, creditsEstimated: 1, creditsSource: 'balance' });
  const [second] = await run(app.searches.company_retrieve!.operation.perform, bundle({ ids: ['cmp_0046'] }));
  expect(second.enrichflow).toMatchObject({ creditsCharged: 0, creditsEstimated: 0, creditsSource: 'subscription' });
  expect(lf().credits().used - before).toBe(1);
});

describe('New Website Visitor Company', () => {
  const trigger = () => app.triggers.newVisitorCompany!;

  it('gives each visitor company with an id of company and window, stable between polls', async () => {
    const first = await run(trigger().operation.perform, bundle({ windowDays: 3 }));
    expect(first.length).toBeGreaterThan(0);
    for (const entry of first)
      expect(entry).toMatchObject({ id: expect.stringMatching(/^cmp_\d+:\d{4}-\d{2}-\d{2}T00:00:00.000Z$/), company: { id: expect.any(String) } });
    expect(new Set(first.map((e: { id: string }) => e.id)).size).toBe(first.length);
    const again = await run(trigger().operation.perform, bundle({ windowDays: 3 }));
    expect(again.map((e: { id: string }) => e.id)).toEqual(first.map((e: { id: string }) => e.id));
  });

  it('a custom feed narrows the companies', async () => {
    const all = await run(trigger().operation.perform, bundle({ windowDays: 7 }));
    const even = await run(trigger().operation.perform, bundle({ windowDays: 7, custom_feed_id: 'feed_even' }));
    expect(even.length).toBeGreaterThan(0);
    expect(even.length).toBeLessThan(all.length);
  });

  it('refuses a window outside 1–31 days before sending', async () => {
    const before = lf().requests().length;
    await expect(run(trigger().operation.perform, bundle({ windowDays: 40 }))).rejects.toThrow(/windowDays/);
    expect(lf().requests().length).toBe(before);
  });
});

describe('"New …" list triggers', () => {
  const listTriggers = Object.keys(app.triggers).filter((k) => k.startsWith('new_'));

  it.each(listTriggers)('%s gives entries with ids that stay the same between polls', async (key) => {
    const first = await run(app.triggers[key]!.operation.perform, bundle());
    expect(first.length).toBeGreaterThan(0);
    const second = await run(app.triggers[key]!.operation.perform, bundle());
    expect(second.map((i: { id: string }) => i.id)).toEqual(first.map((i: { id: string }) => i.id));
  });

  it('every trigger of the integration is one of these or the visitor trigger', () => {
    expect(Object.keys(app.triggers).sort()).toEqual([...listTriggers, 'newVisitorCompany'].sort());
  });
});

describe('the monthly request quota in Zapier (a quota of 3, counted in z.cache across steps)', () => {
  it('logs a warning once 90% is used, then halts the step that would exceed it, sending nothing', async () => {
    const small = appFor({ ...catalog, requestQuota: { requests: 3, period: 'month' } });
    const runSmall = testerFor(small);
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const list = small.searches.tag_list!.operation.perform;
      await runSmall(list, bundle());
      await runSmall(list, bundle());
      expect(logged.mock.calls.flat().join('\n')).not.toContain('quota');
      await runSmall(list, bundle());
      expect(logged.mock.calls.flat().join('\n')).toMatch(/Warning: Leadfeeder: 3 of the 3 requests of this month's quota are used/);
      const before = lf().requests().length;
      const error = await runSmall(list, bundle()).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe('HaltedError');
      expect(error?.message).toMatch(/monthly quota of 3 requests is used up/);
      expect(lf().requests().length).toBe(before);
    } finally {
      logged.mockRestore();
    }
  });
});
