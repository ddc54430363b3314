/**
 * The package as users get it, in the real n8n 2.41.1 (Node 24, from .tools/n8n): built, packed,
 * installed as a community package into $N8N_USER_FOLDER/.n8n/nodes, the examples imported and
 * run against the sandbox — headlessly with `n8n execute`, and by a running `n8n start` that
 * receives the sandbox's callbacks: the trigger records exactly one execution for a completion
 * delivered twice, a parked execution checks its job itself and resumes, and one parked by a
 * process that ended (`n8n execute`) resumes at Maximum Wait with every item as its own error.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { freePort } from '../../freePort';
import { installPackedPackage } from './package';
import { N8N_INSTALLED, n8nCli, type N8nHome, nodeOutput, runJson, startServer, storedExecutions, TOOLS, waitFor, webhookStarted } from './n8nCli';

const ROOT = path.resolve(__dirname, '../../..');
if (!N8N_INSTALLED) console.warn(`SKIPPED the real-n8n end-to-end: n8n is not installed in ${TOOLS}; run scripts/n8n/install.sh first.`);
const d = N8N_INSTALLED ? describe : describe.skip;

const TRIGGER_PATH = 'webhook/enrichflow-validation-finished/callback';
let sandbox: Sandbox;
let home: N8nHome;
let server: ReturnType<typeof startServer> | undefined;
const printed: string[] = [];
// Ports free right now and held for this process (the suites run side by side): in beforeAll.
let port: number;
const CLI = { brokerPort: 0 };

async function cli(...args: string[]) {
  const result = await n8nCli(home, args, CLI);
  printed.push(result.stdout, result.stderr);
  return result;
}

/** An example as the test imports it: callbacks aimed at this test's n8n, optional parameter changes. */
function example(name: string, change: { id?: string; node?: string; parameters?: Record<string, unknown> } = {}) {
  const wf = JSON.parse(readFileSync(path.join(ROOT, 'examples', name), 'utf8').replace(/http:\/\/127\.0\.0\.1:5678\//g, `http://127.0.0.1:${port}/`));
  if (change.id) Object.assign(wf, { id: change.id, name: `${wf.name} (${change.id})` });
  const node = wf.nodes.find((n: { name: string }) => n.name === change.node);
  if (node) Object.assign(node.parameters, change.parameters);
  return wf;
}

d('the packed package in the real n8n', () => {
  beforeAll(async () => {
    [port, CLI.brokerPort] = await Promise.all([freePort(), freePort()]);
    home = { dir: mkdtempSync(path.join(tmpdir(), 'enrichflow-e2e-')), port };
    sandbox = await startSandbox({ port: 0 });
    await installPackedPackage(home);

    const creds = JSON.parse(readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8'));
    creds[0].data.baseUrl = sandbox.providers.enrichSo.baseUrl;
    creds[1].data.baseUrl = sandbox.providers.enrichLayer.baseUrl;
    creds.find((c: { type: string }) => c.type === 'influencersClubApi').data.baseUrl = sandbox.providers.influencersClub.baseUrl;
    writeFileSync(path.join(home.dir, 'creds.json'), JSON.stringify(creds));
    const workflows = path.join(home.dir, 'workflows');
    mkdirSync(workflows);
    const wfs = [
      example('enrich-so-leads-to-emails.json'),
      example('enrichlayer-engineers-in-canada.json'),
      example('influencers-club-discover-and-enrich.json'),
      // Started by `n8n start` (a POST to their webhook): the job's callback token is recorded in
      // the process that receives the callbacks, and the parked execution is checked by it.
      webhookStarted(example('enrich-so-batch-validation-start.json'), 'enrichflow-start-batch'),
      example('enrich-so-batch-validation-finished.json'),
      webhookStarted(example('enrich-so-batch-validation-wait.json'), 'enrichflow-wait-batch'),
      // n8n does not enforce a parameter's minValue at run time: a 3-second Maximum Wait keeps the test short.
      example('enrich-so-batch-validation-wait.json', { id: 'enrichflowBatchNoCallback', node: 'Validate and Wait', parameters: { maxWait: 0.05 } }),
    ];
    for (const wf of wfs) writeFileSync(path.join(workflows, `${wf.id}.json`), JSON.stringify(wf));
    expect((await cli('import:credentials', `--input=${path.join(home.dir, 'creds.json')}`)).code).toBe(0);
    expect((await cli('import:workflow', '--separate', `--input=${workflows}`)).code).toBe(0);
    for (const id of ['enrichflowBatchDone', 'enrichflowBatchStart', 'enrichflowBatchWait']) expect((await cli('publish:workflow', `--id=${id}`)).code).toBe(0);
    // Six n8n boots one after another (an install, two imports, three publishes), while `npm test`
    // type-checks, lints and starts jest beside it: the same bound as the other suites' setups.
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await sandbox?.close();
    if (home && !process.env.KEEP_N8N_E2E) rmSync(home.dir, { recursive: true, force: true });
  }, 60_000);

  test('n8n loads the community package, and leads → emails runs headlessly within its credit budget', async () => {
    const result = await cli('execute', '--id=enrichflowLeadsEmails', '--rawOutput');
    expect(result.code).toBe(0);
    const emails = runJson(result).data.resultData.runData['Find Emails'][0].data!.main[0]!;
    expect(emails.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(emails[0].json).toEqual(expect.objectContaining({ found: true, _credits: expect.objectContaining({ charged: 10 }) }));
    // 10 credits a lookup: the third would take the run past its budget of 25, so it is not sent.
    expect((emails[2].json.details as { kind: string }).kind).toBe('budget_exceeded');
  });

  test('EnrichLayer: the bill first, then 20 Canadian engineers listed and enriched within the budgets', async () => {
    const result = await cli('execute', '--id=enrichflowLayerEngineers', '--rawOutput');
    expect(result.code).toBe(0);
    const runData = runJson(result).data.resultData.runData;
    expect(runData['Bill Before Running'][0].data!.main[0]![0]!.json._quote).toEqual(expect.objectContaining({ credits: 190, pages: 1 }));
    const profiles = runData['Enrich Profiles'][0].data!.main[0]!;
    expect(profiles).toHaveLength(20);
    expect(profiles.every((p) => p.json.error === undefined)).toBe(true);
  });

  test('influencers.club: the best 100 Instagram creators over 50k followers, enriched with Full within the budget of 150', async () => {
    const before = sandbox.providers.influencersClub.wallet().balance;
    const result = await cli('execute', '--id=enrichflowCreatorsFull', '--rawOutput');
    expect(result.code).toBe(0);
    const runData = runJson(result).data.resultData.runData;
    const creators = runData['Discover Creators'][0].data!.main[0]!;
    const enriched = runData['Enrich Full'][0].data!.main[0]!;
    expect(creators).toHaveLength(100);
    expect(enriched.map((i) => i.pairedItem)).toEqual(creators.map((_, item) => ({ item })));
    expect(enriched.every((i) => i.json.error === undefined)).toBe(true);
    // 100 creators at 0.01 + 100 Full enrichments at 1: 101 credits, under 150, and the wallet agrees.
    expect(before - sandbox.providers.influencersClub.wallet().balance).toBeCloseTo(101, 6);
  });

  test('a batch run by `n8n execute` parks the execution; the process ends before anyone checks it', async () => {
    const result = await cli('execute', '--id=enrichflowBatchNoCallback', '--rawOutput');
    expect(result.code).toBe(0);
    const waiting = runJson(result).data.resultData.runData['Validate and Wait'][0].data!.main[0]!;
    expect(waiting).toHaveLength(3);
    expect(waiting[0].json.status).toBe('waiting: checking the job every poll interval');
    const [stored] = await storedExecutions(home, 'enrichflowBatchNoCallback');
    expect(stored.status).toBe('waiting');
    // The provider is never handed a resume URL: its callbacks would flood n8n's waiting webhooks.
    await sandbox.flush();
    expect(sandbox.providers.enrichSo.webhookDeliveries().some((x) => x.url.includes('/webhook-waiting/'))).toBe(false);
  });

  describe('with `n8n start` running', () => {
    let hook: string;
    beforeAll(async () => {
      hook = `http://127.0.0.1:${port}/${TRIGGER_PATH}`;
      server = startServer(home, { brokerPort: await freePort(), logFile: path.join(home.dir, 'n8n-start.log') });
      // Readiness turns green before webhooks are registered, and while starting n8n answers
      // with a page of its own: poll the trigger's URL until the trigger itself answers — an
      // unsigned POST is refused by it (401 with its reason), not by n8n.
      const refusal = await waitFor(
        'the trigger webhook',
        async () => {
          const probe = await fetch(hook, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).catch(() => undefined);
          return probe?.status === 401 ? await probe.json() : undefined;
        },
        60_000,
      );
      // A POST naming no job the trigger started is refused before any token is compared.
      expect(refusal).toEqual({ error: 'unknown callback reference' });
      // Every callback from here on is delivered twice, as a retrying provider would.
      sandbox.providers.enrichSo.configure({ jobFaults: { duplicateCallbacks: true } });
    }, 90_000);

    test('the trigger records exactly one execution for a completion callback delivered twice', async () => {
      expect(
        (
          await fetch(`http://127.0.0.1:${port}/webhook/enrichflow-start-batch`, {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(200);
      const [execution] = await waitFor(
        'the Start workflow to finish',
        async () => {
          const list = await storedExecutions(home, 'enrichflowBatchStart');
          return list.length > 0 && list.every((e) => e.finished) ? list : undefined;
        },
        30_000,
      );
      const started = nodeOutput(execution, 'Validate Batch');
      const jobId = String(started[0].json.jobId);
      const completions = await waitFor(
        'both deliveries of the completion callback',
        async () => {
          await sandbox.flush();
          const done = sandbox.providers.enrichSo
            .webhookDeliveries()
            .filter((x) => x.url.startsWith(hook) && x.event === 'validation.completed' && x.status === 200);
          return done.length >= 2 ? done : undefined;
        },
        30_000,
      );
      // A third, late redelivery of the same completion is acknowledged and ignored too.
      const late = await fetch(completions[0].url, {
        method: 'POST',
        body: JSON.stringify({ event: 'validation.completed', timestamp: new Date().toISOString(), data: { job_id: jobId, status: 'completed' } }),
        headers: { 'content-type': 'application/json' },
      });
      expect(late.status).toBe(200);
      expect(await late.json()).toEqual(expect.objectContaining({ emitted: false }));
      // n8n runs the workflow only for a delivery the trigger emits; the trigger answers the
      // others itself ({"received":true,"emitted":false}). Exactly one delivery was not refused.
      const refused = (answer = '') => /^\{.*"emitted":false/.test(answer);
      expect(completions.filter((c) => !refused(c.answer)).map((c) => c.answer)).toHaveLength(1);

      const executions = await waitFor(
        'the trigger execution to finish',
        async () => {
          const list = await storedExecutions(home, 'enrichflowBatchDone');
          return list.length > 0 && list.every((e) => e.finished) ? list : undefined;
        },
        30_000,
      );
      expect(executions).toHaveLength(1);
      expect(executions[0].status).toBe('success');
      const [event] = nodeOutput(executions[0], 'Validation Finished');
      expect(event.json).toEqual(expect.objectContaining({ type: 'batch.completed', jobId, confirmed: true }));
      // One result per distinct address (the provider dedupes a job's entries).
      expect(event.json.results).toHaveLength(new Set(started.map((i) => String(i.json.entry).toLowerCase())).size);
    });

    test('a parked execution checks its job itself and resumes with one result per input item', async () => {
      // A job that takes 2 s, as real ones do: it finishes after the execution is parked.
      sandbox.providers.enrichSo.configure({ queueDelayMs: 2000 });
      try {
        expect(
          (
            await fetch(`http://127.0.0.1:${port}/webhook/enrichflow-wait-batch`, {
              method: 'POST',
              body: '{}',
              headers: { 'content-type': 'application/json' },
            })
          ).status,
        ).toBe(200);
        const resumed = await waitFor(
          'the parked execution to resume and finish',
          async () => {
            const [e] = await storedExecutions(home, 'enrichflowBatchWait');
            return e?.finished ? e : undefined;
          },
          30_000,
        );
        expect(resumed.status).toBe('success');
        const items = nodeOutput(resumed, 'Validate and Wait');
        expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
        for (const item of items) expect(item.json).toEqual(expect.objectContaining({ result: 'valid', _credits: expect.objectContaining({ charged: 1 }) }));
        expect(nodeOutput(resumed, 'Validate and Wait', 1)).toEqual([]);
      } finally {
        sandbox.providers.enrichSo.configure({ queueDelayMs: 0 });
      }
    });

    test('the execution parked by `n8n execute` (its process gone) resumes at Maximum Wait: every item is its own "no callback" error', async () => {
      // n8n's wait tracker picks up executions whose wait has passed when it starts.
      const resumed = await waitFor(
        'the timed-out execution to finish',
        async () => {
          const [e] = await storedExecutions(home, 'enrichflowBatchNoCallback');
          return e?.finished ? e : undefined;
        },
        90_000,
        1000,
      );
      expect(resumed.status).toBe('success');
      // The example sends errors to the error output; n8n pairs each to its input item.
      expect(nodeOutput(resumed, 'Validate and Wait', 0)).toEqual([]);
      const items = nodeOutput(resumed, 'Validate and Wait', 1);
      expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
      for (const item of items) {
        expect(item.json.details).toEqual(
          expect.objectContaining({ code: 'no_callback', batchJob: expect.objectContaining({ jobIds: [expect.any(String)] }) }),
        );
      }
    }, 120_000);

    test('no output, log or stored execution contains the API key', async () => {
      await server!.stop();
      server = undefined;
      const key = sandbox.providers.enrichSo.apiKey;
      expect(printed.join('\n')).not.toContain(key);
      expect(readFileSync(path.join(home.dir, 'n8n-start.log'), 'utf8')).not.toContain(key);
      for (const id of ['enrichflowBatchDone', 'enrichflowBatchWait', 'enrichflowBatchNoCallback'])
        expect(JSON.stringify(await storedExecutions(home, id))).not.toContain(key);
    }, 60_000);
  });
});
