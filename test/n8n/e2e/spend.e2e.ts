/**
 * Spend limits with the real engines: n8n 2.41.1 in queue mode (a main process, two workers,
 * Redis between them, PostgreSQL for their executions) running the packed package, the team's
 * limits in the Enrichflow Shared Store credential.
 *
 * - Three workflows at once against a monthly limit of 500 credits on Enrich.so: together they
 *   spend at most 500 (within one call's estimate of it), every call past it is refused with the
 *   limit's message, nothing is counted twice, no 429, and `npm run spend` adds up to the wallet.
 * - A worker SIGKILLed while its call holds credits: the hold keeps counting until its release
 *   time, and not past it.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { DEFAULT_API_KEY } from '../../../sandbox/providers/enrich-so/config';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { freePort } from '../../freePort';
import { RedisServer, redisAvailable } from '../../redis/redisServer';
import { busiestWindow } from '../../unit/store-contract';
import { N8N_INSTALLED, n8nCli, type N8nHome, startServer, TOOLS, waitFor } from './n8nCli';
import { killWorker } from './killWorker';
import { installPackedPackage, newHome } from './package';
import { POSTGRES_AVAILABLE, PostgresServer } from './servers';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const ready = N8N_INSTALLED && redisAvailable() && POSTGRES_AVAILABLE;
if (!ready)
  console.warn(
    `SKIPPED the n8n spend-limit end-to-end: needs n8n in ${TOOLS} (scripts/n8n/install.sh) and redis-server + PostgreSQL (scripts/redis/install.sh).`,
  );
const d = ready ? describe : describe.skip;

const LIMIT = 500;
const TEAM_PREFIX = 'enrichflow-spend:';
const HOLD_PREFIX = 'enrichflow-hold:';
const HOLD_MINUTES = 0.5;

/** Webhook → one item per person → Enrich.so "Validate email" on the shared store, Continue On Fail. */
function spendWorkflow(id: string, webhookPath: string, storeCredential: string) {
  return {
    id,
    name: `Spend limits: ${id}`,
    nodes: [
      {
        id: 'w1',
        name: 'People',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: randomUUID(),
        parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
      },
      {
        id: 'w2',
        name: 'One Item Per Person',
        type: 'n8n-nodes-base.splitOut',
        typeVersion: 1,
        position: [220, 0],
        parameters: { fieldToSplitOut: 'body.people', options: {} },
      },
      {
        id: 'w3',
        name: 'Enrich',
        type: 'n8n-nodes-enrichflow.enrichSo',
        typeVersion: 1,
        position: [440, 0],
        parameters: { resource: 'emailValidation', operation: 'validate', email: '={{ $json.email }}', sharedStore: 'redis', options: {} },
        credentials: {
          enrichSoApi: { id: 'enrichSoSpend', name: 'Enrich.so sandbox' },
          enrichflowSharedStoreApi: { id: storeCredential, name: storeCredential },
        },
        onError: 'continueRegularOutput',
      },
    ],
    connections: {
      People: { main: [[{ node: 'One Item Per Person', type: 'main', index: 0 }]] },
      'One Item Per Person': { main: [[{ node: 'Enrich', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
    active: false,
  };
}

const WORKFLOWS = [
  { id: 'enrichflowSpendA', path: 'spend-a', store: 'teamRedis' },
  { id: 'enrichflowSpendB', path: 'spend-b', store: 'teamRedis' },
  { id: 'enrichflowSpendC', path: 'spend-c', store: 'teamRedis' },
  { id: 'enrichflowSpendHold', path: 'spend-hold', store: 'holdRedis' },
];

type Item = { email?: string; error?: string; _credits?: { charged: number } };

let sandbox: Sandbox;
let redis: RedisServer;
let pg: PostgresServer;
let home: N8nHome;
let port: number;
const processes: { name: string; log: string; server: ReturnType<typeof startServer> }[] = [];

const es = () => sandbox.providers.enrichSo;
const paid = () =>
  es()
    .requests()
    .filter((r) => r.method === 'POST' && /\/email-validation$/.test(r.path));
const logOf = (name: string) => {
  const file = processes.find((p) => p.name === name)!.log;
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};
const post = (webhookPath: string, people: { email: string }[]) =>
  fetch(`http://127.0.0.1:${port}/webhook/${webhookPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ people }),
  });

d('spend limits in n8n queue mode: a main process and two workers, one Redis, one limit', () => {
  beforeAll(async () => {
    [redis, pg, sandbox, port] = await Promise.all([
      RedisServer.start(),
      PostgresServer.start(),
      startSandbox({ port: 0, enrichSo: { accounts: [{ apiKey: DEFAULT_API_KEY, plan: 'scale' }] } }),
      freePort(),
    ]);
    const brokerPorts = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    home = newHome(port, {
      ...pg.env(),
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: '127.0.0.1',
      QUEUE_BULL_REDIS_PORT: String(redis.port),
      N8N_ENCRYPTION_KEY: 'enrichflow-spend-e2e-key',
      QUEUE_HEALTH_CHECK_ACTIVE: 'false',
    });
    await installPackedPackage(home);

    const store = (keyPrefix: string, spendLimits: unknown[], spendHoldMinutes: number) => ({
      host: '127.0.0.1',
      port: redis.port,
      database: 0,
      ssl: false,
      keyPrefix,
      spendLimits: JSON.stringify(spendLimits),
      spendWarnAt: 80,
      spendHoldMinutes,
    });
    const creds = [
      { id: 'enrichSoSpend', name: 'Enrich.so sandbox', type: 'enrichSoApi', data: { apiKey: es().apiKey, baseUrl: es().baseUrl, plan: 'scale' } },
      {
        id: 'teamRedis',
        name: 'teamRedis',
        type: 'enrichflowSharedStoreApi',
        data: store(TEAM_PREFIX, [{ provider: 'enrichSo', period: 'month', credits: LIMIT }], 10),
      },
      {
        id: 'holdRedis',
        name: 'holdRedis',
        type: 'enrichflowSharedStoreApi',
        data: store(HOLD_PREFIX, [{ provider: 'enrichSo', period: 'month', credits: 1 }], HOLD_MINUTES),
      },
    ];
    writeFileSync(path.join(home.dir, 'creds.json'), JSON.stringify(creds));
    const dir = path.join(home.dir, 'workflows');
    mkdirSync(dir);
    for (const w of WORKFLOWS) writeFileSync(path.join(dir, `${w.id}.json`), JSON.stringify(spendWorkflow(w.id, w.path, w.store)));
    const cli = (...args: string[]) => n8nCli(home, args, { brokerPort: brokerPorts[3]! });
    for (const args of [
      ['import:credentials', `--input=${path.join(home.dir, 'creds.json')}`],
      ['import:workflow', '--separate', `--input=${dir}`],
      ...WORKFLOWS.map((w) => ['publish:workflow', `--id=${w.id}`]),
    ]) {
      const result = await cli(...args);
      if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
    }

    const start = (name: string, args: string[], brokerPort: number) => {
      const log = path.join(home.dir, `${name}.log`);
      processes.push({ name, log, server: startServer(home, { brokerPort, logFile: log, args }) });
    };
    start('main', ['start'], brokerPorts[0]!);
    await waitFor('main', async () => (/Editor is now accessible/.test(logOf('main')) ? true : undefined), 300_000, 500);
    await waitFor(
      'the webhooks of main',
      async () => {
        const probe = await fetch(`http://127.0.0.1:${port}/webhook/spend-hold`, { method: 'GET' }).catch(() => undefined);
        return /not registered for GET/i.test(probe ? await probe.text() : '') ? true : undefined;
      },
      120_000,
      500,
    );
    for (const [i, worker] of ['worker-1', 'worker-2'].entries()) {
      start(worker, ['worker', '--concurrency=5'], brokerPorts[1 + i]!);
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

  test('three workflows at once against a monthly limit of 500: at most 500 spent, the rest refused with the message, no 429, the report equals the wallet', async () => {
    const walletBefore = es().wallet().balance;
    const mark = paid().length;
    const lists = ['a', 'b', 'c'].map((w) => Array.from({ length: 200 }, (_, i) => ({ email: `${w}.person${i}@globex.com` })));
    const answers = await Promise.all(
      WORKFLOWS.slice(0, 3).map(async (w, n) => {
        const res = await post(w.path, lists[n]!);
        expect(res.status).toBe(200);
        return (await res.json()) as Item[];
      }),
    );
    for (const items of answers) expect(items).toHaveLength(200);
    const all = answers.flat();
    const charged = all.reduce((sum, i) => sum + (i._credits?.charged ?? 0), 0);
    const refused = all.filter((i) => i.error !== undefined);
    // Every call is estimated at its price (1 credit): the team spends the limit exactly.
    expect(charged).toBe(LIMIT);
    expect(refused).toHaveLength(600 - LIMIT);
    const resets = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1)).toISOString();
    for (const r of refused)
      expect(r.error).toBe(
        `Spend limit reached: the enrichSo monthly limit of 500 credits has 0 credits left and this call may cost up to 1; it resets at ${resets}. Nothing was sent.`,
      );

    const requests = paid().slice(mark);
    expect(requests).toHaveLength(LIMIT);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    expect(
      busiestWindow(
        requests.map((r) => Date.parse(r.time)),
        60_000,
      ),
    ).toBeLessThanOrEqual(500);
    expect(walletBefore - es().wallet().balance).toBe(LIMIT);

    // `npm run spend`: per workflow what its items say they cost, in total what left the wallet.
    const { stdout } = await run(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/spend/report.ts', '--redis', `127.0.0.1:${redis.port}`, '--prefix', TEAM_PREFIX, '--json'],
      { cwd: ROOT },
    );
    const report = JSON.parse(stdout) as { total: number; byWorkflow: Record<string, number>; rows: { calls: number }[] };
    expect(report.total).toBe(walletBefore - es().wallet().balance);
    WORKFLOWS.slice(0, 3).forEach((w, n) => expect(report.byWorkflow[w.id]).toBe(answers[n]!.reduce((sum, i) => sum + (i._credits?.charged ?? 0), 0)));
    expect(report.rows.reduce((sum, r) => sum + r.calls, 0)).toBe(LIMIT);
    // Both workers ran executions: the limit held across processes, not inside one.
    for (const worker of ['worker-1', 'worker-2']) expect(logOf(worker)).toMatch(/Worker started execution/);
  }, 600_000);

  test('a worker killed while its call holds credits: the hold counts until its release time, not past it', async () => {
    const logsBefore = Object.fromEntries(['worker-1', 'worker-2'].map((w) => [w, logOf(w).length]));
    // The call hangs at the provider (past the hold's release), so the worker dies holding its credit.
    sandbox.faults.add({ provider: 'enrichSo', method: 'POST', path: /\/email-validation$/, kind: 'slow', delayMs: HOLD_MINUTES * 60_000 + 15_000 });
    void post('spend-hold', [{ email: 'held@initech.com' }]).catch(() => undefined);
    const direct = new Redis({ host: '127.0.0.1', port: redis.port });
    try {
      const hold = await waitFor(
        'the hold in the shared store',
        async () => {
          for (const key of await direct.keys(`${HOLD_PREFIX}spend:limit:*`)) {
            const fields = await direct.hgetall(key);
            const field = Object.keys(fields).find((f) => f.startsWith('h:'));
            if (field) return { key, releaseAt: Number(fields[field]!.split('|')[1]) };
          }
          return undefined;
        },
        60_000,
        50,
      );
      const busy = processes.find((p) => p.name.startsWith('worker') && /Worker started execution/.test(logOf(p.name).slice(logsBefore[p.name])));
      expect(busy).toBeDefined();
      // Gone, and let go of by Redis, before the next call (./killWorker.ts).
      await killWorker(busy!.server.process, redis.port);

      // Until the release time the dead call's credit still counts: the next call is refused.
      const tryOnce = async (email: string): Promise<Item> => ((await (await post('spend-hold', [{ email }])).json()) as Item[])[0]!;
      const early = await tryOnce('early@initech.com');
      expect(Date.now()).toBeLessThan(hold.releaseAt);
      expect(early.error).toMatch(/^Spend limit reached: the enrichSo monthly limit of 1 credit has 0 credits left/);
      // Then it is released: the limit is whole again within a poll of the release time.
      let n = 0;
      const freed = await waitFor(
        'the released hold',
        async () => {
          const item = await tryOnce(`after${++n}@initech.com`);
          return item.error === undefined ? { item, at: Date.now() } : undefined;
        },
        120_000,
        1_000,
      );
      expect(freed.at).toBeGreaterThanOrEqual(hold.releaseAt);
      expect(freed.item._credits?.charged).toBe(1);
      // The released amount is kept beside the limit, to reconcile with the provider's balance.
      expect(Number(await direct.hget(hold.key, 'expired'))).toBe(1_000_000);
    } finally {
      direct.disconnect();
      sandbox.faults.clear();
    }
  }, 300_000);
});
