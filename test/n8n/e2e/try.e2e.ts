/**
 * `npm run n8n` (issue #14) as a user runs it: a temporary home and free ports through the
 * environment, the printed URL and login used against n8n's REST API (the package's node types
 * loaded, a sandbox credential per provider pointing at the running sandbox, the example
 * workflows), Ctrl-C (SIGINT to the whole process group, as a terminal sends it) leaving no
 * process and no port behind, and a rerun that skips the install and import work and finds the
 * user's edit and login intact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import net from 'node:net';
import { freePort } from '../../freePort';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { N8N_INSTALLED, TOOLS, waitFor } from './n8nCli';

const ROOT = path.resolve(__dirname, '../../..');
if (!N8N_INSTALLED) console.warn(`SKIPPED npm run n8n end-to-end: n8n is not installed in ${TOOLS}; run scripts/n8n/install.sh first.`);
const d = N8N_INSTALLED ? describe : describe.skip;

const CREDENTIALS: { id: string; type: string }[] = JSON.parse(readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8'));
// The package's node types as n8n names them: `<package>.<name>`, the name being the file's
// (EnrichSo.node.js → enrichSo); n8n adds `…Tool` variants of the action nodes besides.
const NODE_TYPES: string[] = readdirSync(path.join(ROOT, 'nodes'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.node.ts'))
  .map((f) => {
    const base = path.basename(f, '.node.ts');
    return `n8n-nodes-enrichflow.${base[0]!.toLowerCase()}${base.slice(1)}`;
  });
const WORKFLOW_IDS: string[] = readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.json') && f !== 'credentials.sandbox.json')
  .map((f) => JSON.parse(readFileSync(path.join(ROOT, 'examples', f), 'utf8')).id);

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Every live descendant of `root` (from /proc): npm, sh, the script, the sandbox, n8n, its runners. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we read
    }
  }
  const found = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (found.includes(ppid) && !found.includes(pid)) {
        found.push(pid);
        grew = true;
      }
    }
  }
  return found;
}

/** Alive = has a /proc entry that is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Its process tree once it was ready: what the stop must end (and afterAll kills if not). */
  pids: number[];
}

let home: string;
let ports: { n8n: number; broker: number; sandbox: number };
const runs: Run[] = [];

function startTry(): Run {
  const env: NodeJS.ProcessEnv = {};
  // The user's shell, not jest's: NODE_ENV=test would silence n8n's logger.
  for (const [k, v] of Object.entries(process.env)) if (!/^(NODE_ENV|JEST_|N8N_|NODE_OPTIONS$)/.test(k)) env[k] = v;
  Object.assign(env, {
    ENRICHFLOW_N8N_HOME: home,
    ENRICHFLOW_N8N_PORT: String(ports.n8n),
    ENRICHFLOW_N8N_BROKER_PORT: String(ports.broker),
    ENRICHFLOW_SANDBOX_PORT: String(ports.sandbox),
    // Its builds go to a folder of its own: `npm test` lints and scans build/n8n meanwhile.
    ENRICHFLOW_N8N_BUILD_DIR: path.join(home, 'build'),
  });
  // Its own process group, like a terminal's foreground job: Ctrl-C is a SIGINT to the group.
  const child = spawn('npm', ['run', 'n8n'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const run: Run = { child, output: () => out, exited, pids: [] };
  runs.push(run);
  return run;
}

/** Waits for the printed URL and login; fails with everything printed if the script gave up. */
async function ready(run: Run) {
  let ended = false;
  run.exited.then(() => (ended = true));
  await waitFor(
    'npm run n8n to print the URL and login',
    async () => {
      if (ended) throw new Error(`npm run n8n exited before it was ready:\n${run.output()}`);
      return /Press Ctrl-C/.test(run.output()) ? true : undefined;
    },
    240_000,
    500,
  );
  run.pids = descendants(run.child.pid!);
  const out = run.output();
  const url = /n8n is ready:\s+(\S+)/.exec(out)?.[1];
  const email = /Email:\s+(\S+)/.exec(out)?.[1];
  const password = /Password:\s+(\S+)/.exec(out)?.[1];
  if (!url || !email || !password) throw new Error(`no URL or login printed:\n${out}`);
  return { url: url.replace(/\/$/, ''), email, password };
}

/** Logs in as the printed owner; returns a fetch for n8n's REST API with the session cookie. */
async function login(url: string, email: string, password: string) {
  // n8n binds its session to a browser id header that must come with every call.
  const headers = { 'content-type': 'application/json', 'browser-id': 'enrichflow-try-e2e' };
  const res = await fetch(`${url}/rest/login`, { method: 'POST', headers, body: JSON.stringify({ emailOrLdapLoginId: email, password }) });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  expect(cookie).toMatch(/n8n-auth=/);
  return async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${url}${p}`, { method, headers: { ...headers, cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return JSON.parse(text);
  };
}

/** Ctrl-C; then every process the run started is gone and every port it used is free. */
async function stop(run: Run) {
  const pids = run.pids;
  process.kill(-run.child.pid!, 'SIGINT');
  // npm itself dies of the SIGINT, as in a terminal; 'close' comes once the script, which
  // shares its output pipe, has exited too.
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([run.exited.then(() => 'exited'), new Promise((r) => (timer = setTimeout(() => r('still running after 90 s'), 90_000)))]);
  clearTimeout(timer);
  expect(ended).toBe('exited');
  expect(run.output()).toMatch(/SIGINT: stopping/);
  // npm may return while the last of its group exits: bounded wait, then the verdict.
  await waitFor('every started process to exit', async () => (pids.some(alive) ? undefined : true), 30_000).catch(() => undefined);
  expect(pids.filter(alive).map((pid) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`)).toEqual([]);
  for (const port of Object.values(ports)) expect(await portInUse(port)).toBe(false);
}

