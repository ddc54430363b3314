/**
 * The Enrichflow Waterfall in the real n8n (2.41.1 on Node 24), installed from the packed
 * all-in-one package: 1,000 leads through a three-provider work-email waterfall against the
 * sandbox (Enrich.so's batch finder first, as one job; its misses to SMARTe; theirs to
 * EnrichLayer). Found = the union of what each provider's deterministic data can find; no
 * provider is asked about a lead after a valid hit; the items' credits are the three wallets'
 * change; and a budget below the full cost is respected, the steps not tried saying why.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../freePort';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { installPackedPackage } from './package';
import { N8N_INSTALLED, n8nCli, type N8nHome, nodeOutput, storedExecutions, TOOLS } from './n8nCli';

if (!N8N_INSTALLED) console.warn(`SKIPPED the real-n8n waterfall end-to-end: n8n is not installed in ${TOOLS}; run scripts/n8n/install.sh first.`);
const d = N8N_INSTALLED ? describe : describe.skip;

const LEADS = 1000;
// In the sandbox: Enrich.so's finder finds nobody whose last name starts with "Nobody", SMARTe
// nobody whose identifiers contain "nomatch", EnrichLayer everyone with a LinkedIn URL (only).
const GENERATE = `const leads = [];
for (let i = 0; i < ${LEADS}; i++) {
  const lead = { firstName: 'Lead' + i, lastName: i % 2 === 0 ? 'Nobody' + i : 'Lee' + i, domain: i % 3 === 0 ? 'nomatch' + i + '.io' : 'co' + i + '.io' };
  if (i % 5 === 0) lead.linkedinUrl = 'https://www.linkedin.com/in/lead-' + i;
  leads.push({ json: lead });
}
return leads;`;

/** Who finds lead i, by the sandbox's rules, in the order Enrich.so → SMARTe → EnrichLayer. */
function expectedProvider(i: number): string | null {
  if (i % 2 === 1) return 'enrichSo';
  if (i % 3 !== 0) return 'smarte';
  return i % 5 === 0 ? 'enrichLayer' : null;
}

