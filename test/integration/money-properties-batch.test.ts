/**
 * The money promises for batch jobs, in every world whose catalog has batches: items generated
 * from the batch's item operation (its field list), a duplicate among them, run to the end by
 * the batch runner (submit, poll, results, settlement) — what left the wallet is at most the
 * submit's estimate (the reservation), a Credit Budget B is never exceeded, and the books
 * (summary()) end equal to the wallet. ENRICHFLOW_PROPERTY_RUNS raises the cases per batch.
 */
import fc from 'fast-check';
import { runBatch } from '../../shared/batch';
import { inputsFor } from './money-properties/inputs';
import { startWorld, worlds, type WorldEnv } from './money-properties/worlds';

const RUNS = Math.max(1, Math.round(Number(process.env.ENRICHFLOW_PROPERTY_RUNS ?? 2) / 2));
const SEED = Number(process.env.ENRICHFLOW_PROPERTY_SEED ?? 17);
const EPS = 1e-6;
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Runs the batch while sandbox time moves on, so the job finishes within the wait. */
async function runToEnd(env: WorldEnv, run: Promise<unknown>): Promise<void> {
  let done = false;
  void run.finally(() => (done = true)).catch(() => undefined);
  for (let i = 0; i < 400 && !done; i++) {
    await env.advance(5_000);
    await new Promise((r) => setTimeout(r, 5));
  }
  await run.catch(() => undefined);
}

const batchWorlds = worlds.filter((w) => w.catalog.batches.length > 0);

describe.each(batchWorlds.map((w) => [`${w.provider} — ${w.reading}`, w] as const))('%s', (_name, world) => {
  test(
    'every batch stays within its estimate and budget, and its books equal the wallet',
    async () => {
      const env = await startWorld(world);
      const failures: string[] = [];
      let cases = 0;
      try {
        for (const spec of world.catalog.batches) {
          const itemOp = world.catalog.operations.find((o) => o.key === spec.itemOp)!;
          const samples = fc.sample(
            fc.record({
              inputs: fc.array(inputsFor(world.provider, itemOp), { minLength: 1, maxLength: 3 }),
              budgetShare: fc.double({ min: 0, max: 1.3, noNaN: true }),
            }),
            { numRuns: RUNS, seed: SEED },
          );
          for (const s of samples) {
            const probe = env.client();
            let items: unknown[];
            let estimate: number;
            try {
              items = s.inputs.map((input) => spec.toItem(probe.validate(itemOp.key, input)));
              items.push(items[0]); // a duplicate row
              estimate = await probe.estimate(spec.submitOp, spec.submitInput(items));
            } catch {
              continue;
            }
            cases++;
            for (const budget of [undefined, Math.floor(estimate * s.budgetShare * 100) / 100]) {
              const client = env.client(budget === undefined ? {} : { budget });
              const before = env.wallet();
              await runToEnd(env, runBatch(client, spec.name, items, { wait: 'poll', pollIntervalMs: 1000, maxWaitMs: 3_600_000, autoResume: false }));
              const spent = round(before - env.wallet());
              if (spent > estimate + EPS) failures.push(`${spec.name}: spent ${spent}, estimated ${estimate}`);
              if (budget !== undefined && spent > budget + EPS) failures.push(`${spec.name}: spent ${spent} over budget ${budget}`);
              // Settled, a reservation's charge is in `charged` (the refund went back to the wallet).
              const booked = round(client.summary().charged);
              if (budget === undefined && Math.abs(booked - spent) > EPS)
                failures.push(`${spec.name}: books ${booked}, wallet ${spent} — ${JSON.stringify(items)}`);
            }
          }
        }
      } finally {
        await env.close();
      }
      process.stdout.write(`${world.provider} — ${world.reading}: ${cases} batch cases, ${failures.length} violations\n`);
      expect(failures).toEqual([]);
    },
    Math.max(120_000, RUNS * 40_000),
  ); // a larger search takes longer
});
