/**
 * The Enrichflow Waterfall node run by n8n's WorkflowExecute against the sandbox: only the
 * providers with a credential on the node take part, each item gets its value, the provider
 * that gave it and every step with its cost, and the items' credits add up to the wallets.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import { EnrichflowWaterfall } from '../../nodes/EnrichflowWaterfall/EnrichflowWaterfall.node';
import { OPTIONS } from '../../nodes/adapter/description';
import type { Sandbox } from '../../sandbox/server';
import { balances, spentSince, startWaterfallSandbox } from '../integration/waterfall-helpers';
import { AgentStandIn, asTool, withN8n } from './agentTool';
import { itemsInto, output, PACKAGE, registerTypes, runWorkflow } from './harness';

const TYPE = `${PACKAGE}.enrichflowWaterfall`;
registerTypes({ [TYPE]: new EnrichflowWaterfall() });

let sandbox: Sandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;
beforeEach(async () => {
  sandbox = await startWaterfallSandbox();
  const p = sandbox.providers;
  credentials = {
    enrichSoApi: { apiKey: p.enrichSo.apiKey, baseUrl: p.enrichSo.baseUrl },
    smarteApi: { apiKey: p.smarte.apiKey, baseUrl: p.smarte.baseUrl, requestRate: 60_000 },
    enrichLayerApi: { apiKey: p.enrichLayer.apiKey, baseUrl: p.enrichLayer.baseUrl },
    leadfeederApi: { apiKey: p.leadfeeder.apiKey, baseUrl: p.leadfeeder.baseUrl, accountId: p.leadfeeder.accountId },
  };
});
afterEach(() => sandbox.close());

const CREDENTIALS: INode['credentials'] = {
  enrichSoApi: { id: '1', name: 'Enrich.so sandbox' },
  smarteApi: { id: '2', name: 'SMARTe sandbox' },
  enrichLayerApi: { id: '3', name: 'EnrichLayer sandbox' },
};

const leads = [
  { first: 'Ann', last: 'Lee', domain: 'acme.io' },
  { first: 'Bob', last: 'Ray', domain: 'nomatch-labs.io', linkedin: 'https://www.linkedin.com/in/bob-ray' },
  { first: 'Cy', last: 'Nobody', domain: 'nomatch.io' },
  { first: 'Dee', last: 'Fox', domain: 'nomatch.io' },
];

function workEmail(items: IDataObject[], parameters: IDataObject = {}, node: Partial<INode> = {}) {
  return itemsInto(
    items,
    {
      name: 'Waterfall',
      parameters: {
        resource: 'email',
        operation: 'findWork',
        firstName: '={{ $json.first }}',
        lastName: '={{ $json.last }}',
        domain: '={{ $json.domain }}',
        linkedinUrl: '={{ $json.linkedin ?? "" }}',
        ...parameters,
      },
      credentials: CREDENTIALS,
      ...node,
    },
    TYPE,
  );
}

const steps = (item: { json: IDataObject }) =>
  (item.json.steps as IDataObject[]).filter((s) => s.outcome !== 'skipped').map((s) => `${s.provider}:${s.outcome}`);

describe('the Enrichflow Waterfall node in n8n', () => {
  it("finds work emails cheapest first, one item per lead, and the items' credits are what the three wallets lost", async () => {
    const before = balances(sandbox);
    const { run } = await runWorkflow(workEmail(leads), { credentials });
    const items = output(run, 'Waterfall');
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
    expect(items.map((i) => i.json.email)).toEqual(['ann.lee@acme.io', 'bob-ray@work.example', undefined, 'dee.fox@nomatch.io']);
    expect(items.map((i) => i.json.provider)).toEqual(['smarte', 'enrichLayer', null, 'enrichSo']);
    expect(items.map(steps)).toEqual([['smarte:hit'], ['smarte:miss', 'enrichLayer:hit'], ['smarte:miss', 'enrichSo:miss'], ['smarte:miss', 'enrichSo:hit']]);
    const charged = items.reduce((sum, i) => sum + ((i.json._credits as IDataObject).charged as number), 0);
    expect(charged).toBe(14);
    expect(spentSince(sandbox, before)).toBe(14);
    const hints = run.data.resultData.runData.Waterfall?.[0]?.hints ?? [];
    expect(hints.map((h) => h.message).join('\n')).toMatch(/Waterfall: 3 of 4 found, 1 missed, 14 credits \(4\.666667 per hit\)/);
  });

  it('a provider without a credential on the node takes no part', async () => {
    const { run } = await runWorkflow(workEmail(leads.slice(3), {}, { credentials: { enrichSoApi: CREDENTIALS.enrichSoApi! } }), { credentials });
    const [item] = output(run, 'Waterfall');
    expect(steps(item!)).toEqual(['enrichSo:hit']);
    expect(sandbox.providers.smarte.requests()).toHaveLength(0);
  });

  it('As Listed: the Providers field sets who is asked, and in which order', async () => {
    const { run } = await runWorkflow(workEmail(leads.slice(0, 1), { order: 'given', providers: ['enrichSo', 'smarte'] }), { credentials });
    const [item] = output(run, 'Waterfall');
    expect(steps(item!)).toEqual(['enrichSo:hit']);
    expect((item!.json._credits as IDataObject).charged).toBe(10);
  });

  it('a Credit Budget below the full cost: the run stays within it and the steps not sent say why', async () => {
    const before = balances(sandbox);
    // Leads no earlier test asked about: n8n's process keeps paid answers, and a cached one is free.
    const fresh = leads.map((l) => ({ ...l, first: `${l.first}Budget` }));
    const { run } = await runWorkflow(workEmail(fresh, { order: 'given', providers: ['enrichSo', 'smarte'], [OPTIONS]: { creditBudget: 15 } }), {
      credentials,
    });
    const items = output(run, 'Waterfall');
    expect(items).toHaveLength(4);
    expect(spentSince(sandbox, before)).toBeLessThanOrEqual(15);
    expect(items.reduce((sum, i) => sum + ((i.json._credits as IDataObject).charged as number), 0)).toBe(spentSince(sandbox, before));
    const refused = items.flatMap((i) => i.json.steps as IDataObject[]).filter((s) => s.outcome === 'notTried');
    expect(refused.length).toBeGreaterThan(0);
    for (const s of refused) expect(s.reason).toMatch(/budget/i);
  });

  it('with Verify Found Email a risky address moves on to the next provider', async () => {
    const { run } = await runWorkflow(
      workEmail([{ first: 'Risky', last: 'Lee', domain: 'acme.io', linkedin: 'https://www.linkedin.com/in/ann-lee' }], {
        order: 'given',
        providers: ['enrichSo', 'enrichLayer'],
        verifyEmail: true,
      }),
      { credentials },
    );
    const [item] = output(run, 'Waterfall');
    expect(steps(item!)).toEqual(['enrichSo:rejected', 'enrichLayer:hit']);
    expect(item!.json.email).toBe('ann-lee@work.example');
  });

  it('company from domain reads the Leadfeeder credential when it is set', async () => {
    const { run } = await runWorkflow(
      itemsInto(
        [{ domain: 'acme.io' }],
        {
          name: 'Waterfall',
          parameters: { resource: 'company', operation: 'findFromDomain', domain: '={{ $json.domain }}', order: 'given', providers: ['leadfeeder', 'smarte'] },
          credentials: { leadfeederApi: { id: '4', name: 'Leadfeeder' }, smarteApi: CREDENTIALS.smarteApi! },
        },
        TYPE,
      ),
      { credentials },
    );
    const [item] = output(run, 'Waterfall');
    // No Leadfeeder company has the domain acme.io: Leadfeeder misses (free), SMARTe finds it.
    expect(steps(item!)).toEqual(['leadfeeder:miss', 'smarte:hit']);
    expect(item!.json).toMatchObject({ found: true, domain: 'acme.io', provider: 'smarte' });
  });

  it('emits provider text spreadsheet-safe by default: a name that is a formula arrives neutralised, raw only when switched off', async () => {
    sandbox.faults.add({ provider: 'enrichSo', kind: 'hostile', play: 'formula', times: 'always' });
    const person = (options: IDataObject) =>
      itemsInto(
        [{ email: 'ann.lee@acme.io' }],
        {
          name: 'Waterfall',
          parameters: { resource: 'person', operation: 'findFromEmail', email: '={{ $json.email }}', providers: ['enrichSo'], [OPTIONS]: options as never },
          credentials: { enrichSoApi: CREDENTIALS.enrichSoApi! },
        },
        TYPE,
      );
    const safe = JSON.stringify(output((await runWorkflow(person({}), { credentials })).run, 'Waterfall')[0]!.json);
    expect(safe).toMatch(/"'(=|@)/);
    expect(safe).not.toMatch(/":"[=@]/);
    const raw = JSON.stringify(output((await runWorkflow(person({ spreadsheetSafe: false }), { credentials })).run, 'Waterfall')[0]!.json);
    expect(raw).toMatch(/":"[=@]/);
  });

  it('without Continue On Fail, a lead no provider can take fails the node before anything is sent; with it, that item alone is an error', async () => {
    const person = (items: IDataObject[], node: Partial<INode> = {}) =>
      itemsInto(
        items,
        {
          name: 'Waterfall',
          parameters: { resource: 'person', operation: 'findFromEmail', email: '={{ $json.email }}' },
          credentials: { enrichSoApi: CREDENTIALS.enrichSoApi! },
          ...node,
        },
        TYPE,
      );
    const items = [{ email: 'ann.lee@acme.io' }, { email: 'not-an-email' }];
    const failed = await runWorkflow(person(items), { credentials });
    expect(failed.run.data.resultData.error?.message).toMatch(/Lead 2: .*email/);
    expect(sandbox.providers.enrichSo.requests()).toHaveLength(0);
    const { run } = await runWorkflow(person(items, { onError: 'continueRegularOutput' }), { credentials });
    const out = output(run, 'Waterfall');
    expect(out[0]!.json).toMatchObject({ found: true, provider: 'enrichSo' });
    expect(out[1]!.json.error).toMatch(/email/);
    expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('without any provider credential it says which to set', async () => {
    const { run } = await runWorkflow(workEmail(leads.slice(0, 1), {}, { credentials: {} }), { credentials });
    expect(run.data.resultData.error?.message).toMatch(/set the credential of at least one of/);
  });

  it('is usable as an AI agent tool, with a tool description per goal that names its providers', () => {
    const { description } = new EnrichflowWaterfall();
    expect(description.usableAsTool).toBe(true);
    const providers = description.credentials?.filter((c) => c.name !== 'enrichflowSharedStoreApi') ?? [];
    expect(providers.map((c) => [c.name, c.required])).toEqual([
      ['enrichSoApi', false],
      ['smarteApi', false],
      ['enrichLayerApi', false],
      ['leadfeederApi', false],
    ]);
    const tools = description.properties.filter((p) => p.name === 'toolDescription');
    expect(tools).toHaveLength(5);
    expect(String(tools[0]!.default)).toMatch(/Enrich\.so.*SMARTe|SMARTe.*Enrich\.so/);
  });
});

withN8n('the Waterfall as an AI Agent tool', () => {
  beforeAll(() => registerTypes({ [`${TYPE}Tool`]: asTool(new EnrichflowWaterfall()), 'test.agent': new AgentStandIn() }));

  it('an agent finds work emails through it; the calls share the Credit Budget, and one it cannot cover is not sent', async () => {
    const before = balances(sandbox);
    const calls = [
      { firstName: 'Gail', lastName: 'Park', domain: 'nomatch.io' },
      { firstName: 'Hal', lastName: 'Ng', domain: 'nomatch.io' },
    ];
    const tool = 'Find Work Email in Enrichflow Waterfall';
    const { run } = await runWorkflow(
      {
        nodes: [
          { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'agent', name: 'Agent', type: 'test.agent', typeVersion: 1, position: [200, 0], parameters: { calls: JSON.stringify(calls) } },
          {
            id: 'tool',
            name: tool,
            type: `${TYPE}Tool`,
            typeVersion: 1,
            position: [200, 200],
            credentials: { enrichSoApi: CREDENTIALS.enrichSoApi!, smarteApi: CREDENTIALS.smarteApi! },
            parameters: {
              resource: 'email',
              operation: 'findWork',
              firstName: "={{ $fromAI('firstName', 'First name', 'string') }}",
              lastName: "={{ $fromAI('lastName', 'Last name', 'string') }}",
              domain: "={{ $fromAI('domain', 'Company domain', 'string') }}",
              options: { creditBudget: 15 },
            },
          },
        ],
        settings: { executionOrder: 'v1' },
        connections: { Start: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] }, [tool]: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] } },
      },
      { credentials },
    );
    const [agent] = output(run, 'Agent');
    const { description, answers } = agent!.json as { description: string; answers: { answer: IDataObject[] }[] };
    expect(description).toMatch(/Cost: only the steps tried/);
    // SMARTe (1) misses both ("nomatch": free); Enrich.so (10) finds the first; the second call has 5 credits left for it: not sent.
    expect(answers[0]!.answer[0]).toMatchObject({
      found: true,
      provider: 'enrichSo',
      email: 'gail.park@nomatch.io',
      _credits: { charged: 10, spentThisRun: 10, budget: 15, budgetLeft: 5 },
    });
    const second = answers[1]!.answer[0]!;
    expect(second).toMatchObject({ found: false, _credits: { charged: 0, spentThisRun: 10, budgetLeft: 5 } });
    expect((second.steps as IDataObject[]).find((s) => s.provider === 'enrichSo')).toMatchObject({
      outcome: 'notTried',
      reason: expect.stringMatching(/budget/i),
    });
    expect(spentSince(sandbox, before)).toBe(10);
  });
});

describe('Requests at Once on the Waterfall node', () => {
  it("sends that many items' single-call steps at once, the answers in the items' order", async () => {
    sandbox.answers.setLatency(150, 'enrichSo');
    const people = Array.from({ length: 7 }, (_, i) => ({ first: `Pat${i}`, last: 'Lee', domain: 'acme.io' }));
    const { run } = await runWorkflow(
      workEmail(people, { [OPTIONS]: { requestsAtOnce: 3 } }, { credentials: { enrichSoApi: { id: '1', name: 'Enrich.so sandbox' } } }),
      { credentials },
    );
    const items = output(run, 'Waterfall');
    expect(items.map((i) => i.pairedItem)).toEqual(people.map((_, item) => ({ item })));
    expect(items.every((i) => i.json.provider === 'enrichSo')).toBe(true);
    expect(sandbox.answers.atOnce('enrichSo').peak).toBe(3);
  });
});
