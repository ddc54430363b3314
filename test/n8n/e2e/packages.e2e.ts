/**
 * The five one-service packages as n8n Cloud users would get them (n8n-nodes-enrichflow-<provider>:
 * no runtime dependencies, no Shared Store), packed, installed side by side into the real n8n,
 * each running its provider's example workflow against the sandbox: the nodes load from the
 * bundles, send through n8n's helpers and `fetch`, and charge exactly what they report — the
 * credits on every output item (`_credits.charged`, error items included) add up to the sandbox
 * wallet's change to the micro-credit, for every provider.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { freePort } from '../../freePort';
import { N8N_INSTALLED, n8nCli, type N8nHome, runJson, TOOLS } from './n8nCli';
import { installPackedPackage, newHome } from './package';

const ROOT = path.resolve(__dirname, '../../..');
if (!N8N_INSTALLED) console.warn(`SKIPPED the per-provider packages in the real n8n: needs n8n in ${TOOLS} (scripts/n8n/install.sh).`);
const d = N8N_INSTALLED ? describe : describe.skip;

// Each package, the example it runs, and the node whose output the test reads.
const PACKAGES = [
  { name: 'n8n-nodes-enrichflow-enrich-so', example: 'enrich-so-leads-to-emails.json', last: 'Find Emails', wallet: 'enrichSo' },
  { name: 'n8n-nodes-enrichflow-enrichlayer', example: 'enrichlayer-engineers-in-canada.json', last: 'Enrich Profiles', wallet: 'enrichLayer' },
  { name: 'n8n-nodes-enrichflow-influencers-club', example: 'influencers-club-discover-and-enrich.json', last: 'Enrich Full', wallet: 'influencersClub' },
  { name: 'n8n-nodes-enrichflow-leadfeeder', example: 'leadfeeder-visitors-to-sales-contacts.json', last: 'Target List', wallet: 'leadfeeder' },
  { name: 'n8n-nodes-enrichflow-smarte', example: 'smarte-audit-then-enrich.json', last: 'Enrich Matches', wallet: 'smarte' },
] as const;

let sandbox: Sandbox;
let home: N8nHome;
let brokerPort: number;
const cli = (...args: string[]) => n8nCli(home, args, { brokerPort });

type Credits = { charged?: number };
interface Workflow {
  nodes: { name: string; type: string; typeVersion?: number; position?: number[]; parameters: Record<string, unknown> }[];
  connections: Record<string, unknown>;
}

/**
 * `n8n execute` starts a workflow only from a manual trigger: a workflow that starts from the
 * Leadfeeder Trigger (a polling trigger) gets a manual trigger and, in the trigger's place, the
 * Leadfeeder node's own "Visitor Companies" operation over the same window (yesterday–today).
 */
function startedByHand(wf: Workflow, pkg: string): Workflow {
  const poll = wf.nodes.find((n) => n.type === `${pkg}.leadfeederTrigger`);
  if (!poll) return wf;
  poll.type = `${pkg}.leadfeeder`;
  poll.parameters = {
    resource: 'webVisit',
    operation: 'visitorCompanies',
    start_date: '={{ $today.minus({ days: 1 }).toISODate() }}',
    end_date: '={{ $today.toISODate() }}',
  };
  wf.nodes.push({ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} });
  wf.connections.Start = { main: [[{ node: poll.name, type: 'main', index: 0 }]] };
  return wf;
}

d('the per-provider packages in the real n8n', () => {
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    // Free ports held for this process (the suites run side by side).
    const [port, broker] = await Promise.all([freePort(), freePort()]);
    home = newHome(port);
    brokerPort = broker;
    await installPackedPackage(
      home,
      PACKAGES.map((p) => p.name),
    );
    const origin = new URL(sandbox.providers.enrichSo.baseUrl).origin;
    writeFileSync(
      path.join(home.dir, 'creds.json'),
      readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8').replaceAll('http://127.0.0.1:4010', origin),
    );
    const workflows = path.join(home.dir, 'workflows');
    mkdirSync(workflows);
    for (const p of PACKAGES) {
      // The examples name the all-in-one's node types; here each provider's own package provides them.
      const wf = JSON.parse(readFileSync(path.join(ROOT, 'examples', p.example), 'utf8').replaceAll('"n8n-nodes-enrichflow.', `"${p.name}.`)) as Workflow;
      writeFileSync(path.join(workflows, p.example), JSON.stringify(startedByHand(wf, p.name)));
    }
    for (const args of [
      ['import:credentials', `--input=${path.join(home.dir, 'creds.json')}`],
      ['import:workflow', '--separate', `--input=${workflows}`],
    ]) {
      const result = await cli(...args);
      if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
    }
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
    if (home && !process.env.KEEP_N8N_E2E) rmSync(home.dir, { recursive: true, force: true });
  });

  test('each package installs with nothing but itself: no runtime dependencies came along', () => {
    const installed = readdirSync(path.join(home.dir, '.n8n/nodes/node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed.sort()).toEqual(PACKAGES.map((p) => p.name).sort());
  });

  test.each(PACKAGES)(
    '$name runs its example workflow; the wallet moves by the credits it reports',
    async (p) => {
      const workflow = JSON.parse(readFileSync(path.join(ROOT, 'examples', p.example), 'utf8')) as { id: string };
      // What the sandbox has charged so far (Leadfeeder counts credits used; the others keep a wallet).
      const spent = () => (p.wallet === 'leadfeeder' ? sandbox.providers.leadfeeder.credits().used : -sandbox.providers[p.wallet].wallet().balance);
      const before = spent();
      const result = await cli('execute', `--id=${workflow.id}`, '--rawOutput');
      const run = runJson(result);
      expect(run.data.resultData.error).toBeUndefined();
      expect(result.code).toBe(0);
      const runData = run.data.resultData.runData;
      const out = runData[p.last]?.at(-1)?.data?.main[0] ?? [];
      expect(out.length).toBeGreaterThan(0);
      // Every Enrichflow node's items carry what they cost; together they are the wallet's change.
      const enrichflowNodes = Object.keys(runData).filter((name) =>
        runData[name].some((task) => task.data?.main[0]?.some((i) => i.json._credits !== undefined)),
      );
      const reported = enrichflowNodes
        .flatMap((name) => runData[name].flatMap((task) => task.data?.main.flatMap((items) => items ?? []) ?? []))
        .reduce((sum, i) => sum + ((i.json._credits as Credits | undefined)?.charged ?? 0), 0);
      const moved = spent() - before;
      // Not a vacuous 0 = 0: every example pays for something.
      expect(moved).toBeGreaterThan(0);
      // To the smallest credit fraction (a micro-credit), summed over every output item.
      expect(Math.round(reported * 1e6)).toBe(Math.round(moved * 1e6));
    },
    180_000,
  );
});
