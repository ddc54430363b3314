/**
 * The Waterfall node's `execute`: one core client per provider whose credential is set on the
 * node, all sharing one BudgetGuard (the Credit Budget spans every step of every item), the
 * items read as leads, and the core's waterfall run over them. One output item per input item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
  BudgetGuard,
  credits,
  type EnrichflowClient,
  goalFields,
  type Lead,
  runWaterfall,
  type SpendLimiter,
  type WaterfallOutcome,
  type WaterfallResult,
  type WaterfallSummary,
} from '@enrichflow/core';
import { OPTIONS, SPREADSHEET_SAFE } from '../description';
import { requestsAtOnce } from '../requestsAtOnce';
import { credentialName } from '../names';
import { failOrItem, spreadsheetSafeItems } from '../output';
import { clientFor, processStore, type ProviderCredentials } from '../runtime';
import { storeFor } from '../sharedStore';
import { finishSpend, spendLimiterFor } from '../spend';
import { runsAsTool, toolAnswer, toolBudgets, toolRunKey } from '../tool';
import { catalogsFor, goalOf, type GoalOperation, WATERFALL_CATALOGS } from './goals';

/** Clients of the providers taking part: a credential set on the node, and listed in Providers (when it lists any). */
async function participants(ctx: IExecuteFunctions, goal: GoalOperation, guard: BudgetGuard, spends: SpendLimiter[]): Promise<EnrichflowClient[]> {
  const set = ctx.getNode().credentials ?? {};
  const listed = ctx.getNodeParameter('providers', 0, []) as string[];
  const serving = catalogsFor(goal.goal);
  const chosen = listed.length ? listed.map((id) => serving.find((c) => c.id === id)).filter((c) => c !== undefined) : serving;
  const store = await storeFor(ctx, processStore);
  const clients: EnrichflowClient[] = [];
  for (const catalog of chosen) {
    if (!set[credentialName(catalog)]) continue;
    const credentials = (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials;
    // Each step holds against its provider's team spend limits too (a refused step: the next provider).
    const spend = await spendLimiterFor(ctx, catalog, store);
    spends.push(spend);
    clients.push(clientFor(ctx, catalog, credentials, { budgetGuard: guard, store, spend }));
  }
  // Verifying a found email needs its verifier's provider even when it is not asked to find.
  const verify = goal.goal === 'workEmail' && (ctx.getNodeParameter('verifyEmail', 0, false) as boolean);
  if (verify && !clients.some((c) => c.provider.verifiers?.some((v) => v.goal === goal.goal))) {
    const verifier = WATERFALL_CATALOGS.find((c) => c.verifiers?.some((v) => v.goal === goal.goal) && set[credentialName(c)]);
    if (verifier) {
      const spend = await spendLimiterFor(ctx, verifier, store);
      spends.push(spend);
      clients.push(clientFor(ctx, verifier, (await ctx.getCredentials(credentialName(verifier))) as ProviderCredentials, { budgetGuard: guard, store, spend }));
    }
  }
  if (clients.length === 0) {
    const names = serving.map((c) => c.displayName).join(', ');
    throw new NodeOperationError(ctx.getNode(), `No provider can take part: set the credential of at least one of ${names} on this node`, {
      description: 'Each provider credential on the Waterfall node is optional; only the providers with one take part.',
    });
  }
  return clients;
}

function leadsOf(ctx: IExecuteFunctions, goal: GoalOperation, clients: EnrichflowClient[]): Lead[] {
  const fields = goalFields(
    goal.goal,
    clients.flatMap((c) => c.provider.capabilities ?? []),
  );
  return ctx.getInputData().map((_, i) => {
    const lead: Lead = {};
    for (const { name } of fields) {
      const value = ctx.getNodeParameter(name, i, '') as unknown;
      if (value !== '' && value !== undefined && value !== null) lead[name] = String(value);
    }
    return lead;
  });
}

function resultJson(result: WaterfallResult): IDataObject {
  const estimated = result.steps.reduce((sum, s) => sum + credits(s.estimated), 0) / 1_000_000;
  return {
    found: result.found,
    ...((result.value ?? {}) as IDataObject),
    provider: result.provider,
    goal: result.goal,
    steps: result.steps as unknown as IDataObject[],
    _credits: { charged: result.credits, estimated, source: 'waterfall' },
  };
}

function outputItems(ctx: IExecuteFunctions, outcomes: WaterfallOutcome[]): INodeExecutionData[] {
  return outcomes.map((o) => (o.ok ? { json: resultJson(o.value), pairedItem: { item: o.index } } : failOrItem(ctx, o.error, o.index)));
}

/** The run in one hint: found, misses, credits per hit, and coverage per provider. */
function summaryHint(ctx: IExecuteFunctions, summary: WaterfallSummary, clients: EnrichflowClient[], budget: number | undefined, guard: BudgetGuard): void {
  const names = new Map(clients.map((c) => [c.provider.id, c.provider.displayName]));
  const coverage = Object.entries(summary.byProvider)
    .map(([id, p]) => `${names.get(id) ?? id} ${p.hits}/${p.tried} (${p.credits} credits)`)
    .join(', ');
  const left = guard.remaining();
  const budgetText = budget === undefined || left === undefined ? '' : `; budget ${budget}, ${left / 1_000_000} left`;
  const stopped = summary.budgetStopped ? `; ${summary.budgetStopped} item(s) had steps the budget could not cover` : '';
  ctx.addExecutionHints({
    message: `Waterfall: ${summary.found} of ${summary.leads} found, ${summary.misses} missed, ${summary.credits} credits (${summary.creditsPerHit} per hit)${budgetText}${stopped}. By provider: ${coverage || 'none asked'}`,
    location: 'outputPane',
  });
}

async function runOnce(ctx: IExecuteFunctions, goal: GoalOperation, budget: number | undefined): Promise<{ items: INodeExecutionData[]; spent: number }> {
  const options = ctx.getNodeParameter(OPTIONS, 0, {}) as IDataObject;
  const guard = new BudgetGuard(budget === undefined ? undefined : credits(budget));
  const spends: SpendLimiter[] = [];
  const clients = await participants(ctx, goal, guard, spends);
  const leads = leadsOf(ctx, goal, clients);
  const finders = clients.filter((c) => c.provider.capabilities?.some((cap) => cap.goal === goal.goal));
  let run: Awaited<ReturnType<typeof runWaterfall>>;
  try {
    run = await runWaterfall(leads, {
      goal: goal.goal,
      clients: finders,
      order: (ctx.getNodeParameter('order', 0, 'cheapest') as 'cheapest' | 'given') ?? 'cheapest',
      verify: goal.goal === 'workEmail' && (ctx.getNodeParameter('verifyEmail', 0, false) as boolean),
      verifiers: clients,
      batchFrom: typeof options.batchFrom === 'number' ? options.batchFrom : undefined,
      concurrency: requestsAtOnce(ctx, options),
      // Without Continue On Fail a bad item fails the node: before anything is spent.
      stopOnInvalid: !ctx.continueOnFail(),
      signal: ctx.getExecutionCancelSignal(),
    });
  } catch (error) {
    for (const spend of spends) await finishSpend(ctx, spend, undefined);
    throw new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error));
  }
  summaryHint(ctx, run.summary, clients, budget, guard);
  const items = spreadsheetSafeItems(outputItems(ctx, run.outcomes), options[SPREADSHEET_SAFE] !== false);
  for (const spend of spends) await finishSpend(ctx, spend, items);
  return { items, spent: run.summary.credits };
}

export async function executeWaterfall(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const resource = ctx.getNodeParameter('resource', 0) as string;
  const operation = ctx.getNodeParameter('operation', 0) as string;
  const goal = goalOf(resource, operation);
  if (!goal) throw new NodeOperationError(ctx.getNode(), `The Waterfall has no operation "${operation}" on "${resource}"`);
  const options = ctx.getNodeParameter(OPTIONS, 0, {}) as IDataObject;
  const budget = typeof options.creditBudget === 'number' ? options.creditBudget : undefined;
  if (!runsAsTool(ctx)) return [(await runOnce(ctx, goal, budget)).items];
  // An agent's calls within one execution share the Credit Budget (see tool.ts).
  return [
    await toolBudgets.run(toolRunKey(ctx), budget, async (left, spentBefore) => {
      const { items, spent } = await runOnce(ctx, goal, left);
      const spentThisRun = (credits(spentBefore) + credits(spent)) / 1_000_000;
      return {
        value: toolAnswer(items, {
          spentThisRun,
          budget,
          budgetLeft: budget === undefined ? undefined : Math.max(0, (credits(budget) - credits(spentThisRun)) / 1_000_000),
        }),
        spent,
      };
    }),
  ];
}
