/**
 * The Leadfeeder node and its trigger, run by n8n's own engine against the sandbox: every
 * operation answers its good sample paired to its item and refuses its bad one with nothing
 * sent; a company fetched in two executions is paid once (the process store is shared); a
 * nearly used-up monthly quota shows as a warning on the node; "New Website Visitor Company"
 * emits each company once per window.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { catalogs, deriveCallbackToken, quotaStoreKey } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { FakeClock } from '../../shared/clock';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { planOperation } from '../../nodes/adapter/operations';
import { processStore } from '../../nodes/adapter/runtime';
import { leadfeederSamples } from '../unit/providers/leadfeeder/samples';
import { itemsInto, output, PACKAGE, pollOnce, runWorkflow, toWorkflow } from './harness';

const catalog = catalogs.leadfeeder!;
let sandbox: Sandbox;
let credentials: { leadfeederApi: { apiKey: string; baseUrl: string; accountId: string } };
const NODE = { name: 'Leadfeeder', credentials: { leadfeederApi: { id: '2', name: 'Leadfeeder sandbox' } } };

beforeAll(async () => {
  // The sandbox's "today" is 2 March 2026: the trigger's window is the day before real now, so visits are read by date.
  sandbox = await startSandbox({ port: 0, clock: new FakeClock(Date.parse('2026-03-02T10:00:00Z')), leadfeeder: { rateLimit: null } });
  const lf = sandbox.providers.leadfeeder;
  credentials = { leadfeederApi: { apiKey: lf.apiKey, baseUrl: lf.baseUrl, accountId: lf.accountId } };
});
afterAll(() => sandbox.close());

const requestsSent = () => sandbox.providers.leadfeeder.requests().length;

/** Node parameters carrying `input` the way a user sets them (optional ones in Additional Fields). */
function parametersFor(opKey: string, input: Record<string, unknown>): INodeParameters {
  const op = catalog.operations.find((o) => o.key === opKey)!;
  const plan = planOperation(catalog, op);
  const params: INodeParameters = { resource: op.resource, operation: op.operation, returnAll: false, limit: 5 };
  const extra: IDataObject = {};
  for (const f of plan.fields) {
    if (!(f.name in input)) continue;
    const v = input[f.name];
    const value =
      f.type === 'json'
        ? typeof v === 'string'
          ? v
          : JSON.stringify(v)
        : f.type === 'stringList' && Array.isArray(v)
          ? v.join(', ')
          : (v as IDataObject[string]);
    if (f.required) params[f.name] = value as INodeParameters[string];
    else extra[f.name] = value;
  }
  params[ADDITIONAL_FIELDS] = extra as INodeParameters;
  return params;
}

const run = (opKey: string, input: Record<string, unknown>, items: IDataObject[] = [{ n: 1 }]) =>
  runWorkflow(itemsInto(items, { ...NODE, parameters: parametersFor(opKey, input), onError: 'continueRegularOutput' }, `${PACKAGE}.leadfeeder`), {
    credentials,
  });

describe.each(catalog.operations.map((op) => [op.key, planOperation(catalog, op)] as const))('%s through n8n', (key, plan) => {
  const sample = leadfeederSamples[key]!;

  test('the good sample gives answers paired to its item, each saying what it cost', async () => {
    const { run: r } = await run(key, sample.good);
    expect(r.data.resultData.error).toBeUndefined();
    const items = output(r, 'Leadfeeder');
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
    for (const item of plan.mode === 'list' ? items.slice(0, 1) : items) {
      if (item.json.error) expect((item.json.details as IDataObject).kind).toBe('not_found');
      else expect(item.json._credits).toEqual(expect.objectContaining({ estimated: expect.any(Number), charged: expect.any(Number) }));
    }
    expect(JSON.stringify(items)).not.toContain(credentials.leadfeederApi.apiKey);
  });

  const fields = new Set(plan.fields.map((f) => f.name));
  const expressible = fields.has(sample.badField) && Object.keys(sample.bad).every((k) => fields.has(k));
  if (expressible)
    test(`the bad sample is refused naming "${sample.badField}", nothing sent`, async () => {
      const before = requestsSent();
      const label = plan.fields.find((f) => f.name === sample.badField)!.label;
      const r = await run(key, sample.bad).then(
        (x) => x.run,
        (error: Error) => {
          expect(error.message).toContain(`Parameter "${label}" is required`);
          return undefined;
        },
      );
      expect(requestsSent()).toBe(before);
      if (!r) return;
      const [item] = output(r, 'Leadfeeder');
      expect(item!.json.details).toEqual(expect.objectContaining({ kind: 'validation' }));
      expect(String(item!.json.error)).toContain(sample.badField);
    });
});

