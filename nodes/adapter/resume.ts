/**
 * "Wait for Completion → Resume by Callback". The node submits the job with this execution's
 * resume URL as the provider's callback and parks the execution (no worker held); n8n runs the
 * node's webhook() for every callback to that URL. Per-result callbacks are
 * acknowledged; a completion resumes the execution only after the API confirms every job
 * finished, with one item per input item.
 *
 * Nothing is kept in the n8n process: what the execution waits for rides in the execution
 * itself, so an n8n restart (or another main instance receiving the callback) loses nothing.
 * When Maximum Wait passes without a callback n8n does not run the node again — it passes the
 * node's input on, as for its own Wait node (n8n-core WorkflowExecute.handleWaitingState) — so
 * before parking, the node's input is replaced by one "no callback" error per input item. Those
 * are what n8n passes on after a timeout, and they carry the job ids and entries the resume
 * reads back (through `$input.all()`, which is that same input).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
  callbackUrl,
  collectBatch,
  createCallbackToken,
  defaultIdempotencyKey,
  deriveCallbackToken,
  type EnrichflowClient,
  getBatchStatus,
  handleCallback,
  type ItemOutcome,
  type ProviderCatalog,
  ProviderFailureError,
  startBatch,
} from '../../shared';
import { type BatchEntries, MINUTE, outcomeItems, submittable } from './batch';
import { credentialName } from './names';
import type { OperationPlan } from './operations';
import { asEnrichflowError, errorItem, failOrItem } from './output';
import { clientFor, processStore, type ProviderCredentials } from './runtime';
import { storeFor } from './sharedStore';

const TERMINAL = new Set(['completed', 'failed', 'partial']);
/** `details.code` of the item a waiting input item becomes when no callback came in time. */
export const NO_CALLBACK = 'no_callback';

/** What one waiting input item was submitted as (kept in `details.batchJob` of its pending item). */
export interface BatchJobNote {
  batch: string;
  jobIds: string[];
  entry: unknown;
}

/**
 * The URL that resumes this execution: `$execution.resumeUrl` (n8n checks its `signature`, the
 * execution's resume token), as n8n's own nodes that wait for a callback use it.
 * (`getSignedResumeUrl` signs for n8n's "send and wait" operations only; n8n 2.x refuses its
 * signature for any other node.)
 */
function executionResumeUrl(ctx: IExecuteFunctions): string {
  return String(ctx.getWorkflowDataProxy(0).$execution.resumeUrl);
}

function resultsOpName(catalog: ProviderCatalog, batch: string): string {
  const spec = catalog.batches.find((b) => b.name === batch);
  return catalog.operations.find((o) => o.key === spec?.resultsOp)?.displayName ?? 'the batch results operation';
}

/** Submit with the execution's resume URL as the callback, then park the execution. */
export async function parkForCallback(
  ctx: IExecuteFunctions,
  client: EnrichflowClient,
  plan: OperationPlan,
  entries: BatchEntries,
  credentials: ProviderCredentials,
): Promise<INodeExecutionData[]> {
  const { spec } = plan.batch!;
  const catalog = client.provider;
  const valid = submittable(entries);
  if (valid.length > spec.maxItems) {
    throw new NodeOperationError(ctx.getNode(), `${spec.displayName}: ${valid.length} items need several jobs; "Resume by Callback" waits for one job. Use Wait Method "Poll".`);
  }
  if (valid.length === 0) return entries.map((e, index) => failOrItem(ctx, e.ok ? undefined : e.error, index));

  const ref = createCallbackToken().slice(0, 16);
  const resumeUrl = callbackUrl(executionResumeUrl(ctx), ref, deriveCallbackToken(String(credentials.apiKey ?? ''), ref));
  const items = valid.map((v) => v.item);
  // Keyed by execution too: another execution's job for the same list calls back elsewhere.
  const idempotencyKey = `${defaultIdempotencyKey(spec.name, items, spec.itemKey)}:${ctx.getExecutionId()}:${ctx.getNode().id}`;
  let jobIds: string[];
  try {
    jobIds = (await startBatch(client, spec.name, items, { callbackUrl: resumeUrl, idempotencyKey })).jobs.map((j) => j.jobId);
  } catch (error) {
    return entries.map((e, index) => failOrItem(ctx, e.ok ? error : e.error, index));
  }

  const maxWait = ctx.getNodeParameter('maxWait', 0, 60) as number;
  const timeout = new ProviderFailureError(
    `${catalog.displayName} did not call back within the Maximum Wait (${maxWait} min) for ${spec.displayName} job ${jobIds.join(', ')}: the job may still be running, or its callback was lost. Its results were not read; read them with "${resultsOpName(catalog, spec.name)}" and the job ID (free).`,
    { provider: catalog.id, code: NO_CALLBACK },
  );
  const pending: INodeExecutionData[] = entries.map((e, index) => {
    if (!e.ok) return errorItem(e.error, index);
    const batchJob: BatchJobNote = { batch: spec.name, jobIds, entry: e.item };
    return { json: { error: timeout.message, details: { ...timeout.toJSON(), batchJob } as IDataObject }, pairedItem: { item: index } };
  });
  ctx.getExecuteData().data = { main: [pending] };
  await ctx.putExecutionToWait(new Date(Date.now() + maxWait * MINUTE));
  // What the waiting execution shows; the resume (or the timeout) replaces it.
  return entries.map((_, index) => ({ json: { jobIds, status: 'waiting for callback' }, pairedItem: { item: index } }));
}

