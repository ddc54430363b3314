/**
 * The Influencers.club node through n8n's engine against the sandbox: every operation, Return
 * All to a target volume, a batch that pauses for credits and is resumed automatically, the
 * "batch finished" polling trigger, and the dropdowns loaded from the classifier dictionaries.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { catalogs } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { optionsMethodName } from '../../nodes/adapter/loadOptions';
import { planOperation } from '../../nodes/adapter/operations';
import { InfluencersClub } from '../../nodes/InfluencersClub/InfluencersClub.node';
import { influencersClubSamples } from '../unit/providers/influencersClub/samples';
import { itemsInto, output, PACKAGE, pollOnce, runWorkflow, toWorkflow } from './harness';

const catalog = catalogs.influencersClub;
const TYPE = `${PACKAGE}.influencersClub`;
let sandbox: Sandbox;
let credentials: { influencersClubApi: { apiKey: string; baseUrl: string } };
const nodeCredentials = { influencersClubApi: { id: '2', name: 'Influencers.club sandbox' } };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, influencersClub: { rowsPerSecond: 200, queueDelayMs: 0 } });
  const icl = sandbox.providers.influencersClub;
  credentials = { influencersClubApi: { apiKey: icl.apiKey, baseUrl: icl.baseUrl } };
});
afterAll(() => sandbox.close());

const icl = () => sandbox.providers.influencersClub;

function parametersFor(opKey: string, input: Record<string, unknown>, extra: INodeParameters = {}): INodeParameters {
  const op = catalog.operations.find((o) => o.key === opKey)!;
  const plan = planOperation(catalog, op);
  const params: INodeParameters = { resource: op.resource, operation: op.operation, returnAll: false, limit: 5, ...extra };
  const additional: IDataObject = {};
  for (const f of plan.fields) {
    if (!(f.name in input)) continue;
    const v = input[f.name];
    const value = f.type === 'json' ? JSON.stringify(v) : f.type === 'stringList' && Array.isArray(v) ? v.join(', ') : (v as IDataObject[string]);
    if (f.required) params[f.name] = value as INodeParameters[string];
    else additional[f.name] = value;
  }
  params[ADDITIONAL_FIELDS] = additional as INodeParameters;
  return params;
}

const run = (items: IDataObject[], parameters: INodeParameters, onError: INode['onError'] = 'continueRegularOutput') =>
  runWorkflow(itemsInto(items, { parameters, onError, credentials: nodeCredentials }, TYPE), { credentials });

const direct = catalog.operations.map((op) => planOperation(catalog, op)).filter((p) => p.mode !== 'batch');

describe.each(direct.map((p) => [p.op.key, p] as const))('%s through n8n', (key, plan) => {
  test('the sample gives an answer paired to its item, with its credits (or the classified provider answer)', async () => {
    const sample = influencersClubSamples[key];
    expect(sample).toBeDefined();
    const { run: r } = await run([{ n: 1 }], parametersFor(key, sample));
    expect(r.data.resultData.error).toBeUndefined();
    const items = output(r, 'Enrich');
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
    const first = items[0].json;
    if (first.error) expect((first.details as IDataObject).kind).toMatch(/not_found|validation/);
    else if (plan.mode !== 'list' || items.length) expect(first._credits ?? first).toBeDefined();
  });
});

test('Return All with a target: Limit 150 of discovery is exactly 3 requests, 150 items, 1.5 credits', async () => {
  const mark = icl().requests().length;
  const before = icl().wallet().balance;
  const { run: r } = await run([{}], parametersFor('discovery.search', influencersClubSamples['discovery.search'], { limit: 150 }), undefined);
  const items = output(r, 'Enrich');
  expect(items).toHaveLength(150);
  expect(
    icl()
      .requests()
      .slice(mark)
      .filter((q) => q.path.endsWith('/discovery/')),
  ).toHaveLength(3);
  expect(items.reduce((n, i) => n + Number((i.json._credits as IDataObject | undefined)?.charged ?? 0), 0)).toBeCloseTo(1.5, 6);
  expect(before - icl().wallet().balance).toBeCloseTo(1.5, 6);
});

test('a walk’s cost lands on the creators it bought: 0.01 on each of 150, not 1.5 on the first', async () => {
  const { run: r } = await run([{}], parametersFor('discovery.search', influencersClubSamples['discovery.search'], { limit: 150 }), undefined);
  const items = output(r, 'Enrich');
  const charged = items.map((i) => (i.json._credits as IDataObject).charged);
  expect(charged).toEqual(Array(150).fill(0.01));
  expect((items[0].json._credits as IDataObject).walk).toMatchObject({ pages: 3, charged: 1.5 });
});

test('Estimate Only prices every page of a body-paged walk: Limit 150 at 50 a page is 1.5', async () => {
  const mark = icl().requests().length;
  const { run: r } = await run(
    [{}],
    { ...parametersFor('discovery.search', influencersClubSamples['discovery.search'], { limit: 150 }), options: { estimateOnly: true } },
    undefined,
  );
  expect(output(r, 'Enrich')[0].json._quote).toMatchObject({ credits: 1.5, pages: 3 });
  expect(icl().requests().length).toBe(mark);
});

test("Fetch One Page: page 3 at 50 a page is one request for the API's own page 3 (creators 101–150), 0.5 credits", async () => {
  const sample = influencersClubSamples['discovery.search'];
  const walk = output((await run([{}], parametersFor('discovery.search', sample, { limit: 150 }), undefined)).run, 'Enrich');
  const mark = icl().requests().length;
  const { run: r } = await run([{}], parametersFor('discovery.search', sample, { limit: 50, onePage: true, page: 3 }), undefined);
  const items = output(r, 'Enrich');
  const sent = icl()
    .requests()
    .slice(mark)
    .filter((q) => q.path.endsWith('/discovery/'));
  expect(sent).toHaveLength(1);
  expect(items).toHaveLength(50);
  expect(items[0]!.json.user_id).toBeDefined();
  expect(items.map((i) => i.json.user_id)).toEqual(walk.slice(100, 150).map((i) => i.json.user_id));
  expect(items.reduce((n, i) => n + Number((i.json._credits as IDataObject).charged), 0)).toBeCloseTo(0.5, 6);
});

test('a bad input is refused by the node with the field named, nothing sent', async () => {
  const mark = icl().requests().length;
  const { run: r } = await run([{ handle: 'a' }], parametersFor('creator.enrichHandleRaw', { handle: 'a', platform: 'myspace' }));
  const [item] = output(r, 'Enrich');
  expect(String(item.json.error)).toMatch(/platform must be one of/);
  expect(icl().requests().length).toBe(mark);
});

test('batch Wait for Completion: pauses for credits, resumes by itself once topped up, one result per item in order', async () => {
  icl().wallet().setBalance(0.3); // 10 rows at 0.03; the 30 rows need 0.9
  const handles = Array.from({ length: 30 }, (_, i) => ({ handle: `n8n_creator_${i}` }));
  const mark = icl().requests().length;
  const topUp = setTimeout(
    () =>
      icl()
        .wallet()
        .setBalance(icl().wallet().balance + 5),
    1500,
  );
  const { run: r } = await run(
    handles,
    {
      resource: 'batch',
      operation: 'enrichHandlesRaw',
      handle: '={{$json.handle}}',
      platform: 'instagram',
      batchMode: 'wait',
      pollInterval: 1,
      maxWait: 2,
      autoResume: true,
    },
    undefined,
  );
  clearTimeout(topUp);
  expect(r.data.resultData.error).toBeUndefined();
  const items = output(r, 'Enrich');
  expect(items.map((i) => i.json.input_value)).toEqual(handles.map((h) => h.handle));
  expect(items.map((i) => i.pairedItem)).toEqual(handles.map((_, item) => ({ item })));
  expect(
    icl()
      .requests()
      .slice(mark)
      .filter((q) => q.path.endsWith('/resume/')),
  ).toHaveLength(1);
});

test('batch Wait for Completion, balance runs out: the paid rows come out with their credits, each waiting row says it waits; a rerun with Auto Resume carries only its own charge', async () => {
  icl().configure({ resultsWhilePaused: true });
  try {
    icl().wallet().setBalance(0.3); // 10 rows at 0.03
    const handles = Array.from({ length: 30 }, (_, i) => ({ handle: `n8n_paused_${i}` }));
    const params = {
      resource: 'batch',
      operation: 'enrichHandlesRaw',
      handle: '={{$json.handle}}',
      platform: 'instagram',
      batchMode: 'wait',
      pollInterval: 1,
      maxWait: 1,
    };
    const sum = (items: { json: IDataObject }[]) =>
      Math.round(items.reduce((t, i) => t + Number((i.json._credits as IDataObject | undefined)?.charged ?? 0), 0) * 100);
    const { run: first } = await run(handles, { ...params, autoResume: false });
    const paused = output(first, 'Enrich');
    expect(paused).toHaveLength(30);
    expect(sum(paused)).toBe(30);
    expect(paused.filter((i) => i.json.input_value).length).toBeGreaterThanOrEqual(10);
    for (const item of paused.filter((i) => !i.json.input_value)) expect(String(item.json.error)).toMatch(/is paused .* row\(s\) wait/);

    icl().wallet().setBalance(5);
    const { run: rerun } = await run(handles, { ...params, autoResume: true });
    const done = output(rerun, 'Enrich');
    expect(done.map((i) => i.json.input_value)).toEqual(handles.map((h) => h.handle));
    // The rerun charged the 20 rows left (0.60): its items say 0.60, not the job's 0.90.
    expect(sum(done)).toBe(Math.round((5 - icl().wallet().balance) * 100));
    expect(sum(done)).toBe(60);
  } finally {
    icl().configure({ resultsWhilePaused: false });
  }
});

test('the Batch Finished trigger emits a finished job once, with its results', async () => {
  icl().wallet().setBalance(100);
  const { run: started } = await run([{ handle: 'trig_a' }, { handle: 'trig_b' }], {
    resource: 'batch',
    operation: 'enrichHandlesRaw',
    handle: '={{$json.handle}}',
    platform: 'tiktok',
    batchMode: 'start',
  });
  const jobId = String(output(started, 'Enrich')[0].json.jobId);
  const workflow = toWorkflow({
    nodes: [
      {
        id: 't',
        name: 'Finished',
        type: `${PACKAGE}.influencersClubBatchTrigger`,
        typeVersion: 1,
        position: [0, 0],
        credentials: nodeCredentials,
        parameters: { batch: 'handlesRaw', jobIds: jobId, includeResults: true },
      },
    ],
    connections: {},
  });
  let emitted: Awaited<ReturnType<typeof pollOnce>> = null;
  for (let i = 0; i < 30 && !emitted; i++) {
    emitted = await pollOnce(workflow, 'Finished', { credentials });
    if (!emitted) await new Promise((res) => setTimeout(res, 100));
  }
  const event = emitted![0][0].json;
  expect(event).toMatchObject({ type: 'batch.completed', jobId, status: 'finished' });
  expect((event.results as IDataObject[]).map((x) => x.input_value)).toEqual(['trig_a', 'trig_b']);
  expect(await pollOnce(workflow, 'Finished', { credentials })).toBeNull();
});

test('location and language filters are dropdowns loaded from the dictionaries', async () => {
  const node = new InfluencersClub();
  const props = node.description.properties.filter((p) => p.name === ADDITIONAL_FIELDS && (p.displayOptions?.show?.operation as string[])?.includes('search'));
  const location = props.flatMap((p) => (p.options ?? []) as { name: string; typeOptions?: IDataObject }[]).find((o) => o.name === 'location')!;
  const op = catalog.operations.find((o) => o.key === 'discovery.search')!;
  expect(location.typeOptions).toEqual({ loadOptionsMethod: optionsMethodName(op, 'location'), loadOptionsDependsOn: ['platform'] });
  // What n8n's loadOptions context gives a method: the current parameters, the credential, the authenticated request helper.
  const ctx = {
    getCurrentNodeParameter: (name: string) => (name === 'platform' ? 'youtube' : undefined),
    getCredentials: async () => credentials.influencersClubApi,
    helpers: {
      httpRequestWithAuthentication: async (_type: string, req: { url: string; method: string; headers: Record<string, string> }) => {
        const res = await fetch(req.url, { method: req.method, headers: { ...req.headers, authorization: `Bearer ${credentials.influencersClubApi.apiKey}` } });
        return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
      },
    },
  };
  const mark = icl().requests().length;
  const choices = await node.methods.loadOptions[optionsMethodName(op, 'location')].call(ctx as never);
  expect(choices).toContainEqual({ name: 'United States', value: 'United States' });
  expect(
    icl()
      .requests()
      .slice(mark)
      .map((q) => q.path),
  ).toEqual(['/influencers-club/public/v1/discovery/classifier/locations/youtube/']);
  const languages = await node.methods.loadOptions[optionsMethodName(op, 'profile_language')].call(ctx as never);
  expect(languages).toContainEqual({ name: 'English', value: 'en' });
});
