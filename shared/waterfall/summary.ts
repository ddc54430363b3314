/** A waterfall run in numbers: coverage per provider, credits per hit, misses. */
import type { WaterfallGoal } from '../catalog/capabilities';
import { type Credits, credits, toCreditNumber } from '../credits/amount';
import type { WaterfallOutcome } from './outcome';

export interface ProviderCoverage {
  /** Leads this provider was asked about. */
  tried: number;
  /** Leads whose value it gave. */
  hits: number;
  /** hits / all leads of the run. */
  coverage: number;
  credits: number;
}

export interface WaterfallSummary {
  goal: WaterfallGoal;
  leads: number;
  found: number;
  misses: number;
  /** Leads that failed (bad input). */
  errors: number;
  /** Leads for which a step was not tried because the budget could not cover it. */
  budgetStopped: number;
  credits: number;
  /** credits / found (0 when nothing was found). */
  creditsPerHit: number;
  byProvider: Record<string, ProviderCoverage>;
}

export function summarize(goal: WaterfallGoal, outcomes: readonly WaterfallOutcome[]): WaterfallSummary {
  const byProvider: Record<string, ProviderCoverage & { micro: Credits }> = {};
  let found = 0;
  let errors = 0;
  let budgetStopped = 0;
  let total = 0;
  for (const o of outcomes) {
    if (!o.ok) {
      errors++;
      continue;
    }
    if (o.value.found) found++;
    if (o.value.steps.some((s) => s.outcome === 'notTried' && /budget/i.test(s.reason ?? ''))) budgetStopped++;
    for (const step of o.value.steps) {
      if (step.outcome === 'skipped' || step.outcome === 'invalid' || step.outcome === 'notTried') continue;
      const entry = (byProvider[step.provider] ??= { tried: 0, hits: 0, coverage: 0, credits: 0, micro: 0 as Credits });
      entry.tried++;
      if (step.outcome === 'hit') entry.hits++;
      entry.micro = (entry.micro + credits(step.charged)) as Credits;
      total += credits(step.charged);
    }
  }
  const leads = outcomes.length;
  const providers: Record<string, ProviderCoverage> = {};
  for (const [id, { micro, ...entry }] of Object.entries(byProvider))
    providers[id] = { ...entry, coverage: leads ? entry.hits / leads : 0, credits: toCreditNumber(micro) };
  const spent = toCreditNumber(total as Credits);
  return {
    goal,
    leads,
    found,
    misses: leads - found - errors,
    errors,
    budgetStopped,
    credits: spent,
    creditsPerHit: found ? toCreditNumber(credits(spent / found)) : 0,
    byProvider: providers,
  };
}
