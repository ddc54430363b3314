/**
 * 7. n8n: what a user running Enrichflow in n8n gets, each side on n8n's own engine in a child
 * process (n8nWorker.ts) against one sandbox:
 * - the engine's and the adapter's cost: 1,000 items through the Enrichflow node ÷ the same 1,000
 *   calls made directly through the core, the rate limiter out of the way on both sides;
 * - at a plan's rate limit: the Enrichflow node ÷ n8n's HTTP Request node with its batching set
 *   from the same plan, the same 1,000 calls, with the 429s the sandbox sent each.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { median, type Row } from './common';

const run = promisify(execFile);
const GROUP = '7. n8n (1,000 items)';
const OVERHEAD_CASE = 'Enrichflow node in n8n ÷ core direct (limiter out of the way)';
/** n8n's HTTP Request node in the real n8n install (scripts/n8n/install.sh; N8N_TOOLS_DIR as there). */
export const HTTP_REQUEST_NODE = path.join(
  process.env.N8N_TOOLS_DIR ?? path.join(__dirname, '../../.tools/n8n'),
  'node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js',
);

/** The plan both at-limit runs use, and the batching a user would set from its numbers. */
const LIMIT = { plan: 'scale' as const, label: 'Enrich.so scale plan, 500/min and 50 in any second', rate: 500, burst: 50 };
const BATCH = { size: LIMIT.burst, intervalMs: (LIMIT.burst / LIMIT.rate) * 60_000 };
const SANDBOX_KEY = 'sk_test_bench_n8n';

interface Measured {
  items: number;
  errors: number;
  failed?: string;
}

/** One case in a fresh child process; its last stdout line is the JSON it measured. */
async function worker<T extends Measured>(env: Record<string, string>): Promise<T> {
  try {
    const { stdout } = await run(process.execPath, [...process.execArgv, path.join(__dirname, 'n8nWorker.ts')], {
      env: { ...process.env, ...env },
      maxBuffer: 16 << 20,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
    if (result.failed) throw new Error(`the workflow failed: ${result.failed}`);
    return result;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    if (stderr) process.stderr.write(`n8n worker (${env.BENCH_N8N_CASE}) failed:\n${stderr.split('\n').slice(-30).join('\n')}\n`);
    throw error;
  }
}

function why(error: unknown): string {
  const text =
    String((error as { stderr?: string }).stderr ?? '')
      .trim()
      .split('\n')
      .filter((l) => l && !/^\s+at /.test(l))
      .at(-1) ?? (error as Error).message;
  return `not measured: ${text.slice(0, 160)}`;
}

async function overheadRows(): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null } } });
  const es = sandbox.providers.enrichSo;
  const withHttpNode = existsSync(HTTP_REQUEST_NODE);
  try {
    const r = await worker<Measured & { rounds: { directMs: number[]; n8nMs: number[]; httpMs: number[] } }>({
      BENCH_N8N_CASE: 'overhead',
      BENCH_API_KEY: es.apiKey,
      BENCH_BASE_URL: es.baseUrl,
      BENCH_HTTP_REQUEST_NODE: withHttpNode ? '1' : '0',
    });
    const { directMs, n8nMs, httpMs } = r.rounds;
    const s = (ms: number) => (ms / 1000).toFixed(2);
    // Each round's two sides ran back to back: the median of the rounds' own ratios, so a stall of the shared machine in one round moves one ratio, not the comparison.
    const ratio = median(n8nMs.map((ms, i) => ms / directMs[i]!));
    const each = n8nMs.map((ms, i) => `${s(ms)}/${s(directMs[i]!)}`).join(', ');
    const rows: Row[] = [
      {
        group: GROUP,
        case: OVERHEAD_CASE,
        ratio,
        target: '≤ 1.30',
        met: ratio <= 1.3 && r.items === 1000 && r.errors === 0,
        note: `median of ${n8nMs.length} interleaved rounds' ratios (node/direct s: ${each}); ${r.items} items out, ${r.errors} errors`,
      },
    ];
    if (httpMs.length) {
      const httpRatio = median(httpMs.map((ms, i) => ms / directMs[i]!));
      const nodeToHttp = median(n8nMs.map((ms, i) => ms / httpMs[i]!));
      rows.push({
        group: GROUP,
        case: "baseline: n8n's HTTP Request node, no batching (every request at once) ÷ core direct",
        ratio: httpRatio,
        target: 'baseline',
        met: undefined,
        note: `same rounds (s: ${httpMs.map(s).join(', ')}); the Enrichflow node ÷ it: ${nodeToHttp.toFixed(2)}`,
      });
    }
    return rows;
  } catch (error) {
    return [{ group: GROUP, case: OVERHEAD_CASE, ratio: NaN, target: '≤ 1.30', met: false, note: why(error) }];
  } finally {
    await sandbox.close();
  }
}

