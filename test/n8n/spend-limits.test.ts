/**
 * The team's spend limits through n8n's engine: set once in the Enrichflow Shared Store
 * credential, obeyed by every workflow using that store; the call past a limit is refused
 * (nothing sent, its item says which limit, what is left and when it resets), the node warns
 * past the threshold, and Spend → Report adds up to what left the sandbox wallet.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { closeSharedStores } from '../../nodes/adapter/sharedStore';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { readFileSync } from 'node:fs';
import { NodeConnectionTypes, type IExecuteFunctions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { EnrichflowWaterfall } from '../../nodes/EnrichflowWaterfall/EnrichflowWaterfall.node';
import { balances, spentSince, startWaterfallSandbox } from '../integration/waterfall-helpers';
import { itemsInto, output, PACKAGE, registerTypes, runWorkflow, type WorkflowJson } from './harness';

/** Stand-in for n8n-nodes-base.httpRequest: records what the example would post to Slack. */
const posted: { url: string; body: unknown }[] = [];
class HttpRequestStandIn implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'HTTP Request',
    name: 'httpRequest',
    group: ['output'],
    version: 4.2,
    description: 'Examples stand-in',
    defaults: { name: 'HTTP Request' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    properties: [
      { displayName: 'URL', name: 'url', type: 'string', default: '' },
      { displayName: 'JSON Body', name: 'jsonBody', type: 'string', default: '' },
    ],
  };
  async execute(this: IExecuteFunctions) {
    return [
      this.getInputData().map((_, i) => {
        posted.push({ url: this.getNodeParameter('url', i) as string, body: JSON.parse(this.getNodeParameter('jsonBody', i) as string) });
        return { json: { ok: true }, pairedItem: { item: i } };
      }),
    ];
  }
}
registerTypes({ 'n8n-nodes-base.httpRequest': new HttpRequestStandIn(), [`${PACKAGE}.enrichflowWaterfall`]: new EnrichflowWaterfall() });

const describeRedis = redisAvailable() ? describe : describe.skip;
if (!redisAvailable()) console.warn('redis-server is not installed: run scripts/redis/install.sh to include the n8n spend-limit tests');

