/**
 * The n8n benchmark's child process (a fresh module graph, as n8n loads a node), one case per run
 * (`BENCH_N8N_CASE`), printing what it measured as JSON on its last line:
 * - `overhead`: `BENCH_ITEMS` Enrich.so email validations through the Enrichflow node on n8n's
 *   engine (test/n8n/harness.ts) and the same made directly through the core, both
 *   `BENCH_AT_ONCE` calls at a time with the rate limiter out of the way, and (with
 *   `BENCH_HTTP_REQUEST_NODE=1`) through n8n's HTTP Request node without batching, in
 *   `BENCH_ROUNDS` interleaved rounds after a warm-up.
 * - `enrichflow` / `httpRequest`: 1,000 validations at the sandbox account's plan limit, through the
 *   Enrichflow node (`BENCH_AT_ONCE` at a time) or through n8n's own HTTP Request node
 *   (n8n-nodes-base, from .tools/n8n) with its batching option, each on the same engine.
 */
import { performance } from 'node:perf_hooks';
import type { INodeType, IRun } from 'n8n-workflow';
import { Agent } from 'undici';
import { itemsInto, output, registerTypes, runWorkflow, type WorkflowJson } from '../n8n/harness';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { UndiciTransport } from '../../shared/transport/undici';
import { WIDE_LIMITS } from './common';
import { HTTP_REQUEST_NODE } from './n8n';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The node's Requests at Once, and the direct client's concurrency beside it. */
const AT_ONCE = Number(process.env.BENCH_AT_ONCE ?? 4);
/** A plan only this process knows, with every bucket wide: the node and the direct client wait on nothing. */
const UNLIMITED_PLAN = 'bench-unlimited';

const apiKey = process.env.BENCH_API_KEY!;
const baseUrl = process.env.BENCH_BASE_URL!;
const emails = (tag: string) => Array.from({ length: ITEMS }, (_, i) => ({ email: `${tag}.${i}@acme.com` }));

/** The Enrichflow node validating each item's email, as a user sets it up. */
function enrichflowWorkflow(tag: string): WorkflowJson {
  return itemsInto(emails(tag), {
    parameters: {
      resource: 'emailValidation',
      operation: 'validate',
      email: '={{$json.email}}',
      options: { creditBudget: 100_000, requestsAtOnce: AT_ONCE },
    },
  });
}

async function runEnrichflow(tag: string, plan: string): Promise<{ ms: number; run: IRun }> {
  const t0 = performance.now();
  const { run } = await runWorkflow(enrichflowWorkflow(tag), { credentials: { enrichSoApi: { apiKey, baseUrl, plan } } });
  return { ms: performance.now() - t0, run };
}

function outcome(run: IRun, node: string): { items: number; errors: number; failed?: string } {
  const failed = run.data.resultData.error?.message;
  if (failed) return { items: 0, errors: 0, failed };
  const items = output(run, node);
  return { items: items.length, errors: items.filter((i) => i.json.error !== undefined).length };
}

