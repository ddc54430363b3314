/**
 * The Enrichflow Waterfall node's fields: resource → operation (one per goal), the lead fields
 * the goal's providers read (from their catalogs' capabilities), the order, the optional email
 * check, and the options every Enrichflow node has (Credit Budget) plus when to use batch jobs.
 */
import type { INodeProperties } from 'n8n-workflow';
import { GOALS, goalFields, type WaterfallGoal } from '@enrichflow/core';
import { OPTIONS, spreadsheetSafeOption } from '../description';
import { waterfallRequestsAtOnceOption } from '../requestsAtOnce';
import { sharedStoreProperties } from '../sharedStore';
import { catalogsFor, GOAL_OPERATIONS, WATERFALL_CATALOGS } from './goals';

const showGoal = (goal: WaterfallGoal, extra: Record<string, unknown[]> = {}) => {
  const g = GOAL_OPERATIONS.find((x) => x.goal === goal)!;
  return { show: { resource: [g.resource], operation: [g.operation], ...extra } as never };
};

/** Each provider's price for its step of this goal, in its own catalog's words. */
function goalCost(goal: WaterfallGoal): string {
  const prices = catalogsFor(goal).flatMap((catalog) =>
    (catalog.capabilities ?? [])
      .filter((c) => c.goal === goal)
      .map((c) => `${catalog.displayName}: ${catalog.operations.find((o) => o.key === c.op)?.cost.summary ?? 'see its node'}`),
  );
  return `Cost: only the steps tried, nothing after the first hit, each at its provider's price — ${prices.join(' · ')}.`;
}

/** What the agent (and the user) reads about one goal: who is asked, in what order, what it costs. */
export function goalDescription(goal: WaterfallGoal): string {
  const providers = catalogsFor(goal).map((c) => c.displayName);
  return `Finds ${GOALS[goal].about} by asking ${providers.join(', ')} in turn (each with a configured credential), cheapest first by their own price lists, and stops at the first valid hit; each result lists every provider asked, what it cost and what it answered. ${goalCost(goal)}`;
}

function operationProperties(): INodeProperties[] {
  const resources = [...new Set(GOAL_OPERATIONS.map((g) => g.resource))];
  const firstResource = resources[0];
  const props: INodeProperties[] = [
    {
      displayName: 'Resource',
      name: 'resource',
      type: 'options',
      noDataExpression: true,
      default: firstResource,
      options: [
        { name: 'Company', value: 'company' },
        { name: 'Email', value: 'email' },
        { name: 'Person', value: 'person' },
        { name: 'Phone', value: 'phone' },
      ],
    },
  ];
  for (const resource of resources) {
    const ops = GOAL_OPERATIONS.filter((g) => g.resource === resource);
    const firstOperation = ops[0]!.operation;
    props.push({
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [resource] } },
      default: firstOperation,
      options: ops
        .map((g) => ({ name: g.action, value: g.operation, action: g.action, description: goalDescription(g.goal) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  return props;
}

function leadProperties(): INodeProperties[] {
  const props: INodeProperties[] = [];
  for (const g of GOAL_OPERATIONS) {
    const capabilities = catalogsFor(g.goal).flatMap((c) => c.capabilities ?? []);
    for (const hint of goalFields(g.goal, capabilities)) {
      const needs = capabilities.filter((c) => c.goal === g.goal && c.reads.includes(hint.name));
      props.push({
        displayName: hint.label,
        name: hint.name,
        type: 'string',
        default: '',
        placeholder: hint.placeholder,
        description: `${hint.help}. Used by: ${[...new Set(needs.map((c) => WATERFALL_CATALOGS.find((cat) => cat.capabilities?.includes(c))?.displayName))].join(', ')}.`,
        displayOptions: showGoal(g.goal),
      });
    }
  }
  return props;
}

function orderProperties(): INodeProperties[] {
  return [
    {
      displayName: 'Order',
      name: 'order',
      type: 'options',
      noDataExpression: true,
      default: 'cheapest',
      options: [
        {
          name: 'Cheapest First',
          value: 'cheapest',
          description: 'Per item: free answers first (cached, a record already subscribed), then by what each provider would charge',
        },
        { name: 'As Listed in Providers', value: 'given', description: 'In the order of the Providers field' },
      ],
    },
    {
      displayName: 'Providers',
      name: 'providers',
      type: 'multiOptions',
      default: [],
      options: WATERFALL_CATALOGS.filter((c) => c.capabilities?.length).map((c) => ({ name: c.displayName, value: c.id })),
      description:
        'Which providers take part, in this order (with Order "As Listed"). Empty: every provider with a credential set on this node. A provider without a credential never takes part.',
    },
    {
      displayName: 'Verify Found Email',
      name: 'verifyEmail',
      type: 'boolean',
      default: false,
      description:
        'Whether to check a found email with Enrich.so email validation (1 credit; risky answers are free) before accepting it: a risky or invalid email moves on to the next provider. Needs the Enrich.so credential.',
      displayOptions: showGoal('workEmail'),
    },
  ];
}

export function waterfallProperties(): INodeProperties[] {
  return [
    ...operationProperties(),
    ...GOAL_OPERATIONS.map(
      (g): INodeProperties => ({
        displayName: 'Tool Description',
        name: 'toolDescription',
        type: 'string',
        default: `${g.action} with the Enrichflow Waterfall: ${goalDescription(g.goal)} Steps the credit budget cannot cover are not sent; every result says what it cost (_credits.charged).`,
        required: true,
        typeOptions: { rows: 3 },
        description: 'What the AI agent reads about this tool; edit it to add your own guidance',
        displayOptions: { show: { '@tool': [true], resource: [g.resource], operation: [g.operation] } as never },
      }),
    ),
    ...leadProperties(),
    ...orderProperties(),
    ...sharedStoreProperties,
    {
      displayName: 'Options',
      name: OPTIONS,
      type: 'collection',
      placeholder: 'Add Option',
      default: {},
      options: [
        {
          displayName: 'Credit Budget',
          name: 'creditBudget',
          type: 'number',
          typeOptions: { minValue: 0 },
          default: 100,
          description:
            'Most credits all providers together may charge in one execution (credits as each provider counts them). A step that could take the run over is not sent; the item says so and the waterfall goes on to a cheaper step if there is one.',
        },
        {
          displayName: 'Batch Jobs From (Items)',
          name: 'batchFrom',
          type: 'number',
          typeOptions: { minValue: 2 },
          default: 100,
          description:
            'When at least this many items need the same provider at the same step, it runs as one batch job where the provider has one (Enrich.so email finder): fewer requests; only its misses go on to the next provider',
        },
        waterfallRequestsAtOnceOption,
        spreadsheetSafeOption,
      ],
    },
  ];
}
