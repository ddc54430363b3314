/**
 * A job of 150,000 emails read back later (an n8n execution resumed from Park and Check, a
 * Zapier performResume): every email gets its own result, in order. Its outcomes were spread
 * into one push() call, which overflows the stack past ~120,000 arguments.
 */
import { collectBatch, startBatch } from '../../shared/batch';
import { startEnv, type Env } from './helpers';

let env: Env;
afterEach(async () => {
  await env?.close();
});

it('a 150,000-email job collected later: each email its own result, in order', async () => {
  env = await startEnv({ itemsPerSecond: 1_000_000 });
  env.sandbox.providers.enrichSo.wallet().setBalance(1_000_000);
  const client = env.client({ timeoutMs: 60_000 });
  const emails = Array.from({ length: 150_000 }, (_, i) => `reader.${i}@acme.com`);
  const started = await startBatch(client, 'emailValidation', emails);
  await env.advance(1000);
  const collected = await collectBatch(
    client,
    'emailValidation',
    emails,
    started.jobs.map((j) => j.jobId),
    { pollIntervalMs: 1000 },
  );
  expect(collected.jobs).toEqual([{ jobId: started.jobs[0].jobId, status: 'completed' }]);
  expect(collected.outcomes).toHaveLength(150_000);
  const misplaced = collected.outcomes.filter((o, i) => o.index !== i || !o.ok || (o.value as { email: string }).email !== emails[i]);
  expect(misplaced).toEqual([]);
}, 120_000);