function respond(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
  ctx.getResponseObject().status(status).json(body);
  return { noWebhookResponse: true };
}

/** The waiting execution's pending items (see parkForCallback), or undefined when there are none. */
function pendingItems(ctx: IWebhookFunctions): { item: INodeExecutionData; note?: BatchJobNote }[] | undefined {
  let input: unknown;
  try {
    input = ctx.evaluateExpression('{{ $input.all() }}', 0);
  } catch {
    return undefined;
  }
  if (!Array.isArray(input) || input.length === 0) return undefined;
  const list = (input as INodeExecutionData[]).map((item) => {
    const note = (item?.json?.details as IDataObject | undefined)?.batchJob as BatchJobNote | undefined;
    return { item, note: note && Array.isArray(note.jobIds) ? note : undefined };
  });
  return list.some((x) => x.note) ? list : undefined;
}

export async function resumeOnCallback(ctx: IWebhookFunctions, catalog: ProviderCatalog): Promise<IWebhookResponseData> {
  const query = ctx.getQueryData() as { ref?: string; token?: string };
  const credentials = (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials;
  const store = await storeFor(ctx, processStore);
  const outcome = await handleCallback(catalog, store, {
    payload: ctx.getBodyData(),
    ref: String(query.ref ?? ''),
    token: String(query.token ?? ''),
    secret: String(credentials.apiKey ?? ''),
  });
  if (outcome.status === 'rejected') return respond(ctx, outcome.reason.includes('token') ? 401 : 400, { error: outcome.reason });
  // Per-result callbacks only say the job is moving; the execution keeps waiting.
  if (outcome.event.type === 'batch.item') return { webhookResponse: { received: true, resumed: false } };

  const pending = pendingItems(ctx);
  if (!pending) return respond(ctx, 410, { error: 'no batch job is waiting here' });
  const { batch, jobIds } = pending.find((p) => p.note)!.note!;
  if (!jobIds.includes(outcome.event.jobId)) return respond(ctx, 400, { error: 'callback is for another job' });

  // Callbacks are unsigned: the API, not the payload, decides whether the jobs are finished.
  // A duplicate completion is checked too — harmless, and it may be the one that finds them done.
  const client = clientFor(ctx, catalog, credentials, { store });
  try {
    for (const jobId of jobIds) {
      if (!TERMINAL.has((await getBatchStatus(client, batch, jobId)).status)) return { webhookResponse: { received: true, resumed: false } };
    }
  } catch (error) {
    // Not resumed: the provider retries the callback, or Maximum Wait ends the wait.
    return respond(ctx, 503, { error: `could not confirm the job with ${catalog.displayName}: ${asEnrichflowError(error).message}` });
  }

  const submitted = pending.flatMap((p, index) => (p.note ? [{ index, item: p.note.entry }] : []));
  let outcomes: ItemOutcome<unknown>[];
  try {
    // The jobs are finished: collectBatch reads and matches their results, never submits.
    const collected = await collectBatch(
      client,
      batch,
      submitted.map((s) => s.item),
      jobIds,
      { maxWaitMs: 0 },
    );
    outcomes = collected.outcomes.map((o) => ({ ...o, index: submitted[o.index].index }));
  } catch (error) {
    outcomes = submitted.map((s) => ({ index: s.index, ok: false as const, error: asEnrichflowError(error) }));
  }
  const spec = catalog.batches.find((b) => b.name === batch)!;
  const collected = new Map(outcomeItems(spec, outcomes, (error, index) => errorItem(error, index)).map((item, n) => [outcomes[n].index, item]));
  // Items that were never submitted keep their own error. All on the main output, in input
  // order: n8n pairs a resumed node's output items to its input by position (WorkflowExecute
  // addPairedItemLineage), then moves error items to the error output itself when the node
  // continues on its error output — split here, they would be paired to the wrong input.
  const items = pending.map((p, index) => collected.get(index) ?? { json: p.item.json, pairedItem: { item: index } });
  return { workflowData: [items] };
}
