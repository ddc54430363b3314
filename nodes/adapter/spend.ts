/**
 * The team's spend limits in an n8n node: read from the Enrichflow Shared Store credential (the
 * one place every workflow and worker already shares), held by the client on every paid call,
 * warned about in the run hint and on the output items (`_spendWarnings`), and reported by the
 * Spend → Report operation every provider node has.
 */
import type { IDataObject, ICredentialDataDecryptedObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { parseSpendLimits, type ProviderCatalog, SpendLimiter, spendReport, type Store } from '@enrichflow/core';
import { PROVIDER_IDS } from '@enrichflow/core/providers/ids';
import { SHARED_STORE_CREDENTIAL } from './sharedStore';
import { SHARED_STORE_INCLUDED } from './edition';
export { spendCredentialProperties } from './spendCredential';

export const SPEND_RESOURCE = 'spend';

type Ctx = IExecuteFunctions;

/** What a limiter needs from a node run, a webhook (a resumed batch, a trigger) included. */
interface LimiterContext {
  getWorkflow(): { id?: string };
  getNodeParameter(name: string, index: number, fallback?: unknown): unknown;
  getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
  getNode(): INode;
}

/**
 * This run's limiter: the credential's limits when the node uses the Shared Store, none in the
 * in-memory mode — the report still gets every settled amount either way.
 */
export async function spendLimiterFor(ctx: LimiterContext, catalog: ProviderCatalog, store: Store): Promise<SpendLimiter> {
  const workflow = String(ctx.getWorkflow().id ?? '');
  const shared = SHARED_STORE_INCLUDED && ctx.getNodeParameter('sharedStore', 0, 'process') === 'redis';
  if (!shared) return new SpendLimiter({ store, limits: [], provider: catalog.id, workflow });
  const data = await ctx.getCredentials(SHARED_STORE_CREDENTIAL);
  try {
    return new SpendLimiter({
      store,
      limits: parseSpendLimits(data.spendLimits ?? '[]', PROVIDER_IDS),
      provider: catalog.id,
      workflow,
      warnAt: Number(data.spendWarnAt ?? 80) / 100,
      holdMs: Number(data.spendHoldMinutes ?? 10) * 60_000,
    });
  } catch (error) {
    throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
      description: 'Fix "Spend Limits" in the Enrichflow Shared Store credential. Nothing was sent.',
    });
  }
}

/** After the run: every settle written, warnings in the run hint and on the output items. */
export async function finishSpend(ctx: Ctx, limiter: SpendLimiter, items: INodeExecutionData[] | undefined): Promise<void> {
  await limiter.flush();
  const notices = limiter.notices();
  for (const notice of notices) ctx.addExecutionHints({ message: notice.message, type: 'warning', location: 'outputPane' });
  const warnings = notices.filter((n) => n.kind === 'spend_warning');
  if (!warnings.length || !items) return;
  const json = warnings.map((w) => ({
    message: w.message,
    limit: { ...w.limit } as IDataObject,
    spent: w.spent,
    left: w.left,
    percent: w.percent,
    resetsAt: w.resetsAt,
  }));
  // Error items keep only error/details (n8n's error output reads those).
  // Several providers' limiters (a waterfall) add up their warnings.
  for (const item of items)
    if (!('error' in item.json && 'details' in item.json))
      item.json._spendWarnings = [...((item.json._spendWarnings as IDataObject[] | undefined) ?? []), ...json];
}

/** The Spend resource on every provider node (the all-in-one package, where a store is shared): Report. */
export function spendProperties(): INodeProperties[] {
  if (!SHARED_STORE_INCLUDED) return [];
  const show = { show: { resource: [SPEND_RESOURCE], operation: ['report'] } };
  return [
    {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [SPEND_RESOURCE] } },
      default: 'report',
      options: [
        {
          name: 'Report',
          value: 'report',
          description: 'What every workflow spent, per provider and day, from the shared store. Cost: Free.',
          action: 'Report spend',
        },
      ],
    },
    {
      displayName: 'From',
      name: 'from',
      type: 'string',
      default: '',
      placeholder: '2026-12-01',
      description: 'First day (UTC, YYYY-MM-DD); empty: the 1st of this month',
      displayOptions: show,
    },
    {
      displayName: 'To',
      name: 'to',
      type: 'string',
      default: '',
      placeholder: '2026-12-31',
      description: 'Last day (UTC, YYYY-MM-DD); empty: today',
      displayOptions: show,
    },
    {
      displayName: 'All Providers',
      name: 'allProviders',
      type: 'boolean',
      default: true,
      description: "Whether to report every provider, not only this node's",
      displayOptions: show,
    },
    {
      displayName: 'Workflow ID',
      name: 'workflowId',
      type: 'string',
      default: '',
      description: "Only this workflow's spend; empty: every workflow",
      displayOptions: show,
    },
    {
      displayName: 'Output',
      name: 'reportOutput',
      type: 'options',
      default: 'rows',
      options: [
        { name: 'One Item per Day, Provider and Workflow', value: 'rows' },
        { name: 'One Summary Item', value: 'summary', description: "Totals per provider and workflow, the rows, and where this provider's limits stand" },
      ],
      displayOptions: show,
    },
  ];
}

export async function executeSpendReport(ctx: Ctx, catalog: ProviderCatalog, store: Store): Promise<INodeExecutionData[]> {
  const text = (name: string) => String(ctx.getNodeParameter(name, 0, '') ?? '').trim();
  let report;
  try {
    report = await spendReport(store, {
      from: text('from') || undefined,
      to: text('to') || undefined,
      provider: ctx.getNodeParameter('allProviders', 0, true) ? undefined : catalog.id,
      workflow: text('workflowId') || undefined,
    });
  } catch (error) {
    // A bad date, or a store that did not answer: the core's message says which.
    throw new NodeOperationError(ctx.getNode(), (error as Error).message);
  }
  if (ctx.getNodeParameter('reportOutput', 0, 'rows') === 'rows') return report.rows.map((row) => ({ json: { ...row }, pairedItem: { item: 0 } }));
  const limiter = await spendLimiterFor(ctx, catalog, store);
  const limits = (await limiter.status()).map((s) => ({ ...s, limit: { ...s.limit } }));
  return [{ json: { ...report, rows: report.rows.map((r) => ({ ...r })), limits } as unknown as IDataObject, pairedItem: { item: 0 } }];
}
