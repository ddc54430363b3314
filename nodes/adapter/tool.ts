/**
 * The action nodes as AI Agent tools. n8n (2.41) turns every `usableAsTool` node into a
 * "… Tool" node type (name + "Tool", ai_tool output) and gives the agent, per tool node:
 * - a name: the node's name, which the editor derives from the operation's `action`
 *   (`makeNodeName`: "<action> in <node>"), cut to 64 characters;
 * - a description: the node's `toolDescription` parameter, or — only when that is empty or
 *   `descriptionType` is "auto" — `makeDescription`: "<action> in <node>", nothing else.
 * So the cost cannot ride on `action` without also landing in every node's name and the tool
 * name (long summaries cut at 64 characters: two tools of one operation would share a name).
 * Instead each operation gets its own `toolDescription` default, shown only on the tool node
 * (`@tool`), generated from the catalog: what the operation does, its cost, and how the
 * budget applies. n8n adds no description field of its own when the node has one.
 *
 * At run time an agent's tool calls are separate runs of the node within one execution, so the
 * Credit Budget spans them all: `toolBudgets` carries what the execution's earlier calls spent.
 */
import type { IDataObject, INodeExecutionData, INodeProperties, IExecuteFunctions } from 'n8n-workflow';
import type { ProviderCatalog } from '@enrichflow/core';
import { titleCase } from './names';
import type { OperationPlan } from './operations';

/** What the agent reads about one operation: what it does, what a call costs, how the budget applies. */
export function toolDescriptionText(plan: OperationPlan, catalog: ProviderCatalog): string {
  const about = plan.op.description.replace(/\s*$/, '');
  const sentence = /[.!?]$/.test(about) ? about : `${about}.`;
  const cost = sentence.includes(`Cost: ${plan.op.cost.summary}`) ? '' : ` Cost: ${plan.op.cost.summary}.`;
  const budget = plan.op.cost.free
    ? ''
    : ' Calls that could take this run past the credit budget are refused before anything is sent; every result says what it cost (_credits.charged) and how much budget is left.';
  return `${titleCase(plan.op.displayName)} in ${catalog.displayName}: ${sentence}${cost}${budget}`;
}

/** One `toolDescription` per operation, shown only on the tool node; its default is the generated text. */
export function toolDescriptionProperties(plans: OperationPlan[], catalog: ProviderCatalog): INodeProperties[] {
  return plans.map((plan) => ({
    displayName: 'Tool Description',
    name: 'toolDescription',
    type: 'string',
    default: toolDescriptionText(plan, catalog),
    required: true,
    typeOptions: { rows: 3 },
    description:
      'What the AI agent reads about this tool. Generated from the catalog for this operation (its cost included); edit it to add your own guidance.',
    displayOptions: { show: { '@tool': [true], resource: [plan.op.resource], operation: [plan.op.operation] } as never },
  }));
}

/** Whether this run is a tool call of an AI agent (the node type n8n generated: "<name>Tool"). */
export function runsAsTool(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
  return ctx.getNode().type.endsWith('Tool');
}

/** What a tool run spent and what the execution's budget has left. */
export interface ToolRunCredits {
  spentThisRun: number;
  budget?: number;
  budgetLeft?: number;
}

interface ExecutionSpend {
  spent: number;
  queue: Promise<unknown>;
}

// Executions remembered at once: the oldest are forgotten (an agent's run is long over by then).
const MAX_EXECUTIONS = 500;

/**
 * What each execution's tool calls of one node have spent. Calls of one execution run one after
 * the other (an agent may call tools in parallel), so each sees what the ones before it spent.
 */
export class ToolBudgets {
  private readonly runs = new Map<string, ExecutionSpend>();

  /** `body` gets the budget left for this call (undefined without a budget) and returns what it spent. */
  async run<T>(
    key: string,
    budget: number | undefined,
    body: (left: number | undefined, spentBefore: number) => Promise<{ value: T; spent: number }>,
  ): Promise<T> {
    let entry = this.runs.get(key);
    if (!entry) {
      entry = { spent: 0, queue: Promise.resolve() };
      this.runs.set(key, entry);
      this.forgetOldest();
    }
    const current = entry;
    const turn = current.queue.then(async () => {
      const left = budget === undefined ? undefined : Math.max(0, budget - current.spent);
      const { value, spent } = await body(left, current.spent);
      current.spent += spent;
      return value;
    });
    // The next call waits for this one, whatever its outcome.
    current.queue = turn.catch(() => undefined);
    return turn;
  }

  spent(key: string): number {
    return this.runs.get(key)?.spent ?? 0;
  }

  private forgetOldest(): void {
    while (this.runs.size > MAX_EXECUTIONS) {
      const oldest = this.runs.keys().next().value;
      if (oldest === undefined) return;
      this.runs.delete(oldest);
    }
  }
}

export const toolBudgets = new ToolBudgets();

/** The key of one node's tool calls in one execution. */
export function toolRunKey(ctx: Pick<IExecuteFunctions, 'getNode' | 'getExecutionId'>): string {
  return `${ctx.getExecutionId() ?? ''}\u0000${ctx.getNode().name}`;
}

/**
 * The items the agent reads: every result carries the run's credits, and a call the budget
 * refused says so in words an agent acts on (the error item stays paired to its input).
 */
export function toolAnswer(items: INodeExecutionData[], run: ToolRunCredits): INodeExecutionData[] {
  const runJson: IDataObject = { spentThisRun: run.spentThisRun };
  if (run.budget !== undefined) Object.assign(runJson, { budget: run.budget, budgetLeft: run.budgetLeft });
  return items.map((item) => {
    const details = item.json.details as IDataObject | undefined;
    if (details?.kind === 'budget_exceeded') {
      const estimate = Number(details.estimate ?? 0);
      const error =
        `Refused by the credit budget: this call may cost up to ${estimate} credits but only ${run.budgetLeft ?? details.remaining} of the budget of ` +
        `${run.budget ?? '?'} credits for this run are left (${run.spentThisRun} spent). Nothing was sent and nothing was charged; in this run only calls costing at most ${run.budgetLeft ?? details.remaining} credits can still be made.`;
      return { ...item, json: { error, refused: 'credit_budget', _credits: { estimated: estimate, charged: 0, ...runJson } } };
    }
    const credits = item.json._credits as IDataObject | undefined;
    return credits ? { ...item, json: { ...item.json, _credits: { ...credits, ...runJson } } } : item;
  });
}