d('npm run n8n: the product in the real n8n editor, in one command', () => {
  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'enrichflow-try-'));
    ports = { n8n: await freePort(), broker: await freePort(), sandbox: await freePort() };
  });

  afterAll(async () => {
    // A failed test must not leave n8n running: kill what is left of each run's tree.
    for (const run of runs) {
      const live = run.child.exitCode === null ? descendants(run.child.pid!) : [];
      for (const pid of new Set([...run.pids, ...live])) {
        if (!alive(pid)) continue;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('installs, imports and prints a login that works; Ctrl-C stops everything; a rerun keeps the work and skips the setup', async () => {
    const first = startTry();
    const { url, email, password } = await ready(first);
    expect(url).toBe(`http://127.0.0.1:${ports.n8n}`);
    const out1 = first.output();
    expect(out1).toMatch(/Installed n8n-nodes-enrichflow-[\d.]+\.tgz/);
    expect(out1).toMatch(new RegExp(`Credentials: imported ${CREDENTIALS.length} `));
    expect(out1).toMatch(new RegExp(`Workflows: imported ${WORKFLOW_IDS.length} `));
    expect(out1).toMatch(/Owner account: created/);
    // npm, sh, the script, the sandbox and n8n at least.
    expect(first.pids.length).toBeGreaterThanOrEqual(5);

    const api = await login(url, email, password);
    // Every node of the package, as n8n loaded it from the community-package folder.
    const types = (await api('GET', '/types/nodes.json')) as { name: string }[];
    const ours = types.map((t) => t.name).filter((n) => n.startsWith('n8n-nodes-enrichflow.'));
    expect(ours).toEqual(expect.arrayContaining(NODE_TYPES));
    const creds = (await api('GET', '/rest/credentials')).data as { id: string; type: string }[];
    for (const c of CREDENTIALS) expect(creds.find((x) => x.id === c.id)?.type).toBe(c.type);
    // The credentials point at the sandbox this run started, and it answers there.
    for (const c of CREDENTIALS) {
      const full = (await api('GET', `/rest/credentials/${c.id}?includeData=true`)).data;
      expect(full.data.baseUrl).toContain(`http://127.0.0.1:${ports.sandbox}/`);
    }
    expect((await fetch(`http://127.0.0.1:${ports.sandbox}/_sandbox/health`)).ok).toBe(true);
    const workflows = (await api('GET', '/rest/workflows')).data as { id: string }[];
    expect(workflows.map((w) => w.id).sort()).toEqual(expect.arrayContaining([...WORKFLOW_IDS].sort()));
    // The user's edit, which a rerun must keep.
    await api('PATCH', `/rest/workflows/${WORKFLOW_IDS[0]}`, { name: 'My edited example' });

    await stop(first);
    expect(first.output()).toMatch(/Stopped n8n and the sandbox/);

    // A project file "changed" (its time, not its content): rebuilt and packed, but the tarball's
    // hash is the installed one's, so n8n keeps the installed package. (Editing the project's
    // files while this test runs would rightly make it reinstall, and fail here.)
    const now = new Date();
    utimesSync(path.join(ROOT, 'README.md'), now, now);
    const second = startTry();
    const again = await ready(second);
    expect(again).toEqual({ url, email, password });
    // What the user built is still there (checked before what the run printed about skipping).
    const api2 = await login(url, email, password);
    expect((await api2('GET', `/rest/workflows/${WORKFLOW_IDS[0]}`)).data.name).toBe('My edited example');
    const types2 = (await api2('GET', '/types/nodes.json')) as { name: string }[];
    expect(types2.map((t) => t.name)).toEqual(expect.arrayContaining(NODE_TYPES));
    const out2 = second.output();
    expect(out2).toMatch(/Building and packing/);
    expect(out2).toMatch(/Package unchanged \(n8n-nodes-enrichflow-[\d.]+\.tgz, sha256 \w+\): not reinstalled/);
    expect(out2).not.toMatch(/Installed n8n-nodes-enrichflow/);
    expect(out2).toMatch(/Credentials: all \d+ already there, none imported/);
    expect(out2).toMatch(/Workflows: all \d+ already there, none imported/);
    expect(out2).toMatch(/Owner account: already set up/);
    expect(existsSync(path.join(home, '.n8n/database.sqlite'))).toBe(true);

    await stop(second);
    expect(second.output()).toMatch(/Stopped n8n and the sandbox/);

    // Nothing changed: not even built. Ctrl-C while it is still starting leaves nothing either.
    const third = startTry();
    await waitFor('the third run to pass the package step', async () => (/\[enrichflow\] (Package|Building)/.test(third.output()) ? true : undefined), 120_000);
    expect(third.output()).toMatch(/Package unchanged \(no project file changed since the last build, sha256 \w+\): not rebuilt, not reinstalled/);
    expect(third.output()).not.toMatch(/Building and packing/);
    third.pids = descendants(third.child.pid!);
    await stop(third);
  }, 600_000);
});
