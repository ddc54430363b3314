/**
 * A batch job paused for credits has charged for the rows it processed: those rows come out
 * with their results and their credits, the rows waiting each say they wait, and a rerun with
 * Auto Resume shows only what it charged itself — under both readings of whether influencers.club
 * gives results while a job is paused. Per-item credits are counted as the adapters count them.
 */
import { runBatch } from '../../shared/batch';
import type { ItemOutcome } from '../../shared/client';
import { MemoryStore } from '../../shared/store/memory';
import { influencersClub } from '../../shared/providers/influencersClub';
import { startIclEnv, type IclEnv } from './influencers-club-helpers';

let env: IclEnv;
afterEach(async () => env?.close());

const hundredths = (n: number) => Math.round(n * 100);
const spec = influencersClub.batches.find((b) => b.name === 'handlesRaw')!;
// Every tenth handle has no data (free); the others cost 0.03 each.
const rows = Array.from({ length: 300 }, (_, i) => ({ handle: i % 10 === 3 ? `nobody_${i}` : `fan_${i}`, platform: 'instagram' }));

/** What the n8n and Zapier outputs put on each item: the row's price when charged and not delivered before, an error's booked charge. */
const itemCredits = (outcomes: ItemOutcome<unknown>[]) =>
  outcomes.reduce((sum, o) => sum + (o.ok ? (spec.resultCharged!(o.value) && !o.paidEarlier ? 0.03 : 0) : (o.error.charged ?? 0)), 0);

describe.each([
  [true, 'results are read while paused'],
  [false, 'results come only when the job finishes'],
] as const)('paused for credits (resultsWhilePaused: %s — %s)', (resultsWhilePaused, _reading) => {
  it('the paid rows are delivered with their credits, each waiting row says it waits, and a rerun with Auto Resume shows only its own charge', async () => {
    env = await startIclEnv({ resultsWhilePaused });
    env.setBalance(3); // 100 rows with data at 0.03
    const store = new MemoryStore({ clock: env.clock });
    const first = env.client({ store });
    const paused = await env.drive(runBatch(first, 'handlesRaw', rows, { pollIntervalMs: 30_000 }));
    const spentFirst = 3 - env.balance();
    expect(hundredths(spentFirst)).toBe(300);
    expect(hundredths(first.summary().charged)).toBe(hundredths(spentFirst));
    // The credits the job charged sit on the items, not only in the run's summary.
    expect(hundredths(itemCredits(paused.outcomes))).toBe(hundredths(spentFirst));
    const waiting = paused.outcomes.filter((o) => !o.ok && o.error.kind === 'insufficient_credits');
    expect(waiting.length).toBeGreaterThan(150);
    for (const o of waiting) expect(!o.ok && o.error.message).toMatch(/paused .* row\(s\) wait/);
    if (resultsWhilePaused) {
      expect(paused.outcomes.filter((o) => o.ok).length).toBeGreaterThanOrEqual(110);
    } else {
      expect(paused.outcomes.filter((o) => !o.ok && o.error.code === 'paused_processed').length).toBeGreaterThanOrEqual(110);
    }

    env.setBalance(env.balance() + 100);
    const topped = env.balance();
    const rerun = env.client({ store });
    const done = await env.drive(runBatch(rerun, 'handlesRaw', rows, { pollIntervalMs: 30_000, autoResume: true }));
    expect(done.outcomes.every((o) => o.ok)).toBe(true);
    expect(done.jobs[0]).toMatchObject({ reused: true });
    const spentRerun = topped - env.balance();
    expect(hundredths(rerun.summary().charged)).toBe(hundredths(spentRerun));
    expect(hundredths(itemCredits(done.outcomes))).toBe(hundredths(spentRerun));
  });
});
