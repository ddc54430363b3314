/**
 * 7. n8n: what a user running Enrichflow in n8n gets, each side on n8n's own engine in a child
 * process (n8nWorker.ts) against one sandbox:
 * - the engine's and the adapter's cost: items through the Enrichflow node at its default
 *   Requests at Once ÷ the same calls made directly through the core at the same concurrency,
 *   the rate limiter out of the way on both sides; on loopback (answers in microseconds: n8n's
 *   own per-request cost shows) and with the sandbox answering in a real provider's time;
 * - at a plan's rate limit, answers in a real provider's time: the requests answered in two
 *   minutes ÷ the most the plan allows in them, for the node at its default, the node one item at
 *   a time, and n8n's HTTP Request node with its batching set from the plan, with the 429s the
 *   sandbox sent each.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { median, type Row } from './common';
import { contractMaximum } from './rateCases';

const run = promisify(execFile);
const GROUP = '7. n8n';
/** The node's default Requests at Once (nodes/adapter/requestsAtOnce.ts); the direct client runs as many. */
const AT_ONCE = 4;
/** A real provider's answer time, played by the sandbox (100–500 ms in practice). */
const ANSWER_MS = 150;
/** n8n's HTTP Request node in the real n8n install (scripts/n8n/install.sh; N8N_TOOLS_DIR as there). */
export const HTTP_REQUEST_NODE = path.join(
  process.env.N8N_TOOLS_DIR ?? path.join(__dirname, '../../.tools/n8n'),
  'node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js',
);

/** The plan both at-limit runs use, and the batching a user would set from its numbers. */
const LIMIT = { plan: 'scale' as const, label: 'Enrich.so scale plan, 500/min and 50 in any second', rate: 500, burst: 50 };
/** The span counted at the limit: the plan lets 1,000 through in it, so 1,000 items never run out before it ends. */
const SPAN_MS = 120_000;
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

interface OverheadCase {
  name: string;
  latencyMs: number;
  items: number;
  rounds: number;
  withHttpNode: boolean;
}

const OVERHEAD_CASES: OverheadCase[] = [
  { name: 'loopback', latencyMs: 0, items: 1000, rounds: 5, withHttpNode: true },
  { name: `answers in ${ANSWER_MS} ms`, latencyMs: ANSWER_MS, items: 200, rounds: 3, withHttpNode: false },
];

async function overheadRows(c: OverheadCase): Promise<Row[]> {
  const sandbox = await startSandbox({ port: 0, latencyMs: c.latencyMs, enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null } } });
  const es = sandbox.providers.enrichSo;
  const withHttpNode = c.withHttpNode && existsSync(HTTP_REQUEST_NODE);
  const overheadCase = `${c.items.toLocaleString('en')} items, ${c.name}: Enrichflow node ÷ core direct, both ${AT_ONCE} calls at a time (limiter out of the way)`;
  try {
    const r = await worker<Measured & { rounds: { directMs: number[]; n8nMs: number[]; httpMs: number[] } }>({
      BENCH_N8N_CASE: 'overhead',
      BENCH_API_KEY: es.apiKey,
      BENCH_BASE_URL: es.baseUrl,
      BENCH_HTTP_REQUEST_NODE: withHttpNode ? '1' : '0',
      BENCH_ITEMS: String(c.items),
      BENCH_ROUNDS: String(c.rounds),
      BENCH_AT_ONCE: String(AT_ONCE),
    });
    const { directMs, n8nMs, httpMs } = r.rounds;
    const s = (ms: number) => (ms / 1000).toFixed(2);
    // Each round's two sides ran back to back: the median of the rounds' own ratios, so a stall of the shared machine in one round moves one ratio, not the comparison.
    const ratio = median(n8nMs.map((ms, i) => ms / directMs[i]!));
    const each = n8nMs.map((ms, i) => `${s(ms)}/${s(directMs[i]!)}`).join(', ');
    // On loopback the sandbox (this process) answers each request before the next arrives: its count says nothing there.
    const peak = c.latencyMs > 0 ? `; at most ${sandbox.answers.atOnce('enrichSo').peak} requests at once in the sandbox` : '';
    const rows: Row[] = [
      {
        group: GROUP,
        case: overheadCase,
        ratio,
        target: '≤ 1.30',
        met: ratio <= 1.3 && r.items === c.items && r.errors === 0,
        note: `median of ${n8nMs.length} interleaved rounds' ratios (node/direct s: ${each}); ${r.items} items out, ${r.errors} errors${peak}`,
      },
    ];
    if (httpMs.length) {
      const httpRatio = median(httpMs.map((ms, i) => ms / directMs[i]!));
      const nodeToHttp = median(n8nMs.map((ms, i) => ms / httpMs[i]!));
      rows.push({
        group: GROUP,
        case: `${c.items.toLocaleString('en')} items, ${c.name}: baseline: n8n's HTTP Request node, no batching (every request at once) ÷ core direct`,
        ratio: httpRatio,
        target: 'baseline',
        met: undefined,
        note: `same rounds (s: ${httpMs.map(s).join(', ')}); the Enrichflow node ÷ it: ${nodeToHttp.toFixed(2)}`,
      });
    }
    return rows;
  } catch (error) {
    return [{ group: GROUP, case: overheadCase, ratio: NaN, target: '≤ 1.30', met: false, note: why(error) }];
  } finally {
    await sandbox.close();
  }
}

