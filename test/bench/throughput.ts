/**
 * 1. Throughput: requests that passed ÷ the most the contract allows in the same time, with the
 * 429s the sandbox sent, for each provider's limit shape (rateCases.ts) on a sped-up clock the
 * sandbox and every client share. The core in one process (4 calls at a time), the core in 4
 * processes sharing Redis (2 at a time each), and, on Enrich.so's shape, two baselines:
 * unthrottled concurrency 10, and fixed batching as n8n's HTTP Request node does it (a batch of
 * N items, then a fixed pause) set to the plan's numbers.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { request } from 'undici';
import type { Clock } from '../../shared/clock';
import { systemClock } from '../../shared/platform';
import { MemoryStore } from '../../shared/store/memory';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { fastClock, type Row } from './common';
import { contractMaximum, RATE_CASES, type RateCase } from './rateCases';

const GROUP = '1. Throughput ÷ contract maximum';
const TARGET = '≥ 0.99, 0 × 429';

interface Outcome {
  ok: number;
  limited: number;
  most: number;
}

/** Answers the sandbox logged for the case's provider within [from, from + duration) (sandbox time). */
function tally(sandbox: Sandbox, c: RateCase, from: number): { ok: number; limited: number } {
  let ok = 0;
  let limited = 0;
  for (const r of sandbox.providers[c.id].requests()) {
    const t = Date.parse(r.time) - from;
    if (t < 0 || t >= c.durationMs) continue;
    if (r.status === 429) limited++;
    else if (r.status < 300) ok++;
  }
  return { ok, limited };
}

/**
 * Run `drive` against a sandbox on the case's fast clock. The clock starts when `drive` says
 * (`start`), so worker processes can boot first: what is measured starts at that instant.
 */
async function scenario(c: RateCase, drive: (ctx: { sandbox: Sandbox; start(): { realStart: number; deadline: number } }) => Promise<void>): Promise<Outcome> {
  let realStart: number | undefined;
  const clock: Clock = {
    now: () => (realStart === undefined ? Date.now() : realStart + (Date.now() - realStart) * c.factor),
    sleep: (ms, signal) => systemClock.sleep(ms / c.factor, signal),
  };
  const sandbox = await startSandbox({ port: 0, clock, ...c.sandbox });
  try {
    await drive({
      sandbox,
      start: () => {
        realStart = Date.now() + 200;
        return { realStart, deadline: realStart + c.durationMs };
      },
    });
    return { ...tally(sandbox, c, realStart!), most: contractMaximum(c.contract, c.durationMs) };
  } finally {
    await sandbox.close();
  }
}

function row(c: RateCase, who: string, o: Outcome, core: boolean, note = ''): Row {
  const ratio = o.ok / o.most;
  return {
    group: GROUP,
    case: `${c.label} — ${who}`,
    ratio,
    target: core ? TARGET : 'baseline',
    met: core ? ratio >= 0.99 && o.limited === 0 : undefined,
    note: `${o.ok} of ${o.most} in ${c.durationMs / 1000} s (sandbox time, ${c.factor}× real); ${o.limited} × 429${note ? `; ${note}` : ''}`,
  };
}

async function oneProcess(c: RateCase): Promise<Outcome> {
  return scenario(c, async ({ sandbox, start }) => {
    const { realStart, deadline } = start();
    const clock = fastClock(realStart, c.factor);
    const call = c.caller(c.endpoint(sandbox), clock, new MemoryStore({ clock }));
    while (Date.now() < realStart) await new Promise((r) => setTimeout(r, 5));
    let n = 0;
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        while (clock.now() < deadline) await call(n++).catch(() => undefined);
      }),
    );
  });
}

async function fourProcesses(c: RateCase, redis: RedisServer): Promise<Outcome> {
  return scenario(c, async ({ sandbox, start }) => {
    const endpoint = c.endpoint(sandbox);
    const prefix = `bench-${c.id}-${Date.now()}:`;
    const workers = [0, 1, 2, 3].map((w) => {
      const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'throughputWorker.ts')], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: {
          ...process.env,
          BENCH_CASE: c.id,
          BENCH_FACTOR: String(c.factor),
          BENCH_REDIS_PORT: String(redis.port),
          BENCH_PREFIX: prefix,
          BENCH_ENDPOINT: JSON.stringify(endpoint),
          BENCH_WORKER: String(w),
        },
      });
      const ready = new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`worker ${w} exited ${code} before it was ready`)));
      });
      const exited = new Promise<void>((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited ${code}`)))),
      );
      return { child, ready, exited };
    });
    // Every worker has booted (modules loaded, Redis connected) before the clock starts.
    await Promise.all(workers.map((w) => w.ready));
    const times = start();
    for (const w of workers) w.child.send(times);
    await Promise.all(workers.map((w) => w.exited));
  });
}

const send = (sandbox: Sandbox, email: string) =>
  request(`${sandbox.providers.enrichSo.baseUrl}/email-validation`, {
    method: 'POST',
    headers: { 'x-api-key': sandbox.providers.enrichSo.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  }).then((r) => r.body.text());

export async function throughput(): Promise<Row[]> {
  const rows: Row[] = [];
  const only = process.env.BENCH_CASES?.split(',');
  const cases = RATE_CASES.filter((c) => !only || only.includes(c.id));
  for (const c of cases) {
    process.stderr.write(`   ${c.id}: 1 process\n`);
    rows.push(row(c, 'core, 1 process (4 calls at a time)', await oneProcess(c), true));
  }
  if (redisAvailable()) {
    const redis = await RedisServer.start();
    try {
      for (const c of cases) {
        process.stderr.write(`   ${c.id}: 4 processes\n`);
        rows.push(row(c, 'core, 4 processes sharing Redis', await fourProcesses(c, redis), true, '2 calls at a time each'));
      }
    } finally {
      await redis.shutdown();
    }
  } else {
    rows.push({
      group: GROUP,
      case: 'core, 4 processes sharing Redis',
      ratio: NaN,
      target: TARGET,
      met: false,
      note: 'redis-server not installed (scripts/redis/install.sh)',
    });
  }

  const es = RATE_CASES.find((c) => c.id === 'enrichSo')!;
  if (cases.includes(es)) {
    const unthrottled = await scenario(es, async ({ sandbox, start }) => {
      const { realStart, deadline } = start();
      const clock = fastClock(realStart, es.factor);
      let n = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (clock.now() < deadline) await send(sandbox, `raw.${n++}@acme.com`).catch(() => undefined);
        }),
      );
    });
    rows.push(row(es, 'baseline: unthrottled, concurrency 10', unthrottled, false));

    // n8n's HTTP Request node: "Items per Batch" 25 (the plan's burst), "Batch Interval" 15 s (= 100 a minute).
    const batching = await scenario(es, async ({ sandbox, start }) => {
      const { realStart, deadline } = start();
      const clock = fastClock(realStart, es.factor);
      let n = 0;
      while (clock.now() < deadline) {
        await Promise.all(Array.from({ length: 25 }, () => send(sandbox, `batch.${n++}@acme.com`).catch(() => undefined)));
        await clock.sleep(15_000);
      }
    });
    rows.push(row(es, 'baseline: HTTP Request batching 25 per 15 s', batching, false));
  }
  return rows;
}