test('a company fetched in two executions is paid once: the second says "subscription" and costs 0', async () => {
  const usedBefore = sandbox.providers.leadfeeder.credits().used;
  const first = output((await run('company.get', { id: 'cmp_0047' })).run, 'Leadfeeder');
  // Leadfeeder does not report what a retrieval charged: the node read it from the account's credits.
  expect(first[0]!.json._credits).toMatchObject({ estimated: 1, charged: 1, source: 'balance' });
  const second = output((await run('company.retrieve', { ids: ['cmp_0047'] })).run, 'Leadfeeder');
  expect(second[0]!.json._credits).toMatchObject({ estimated: 0, charged: 0, source: 'subscription' });
  expect(sandbox.providers.leadfeeder.credits().used - usedBefore).toBe(1);
});

test('a monthly quota 90% used shows as a warning on the node', async () => {
  const account = deriveCallbackToken(credentials.leadfeederApi.apiKey, 'account-scope').slice(0, 16);
  const key = quotaStoreKey('leadfeeder', account, new Date().toISOString().slice(0, 7));
  const used = (await processStore.get<number>(key)) ?? 0;
  await processStore.set(key, Math.max(used, 89_999));
  const { run: r } = await run('account.list', {});
  const hints = r.data.resultData.runData.Leadfeeder![0]!.hints ?? [];
  expect(hints).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ type: 'warning', message: expect.stringMatching(/of the 100000 requests of this month's quota are used \(9\d%\)/) }),
    ]),
  );
  await processStore.set(key, used);
});

describe('Leadfeeder Trigger: New Website Visitor Company', () => {
  const trigger = (windowDays: number, staticData: IDataObject = {}) =>
    toWorkflow({
      nodes: [
        {
          id: 't',
          name: 'Visitors',
          type: `${PACKAGE}.leadfeederTrigger`,
          typeVersion: 1,
          position: [0, 0],
          parameters: { event: 'newVisitorCompany', windowDays },
          credentials: NODE.credentials,
        },
      ],
      connections: {},
      staticData,
    });

  it('emits each visitor company once per window, however often it polls', async () => {
    const workflow = trigger(3);
    const first = (await pollOnce(workflow, 'Visitors', { credentials }))![0]!;
    expect(first.length).toBeGreaterThan(0);
    const ids = first.map((i) => (i.json.company as IDataObject).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first[0]!.json).toMatchObject({
      company: { id: expect.stringMatching(/^cmp_/), name: expect.any(String) },
      _trigger: { event: 'newVisitorCompany', window: expect.any(String) },
    });
    expect(await pollOnce(workflow, 'Visitors', { credentials })).toBeNull();
  });

  it('emits provider text spreadsheet-safe: a company name that is a formula arrives neutralised (issue 18)', async () => {
    sandbox.faults.add({ provider: 'leadfeeder', kind: 'hostile', play: 'formula', times: 'always' });
    try {
      const shown = (await pollOnce(trigger(3), 'Visitors', { credentials, mode: 'manual' }))![0]!;
      const texts = JSON.stringify(shown.map((i) => i.json));
      expect(texts).toContain(`"'=HYPERLINK(`);
      expect(texts).not.toMatch(/":"[=@]/);
    } finally {
      sandbox.faults.clear();
    }
  });

  it('a manual test shows the current visitors and remembers nothing', async () => {
    const workflow = trigger(3);
    const shown = (await pollOnce(workflow, 'Visitors', { credentials, mode: 'manual' }))![0]!;
    expect(shown.length).toBeGreaterThan(0);
    expect((await pollOnce(workflow, 'Visitors', { credentials }))![0]!.length).toBeGreaterThanOrEqual(shown.length);
  });
});