/** The sandbox's answers to the validations: 2xx and 429. */
function answers(sandbox: Sandbox): { ok: number; limited: number } {
  let ok = 0;
  let limited = 0;
  for (const r of sandbox.providers.enrichSo.requests()) {
    if (!r.path.endsWith('/email-validation')) continue;
    if (r.status === 429) limited++;
    else if (r.status < 300) ok++;
  }
  return { ok, limited };
}

/** One side's 1,000 validations, against a sandbox of its own (so one side's requests never fill the other's windows). */
async function atLimit(which: 'enrichflow' | 'httpRequest') {
  const sandbox = await startSandbox({ port: 0, enrichSo: { accounts: [{ apiKey: SANDBOX_KEY, plan: LIMIT.plan }] } });
  try {
    const r = await worker<Measured & { ms: number }>({
      BENCH_N8N_CASE: which,
      BENCH_API_KEY: SANDBOX_KEY,
      BENCH_BASE_URL: sandbox.providers.enrichSo.baseUrl,
      BENCH_PLAN: LIMIT.plan,
      BENCH_BATCH_SIZE: String(BATCH.size),
      BENCH_BATCH_INTERVAL_MS: String(BATCH.intervalMs),
    });
    return { ...r, ...answers(sandbox) };
  } finally {
    await sandbox.close();
  }
}

async function atLimitRows(): Promise<Row[]> {
  const enrichflowCase = `at the limit (${LIMIT.label}): Enrichflow node ÷ HTTP Request node batching ${BATCH.size} per ${BATCH.intervalMs / 1000} s`;
  const httpCase = `at the limit: HTTP Request node batching ${BATCH.size} per ${BATCH.intervalMs / 1000} s (baseline, seconds)`;
  const target = '< 1.00, 0 × 429';
  if (!existsSync(HTTP_REQUEST_NODE)) {
    return [
      {
        group: GROUP,
        case: enrichflowCase,
        ratio: NaN,
        target,
        met: false,
        note: 'not measured: n8n-nodes-base is not installed (npm run n8n -- --install-only)',
      },
    ];
  }
  let enrichflow: Awaited<ReturnType<typeof atLimit>>;
  let http: Awaited<ReturnType<typeof atLimit>>;
  try {
    enrichflow = await atLimit('enrichflow');
    http = await atLimit('httpRequest');
  } catch (error) {
    return [{ group: GROUP, case: enrichflowCase, ratio: NaN, target, met: false, note: why(error) }];
  }
  const describe = (r: typeof enrichflow) => `${(r.ms / 1000).toFixed(1)} s; ${r.ok} answered, ${r.limited} × 429; ${r.items} items out, ${r.errors} errors`;
  const ratio = enrichflow.ms / http.ms;
  return [
    {
      group: GROUP,
      case: enrichflowCase,
      ratio,
      target,
      met: ratio < 1 && enrichflow.limited === 0 && enrichflow.ok === 1000 && enrichflow.errors === 0,
      note: describe(enrichflow),
    },
    { group: GROUP, case: httpCase, ratio: http.ms / 1000, target: 'baseline', met: undefined, note: describe(http) },
  ];
}

export async function n8n(): Promise<Row[]> {
  return [...(await overheadRows()), ...(await atLimitRows())];
}