describeRedis('spend limits shared by every workflow (n8n engine, real Redis)', () => {
  let sandbox: Sandbox;
  let redis: RedisServer;
  let run = 0;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    await closeSharedStores();
    await sandbox?.close();
    await redis?.shutdown();
  });

  const wallet = () => sandbox.providers.enrichSo.wallet().balance;
  /** A fresh team (key prefix) with these limits. */
  const team = (spendLimits: unknown[], extra: Record<string, unknown> = {}) => ({
    enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl },
    enrichflowSharedStoreApi: {
      host: '127.0.0.1',
      port: redis.port,
      database: 0,
      ssl: false,
      keyPrefix: `team${++run}:`,
      spendLimits: JSON.stringify(spendLimits),
      spendWarnAt: 80,
      spendHoldMinutes: 10,
      ...extra,
    },
  });
  const CREDS = { enrichSoApi: { id: '1', name: 'Enrich.so sandbox' }, enrichflowSharedStoreApi: { id: '2', name: 'Team Redis' } };
  const validate = (workflow: string, emails: string[], continueOnFail = true) => ({
    id: workflow,
    ...itemsInto(
      emails.map((email) => ({ email })),
      {
        parameters: { resource: 'emailValidation', operation: 'validate', email: '={{$json.email}}', sharedStore: 'redis' },
        credentials: CREDS,
        ...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
      },
    ),
  });
  const report = (workflowId = '') => ({
    id: 'wf-report',
    ...itemsInto([{ n: 1 }], {
      parameters: { resource: 'spend', operation: 'report', reportOutput: 'summary', workflowId, sharedStore: 'redis' },
      credentials: CREDS,
    }),
  });
  const errors = (items: INodeExecutionData[]) => items.filter((i) => i.json.error !== undefined).map((i) => String(i.json.error));

  it('three workflows share a monthly limit: exactly the calls past it are refused, with the message, and the report equals the wallet', async () => {
    const credentials = team([{ provider: 'enrichSo', period: 'month', credits: 5 }]);
    const before = wallet();
    const a = output((await runWorkflow(validate('wf-a', ['ann@acme.com', 'bob@acme.com']), { credentials: credentials as never })).run, 'Enrich');
    const b = output((await runWorkflow(validate('wf-b', ['cy@acme.com', 'dee@acme.com']), { credentials: credentials as never })).run, 'Enrich');
    const { run: cRun } = await runWorkflow(validate('wf-c', ['eve@acme.com', 'fay@acme.com', 'gus@acme.com']), { credentials: credentials as never });
    const c = output(cRun, 'Enrich');
    expect([errors(a), errors(b)]).toEqual([[], []]);
    expect(errors(c)).toHaveLength(2);
    const resets = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1)).toISOString();
    expect(errors(c)[0]).toBe(
      `Spend limit reached: the enrichSo monthly limit of 5 credits has 0 credits left and this call may cost up to 1; it resets at ${resets}. Nothing was sent.`,
    );
    expect(before - wallet()).toBe(5);

    // Past 80 %: a warning on the node and a field a workflow can route to Slack or email.
    const hints = cRun.data.resultData.runData.Enrich![0]!.hints ?? [];
    expect(hints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'warning', message: expect.stringMatching(/enrichSo monthly limit of 5 credits is 100% used/) }),
      ]),
    );
    expect((c[0]!.json._spendWarnings as IDataObject[])[0]).toMatchObject({ percent: 100, left: 0 });

    const summary = output((await runWorkflow(report(), { credentials: credentials as never })).run, 'Enrich')[0]!.json;
    expect(summary).toMatchObject({ total: 5, byProvider: { enrichSo: 5 }, byWorkflow: { 'wf-a': 2, 'wf-b': 2, 'wf-c': 1 } });
    expect(summary.limits).toEqual([expect.objectContaining({ spent: 5, left: 0, held: 0 })]);
    const rowsReport = {
      id: 'wf-report',
      ...itemsInto([{ n: 1 }], { parameters: { resource: 'spend', operation: 'report', sharedStore: 'redis' }, credentials: CREDS }),
    };
    const rows = output((await runWorkflow(rowsReport, { credentials: credentials as never })).run, 'Enrich').map((i) => i.json);
    const today = new Date().toISOString().slice(0, 10);
    expect(rows).toEqual(
      ['wf-a', 'wf-b', 'wf-c'].map((workflow, n) => ({ day: today, provider: 'enrichSo', workflow, credits: [2, 2, 1][n], calls: [2, 2, 1][n] })),
    );

    // `npm run spend` prints the same table for the store.
    const root = path.join(__dirname, '../..');
    const cli = spawnSync(
      path.join(root, 'node_modules/.bin/tsx'),
      ['scripts/spend/report.ts', '--redis', `127.0.0.1:${redis.port}`, '--prefix', credentials.enrichflowSharedStoreApi.keyPrefix],
      { cwd: root, encoding: 'utf8' },
    );
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(
      new RegExp(
        `\\n${today} +enrichSo +wf-a +2 +2\\n${today} +enrichSo +wf-b +2 +2\\n${today} +enrichSo +wf-c +1 +1\\ntotal +enrichSo +5\\ntotal +all +5\\n$`,
      ),
    );
  });

  it('a per-workflow day limit refuses only that workflow, and without Continue On Fail the node stops on it', async () => {
    const credentials = team([{ provider: 'enrichSo', period: 'day', credits: 1, workflow: 'wf-small' }]);
    // Paid validations only (the client may read the free balance too).
    const sent = () => sandbox.providers.enrichSo.requests().filter((r) => r.path.endsWith('/email-validation')).length;
    const other = output((await runWorkflow(validate('wf-big', ['h1@acme.com', 'h2@acme.com']), { credentials: credentials as never })).run, 'Enrich');
    expect(errors(other)).toEqual([]);
    const before = sent();
    const { run } = await runWorkflow(validate('wf-small', ['i1@acme.com', 'i2@acme.com', 'i3@acme.com'], false), { credentials: credentials as never });
    expect(run.data.resultData.error?.message).toMatch(
      /^Spend limit reached: the enrichSo daily limit of 1 credit for workflow wf-small has 0 credits left .* resets at \d{4}-\d\d-\d\dT00:00:00.000Z\. Nothing was sent\.$/,
    );
    expect(sent() - before).toBe(1);
  });

  it('a limit the user mistyped stops the node before anything is sent, naming the field', async () => {
    const credentials = team([{ provider: 'enrichSo', period: 'week', credits: 1 }]);
    const before = sandbox.providers.enrichSo.requests().length;
    const { run } = await runWorkflow(validate('wf-x', ['j@acme.com']), { credentials: credentials as never });
    expect(run.data.resultData.error?.message).toMatch(/Spend Limits entry 1: "period" must be "day" or "month"/);
    expect(sandbox.providers.enrichSo.requests().length).toBe(before);
  });

  it('the example workflow posts one warning to Slack once the team has spent 80% of its limit', async () => {
    const credentials = team([{ provider: 'enrichSo', period: 'month', credits: 5 }]);
    const example = JSON.parse(readFileSync(path.join(__dirname, '../../examples/enrich-so-spend-warning.json'), 'utf8')) as WorkflowJson;
    const { run } = await runWorkflow(example, { credentials: credentials as never });
    expect(run.data.resultData.error).toBeUndefined();
    const validated = output(run, 'Validate');
    expect(errors(validated)).toEqual([expect.stringMatching(/^Spend limit reached: the enrichSo monthly limit of 5 credits has 0 credits left/)]);
    expect(posted).toEqual([
      {
        url: 'https://hooks.slack.com/services/YOUR/INCOMING/WEBHOOK',
        body: { text: expect.stringMatching(/^:warning: Spend limit warning: the enrichSo monthly limit of 5 credits is 100% used \(5 spent, 0 left\)/) },
      },
    ]);
  });

  it("a Waterfall step past its provider's limit is refused with the message and the next provider is asked; the report has every step", async () => {
    const waterfallSandbox = await startWaterfallSandbox();
    try {
      const p = waterfallSandbox.providers;
      const credentials = {
        enrichSoApi: { apiKey: p.enrichSo.apiKey, baseUrl: p.enrichSo.baseUrl },
        smarteApi: { apiKey: p.smarte.apiKey, baseUrl: p.smarte.baseUrl, requestRate: 60_000 },
        enrichflowSharedStoreApi: team([{ provider: 'smarte', period: 'month', credits: 0 }]).enrichflowSharedStoreApi,
      };
      const before = balances(waterfallSandbox);
      const workflow = {
        id: 'wf-waterfall',
        ...itemsInto(
          [{ first: 'Dee', last: 'Fox', domain: 'nomatch.io' }],
          {
            name: 'Waterfall',
            parameters: {
              resource: 'email',
              operation: 'findWork',
              firstName: '={{ $json.first }}',
              lastName: '={{ $json.last }}',
              domain: '={{ $json.domain }}',
              order: 'given',
              providers: ['smarte', 'enrichSo'],
              sharedStore: 'redis',
            },
            credentials: {
              enrichSoApi: { id: '1', name: 'Enrich.so sandbox' },
              smarteApi: { id: '2', name: 'SMARTe sandbox' },
              enrichflowSharedStoreApi: { id: '3', name: 'Team Redis' },
            },
          },
          `${PACKAGE}.enrichflowWaterfall`,
        ),
      };
      const { run } = await runWorkflow(workflow, { credentials: credentials as never });
      const [item] = output(run, 'Waterfall');
      const tried = (item!.json.steps as IDataObject[]).filter((s) => s.outcome !== 'skipped');
      expect(tried.map((s) => `${s.provider}:${s.outcome}`)).toEqual(['smarte:error', 'enrichSo:hit']);
      expect(tried[0]!.reason).toMatch(/^Spend limit reached: the smarte monthly limit of 0 credits has 0 credits left/);
      expect(p.smarte.requests()).toHaveLength(0);
      const summary = output((await runWorkflow(report('wf-waterfall'), { credentials: credentials as never })).run, 'Enrich')[0]!.json;
      expect(summary.total).toBe(spentSince(waterfallSandbox, before));
    } finally {
      await waterfallSandbox.close();
    }
  });
});
