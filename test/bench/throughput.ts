/**
 * 1. Throughput: the rate achieved ÷ the plan's allowed rate, with the 429s the sandbox sent,
 * over three windows of the "growth" plan's paid lookups (100 a minute, 25 in any second) on
 * the fast clock. The core in one process, the core in 4 processes sharing Redis, and two
 * baselines: unthrottled concurrency 10, and fixed batching as n8n's HTTP Request node does
 * it (a batch of N items, then a fixed pause) set to the plan's numbers.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { request } from 'undici';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { DEFAULT_API_KEY } from '../../sandbox/providers/enrich-so/config';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { fastClock, type Row, tally } from './common';

const FACTOR = 20;
const PLAN_PER_MINUTE = 100;
const WINDOWS = 3;
const DURATION = WINDOWS * 60_000;
const PATH = /\/email-validation$/;

async function scenario(
  name: string,
  drive: (ctx: { sandbox: Sandbox; clock: ReturnType<typeof fastClock>; realStart: number; deadline: number }) => Promise<void>,
  warmupMs = 0,
): Promise<{ ratio: number; limited: number }> {
  // Measured from `realStart`: child processes get `warmupMs` of real time to boot first.
  const realStart = Date.now() + warmupMs;
  const clock = fastClock(realStart, FACTOR);
  const sandbox = await startSandbox({ port: 0, clock, enrichSo: { accounts: [{ apiKey: DEFAULT_API_KEY, plan: 'growth' }] } });
  try {
    const from = realStart;
    const deadline = from + DURATION;
    await drive({ sandbox, clock, realStart, deadline });
    const { ok, limited } = tally(sandbox.providers.enrichSo.requests(), PATH, from, deadline);
    void name;
    return { ratio: ok / (PLAN_PER_MINUTE * WINDOWS), limited };
  } finally {
    await sandbox.close();
  }
}

const send = (sandbox: Sandbox, email: string) =>
  request(`${sandbox.providers.enrichSo.baseUrl}/email-validation`, {
    method: 'POST',
    headers: { 'x-api-key': sandbox.providers.enrichSo.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  }).then((r) => r.body.text());

export async function throughput(): Promise<Row[]> {
  const rows: Row[] = [];
  const target = '≥ 0.95, 0 × 429';
  const row = (c: string, r: { ratio: number; limited: number }, core: boolean, note = ''): Row => ({
    group: '1. Throughput ÷ plan rate',
    case: c,
    ratio: r.ratio,
    target: core ? target : 'baseline',
    met: core ? r.ratio >= 0.95 && r.limited === 0 : undefined,
    note: `${r.limited} × 429${note ? `; ${note}` : ''}`,
  });

  const one = await scenario('core, 1 process', async ({ sandbox, clock, deadline }) => {
    const client = createClient({ provider: enrichSo, apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl, clock, plan: 'growth' });
    let n = 0;
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        while (clock.now() < deadline) await client.call('emailValidation.validate', { email: `one.${n++}@acme.com` }).catch(() => undefined);
      }),
    );
  });
  rows.push(row('core, 1 process (4 concurrent calls)', one, true));

  if (redisAvailable()) {
    const redis = await RedisServer.start();
    try {
      const four = await scenario('core, 4 processes', async ({ sandbox, realStart, deadline }) => {
        await Promise.all(
          [0, 1, 2, 3].map(
            (w) =>
              new Promise<void>((resolve, reject) => {
                const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'throughputWorker.ts')], {
                  stdio: ['ignore', 'inherit', 'inherit'],
                  env: {
                    ...process.env,
                    BENCH_REAL_START: String(realStart),
                    BENCH_FACTOR: String(FACTOR),
                    BENCH_DEADLINE: String(deadline),
                    BENCH_FROM: String(realStart),
                    BENCH_REDIS_PORT: String(redis.port),
                    BENCH_PREFIX: `bench-${realStart}:`,
                    BENCH_API_KEY: sandbox.providers.enrichSo.apiKey,
                    BENCH_BASE_URL: sandbox.providers.enrichSo.baseUrl,
                    BENCH_WORKER: String(w),
                  },
                });
                child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited ${code}`))));
              }),
          ),
        );
      }, 20_000);
      rows.push(row('core, 4 processes sharing Redis', four, true, '2 calls at a time each'));
    } finally {
      await redis.shutdown();
    }
  } else {
    rows.push({ group: '1. Throughput ÷ plan rate', case: 'core, 4 processes sharing Redis', ratio: NaN, target, met: false, note: 'redis-server not installed (scripts/redis/install.sh)' });
  }

  const unthrottled = await scenario('unthrottled', async ({ sandbox, clock, deadline }) => {
    let n = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (clock.now() < deadline) await send(sandbox, `raw.${n++}@acme.com`).catch(() => undefined);
      }),
    );
  });
  rows.push(row('baseline: unthrottled, concurrency 10', unthrottled, false));

  // n8n's HTTP Request node: "Items per Batch" 25 (the plan's burst), "Batch Interval" 15 s (= 100 a minute).
  const batching = await scenario('fixed batching', async ({ sandbox, clock, deadline }) => {
    let n = 0;
    while (clock.now() < deadline) {
      await Promise.all(Array.from({ length: 25 }, () => send(sandbox, `batch.${n++}@acme.com`).catch(() => undefined)));
      await clock.sleep(15_000);
    }
  });
  rows.push(row('baseline: HTTP Request batching 25 per 15 s', batching, false));
  return rows;
}
