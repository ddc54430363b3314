/**
 * "Batch finished" by polling, for any provider with batch jobs (the only way for providers
 * that never call back): watches the given job ids through the batch's free status operation
 * and emits each job once, when it reaches a terminal status.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { coerceFieldValues, fetchBatchResults, getBatchStatus, type ProviderCatalog } from '@enrichflow/core';
import type { GeneratedDescription } from './description';
import { credentialName } from './names';
import { clientFor, processStore, type ProviderCredentials } from './runtime';
import { nodeCredentials, sharedStoreProperties, storeFor } from './sharedStore';
import { type VersionOptions, versionFields } from './versions';
import { spreadsheetSafeJson, spreadsheetSafeProperty } from './output';

const TERMINAL: Record<string, 'batch.completed' | 'batch.failed'> = { completed: 'batch.completed', partial: 'batch.completed', failed: 'batch.failed' };

/** Everything the catalog decides; the node file adds its UI literals (see GeneratedDescription). */
export function batchPollTriggerDescription(catalog: ProviderCatalog, { versions }: VersionOptions = {}): GeneratedDescription {
  // Defaults held in plain names: n8n's lint reads a `default` only as a literal or a name.
  const firstBatch = catalog.batches[0]?.name ?? '';
  return {
    displayName: `${catalog.displayName} Batch Finished Trigger`,
    name: `${catalog.id}BatchTrigger`,
    group: ['trigger'],
    ...versionFields(versions),
    description: `Starts the workflow when a ${catalog.displayName} batch job finishes, by polling its status (free)`,
    defaults: { name: `${catalog.displayName} Batch Finished` },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: nodeCredentials(credentialName(catalog)),
    properties: [
      {
        displayName: 'Batch',
        name: 'batch',
        type: 'options',
        required: true,
        default: firstBatch,
        options: catalog.batches.map((b) => ({ name: b.displayName, value: b.name })),
      },
      {
        displayName: 'Job IDs',
        name: 'jobIds',
        type: 'string',
        required: true,
        default: '',
        description: 'The jobs to watch (as returned by the batch operation in Mode "Start"); separate several with commas',
      },
      {
        displayName: 'Include Results',
        name: 'includeResults',
        type: 'boolean',
        default: false,
        description: 'Whether the event also carries every result of the job (reading them is free; the first read settles the job)',
      },
      spreadsheetSafeProperty,
      ...sharedStoreProperties,
    ],
  };
}

export async function pollBatches(ctx: IPollFunctions, catalog: ProviderCatalog): Promise<INodeExecutionData[][] | null> {
  const batch = ctx.getNodeParameter('batch') as string;
  const jobIds = coerceFieldValues([{ name: 'jobIds', label: 'Job IDs', type: 'stringList', required: true }], { jobIds: ctx.getNodeParameter('jobIds', '') })
    .jobIds as string[] | undefined;
  const includeResults = ctx.getNodeParameter('includeResults', false) as boolean;
  const state = ctx.getWorkflowStaticData('node');
  const done = (state.done ??= {}) as Record<string, string>;
  const manual = ctx.getMode() === 'manual';
  const client = clientFor(ctx, catalog, (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials, {
    store: await storeFor(ctx, processStore),
  });

  const out: IDataObject[] = [];
  for (const jobId of jobIds ?? []) {
    if (done[jobId] && !manual) continue;
    const progress = await getBatchStatus(client, batch, jobId);
    const type = TERMINAL[progress.status];
    // A manual test run shows where the jobs are; an active workflow emits each job once, when done.
    if (!type && !manual) continue;
    const event: IDataObject = {
      type: type ?? 'batch.progress',
      provider: catalog.id,
      batch,
      jobId,
      status: progress.rawStatus,
      total: progress.total,
      processed: progress.processed,
    };
    if (type === 'batch.completed' && includeResults) {
      const read = await fetchBatchResults(client, batch, jobId);
      event.results = read.results as IDataObject[];
      event._credits = { ...read.credits };
    }
    if (type && !manual) done[jobId] = new Date().toISOString();
    out.push(event);
  }
  return out.length ? [ctx.helpers.returnJsonArray(spreadsheetSafeJson(out, ctx.getNodeParameter('spreadsheetSafe', true)))] : null;
}