/**
 * The sandbox's answers to the validations: 2xx and 429 in all, the 2xx within the span counted
 * from the first validation, the seconds to the last one, and the most it answered at once.
 */
function answers(sandbox: Sandbox): { ok: number; limited: number; inSpan: number; lastS: number; peak: number } {
  const validations = sandbox.providers.enrichSo.requests().filter((r) => r.path.endsWith('/email-validation'));
  const times = validations.map((r) => Date.parse(r.time));
  const first = Math.min(...times);
  let ok = 0;
  let limited = 0;
  let inSpan = 0;
  validations.forEach((r, i) => {
    if (r.status === 429) limited++;
    else if (r.status < 300) {
      ok++;
      if (times[i]! - first < SPAN_MS) inSpan++;
    }
  });
  return { ok, limited, inSpan, lastS: (Math.max(...times) - first) / 1000, peak: sandbox.answers.atOnce('enrichSo').peak };
}

/** One side's 1,000 validations, against a sandbox of its own (so one side's requests never fill the other's windows). */
async function atLimit(which: 'enrichflow' | 'httpRequest', atOnce = AT_ONCE) {
  const sandbox = await startSandbox({ port: 0, latencyMs: ANSWER_MS, enrichSo: { accounts: [{ apiKey: SANDBOX_KEY, plan: LIMIT.plan }] } });
  try {
    const r = await worker<Measured & { ms: number }>({
      BENCH_N8N_CASE: which,
      BENCH_API_KEY: SANDBOX_KEY,
      BENCH_BASE_URL: sandbox.providers.enrichSo.baseUrl,
      BENCH_PLAN: LIMIT.plan,
      BENCH_BATCH_SIZE: String(BATCH.size),
      BENCH_BATCH_INTERVAL_MS: String(BATCH.intervalMs),
      BENCH_AT_ONCE: String(atOnce),
    });
    return { ...r, ...answers(sandbox) };
  } finally {
    await sandbox.close();
  }
}

async function atLimitRows(): Promise<Row[]> {
  const most = contractMaximum({ rate: LIMIT.rate, windowMs: 60_000, burst: LIMIT.burst }, SPAN_MS);
  const where = `at the limit (${LIMIT.label}), answers in ${ANSWER_MS} ms: requests answered in ${SPAN_MS / 60_000} min ÷ the plan's most`;
  const nodeCase = `${where} — Enrichflow node, ${AT_ONCE} at once (its default)`;
  const target = '≥ 0.99, 0 × 429';
  const cases: { name: string; run: () => Promise<Awaited<ReturnType<typeof atLimit>>>; target: string; main: boolean }[] = [
    { name: nodeCase, run: () => atLimit('enrichflow'), target, main: true },
    {
      name: `${where} — baseline: Enrichflow node one item at a time (Requests at Once 1)`,
      run: () => atLimit('enrichflow', 1),
      target: 'baseline',
      main: false,
    },
  ];
  if (existsSync(HTTP_REQUEST_NODE)) {
    cases.push({
      name: `${where} — baseline: HTTP Request node batching ${BATCH.size} per ${BATCH.intervalMs / 1000} s`,
      run: () => atLimit('httpRequest'),
      target: 'baseline',
      main: false,
    });
  }
  const rows: Row[] = [];
  for (const c of cases) {
    try {
      const r = await c.run();
      const ratio = r.inSpan / most;
      rows.push({
        group: GROUP,
        case: c.name,
        ratio,
        target: c.target,
        met: c.main ? ratio >= 0.99 && r.limited === 0 && r.ok === 1000 && r.errors === 0 : undefined,
        note: `${r.inSpan} of ${most} in ${SPAN_MS / 1000} s; ${r.limited} × 429; last of ${r.ok} answered at ${r.lastS.toFixed(1)} s; at most ${r.peak} at once; ${r.items} items out, ${r.errors} errors`,
      });
    } catch (error) {
      rows.push({ group: GROUP, case: c.name, ratio: NaN, target: c.target, met: c.main ? false : undefined, note: why(error) });
    }
  }
  if (!existsSync(HTTP_REQUEST_NODE)) {
    rows.push({
      group: GROUP,
      case: `${where} — baseline: HTTP Request node`,
      ratio: NaN,
      target: 'baseline',
      met: undefined,
      note: 'not measured: n8n-nodes-base is not installed (npm run n8n -- --install-only)',
    });
  }
  return rows;
}

export async function n8n(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of OVERHEAD_CASES) rows.push(...(await overheadRows(c)));
  return [...rows, ...(await atLimitRows())];
}
