/**
 * One worker process of the throughput benchmark: a client on the shared Redis store and the
 * fast clock, validating fresh emails until the deadline (sandbox time). Run by throughput.ts.
 */
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { RedisStore } from '../../shared/store/redis';
import { fastClock } from './common';

async function main(): Promise<void> {
  const env = process.env;
  const clock = fastClock(Number(env.BENCH_REAL_START), Number(env.BENCH_FACTOR));
  const deadline = Number(env.BENCH_DEADLINE);
  const store = await RedisStore.connect({ host: '127.0.0.1', port: Number(env.BENCH_REDIS_PORT), keyPrefix: env.BENCH_PREFIX });
  const client = createClient({ provider: enrichSo, apiKey: env.BENCH_API_KEY, baseUrl: env.BENCH_BASE_URL, clock, store, plan: 'growth' });
  // Every worker starts at the same instant, once all have booted.
  while (clock.now() < Number(env.BENCH_FROM)) await new Promise((r) => setTimeout(r, 5));
  let n = 0;
  const loop = async (lane: number) => {
    while (clock.now() < deadline) {
      await client.call('emailValidation.validate', { email: `w${env.BENCH_WORKER}.l${lane}.n${n++}@acme.com` }).catch(() => undefined);
    }
  };
  await Promise.all([0, 1].map(loop));
  await store.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
