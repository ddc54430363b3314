/**
 * "Park and Check" at scale in the real n8n (`n8n start`, 2.41.1): 1,000 and 20,000 emails
 * validated as one batch whose execution parks. The provider's callbacks are lost (none reach
 * n8n: the sandbox's go nowhere, and n8n is never handed to the provider), and n8n's resume
 * endpoint answers 503 "Database is not ready!" to the first resume calls (a proxy in front of
 * n8n plays that, as measured under load). The parked execution must still check its job by
 * itself, resume, and give every input item its result, with the wallet settled: a lost
 * callback costs time, never items or credits. The sandbox runs on a clock sped up 10×.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scaledClock } from '../../../shared/platform';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { freePort } from '../../freePort';
import { installPackedPackage } from './package';
import { N8N_INSTALLED, n8nCli, type N8nHome, nodeOutput, startServer, storedExecutions, TOOLS, waitFor } from './n8nCli';

const ROOT = path.resolve(__dirname, '../../..');
if (!N8N_INSTALLED) console.warn(`SKIPPED the real-n8n Park and Check suite: n8n is not installed in ${TOOLS}; run scripts/n8n/install.sh first.`);
const d = N8N_INSTALLED ? describe : describe.skip;

// Free ports held for this process (the suites run side by side): in beforeAll.
let port: number;
const CLI = { brokerPort: 0 };
let sandbox: Sandbox;
let home: N8nHome;
let server: ReturnType<typeof startServer> | undefined;
let proxy: http.Server;
/** Resume calls the proxy refused / passed on. */
const resumeCalls = { refused: 0, passed: 0 };
let refuseNext = 0;

/** Between the world and n8n: refuses the next `refuseNext` calls to /webhook-waiting/ with 503. */
function startProxy(): Promise<number> {
  proxy = http.createServer((req, res) => {
    const waiting = (req.url ?? '').startsWith('/webhook-waiting/');
    if (waiting && refuseNext > 0) {
      refuseNext--;
      resumeCalls.refused++;
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":503,"message":"Database is not ready!"}');
      return;
    }
    if (waiting) resumeCalls.passed++;
    const upstream = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve((proxy.address() as AddressInfo).port)));
}

