/**
 * The action node's resume webhook ("Wait for Completion → Resume by Callback"). n8n calls it
 * for every provider callback to the waiting execution's signed resume URL. Per-result
 * callbacks are acknowledged without resuming; a completion callback resumes the execution
 * only after the API confirms every job finished, with one item per input item.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import {
  EnrichflowError,
  fetchBatchResults,
  getBatchStatus,
  GoneError,
  handleCallback,
  type ItemOutcome,
  NotFoundError,
  ProviderFailureError,
  type ProviderCatalog,
} from '../../shared';
import { outcomeItems, type WaitState, waitStateKey } from './batch';
import { credentialName } from './names';
import { errorItem } from './output';
import { clientFor, processStore, type ProviderCredentials } from './runtime';

const TERMINAL = new Set(['completed', 'failed', 'partial']);

function reject(ctx: IWebhookFunctions, status: number, reason: string): IWebhookResponseData {
  ctx.getResponseObject().status(status).json({ error: reason });
  return { noWebhookResponse: true };
}

/**
 * Results of finished jobs matched back to the entries by the catalog's item key.
 * (Mirrors the matching inside the core's runBatch, which has no entry point for jobs that are
 * already known; asked for in .notes/n8n-needs.md.)
 */
function matchResults(catalog: ProviderCatalog, state: WaitState, results: unknown[], statuses: Map<string, string>): ItemOutcome<unknown>[] {
  const spec = catalog.batches.find((b) => b.name === state.batch)!;
  const byKey = new Map<string, unknown>();
  for (const r of results) {
    const k = spec.resultKey(r);
    if (k !== undefined && !byKey.has(k)) byKey.set(k, r);
  }
  const allCompleted = [...statuses.values()].every((s) => s === 'completed');
  return state.entries.map((entry, index): ItemOutcome<unknown> => {
    if ('error' in entry) return { index, ok: false, error: new ProviderFailureError(entry.error.message) };
    const result = byKey.get(spec.itemKey(entry.item));
    if (result !== undefined) {
      const message = spec.resultError?.(result);
      return message ? { index, ok: false, error: new ProviderFailureError(`${catalog.displayName}: ${message}`) } : { index, ok: true, value: result };
    }
    if (allCompleted) return { index, ok: true, value: { found: false, input: entry.item } };
    return { index, ok: false, error: new NotFoundError(`${spec.displayName} ended ${[...statuses.values()].join('/')} without a result for this item`) };
  });
}

export async function resumeOnCallback(ctx: IWebhookFunctions, catalog: ProviderCatalog): Promise<IWebhookResponseData> {
  const query = ctx.getQueryData() as { ref?: string; token?: string };
  const ref = String(query.ref ?? '');
  const credentials = (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials;
  const outcome = await handleCallback(catalog, processStore, { payload: ctx.getBodyData(), ref, token: String(query.token ?? ''), secret: String(credentials.apiKey ?? '') });
  if (outcome.status === 'rejected') return reject(ctx, outcome.reason.includes('token') ? 401 : 400, outcome.reason);
  // Per-result callbacks only say the job is moving; the execution keeps waiting.
  if (outcome.event.type === 'batch.item') return { webhookResponse: { received: true, resumed: false } };

  const state = await processStore.get<WaitState>(waitStateKey(catalog.id, ref));
  if (!state) {
    const lost = new GoneError(
      `${catalog.displayName} job ${outcome.event.jobId} finished, but this n8n process no longer holds the list it was waiting for (n8n restarted?). Read the results with "Get … Results" and the job ID.`,
    );
    return { workflowData: [[errorItem(lost, 0)]] };
  }
  if (!state.jobIds.includes(outcome.event.jobId)) return reject(ctx, 400, 'callback is for another job');

  // Callbacks are unsigned: the API, not the payload, decides whether the jobs are finished.
  // A duplicate completion is re-checked too — it is harmless, and may be the one that finds
  // the jobs done.
  const client = clientFor(ctx, catalog, credentials);
  const statuses = new Map<string, string>();
  for (const jobId of state.jobIds) statuses.set(jobId, (await getBatchStatus(client, state.batch, jobId)).status);
  if (![...statuses.values()].every((s) => TERMINAL.has(s))) return { webhookResponse: { received: true, resumed: false } };

  let outcomes: ItemOutcome<unknown>[];
  try {
    const results: unknown[] = [];
    for (const jobId of state.jobIds) results.push(...(await fetchBatchResults(client, state.batch, jobId)).results);
    outcomes = matchResults(catalog, state, results, statuses);
  } catch (error) {
    const e = error instanceof EnrichflowError ? error : new ProviderFailureError(String(error));
    outcomes = state.entries.map((_, index) => ({ index, ok: false, error: e }));
  }
  await processStore.delete(waitStateKey(catalog.id, ref));

  const spec = catalog.batches.find((b) => b.name === state.batch)!;
  const items = outcomeItems(spec, outcomes, (error, index) => errorItem(error, index));
  // A resumed node does not run again, so it routes its own error items (n8n forwards every branch).
  if (ctx.getNode().onError === 'continueErrorOutput') {
    const isError = (i: INodeExecutionData) => (i.json as IDataObject).error !== undefined && (i.json as IDataObject).details !== undefined;
    return { workflowData: [items.filter((i) => !isError(i)), items.filter(isError)] };
  }
  return { workflowData: [items] };
}