async function overhead(): Promise<object> {
  (enrichSo.plans!.limits as Record<string, unknown>)[UNLIMITED_PLAN] = WIDE_LIMITS;
  // Loading n8n-core replaces undici's global dispatcher (n8n's proxy and SSRF agent), which the
  // core's default transport would pick up here: a standalone process using the core has undici's own pool.
  const pool = new Agent();
  const direct = async (tag: string) => {
    const t0 = performance.now();
    const client = createClient({ provider: enrichSo, apiKey, baseUrl, plan: UNLIMITED_PLAN, transport: new UndiciTransport({ dispatcher: pool }) });
    await client.runEach(emails(tag), (x) => client.call('emailValidation.validate', x), { concurrency: AT_ONCE });
    return performance.now() - t0;
  };
  // n8n's own node with no batching (every request at once): what any node sending through n8n's request helpers pays.
  const withHttpNode = process.env.BENCH_HTTP_REQUEST_NODE === '1';
  if (withHttpNode) registerTypes({ 'n8n-nodes-base.httpRequest': httpRequestNode() });
  const httpRequest = async (tag: string) => {
    const t0 = performance.now();
    const { run } = await runWorkflow(httpRequestWorkflow(tag, 1, 0));
    const ms = performance.now() - t0;
    const o = outcome(run, 'HTTP Request');
    if (o.failed || o.items !== ITEMS || o.errors) throw new Error(`HTTP Request node: ${JSON.stringify(o)}`);
    return ms;
  };
  // Warm-up: n8n's engine and the nodes load lazily; a running n8n has done that long before.
  await direct('warm-direct');
  await runEnrichflow('warm-n8n', UNLIMITED_PLAN);
  if (withHttpNode) await httpRequest('warm-http');
  const directMs: number[] = [];
  const n8nMs: number[] = [];
  const httpMs: number[] = [];
  let last: IRun | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    // Distinct emails each round: the node's process-wide cache would answer repeats for free.
    directMs.push(await direct(`direct${r}`));
    const { ms, run } = await runEnrichflow(`n8n${r}`, UNLIMITED_PLAN);
    n8nMs.push(ms);
    last = run;
    if (withHttpNode) httpMs.push(await httpRequest(`http${r}`));
  }
  return { rounds: { directMs, n8nMs, httpMs }, ...outcome(last!, 'Enrich') };
}

/** n8n's HTTP Request node (the version new workflows get), loaded from the real n8n install. */
function httpRequestNode(): INodeType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n's own node, loaded as n8n does
  const { HttpRequest } = require(HTTP_REQUEST_NODE) as {
    HttpRequest: new () => { description: { defaultVersion: number }; getNodeType(v: number): INodeType };
  };
  const versioned = new HttpRequest();
  return versioned.getNodeType(versioned.description.defaultVersion);
}

/** The same validation as a user builds it with HTTP Request: the key in a header, batching from the plan's numbers. */
function httpRequestWorkflow(tag: string, batchSize: number, batchInterval: number): WorkflowJson {
  const json = itemsInto(
    emails(tag),
    {
      name: 'HTTP Request',
      onError: 'continueRegularOutput',
      parameters: {
        method: 'POST',
        url: `${baseUrl}/email-validation`,
        sendHeaders: true,
        headerParameters: { parameters: [{ name: 'x-api-key', value: apiKey }] },
        sendBody: true,
        contentType: 'json',
        specifyBody: 'keypair',
        bodyParameters: { parameters: [{ name: 'email', value: '={{$json.email}}' }] },
        options: batchInterval > 0 ? { batching: { batch: { batchSize, batchInterval } } } : {},
      },
    },
    'n8n-nodes-base.httpRequest',
  );
  json.nodes[1] = { ...json.nodes[1], typeVersion: 4.2, credentials: undefined };
  return json;
}

async function atLimit(which: 'enrichflow' | 'httpRequest'): Promise<object> {
  const plan = process.env.BENCH_PLAN!;
  if (which === 'enrichflow') {
    const { ms, run } = await runEnrichflow('limit', plan);
    return { ms, ...outcome(run, 'Enrich') };
  }
  registerTypes({ 'n8n-nodes-base.httpRequest': httpRequestNode() });
  const t0 = performance.now();
  const { run } = await runWorkflow(httpRequestWorkflow('limit', Number(process.env.BENCH_BATCH_SIZE), Number(process.env.BENCH_BATCH_INTERVAL_MS)));
  return { ms: performance.now() - t0, ...outcome(run, 'HTTP Request') };
}

async function main(): Promise<void> {
  const which = process.env.BENCH_N8N_CASE;
  const result = which === 'overhead' ? await overhead() : await atLimit(which === 'httpRequest' ? 'httpRequest' : 'enrichflow');
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