function workflow(id: string, budget: number) {
  return {
    id,
    name: `Waterfall ${LEADS} leads (budget ${budget})`,
    nodes: [
      { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'b', name: 'Leads', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: GENERATE } },
      {
        id: 'c',
        name: 'Waterfall',
        type: 'n8n-nodes-enrichflow.enrichflowWaterfall',
        typeVersion: 1,
        position: [400, 0],
        parameters: {
          resource: 'email',
          operation: 'findWork',
          firstName: '={{ $json.firstName }}',
          lastName: '={{ $json.lastName }}',
          domain: '={{ $json.domain }}',
          linkedinUrl: '={{ $json.linkedinUrl }}',
          order: 'given',
          providers: ['enrichSo', 'smarte', 'enrichLayer'],
          options: { creditBudget: budget },
        },
        credentials: {
          enrichSoApi: { id: 'wfEnrichSo', name: 'Enrich.so' },
          smarteApi: { id: 'wfSmarte', name: 'SMARTe' },
          enrichLayerApi: { id: 'wfEnrichLayer', name: 'EnrichLayer' },
        },
      },
    ],
    connections: { Start: { main: [[{ node: 'Leads', type: 'main', index: 0 }]] }, Leads: { main: [[{ node: 'Waterfall', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
    active: false,
  };
}

interface Step {
  provider: string;
  outcome: string;
  charged: number;
  reason?: string;
}
interface Item {
  json: { found: boolean; email?: string; provider: string | null; steps: Step[]; _credits: { charged: number } };
  pairedItem?: unknown;
}

d('the Waterfall node in the real n8n', () => {
  let sandbox: Sandbox;
  let home: N8nHome;
  let brokerPort: number;

  const wallets = () => ({
    enrichSo: sandbox.providers.enrichSo.wallet().balance,
    smarte: sandbox.providers.smarte.wallet().balance,
    enrichLayer: sandbox.providers.enrichLayer.wallet().balance,
  });
  const micro = (n: number) => Math.round(n * 1_000_000);

  /**
   * Runs the workflow headlessly and reads its output from n8n's database: a megabyte of run JSON
   * on stdout can have one of n8n's log lines written into the middle of it.
   */
  async function execute(id: string): Promise<Item[]> {
    const result = await n8nCli(home, ['execute', `--id=${id}`], { brokerPort, timeoutMs: 300_000 });
    expect(result.code).toBe(0);
    const execution = (await storedExecutions(home, id)).at(-1);
    expect(execution?.status).toBe('success');
    return nodeOutput(execution, 'Waterfall') as unknown as Item[];
  }

  beforeAll(async () => {
    // Every execution kept in the database, where the test reads its output.
    home = {
      dir: mkdtempSync(path.join(tmpdir(), 'enrichflow-waterfall-e2e-')),
      port: await freePort(),
      env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true' },
    };
    brokerPort = await freePort();
    sandbox = await startSandbox({ port: 0 });
    await installPackedPackage(home);
    const p = sandbox.providers;
    const creds = [
      { id: 'wfEnrichSo', name: 'Enrich.so', type: 'enrichSoApi', data: { apiKey: p.enrichSo.apiKey, baseUrl: p.enrichSo.baseUrl } },
      // The contract's rate and a larger chunk, as a SMARTe customer would set them.
      {
        id: 'wfSmarte',
        name: 'SMARTe',
        type: 'smarteApi',
        data: { apiKey: p.smarte.apiKey, baseUrl: p.smarte.baseUrl, requestRate: 60, recordsPerRequest: '100' },
      },
      { id: 'wfEnrichLayer', name: 'EnrichLayer', type: 'enrichLayerApi', data: { apiKey: p.enrichLayer.apiKey, baseUrl: p.enrichLayer.baseUrl } },
    ];
    writeFileSync(path.join(home.dir, 'creds.json'), JSON.stringify(creds));
    const workflows = path.join(home.dir, 'workflows');
    mkdirSync(workflows);
    for (const wf of [workflow('waterfallFull', 100_000), workflow('waterfallBudget', 3_000)])
      writeFileSync(path.join(workflows, `${wf.id}.json`), JSON.stringify(wf));
    expect((await n8nCli(home, ['import:credentials', `--input=${path.join(home.dir, 'creds.json')}`], { brokerPort })).code).toBe(0);
    expect((await n8nCli(home, ['import:workflow', '--separate', `--input=${workflows}`], { brokerPort })).code).toBe(0);
  }, 400_000);

  afterAll(async () => {
    await sandbox?.close();
    if (home && !process.env.KEEP_N8N_E2E) rmSync(home.dir, { recursive: true, force: true });
  });

  test(`${LEADS} leads: found is the union of the providers' data, nobody is asked after a hit, and the credits are the wallets' change`, async () => {
    const before = wallets();
    const marks = {
      enrichSo: sandbox.providers.enrichSo.requests().length,
      smarte: sandbox.providers.smarte.requests().length,
      enrichLayer: sandbox.providers.enrichLayer.requests().length,
    };
    const items = await execute('waterfallFull');
    const after = wallets();

    expect(items).toHaveLength(LEADS);
    expect(items.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
    expect(items.map((i) => i.json.provider)).toEqual(items.map((_, i) => expectedProvider(i)));
    for (const item of items) {
      const asked = item.json.steps.filter((s) => s.outcome !== 'skipped');
      // A hit is the last step asked; nothing after it.
      const hit = asked.findIndex((s) => s.outcome === 'hit');
      expect(hit === -1 || hit === asked.length - 1).toBe(true);
    }
    // Step 1 is one batch job: no single finder call. Only leads Enrich.so missed reach SMARTe (500
    // records, in requests of 100), and only those both missed with a LinkedIn URL reach EnrichLayer.
    const enrichSoSent = sandbox.providers.enrichSo.requests().slice(marks.enrichSo);
    expect(enrichSoSent.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/enrich-so/api/v3/email-finder/batch']);
    expect(sandbox.providers.smarte.requests().slice(marks.smarte)).toHaveLength(5);
    const toEnrichLayer = items.filter((_, i) => i % 2 === 0 && i % 3 === 0 && i % 5 === 0).length;
    // Besides its lookups, EnrichLayer sees at most the free balance read before the first paid call.
    const enrichLayerSent = sandbox.providers.enrichLayer.requests().slice(marks.enrichLayer);
    const balanceReads = enrichLayerSent.filter((r) => r.path.endsWith('/credit-balance'));
    expect(balanceReads.length).toBeLessThanOrEqual(1);
    expect(enrichLayerSent.length - balanceReads.length).toBe(toEnrichLayer);

    const found = items.filter((i) => i.json.found);
    const byProvider = (id: string) => found.filter((i) => i.json.provider === id).length;
    expect(before.enrichSo - after.enrichSo).toBe(10 * byProvider('enrichSo'));
    expect(before.smarte - after.smarte).toBe(byProvider('smarte'));
    expect(before.enrichLayer - after.enrichLayer).toBe(3 * byProvider('enrichLayer'));
    const charged = items.reduce((sum, i) => sum + micro(i.json._credits.charged), 0);
    const lost = micro(before.enrichSo - after.enrichSo) + micro(before.smarte - after.smarte) + micro(before.enrichLayer - after.enrichLayer);
    expect(charged).toBe(lost);
  });

  test('a budget of 3,000 credits, below the full cost: never exceeded, and every step not tried says why', async () => {
    const before = wallets();
    const items = await execute('waterfallBudget');
    const after = wallets();
    expect(items).toHaveLength(LEADS);
    const lost = micro(before.enrichSo - after.enrichSo) + micro(before.smarte - after.smarte) + micro(before.enrichLayer - after.enrichLayer);
    expect(lost).toBeLessThanOrEqual(micro(3_000));
    expect(items.reduce((sum, i) => sum + micro(i.json._credits.charged), 0)).toBe(lost);
    const notTried = items.flatMap((i) => i.json.steps).filter((s) => s.outcome === 'notTried');
    // 3,000 credits cover 300 of the 1,000 finder lookups (10 each): the other 700 are not sent.
    expect(notTried.filter((s) => s.provider === 'enrichSo')).toHaveLength(700);
    for (const step of notTried) expect(step.reason).toMatch(/budget/i);
    // A lead Enrich.so was not asked about still went on to SMARTe, which the budget still covered.
    expect(items[997]!.json.provider).toBe('smarte');
  });
});
