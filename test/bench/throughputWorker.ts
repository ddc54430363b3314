/**
 * One worker process of the throughput benchmark: a client on the shared Redis store and the
 * fast clock, calling until the deadline (sandbox time). Run by throughput.ts. Schedules run on
 * the callers' clock here: every worker and the sandbox share one sped-up clock, which the Redis
 * server's own clock (the default, for workers whose clocks disagree) does not follow.
 */
import { RedisStore } from '../../shared/store/redis';
import { fastClock } from './common';
import { RATE_CASES } from './rateCases';

async function main(): Promise<void> {
  const env = process.env;
  const c = RATE_CASES.find((r) => r.id === env.BENCH_CASE);
  if (!c) throw new Error(`unknown case ${env.BENCH_CASE}`);
  const store = await RedisStore.connect({ host: '127.0.0.1', port: Number(env.BENCH_REDIS_PORT), keyPrefix: env.BENCH_PREFIX, scheduleClock: 'caller' });
  // Booted: wait for the instant every worker starts at.
  const { realStart, deadline } = await new Promise<{ realStart: number; deadline: number }>((resolve) => {
    process.once('message', (m) => resolve(m as { realStart: number; deadline: number }));
    process.send?.('ready');
  });
  const clock = fastClock(realStart, Number(env.BENCH_FACTOR));
  const call = c.caller(JSON.parse(env.BENCH_ENDPOINT ?? '{}'), clock, store);
  while (Date.now() < realStart) await new Promise((r) => setTimeout(r, 5));
  let n = 0;
  const loop = async (lane: number) => {
    while (clock.now() < deadline) await call(Number(env.BENCH_WORKER) * 1e6 + lane * 1e5 + n++).catch(() => undefined);
  };
  await Promise.all([0, 1].map(loop));
  await store.close();
  process.disconnect?.();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
