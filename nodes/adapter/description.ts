/**
 * The action node's description, generated from a provider catalog: resource → operation,
 * every operation's credit cost in its description, the fields from its zod input, and the
 * n8n-only parameters its mode needs (Return All / Limit, batch mode, binary property).
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { pagesByNumber, type ProviderCatalog } from '@enrichflow/core';
import { fieldProperties } from './fields';
import { credentialName, resourceLabel, titleCase } from './names';
import { optionsMethodsOf } from './loadOptions';
import { type OperationPlan, planCatalog } from './operations';
import { nodeCredentials, sharedStoreProperties } from './sharedStore';
import { toolDescriptionProperties } from './tool';
import { type VersionOptions, versionFields } from './versions';
import { SPEND_RESOURCE, spendProperties } from './spend';
import { SHARED_STORE_INCLUDED } from './edition';
import { requestsAtOnceOption } from './requestsAtOnce';

export const OPTIONS = 'options';
/** The Options entry that makes output text spreadsheet-safe (on unless turned off). */
export const SPREADSHEET_SAFE = 'spreadsheetSafe';

/** The action nodes' (and the Waterfall's) option: provider text never runs as a formula in a sheet. */
export const spreadsheetSafeOption: INodeProperties = {
  displayName: 'Spreadsheet-Safe Text',
  name: SPREADSHEET_SAFE,
  type: 'boolean',
  default: true,
  description:
    "Whether to neutralise provider text that a spreadsheet would run as a formula: text starting with =, +, -, @, a tab or a line break gets a leading ' (plain numbers and phone numbers stay as they are). Keep it on when items may reach Google Sheets, Excel or a CSV.",
};

/**
 * The value Wait Method → "Park and Check" is saved as. Saved workflows hold it, so it stays
 * `webhook` although no callback is involved: the label says what it does.
 */
export const PARK_AND_CHECK = 'webhook';

/**
 * A node description as the catalog decides it. The node file adds `icon`, `subtitle` (and
 * `usableAsTool` for action nodes) as literals: they are UI choices, and n8n's community-node
 * lint reads them from the node file itself (it cannot follow a generated object).
 */
export type GeneratedDescription = Omit<INodeTypeDescription, 'icon' | 'subtitle' | 'usableAsTool'>;

function show(plan: OperationPlan, extra: Record<string, unknown[]> = {}) {
  return { show: { resource: [plan.op.resource], operation: [plan.op.operation], ...extra } as never };
}

/**
 * The Operation dropdown's line under each operation: its cost first — n8n clamps the line to
 * two rows, and the price is what a user must not miss — then what it does.
 */
function operationDescription(plan: OperationPlan): string {
  const cost = `Cost: ${plan.op.cost.summary}.`;
  // Catalog entries built with op() end with their cost sentence: said once, in front.
  const text = plan.op.description.replace(/\s*$/, '').replace(` ${cost}`, '').replace(cost, '').trim();
  const sentence = text === '' || /[.!?]$/.test(text) ? text : `${text}.`;
  const items = plan.mode === 'batch' ? ' Each input item is one entry of the batch.' : '';
  return `${cost} ${sentence}${items}`.trim();
}

function listProperties(plan: OperationPlan): INodeProperties[] {
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      description: 'Whether to return all results or only up to a given limit',
      displayOptions: show(plan),
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      description: 'Max number of results to return',
      displayOptions: show(plan, { returnAll: [false] }),
    },
    ...onePageProperties(plan),
  ];
}

/** Lists the provider numbers by page: fetch one chosen page, as the API's own `page` would. */
function onePageProperties(plan: OperationPlan): INodeProperties[] {
  const paging = plan.op.pagination;
  if (!paging || !pagesByNumber(paging)) return [];
  const first = 'firstPage' in paging ? paging.firstPage : 1;
  return [
    {
      displayName: 'Fetch One Page',
      name: 'onePage',
      type: 'boolean',
      default: false,
      description: `Whether to fetch only the page chosen below, as the provider numbers its pages, with Limit as the page size (at most ${paging.maxPageSize}): page 3 at 50 a page is results 101–150`,
      displayOptions: show(plan, { returnAll: [false] }),
    },
    {
      displayName: 'Page',
      name: 'page',
      type: 'number',
      typeOptions: { minValue: 0 },
      default: first,
      description: `The page to fetch, numbered as the provider counts (the first is ${first} unless the credential says otherwise)`,
      displayOptions: show(plan, { returnAll: [false], onePage: [true] }),
    },
  ];
}

