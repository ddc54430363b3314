// `npm run n8n`: this package in the real n8n's editor, against the sandbox, in one
// command. Installs n8n if missing (scripts/n8n/install.sh, cached), builds and installs the
// package as a community package, imports a sandbox credential per provider and the example
// workflows, starts the sandbox and n8n, creates the owner login and prints it. Ctrl-C stops
// both. The home (.n8n-local/ by default) persists: a rerun builds only when a project file
// changed, reinstalls the package only when the packed tarball's hash changed, imports only what
// is missing (never overwrites your edits) and keeps the owner. Options: `npm run n8n -- --help`.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  assertPortFree,
  existingIds,
  loadState,
  N8N_BIN,
  N8N_VERSION,
  NODE24,
  parseOptions,
  projectFingerprint,
  ROOT,
  run,
  runVisible,
  setupAbort,
  startDetached,
  tail,
  TOOLS,
  waitFor,
} from './try-lib.mjs';
import { buildDir } from './buildDir.mjs';

const PACKAGE = 'n8n-nodes-enrichflow';
// The port examples/credentials.sandbox.json and the example workflows were written for.
const EXAMPLE_SANDBOX = 'http://127.0.0.1:4010/';
const EXAMPLE_N8N = 'http://127.0.0.1:5678/';
const say = (line) => console.log(`[enrichflow] ${line}`);

const t0 = Date.now();
let opts;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error(`[enrichflow] ${err.message}`);
  process.exit(2);
}
const started = []; // long-running children, stopped in reverse order
let stopping = false;

/** Ctrl-C (or SIGTERM/SIGHUP): stop what we started, once — npm forwards the signal a second time. */
async function shutdown(code, why) {
  if (stopping) return;
  stopping = true;
  if (why) say(why);
  setupAbort.abort(); // a build, pack or import still running
  for (const proc of [...started].reverse()) await proc.stop();
  if (started.length) say('Stopped n8n and the sandbox.');
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => shutdown(0, `${sig}: stopping…`));

/** The environment of every n8n process: the user's, with Node 24 first and this home's settings. */
function n8nEnv() {
  return {
    ...process.env,
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH}`,
    N8N_USER_FOLDER: opts.home,
    N8N_PORT: String(opts.port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_RUNNERS_BROKER_PORT: String(opts.brokerPort),
    N8N_EDITOR_BASE_URL: `http://127.0.0.1:${opts.port}/`,
    WEBHOOK_URL: `http://127.0.0.1:${opts.port}/`,
    // Plain http on this machine only: a secure cookie would keep some browsers logged out.
    N8N_SECURE_COOKIE: 'false',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
    // This package is an unverified community package (five services in one): say so explicitly,
    // as n8n asks, before its default flips to false.
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
    N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
  };
}
const n8nCli = (...args) => run(NODE24, [N8N_BIN, ...args], { env: n8nEnv(), cwd: opts.home });

async function ensureN8n() {
  if (existsSync(path.join(TOOLS, `.installed-${N8N_VERSION}`))) return say(`n8n ${N8N_VERSION}: already installed in ${path.relative(ROOT, TOOLS) || TOOLS}`);
  say(`n8n ${N8N_VERSION} is not installed yet: installing it into ${TOOLS} (about 4 minutes, once)…`);
  await runVisible('bash', [path.join(ROOT, 'scripts/n8n/install.sh')], { cwd: ROOT });
}

/**
 * Build, pack, and (re)install the tarball into the home's community-package folder if its hash
 * changed; skip the build too when no project file changed since the last one.
 */