/** Webhook → Split Out (the posted emails, one item each) → validate them as one parked batch. */
function parkWorkflow(id: string, maxWaitMin: number) {
  const credentials = { enrichSoApi: { id: 'enrichflowSandbox1', name: 'Enrich.so sandbox' } };
  return {
    id,
    name: `Park and Check (${id})`,
    nodes: [
      {
        id: 'p1',
        name: 'Start',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        webhookId: `enrichflow-${id}`,
        position: [0, 0],
        parameters: { httpMethod: 'POST', path: id, responseMode: 'onReceived', options: {} },
      },
      {
        id: 'p2',
        name: 'One Email Each',
        type: 'n8n-nodes-base.splitOut',
        typeVersion: 1,
        position: [220, 0],
        parameters: { fieldToSplitOut: 'body.emails', options: {} },
      },
      {
        id: 'p3',
        name: 'Validate and Wait',
        type: 'n8n-nodes-enrichflow.enrichSo',
        typeVersion: 1,
        position: [440, 0],
        onError: 'continueRegularOutput',
        parameters: {
          resource: 'emailValidation',
          operation: 'submitBatch',
          email: '={{ $json.email }}',
          batchMode: 'wait',
          waitMethod: 'webhook',
          pollInterval: 1,
          maxWait: maxWaitMin,
          options: { creditBudget: 100000 },
        },
        credentials,
      },
    ],
    connections: {
      Start: { main: [[{ node: 'One Email Each', type: 'main', index: 0 }]] },
      'One Email Each': { main: [[{ node: 'Validate and Wait', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
    active: false,
  };
}

d('Park and Check at scale in the real n8n', () => {
  beforeAll(async () => {
    [port, CLI.brokerPort] = await Promise.all([freePort(), freePort()]);
    const proxyPort = await startProxy();
    home = { dir: mkdtempSync(path.join(tmpdir(), 'enrichflow-park-')), port, webhookUrl: `http://127.0.0.1:${proxyPort}/` };
    sandbox = await startSandbox({ port: 0, clock: scaledClock(10) });
    // 20,000 items at 500 a sandbox second: 40 sandbox seconds, 4 real ones.
    sandbox.providers.enrichSo.configure({ itemsPerSecond: 500, jobFaults: { duplicateCallbacks: true } });
    await installPackedPackage(home);
    const creds = JSON.parse(readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8'));
    creds[0].data.baseUrl = sandbox.providers.enrichSo.baseUrl;
    writeFileSync(path.join(home.dir, 'creds.json'), JSON.stringify(creds));
    const workflows = path.join(home.dir, 'workflows');
    mkdirSync(workflows);
    for (const wf of [parkWorkflow('park1k', 10), parkWorkflow('park20k', 10)]) writeFileSync(path.join(workflows, `${wf.id}.json`), JSON.stringify(wf));
    const cli = async (...args: string[]) => {
      const result = await n8nCli(home, args, CLI);
      if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (${result.code}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
    };
    await cli('import:credentials', `--input=${path.join(home.dir, 'creds.json')}`);
    await cli('import:workflow', '--separate', `--input=${workflows}`);
    for (const id of ['park1k', 'park20k']) await cli('publish:workflow', `--id=${id}`);
    server = startServer(home, { brokerPort: await freePort(), logFile: path.join(home.dir, 'n8n-start.log') });
    // Published workflows' webhooks register well after readiness on a loaded machine (~30 s seen).
    await waitFor(
      'n8n to serve the workflow webhooks',
      async () => {
        const probe = await fetch(`http://127.0.0.1:${port}/healthz/readiness`).catch(() => undefined);
        return probe?.status === 200 ? true : undefined;
      },
      120_000,
    );
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
    await sandbox?.close();
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
    if (home && !process.env.KEEP_N8N_E2E) rmSync(home.dir, { recursive: true, force: true });
  }, 60_000);

  for (const [id, count] of [
    ['park1k', 1_000],
    ['park20k', 20_000],
  ] as const) {
    test(`${count.toLocaleString('en')} emails: resume calls refused with 503, no provider callback reaches n8n — every item gets its result, the wallet settles`, async () => {
      const emails = Array.from({ length: count }, (_, i) => `park.${id}.${i}@${['acme.com', 'globex.com', 'initech.io'][i % 3]}`);
      const before = sandbox.providers.enrichSo.wallet().balance;
      refuseNext = 3;
      const started = Date.now();
      // The webhook node may answer before n8n is done registering it: retry the start briefly.
      await waitFor(
        'the workflow webhook to take the list',
        async () => {
          const r = await fetch(`http://127.0.0.1:${port}/webhook/${id}`, {
            method: 'POST',
            body: JSON.stringify({ emails: emails.map((email) => ({ email })) }),
            headers: { 'content-type': 'application/json' },
          }).catch(() => undefined);
          return r?.status === 200 ? true : undefined;
        },
        180_000,
        2000,
      );
      const execution = await waitFor(
        'the parked execution to check its job, resume and finish',
        async () => {
          const [e] = await storedExecutions(home, id);
          return e?.finished ? e : undefined;
        },
        240_000,
        2000,
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      expect(execution.status).toBe('success');
      const items = nodeOutput(execution, 'Validate and Wait');
      expect(items).toHaveLength(count);
      expect(items.every((item, i) => (item.pairedItem as { item: number }).item === i)).toBe(true);
      expect(items.filter((i) => i.json.error !== undefined)).toEqual([]);
      const charged = items.reduce((n, i) => n + Number((i.json._credits as { charged: number }).charged), 0);
      expect(before - sandbox.providers.enrichSo.wallet().balance).toBe(charged);
      expect(resumeCalls.refused).toBeGreaterThanOrEqual(3);
      await sandbox.flush();
      expect(sandbox.providers.enrichSo.webhookDeliveries().filter((x) => x.url.includes('/webhook-waiting/'))).toEqual([]);
      console.log(
        `Park and Check, ${count} items in the real n8n: finished in ${seconds} s; resume calls refused ${resumeCalls.refused}, passed ${resumeCalls.passed}; ${charged} credits charged = wallet change`,
      );
    }, 300_000);
  }
});
