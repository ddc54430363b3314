/**
 * Scale-out, with the real engines: n8n 2.41.1 in queue mode (a main process and two workers,
 * Redis between them, PostgreSQL for their shared executions) running the packed package with
 * its Shared Store set to the same Redis.
 *
 * - Several executions started at once against a sandbox plan with a known limit: the
 *   sandbox's request log shows the combined rate within the limit and no 429, and its wallet
 *   moved by exactly the credits the executions report.
 * - A worker SIGKILLed in the middle of a batch: n8n does not retry that job, the rerun finishes
 *   from the job registry, with one submit and one reservation.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_API_KEY } from '../../../sandbox/providers/enrich-so/config';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { freePort } from '../../freePort';
import { RedisServer, redisAvailable } from '../../redis/redisServer';
import { busiestWindow } from '../../unit/store-contract';
import { N8N_INSTALLED, n8nCli, type N8nHome, startServer, TOOLS, waitFor } from './n8nCli';
import { killWorker } from './killWorker';
import { installPackedPackage, newHome } from './package';
import { POSTGRES_AVAILABLE, PostgresServer } from './servers';
import { batchWorkflow, RATE_PATH, BATCH_PATH, rateWorkflow } from './queueWorkflows';
import Redis from 'ioredis';

const run = promisify(execFile);
const ready = N8N_INSTALLED && redisAvailable() && POSTGRES_AVAILABLE;
if (!ready)
  console.warn(
    `SKIPPED the n8n queue-mode end-to-end: needs n8n in ${TOOLS} (scripts/n8n/install.sh) and redis-server + PostgreSQL (scripts/redis/install.sh).`,
  );
const d = ready ? describe : describe.skip;

// The "scale" plan: paid lookups 500 a minute, 50 in any second.
const PLAN = { name: 'scale', perMinute: 500, perSecond: 50 };
// Free ports held for this process (the suites run side by side): n8n's, then one broker per n8n process.
let port: number;
let brokerPorts: number[];

let sandbox: Sandbox;
let redis: RedisServer;
let pg: PostgresServer;
let home: N8nHome;
const processes: { name: string; log: string; server: ReturnType<typeof startServer> }[] = [];

const es = () => sandbox.providers.enrichSo;
const paid = () =>
  es()
    .requests()
    .filter((r) => r.method === 'POST' && /\/email-validation$/.test(r.path));

async function sql(query: string): Promise<string[][]> {
  const { stdout } = await run('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'n8n', '-d', 'postgres', '-AtF', '\t', '-c', query]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
}

const executions = (workflowId: string) => sql(`select id, status from execution_entity where "workflowId" = '${workflowId}' order by id`);

function start(name: string, args: string[], brokerPort: number) {
  const log = path.join(home.dir, `${name}.log`);
  processes.push({ name, log, server: startServer(home, { brokerPort, logFile: log, args }) });
}

const logOf = (name: string) => {
  const file = processes.find((p) => p.name === name)!.log;
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

d('n8n in queue mode: a main process and two workers sharing one Redis store', () => {
  beforeAll(async () => {
    [redis, pg, sandbox, port, ...brokerPorts] = await Promise.all([
      RedisServer.start(),
      PostgresServer.start(),
      // Jobs progress at 2 items a second: a 16-item batch runs for ~8 s, long enough to kill a worker in it.
      startSandbox({ port: 0, enrichSo: { accounts: [{ apiKey: DEFAULT_API_KEY, plan: 'scale' }], itemsPerSecond: 2 } }),
      ...Array.from({ length: 5 }, () => freePort()),
    ]);
    home = newHome(port, {
      ...pg.env(),
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: '127.0.0.1',
      QUEUE_BULL_REDIS_PORT: String(redis.port),
      N8N_ENCRYPTION_KEY: 'enrichflow-queue-e2e-key',
      QUEUE_HEALTH_CHECK_ACTIVE: 'false',
    });
    await installPackedPackage(home);

    const creds = [
      { id: 'enrichSoQueue', name: 'Enrich.so sandbox', type: 'enrichSoApi', data: { apiKey: es().apiKey, baseUrl: es().baseUrl, plan: PLAN.name } },
      {
        id: 'sharedRedis',
        name: 'Queue-mode Redis',
        type: 'enrichflowSharedStoreApi',
        data: { host: '127.0.0.1', port: redis.port, database: 0, ssl: false, keyPrefix: 'enrichflow-e2e:' },
      },
    ];
    writeFileSync(path.join(home.dir, 'creds.json'), JSON.stringify(creds));
    const workflows = path.join(home.dir, 'workflows');
    mkdirSync(workflows);
    writeFileSync(path.join(workflows, 'rate.json'), JSON.stringify(rateWorkflow('enrichSoQueue', 'sharedRedis')));
    writeFileSync(path.join(workflows, 'batch.json'), JSON.stringify(batchWorkflow('enrichSoQueue', 'sharedRedis')));
    const cli = (...args: string[]) => n8nCli(home, args, { brokerPort: brokerPorts[0]! });
    for (const args of [
      ['import:credentials', `--input=${path.join(home.dir, 'creds.json')}`],
      ['import:workflow', '--separate', `--input=${workflows}`],
      ['publish:workflow', '--id=enrichflowQueueRate'],
      ['publish:workflow', '--id=enrichflowQueueBatch'],
    ]) {
      const result = await cli(...args);
      if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
    }

    // One at a time (on a busy 2-core machine three n8n boots at once crawl): main first —
    // it runs the database migrations — then the workers.
    start('main', ['start'], brokerPorts[1]!);
    await waitFor('main', async () => (/Editor is now accessible/.test(logOf('main')) ? true : undefined), 300_000, 500);
    // The webhook answers once main has registered it.
    await waitFor(
      'the webhooks of main',
      async () => {
        const probe = await fetch(`http://127.0.0.1:${port}/webhook/${RATE_PATH}`, { method: 'GET' }).catch(() => undefined);
        const text = probe ? await probe.text() : '';
        return /not registered for GET/i.test(text) ? true : undefined;
      },
      120_000,
      500,
    );
    for (const [i, worker] of ['worker-1', 'worker-2'].entries()) {
      start(worker, ['worker', '--concurrency=5'], brokerPorts[2 + i]!);
      await waitFor(worker, async () => (/worker is now ready/.test(logOf(worker)) ? true : undefined), 300_000, 500);
    }
  }, 900_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.server.stop()));
    await sandbox?.close();
    await pg?.stop();
    await redis?.shutdown();
    if (home && !process.env.KEEP_N8N_E2E) rmSync(home.dir, { recursive: true, force: true });
  }, 60_000);

  test('four executions at once stay within the plan together (no 429), and the wallet equals the credits they report', async () => {
    const walletBefore = es().wallet().balance;
    const mark = paid().length;
    // 4 executions × 40 emails; 5 of each execution's emails are shared by all four (paid once).
    const shared = Array.from({ length: 5 }, (_, i) => ({ email: `shared.${i}@acme.com` }));
    const lists = Array.from({ length: 4 }, (_, e) => [...shared, ...Array.from({ length: 35 }, (_, i) => ({ email: `exec${e}.person${i}@globex.com` }))]);
    const answers = await Promise.all(
      lists.map(async (people) => {
        const res = await fetch(`http://127.0.0.1:${port}/webhook/${RATE_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ people }),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as { email?: string; _credits?: { charged: number }; details?: unknown }[];
      }),
    );
    for (const items of answers) {
      expect(items).toHaveLength(40);
      expect(items.every((i) => i._credits !== undefined)).toBe(true);
    }

    const requests = paid().slice(mark);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    const times = requests.map((r) => Date.parse(r.time));
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(PLAN.perMinute);
    expect(busiestWindow(times, 999)).toBeLessThanOrEqual(PLAN.perSecond);
    // The shared emails were paid for once across all executions and workers.
    expect(requests).toHaveLength(4 * 35 + 5);

    const reported = answers.flat().reduce((sum, item) => sum + (item._credits?.charged ?? 0), 0);
    expect(walletBefore - es().wallet().balance).toBe(reported);
    expect(reported).toBe(4 * 35 + 5);

    // Both workers took executions: the limit held across processes, not inside one.
    const ran = (await executions('enrichflowQueueRate')).filter(([, status]) => status === 'success');
    expect(ran).toHaveLength(4);
    for (const worker of ['worker-1', 'worker-2']) expect(logOf(worker)).toMatch(/Worker started execution/);
  });

  test('a worker killed in the middle of a batch: the execution finishes from the job registry, one submit, one reservation', async () => {
    const walletBefore = es().wallet().balance;
    const submitsBefore = es()
      .requests()
      .filter((r) => r.method === 'POST' && r.path.endsWith('/email-validation/batch')).length;
    const emails = Array.from({ length: 16 }, (_, i) => ({ email: `crash.${i}@initech.com` }));
    const logsBefore = Object.fromEntries(['worker-1', 'worker-2'].map((w) => [w, logOf(w).length]));

    const res = await fetch(`http://127.0.0.1:${port}/webhook/${BATCH_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ people: emails }),
    });
    expect(res.status).toBe(200);
    const submits = () =>
      es()
        .requests()
        .filter((r) => r.method === 'POST' && r.path.endsWith('/email-validation/batch')).length - submitsBefore;
    await waitFor('the batch submit', async () => (submits() === 1 ? true : undefined), 60_000, 100);
    const reserved = walletBefore - es().wallet().balance;
    expect(reserved).toBe(16);
    // "In the middle of a batch" = while it polls: the worker has recorded the job in the shared
    // registry. (The sandbox logs the submit before the worker reads the answer; a kill in that
    // gap leaves a "submitting" claim whose heartbeat stops: a rerun refuses it for a minute,
    // then reconciles it from the provider — a different story, test/integration/submit-claim.test.ts.)
    const registry = new Redis({ host: '127.0.0.1', port: redis.port });
    try {
      const recorded = async () => {
        const keys = await registry.keys('enrichflow-e2e:job:*');
        const records = keys.length ? await registry.mget(keys) : [];
        return records.some((r) => r !== null && typeof JSON.parse(r).jobId === 'string') ? true : undefined;
      };
      await waitFor('the job id in the shared registry', recorded, 60_000, 50);
    } finally {
      registry.disconnect();
    }

    // The worker that took the execution, from what each logged since the request: SIGKILL it.
    const busy = processes.find((p) => p.name.startsWith('worker') && /Worker started execution/.test(logOf(p.name).slice(logsBefore[p.name])));
    expect(busy).toBeDefined();
    // Rerun once Redis has let go of the dead worker (./killWorker.ts).
    await killWorker(busy!.server.process, redis.port);

    // n8n 2.41 does not retry a job whose worker died (it sets Bull's maxStalledCount to 0 and
    // its queue recovery marks the execution crashed): the user reruns the workflow, on the
    // surviving worker, and the rerun finds the job in the shared registry.
    const rerun = await fetch(`http://127.0.0.1:${port}/webhook/${BATCH_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ people: emails }),
    });
    expect(rerun.status).toBe(200);
    // A worker's stalled-job recovery and a fresh poll loop can take a while on a loaded machine.
    const finished = await waitFor(
      'the rerun',
      async () => ((await executions('enrichflowQueueBatch')).some(([, status]) => status === 'success') ? true : undefined),
      240_000,
      500,
    );
    expect(finished).toBe(true);
    expect(submits()).toBe(1);
    // One reservation, settled: every address validated once (1 credit each), nothing held twice.
    expect(walletBefore - es().wallet().balance).toBeLessThanOrEqual(16);
    const reads = es()
      .requests()
      .filter((r) => r.method === 'GET' && /\/email-validation\/batch\/[^/]+\/results/.test(r.path));
    expect(reads.length).toBeGreaterThan(0);
  }, 360_000);
});
