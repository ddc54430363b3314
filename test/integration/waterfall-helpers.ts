/**
 * A sandbox playing the waterfall's providers with no rate limits in the way, and core clients
 * for them sharing one budget — what the waterfall tests and the bench run against.
 */
import { BudgetGuard } from '../../shared/credits/budget';
import { credits } from '../../shared/credits/amount';
import { createClient, type EnrichflowClient } from '../../shared/client';
import type { RatePolicy } from '../../shared/catalog/types';
import { enrichLayer } from '../../shared/providers/enrichLayer';
import { enrichSo } from '../../shared/providers/enrichSo';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { smarte } from '../../shared/providers/smarte';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const WIDE: RatePolicy = { rate: 1_000_000, windowMs: 60_000, burst: 100_000 };
const WIDE_LIMITS = { default: WIDE, enrichment: WIDE, bulkSubmit: WIDE };

export type WaterfallProvider = 'enrichSo' | 'smarte' | 'enrichLayer' | 'leadfeeder';

export async function startWaterfallSandbox(opts: { itemsPerSecond?: number } = {}): Promise<Sandbox> {
  return startSandbox({
    port: 0,
    enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null }, itemsPerSecond: opts.itemsPerSecond ?? 5_000 },
    smarte: { rateLimit: null },
    enrichLayer: { perMinute: null, perFiveMinutes: 1_000_000 },
  });
}

/** One client per provider, in `order`, all holding their estimates on one budget. */
export function waterfallClients(sandbox: Sandbox, order: WaterfallProvider[], budget?: number): EnrichflowClient[] {
  const guard = new BudgetGuard(budget === undefined ? undefined : credits(budget));
  const p = sandbox.providers;
  const common = { rateLimits: WIDE_LIMITS, budgetGuard: guard, retry: { baseDelayMs: 10, maxDelayMs: 200 } };
  const make: Record<WaterfallProvider, () => EnrichflowClient> = {
    enrichSo: () => createClient({ ...common, provider: enrichSo, apiKey: p.enrichSo.apiKey, baseUrl: p.enrichSo.baseUrl }),
    smarte: () => createClient({ ...common, provider: smarte, apiKey: p.smarte.apiKey, baseUrl: p.smarte.baseUrl }),
    enrichLayer: () => createClient({ ...common, provider: enrichLayer, apiKey: p.enrichLayer.apiKey, baseUrl: p.enrichLayer.baseUrl }),
    leadfeeder: () =>
      createClient({
        ...common,
        provider: leadfeeder,
        apiKey: p.leadfeeder.apiKey,
        baseUrl: p.leadfeeder.baseUrl,
        credential: { accountId: p.leadfeeder.accountId },
      }),
  };
  return order.map((id) => make[id]());
}

/** Every wallet the waterfall can draw on, as one number per provider. */
export function balances(sandbox: Sandbox): Record<WaterfallProvider, number> {
  const p = sandbox.providers;
  return {
    enrichSo: p.enrichSo.wallet().balance,
    smarte: p.smarte.wallet().balance,
    enrichLayer: p.enrichLayer.wallet().balance,
    leadfeeder: p.leadfeeder.credits().remaining,
  };
}

/** What each wallet lost since `before`, summed (micro-credit exact). */
export function spentSince(sandbox: Sandbox, before: Record<WaterfallProvider, number>): number {
  const now = balances(sandbox);
  const micro = (Object.keys(before) as WaterfallProvider[]).reduce((sum, k) => sum + credits(before[k] - now[k]), 0);
  return micro / 1_000_000;
}