function batchProperties(plan: OperationPlan, catalog: ProviderCatalog): INodeProperties[] {
  const spec = plan.batch!.spec;
  const callbacks = spec.webhook !== undefined;
  const props: INodeProperties[] = [
    {
      displayName: 'Mode',
      name: 'batchMode',
      type: 'options',
      noDataExpression: true,
      default: 'start',
      options: [
        { name: 'Start', value: 'start', description: 'Submit the job and return its ID and estimated cost right away' },
        { name: 'Wait for Completion', value: 'wait', description: 'Submit the job, wait until it finishes and return one result per input item' },
      ],
      displayOptions: show(plan),
    },
  ];
  if (callbacks) {
    props.push(
      {
        displayName: 'Callback URL',
        name: 'callbackUrl',
        type: 'string',
        default: '',
        placeholder: 'https://n8n.example.com/webhook/…/callback',
        description: `Optional: the production webhook URL of a "${catalog.displayName} Trigger" node. ${catalog.displayName} calls it with each result and when the job is done; a per-job token is added so the trigger can tell real callbacks from forged ones.`,
        displayOptions: show(plan, { batchMode: ['start'] }),
      },
      {
        displayName: 'Wait Method',
        name: 'waitMethod',
        type: 'options',
        noDataExpression: true,
        default: PARK_AND_CHECK,
        options: [
          {
            name: 'Park and Check',
            value: PARK_AND_CHECK,
            description:
              'The execution is parked (n8n wait: no execution held open) and checks the job itself every Poll Interval; it resumes once the job finished — and at Maximum Wait in any case — with one result per item. Provider callbacks are not needed.',
          },
          { name: 'Poll', value: 'poll', description: 'The execution polls the job status until it finishes' },
        ],
        displayOptions: show(plan, { batchMode: ['wait'] }),
      },
    );
  }
  props.push(
    {
      displayName: 'Poll Interval (Seconds)',
      name: 'pollInterval',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: Math.max(1, Math.round(spec.pollIntervalMs / 1000)),
      description: 'How often to ask for the job status while waiting (polling is free)',
      displayOptions: show(plan, { batchMode: ['wait'] }),
    },
    ...(spec.resumeOp
      ? [
          {
            displayName: 'Auto Resume',
            name: 'autoResume',
            type: 'boolean' as const,
            default: false,
            description: `Whether a job ${catalog.displayName} pauses (e.g. out of credits) is resumed as soon as the balance covers the rest of it; otherwise the items it has not delivered report the pause`,
            displayOptions: show(plan, { batchMode: ['wait'] }),
          },
        ]
      : []),
    ...(spec.billsDuplicates
      ? [
          {
            displayName: 'Drop Duplicates',
            name: 'dropDuplicates',
            type: 'boolean' as const,
            default: false,
            description: `Whether to submit each distinct entry once (${catalog.displayName} bills every row, repeats included); repeated items still get their result`,
            displayOptions: show(plan),
          },
        ]
      : []),
    {
      displayName: 'Maximum Wait (Minutes)',
      name: 'maxWait',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 60,
      description: 'Give up waiting after this long; the job keeps running and its results can be read later with its ID',
      displayOptions: show(plan, { batchMode: ['wait'] }),
    },
  );
  return props;
}

function downloadProperties(plan: OperationPlan): INodeProperties[] {
  return [
    {
      displayName: 'Put Output File in Field',
      name: 'binaryPropertyName',
      type: 'string',
      default: 'data',
      required: true,
      description: 'The name of the output binary field to put the file in',
      displayOptions: show(plan),
    },
  ];
}