async function installPackage(state, save) {
  const nodesDir = path.join(opts.home, '.n8n/nodes');
  const installed = path.join(nodesDir, 'node_modules', PACKAGE);
  // Taken before the build: a file edited while it runs makes the next run build again.
  const fingerprint = await projectFingerprint();
  if (fingerprint && state.projectFingerprint === fingerprint && state.packageHash && existsSync(path.join(installed, 'package.json'))) {
    return say(`Package unchanged (no project file changed since the last build, sha256 ${state.packageHash.slice(0, 12)}): not rebuilt, not reinstalled`);
  }
  say('Building and packing the package (npm run build, npm pack)…');
  await run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
  // The all-in-one package (every provider), as npm run build lays it out.
  const packed = (await run('npm', ['pack', '--pack-destination', opts.home, '--silent'], { cwd: path.join(buildDir, PACKAGE) })).trim().split('\n').pop();
  const tarball = path.join(opts.home, packed);
  const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  if (state.packageHash === hash && existsSync(path.join(installed, 'package.json'))) {
    state.projectFingerprint = fingerprint;
    save();
    return say(`Package unchanged (${packed}, sha256 ${hash.slice(0, 12)}): not reinstalled`);
  }
  mkdirSync(nodesDir, { recursive: true });
  if (!existsSync(path.join(nodesDir, 'package.json'))) writeFileSync(path.join(nodesDir, 'package.json'), '{"name":"installed-nodes","private":true}\n');
  // Same name and version as the last install: remove it so npm cannot keep the old files.
  rmSync(installed, { recursive: true, force: true });
  // As n8n's community-package installer does: the package and its runtime dependencies.
  await run('npm', ['install', tarball, '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: nodesDir });
  state.packageHash = hash;
  state.projectFingerprint = fingerprint;
  save();
  say(`Installed ${packed} (sha256 ${hash.slice(0, 12)}) as a community package`);
}

/** Import what n8n's database does not hold yet, by fixed id: nothing the user edited is overwritten. */
async function importExamples(state, save, sandboxPort) {
  const have = await existingIds(opts.home);
  const credentials = JSON.parse(
    readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8').replaceAll(EXAMPLE_SANDBOX, `http://127.0.0.1:${sandboxPort}/`),
  );
  const workflows = readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.json') && f !== 'credentials.sandbox.json')
    .sort()
    // Callback URLs in the examples name n8n's default port: aim them at this n8n.
    .map((f) => JSON.parse(readFileSync(path.join(ROOT, 'examples', f), 'utf8').replaceAll(EXAMPLE_N8N, `http://127.0.0.1:${opts.port}/`)));
  for (const [kind, items, ids] of [
    ['credentials', credentials, have.credentials],
    ['workflow', workflows, have.workflows],
  ]) {
    const missing = items.filter((item) => !ids.has(item.id));
    const kept = items.length - missing.length;
    if (!missing.length) {
      say(`${kind === 'workflow' ? 'Workflows' : 'Credentials'}: all ${items.length} already there, none imported`);
      continue;
    }
    const file = path.join(opts.home, `import-${kind}.json`);
    writeFileSync(file, JSON.stringify(missing), { mode: 0o600 });
    try {
      await n8nCli(`import:${kind}`, `--input=${file}`);
    } finally {
      rmSync(file, { force: true });
    }
    const what =
      kind === 'workflow'
        ? `Workflows: imported ${missing.length} examples`
        : `Credentials: imported ${missing.length} (${missing.map((i) => i.name).join('; ')})`;
    say(`${what}${kept ? `, kept ${kept} already there` : ''}`);
  }
  if (credentials.some((c) => !have.credentials.has(c.id))) {
    state.sandboxPort = sandboxPort; // what the credentials now point at
    save();
  }
}

/** Create the owner login once; later runs find it set up and print the login they saved. */
async function ensureOwner(base, state, save) {
  const settings = await (await fetch(`${base}/rest/settings`)).json();
  if (!settings.data?.userManagement?.showSetupOnFirstLoad) {
    say('Owner account: already set up');
    return state.owner;
  }
  const owner = state.owner ?? { email: 'you@enrichflow.local', password: `Try-${randomBytes(9).toString('base64url')}7` };
  const res = await fetch(`${base}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: owner.email, firstName: 'Enrichflow', lastName: 'Tryout', password: owner.password }),
  });
  if (!res.ok) throw new Error(`n8n refused the owner setup (${res.status}): ${await res.text()}`);
  state.owner = owner;
  save();
  say(`Owner account: created (${owner.email})`);
  return owner;
}

/** Start a long-running child and stop everything if it dies while we are not stopping. */
function launch(name, cmd, args, env, cwd) {
  const proc = startDetached(name, cmd, args, { env, cwd, logFile: path.join(opts.home, `${name}.log`) });
  started.push(proc);
  proc.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`[enrichflow] ${name} exited unexpectedly (${signal ?? `code ${code}`}); the end of ${proc.logFile}:\n${tail(proc.logFile)}`);
    shutdown(1);
  });
  return proc;
}

async function main() {
  if (opts.installOnly) {
    await ensureN8n();
    return;
  }
  mkdirSync(opts.home, { recursive: true });
  const { state, save } = loadState(opts.home);
  // The sandbox listens where this home's credentials point (4010, as in the examples, at first).
  const sandboxPort = opts.sandboxPort ?? state.sandboxPort ?? 4010;
  if (state.sandboxPort && state.sandboxPort !== sandboxPort) {
    say(
      `Warning: the credentials imported earlier point at the sandbox on port ${state.sandboxPort}, not ${sandboxPort}: edit their Base URL, or rerun without --sandbox-port`,
    );
  }
  const ports = [
    [opts.port, 'n8n editor', '--port or ENRICHFLOW_N8N_PORT'],
    [opts.brokerPort, "n8n's task-runner broker", '--broker-port or ENRICHFLOW_N8N_BROKER_PORT'],
    [sandboxPort, 'sandbox', '--sandbox-port or ENRICHFLOW_SANDBOX_PORT'],
  ];
  if (new Set(ports.map(([p]) => p)).size !== ports.length)
    throw new Error(`the n8n, task-broker and sandbox ports must differ (${ports.map(([p]) => p).join(', ')})`);
  for (const [port, role, hint] of ports) await assertPortFree(port, role, hint);

  await ensureN8n();
  await installPackage(state, save);
  await importExamples(state, save, sandboxPort);
  if (stopping) return;

  say(`Starting the sandbox on port ${sandboxPort} and n8n on port ${opts.port}…`);
  const sandbox = launch('sandbox', process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', String(sandboxPort)], process.env, ROOT);
  const n8n = launch('n8n', NODE24, [N8N_BIN, 'start'], n8nEnv(), opts.home);
  const alive = (proc) => () => proc.child.exitCode === null && proc.child.signalCode === null;
  await waitFor('the sandbox', async () => ((await fetch(`http://127.0.0.1:${sandboxPort}/_sandbox/health`)).ok ? true : undefined), {
    timeoutMs: 120_000,
    alive: alive(sandbox),
  });
  const base = `http://127.0.0.1:${opts.port}`;
  // Bounded but patient: n8n boots in 10–30 s, longer on a busy 2-core machine.
  await waitFor('n8n to be ready', async () => ((await fetch(`${base}/healthz/readiness`)).ok ? true : undefined), { timeoutMs: 240_000, alive: alive(n8n) });
  const owner = await ensureOwner(base, state, save);

  console.log(
    [
      '',
      `  n8n is ready:  ${base}/   (after ${Math.round((Date.now() - t0) / 1000)} s)`,
      `  Email:         ${owner?.email ?? '(set up earlier, not by this script)'}`,
      `  Password:      ${owner?.password ?? '(the one you chose)'}`,
      `  Sandbox:       http://127.0.0.1:${sandboxPort} (the imported "… sandbox" credentials point here)`,
      `  Your data:     ${opts.home} (kept between runs; delete it to start over; logs: n8n.log, sandbox.log)`,
      '',
      '  Press Ctrl-C to stop n8n and the sandbox.',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  if (stopping) return;
  console.error(`[enrichflow] ${err.message}`);
  shutdown(1);
});
