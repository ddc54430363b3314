/** The Waterfall: a work email for each lead across three providers, cheapest sure source first. */
import { createClient, runWaterfall } from '../shared';
import { credits } from '../shared/credits/amount';
import { BudgetGuard } from '../shared/credits/budget';
import { enrichLayer } from '../shared/providers/enrichLayer';
import { enrichSo } from '../shared/providers/enrichSo';
import { smarte } from '../shared/providers/smarte';
import type { DemoSection } from './section';
import { exact, say } from './section';

const leads = [
  { firstName: 'Ann', lastName: 'Lee', domain: 'acme.io' },
  { firstName: 'Bob', lastName: 'Ray', domain: 'nomatch-labs.io', linkedinUrl: 'https://www.linkedin.com/in/bob-ray' },
  { firstName: 'Cy', lastName: 'Nobody', domain: 'nomatch.io' },
  { firstName: 'Dee', lastName: 'Fox', domain: 'nomatch.io' },
];

export const waterfallSection: DemoSection = {
  title: 'Waterfall — a work email per lead from Enrich.so, SMARTe and EnrichLayer, cheapest first, one budget',
  async run(sandbox) {
    const { enrichSo: es, smarte: sm, enrichLayer: el } = sandbox.providers;
    const wallets = () => es.wallet().balance + sm.wallet().balance + el.wallet().balance;
    const before = wallets();
    // One budget held by every provider's client: the whole waterfall spends at most 40 credits.
    const budgetGuard = new BudgetGuard(credits(40));
    const clients = [
      createClient({ provider: enrichSo, apiKey: es.apiKey, baseUrl: es.baseUrl, budgetGuard }),
      createClient({ provider: smarte, apiKey: sm.apiKey, baseUrl: sm.baseUrl, budgetGuard }),
      createClient({ provider: enrichLayer, apiKey: el.apiKey, baseUrl: el.baseUrl, budgetGuard }),
    ];
    const { outcomes, summary } = await runWaterfall(leads, { goal: 'workEmail', clients });
    let charged = 0;
    for (const o of outcomes) {
      const lead = leads[o.index]!;
      const who = `${lead.firstName} ${lead.lastName} @ ${lead.domain}`.padEnd(28);
      if (!o.ok) {
        say(`${who} ${o.error.message}`);
        continue;
      }
      charged += o.value.credits;
      const tried = o.value.steps
        .filter((s) => s.outcome !== 'skipped')
        .map((s) => `${s.provider} ${s.outcome} (${s.charged})`)
        .join(' → ');
      const email = o.value.value && 'email' in o.value.value ? String(o.value.value.email) : 'not found';
      say(`${who} ${email.padEnd(30)} ${tried}`);
    }
    say(`${summary.found} of ${summary.leads} found, ${exact(summary.credits)} credits (${exact(summary.creditsPerHit)} per hit)`);
    return { charged, walletChange: before - wallets(), unit: 'credits (Σ items over three wallets)' };
  },
};
