/**
 * Every perform runs inside `guarded`: it builds the run's client, parses the step's budget, and
 * turns whatever the core throws into the Zapier error that does the right thing to the zap.
 */
import { spreadsheetSafeData, ValidationError, type CallCredits, type CallResult, type ProviderCatalog } from '../../shared';
import { runContext, type RunContext } from './context';
import { toZapierError, type ErrorContext } from './errors';
import { budgetFrom, MAX_CREDITS_KEY, spreadsheetSafeFrom } from './fields';
import { withSpendWarnings } from './spend';
import type { Z, ZBundle } from './zapier';

export interface GuardOptions extends ErrorContext {
  /** The step's time budget (default: STEP_BUDGET_MS). */
  stepBudgetMs?: number;
  /** A credit budget that overrides the step's Max Credits (0 for triggers: a poll never spends). */
  budget?: number;
}

export async function guarded<T>(z: Z, bundle: ZBundle, catalog: ProviderCatalog, opts: GuardOptions, fn: (ctx: RunContext) => Promise<T>): Promise<T> {
  let ctx: RunContext | undefined;
  try {
    const budget = opts.budget ?? budgetFrom(bundle.inputData as Record<string, unknown>);
    if (Number.isNaN(budget)) {
      throw new ValidationError(`Max Credits must be a number of credits (0 or more)`, [{ field: MAX_CREDITS_KEY, rule: 'a number >= 0' }], {
        provider: catalog.id,
      });
    }
    ctx = runContext(z, bundle, catalog, { budget, stepBudgetMs: opts.stepBudgetMs });
    const output = await fn(ctx);
    await ctx.spend.flush();
    const warned = withSpendWarnings(output, ctx.spend.notices(), META_KEY);
    return !opts.testingAuth && spreadsheetSafeFrom(bundle.inputData as Record<string, unknown>) ? spreadsheetSafeData(warned) : warned;
  } catch (error) {
    // Whatever was thrown, the key is redacted from it before Zapier shows or logs it.
    throw toZapierError(z, ctx ? ctx.client.redacted(error) : error, opts);
  } finally {
    await ctx?.spend.flush();
    // A request quota nearly used up, a spend limit nearly reached: said in the task's log, without failing the step.
    for (const notice of [...(ctx?.client.notices() ?? []), ...(ctx?.spend.notices() ?? [])]) z.console.log(`Warning: ${notice.message}`);
  }
}

/** What a step spent, beside the provider's data (flattened by Zapier to `enrichflow__…`). */
export function creditsOf(credits: CallCredits, requestId?: string): Record<string, unknown> {
  return {
    creditsEstimated: credits.estimated,
    creditsCharged: credits.charged,
    creditsSource: credits.source,
    fromCache: credits.fromCache,
    // A share of what answers lost at the same time cost together (one balance cannot tell them apart).
    ...(credits.shared ? { creditsShared: true } : {}),
    // The charge itemised the way the provider bills it (base_cost, live_fetch, items…).
    ...(credits.bill ? { bill: credits.bill } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export const META_KEY = 'enrichflow';

/** A call's data as one Zapier record: objects as they are, anything else under `value`. */
export function recordOf(result: CallResult): Record<string, unknown> {
  const data = result.data;
  const base = isRecord(data) ? { ...data } : Array.isArray(data) ? { items: data } : { value: data };
  return { ...base, [META_KEY]: creditsOf(result.credits, result.requestId) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
