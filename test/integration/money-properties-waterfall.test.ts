/**
 * The money promises for the waterfall: fast-check leads (found, missed, partly known, repeated),
 * every goal, both orders, any subset of the four providers, one Credit Budget B across them —
 * what all the wallets lose together is at most B, and the credits the leads report sum to it.
 * ENRICHFLOW_PROPERTY_RUNS raises the number of runs.
 */
import fc from 'fast-check';
import type { Lead, WaterfallGoal } from '../../shared/catalog/capabilities';
import { runWaterfall } from '../../shared/waterfall';
import { balances, spentSince, startWaterfallSandbox, waterfallClients, type WaterfallProvider } from './waterfall-helpers';

const RUNS = Number(process.env.ENRICHFLOW_PROPERTY_RUNS ?? 2) * 4;
const SEED = Number(process.env.ENRICHFLOW_PROPERTY_SEED ?? 17);
const EPS = 1e-6;

const lead: fc.Arbitrary<Lead> = fc.record(
  {
    firstName: fc.constantFrom('Ann', 'Bob', 'Cy', 'Dee'),
    lastName: fc.constantFrom('Lee', 'Ray', 'Nobody', 'Fox'),
    domain: fc.constantFrom('acme.io', 'nomatch.io', 'globex.com'),
    email: fc.constantFrom('ann.lee@acme.io', 'nobody@nomatch.io'),
    linkedinUrl: fc.constantFrom('https://www.linkedin.com/in/bob-ray', 'https://www.linkedin.com/in/ann-lee'),
    ip: fc.constantFrom('8.8.8.8', '1.1.1.1'),
  },
  { requiredKeys: [] },
);

const run = fc.record({
  leads: fc.array(lead, { minLength: 1, maxLength: 4 }).map((ls) => [...ls, ls[0]!]), // a repeated lead
  goal: fc.constantFrom<WaterfallGoal>('workEmail', 'mobilePhone', 'personFromEmail', 'companyFromDomain', 'companyFromIp'),
  order: fc.constantFrom('cheapest' as const, 'given' as const),
  providers: fc.shuffledSubarray<WaterfallProvider>(['enrichSo', 'smarte', 'enrichLayer', 'leadfeeder'], { minLength: 1 }),
  budget: fc.integer({ min: 0, max: 60 }),
});

test(
  'a waterfall never spends more than its budget, and its leads’ credits are what the wallets lost',
  async () => {
    const sandbox = await startWaterfallSandbox();
    const failures: string[] = [];
    let cases = 0;
    let total = 0;
    try {
      for (const c of fc.sample(run, { numRuns: RUNS, seed: SEED })) {
        const before = balances(sandbox);
        const result = await runWaterfall(c.leads, { goal: c.goal, order: c.order, clients: waterfallClients(sandbox, c.providers, c.budget) }).catch(
          () => undefined,
        );
        const spent = spentSince(sandbox, before);
        if (!result) {
          if (spent > EPS) failures.push(`refused run spent ${spent}`);
          continue;
        }
        cases++;
        total += spent;
        const reported = result.outcomes.reduce((sum, o) => sum + (o.ok ? o.value.credits : 0), 0);
        if (spent > c.budget + EPS) failures.push(`${c.goal} over ${c.providers.join(',')}: spent ${spent} over budget ${c.budget}`);
        if (Math.abs(reported - spent) > EPS)
          failures.push(`${c.goal} over ${c.providers.join(',')}: leads say ${reported}, wallets ${spent} — ${JSON.stringify(c.leads)}`);
      }
    } finally {
      await sandbox.close();
    }
    process.stdout.write(`waterfall: ${cases} runs, ${Math.round(total * 100) / 100} credits spent, ${failures.length} violations\n`);
    expect(failures).toEqual([]);
  },
  Math.max(120_000, RUNS * 10_000),
); // a larger search takes longer