function operationProperties(plan: OperationPlan, catalog: ProviderCatalog): INodeProperties[] {
  const hint = `Optional ${plan.op.displayName.toLowerCase()} fields`;
  const fields = fieldProperties(
    plan.fields,
    { resource: [plan.op.resource], operation: [plan.op.operation] },
    hint,
    optionsMethodsOf(plan.batch ? plan.batch.itemOp : plan.op),
  );
  switch (plan.mode) {
    case 'list':
      return [...fields, ...listProperties(plan)];
    case 'batch':
      return [...fields, ...batchProperties(plan, catalog)];
    case 'download':
      return [...fields, ...downloadProperties(plan)];
    default:
      return fields;
  }
}

export function actionProperties(catalog: ProviderCatalog): INodeProperties[] {
  const plans = planCatalog(catalog);
  const resources = [...new Set(plans.map((p) => p.op.resource))];
  // Defaults held in plain names: n8n's lint reads a `default` only as a literal or a name.
  const firstResource = resources[0];
  const props: INodeProperties[] = [
    {
      displayName: 'Resource',
      name: 'resource',
      type: 'options',
      noDataExpression: true,
      default: firstResource,
      options: [
        ...resources.map((r) => ({ name: resourceLabel(r), value: r })),
        ...(SHARED_STORE_INCLUDED ? [{ name: 'Spend', value: SPEND_RESOURCE }] : []),
      ].sort((a, b) => a.name.localeCompare(b.name)),
    },
  ];
  for (const resource of resources) {
    const ops = plans.filter((p) => p.op.resource === resource);
    const firstOperation = ops[0].op.operation;
    props.push({
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [resource] } },
      default: firstOperation,
      options: ops
        .map((p) => ({ name: titleCase(p.op.displayName), value: p.op.operation, description: operationDescription(p), action: titleCase(p.op.displayName) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  // On the AI Agent tool node only: what the agent reads, cost included (see tool.ts).
  props.push(...toolDescriptionProperties(plans, catalog));
  for (const plan of plans) props.push(...operationProperties(plan, catalog));
  props.push(...spendProperties());
  props.push(...sharedStoreProperties);
  props.push({
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
          'Most credits this node may spend in one execution. Calls that could take it over are not sent; their items get a "budget exceeded" error (with Continue On Fail), or the node stops before spending anything.',
      },
      {
        displayName: 'Estimate Only',
        name: 'estimateOnly',
        type: 'boolean',
        default: false,
        description:
          'Whether to send nothing and output, for each item, the bill this operation would cost at most (total and its lines, e.g. base_cost, live_fetch, items). Lists are priced for the pages up to Limit.',
      },
      ...(catalog.batches.length > 0
        ? [
            {
              displayName: 'Release Unknown Submit',
              name: 'releaseUnknownSubmit',
              type: 'boolean' as const,
              default: false,
              description:
                "Whether to submit a batch again when an earlier submit of the same items got no usable answer and the provider's records (job list, wallet transactions) cannot tell whether it started a job. Off, the node says what it found and submits nothing twice.",
            },
          ]
        : []),
      requestsAtOnceOption,
      spreadsheetSafeOption,
    ],
  });
  return props;
}

/** Everything the catalog decides; the node file adds its UI literals (see GeneratedDescription). */
export function actionDescription(catalog: ProviderCatalog, { versions }: VersionOptions = {}): GeneratedDescription {
  return {
    displayName: catalog.displayName,
    name: catalog.id,
    group: ['transform'],
    ...versionFields(versions),
    description: `Find and enrich data with ${catalog.displayName}, spending credits knowingly: costs shown per operation, a credit budget, throttling and batch jobs`,
    defaults: { name: catalog.displayName },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: nodeCredentials(credentialName(catalog)),
    // The resume webhook of "Wait for Completion → Park and Check": n8n serves it only while
    // this node's execution waits (restartWebhook), at the execution's resume URL — the same
    // shape as n8n's own GitHub "dispatch and wait" operation.
    webhooks: catalog.batches.some((b) => b.webhook)
      ? [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '', restartWebhook: true, isFullPath: true }]
      : undefined,
    properties: actionProperties(catalog),
  };
}
