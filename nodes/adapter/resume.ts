/**
 * "Wait for Completion → Park and Check". The node submits the job and parks the execution
 * (n8n's wait: no execution held open). The provider is given NO callback URL: every per-result callback would make n8n load
 * the waiting execution from its database, and under that load n8n refuses them (measured:
 * `503 Database is not ready!` for 280 of 950, the completion among them). Instead the parked
 * execution checks the job by itself (parkedWatch.ts): the process that parked it polls the
 * free status operation every Poll Interval and calls the execution's own resume URL once the
 * job has finished — and always once just before Maximum Wait, when the execution resumes with
 * the results if the job finished and otherwise with one "still running" error per item naming
 * the job. A lost or refused resume call costs a retry, never items or credits.
 *
 * What the execution waits for rides in the execution itself: before parking, the node's input
 * is replaced by one pending error per input item carrying the job ids, the entry and the hash
 * of this wait's token (so a resume call is checked against the token recorded for this job,
 * not against anything derivable). If the process that parked it is gone when Maximum Wait
 * passes (an n8n restart), n8n does not run the node again — it passes that input on (n8n-core
 * WorkflowExecute.handleWaitingState), so every item still comes out as its own error with the
 * job id, and its results can be read later for free.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
  collectBatch,
  createCallbackToken,
  defaultIdempotencyKey,
  type EnrichflowClient,
  getBatchStatus,
  type ItemOutcome,
  type ProviderCatalog,
  ProviderFailureError,
  startBatch,
} from '@enrichflow/core';
import { type BatchEntries, MINUTE, outcomeItems, releaseUnknownSubmit, submittable } from './batch';
import { credentialName } from './names';
import type { OperationPlan } from './operations';
import { asEnrichflowError, errorItem, failOrItem, spreadsheetSafeItems } from './output';
import { OPTIONS, SPREADSHEET_SAFE } from './description';
import { watchParkedJob, type ResumeCheck } from './parkedWatch';
import { clientFor, processStore, type ProviderCredentials } from './runtime';
import { storeFor } from './sharedStore';
import { spendLimiterFor } from './spend';

const TERMINAL = new Set(['completed', 'failed', 'partial']);
/** `details.code` of the item a waiting input item becomes when nobody checked before Maximum Wait. */
export const NO_CALLBACK = 'no_callback';
/** `details.code` of an item whose job was still running at Maximum Wait. */
export const STILL_RUNNING = 'still_running';

/** What one waiting input item was submitted as (kept in `details.batchJob` of its pending item). */
export interface BatchJobNote {
  batch: string;
  jobIds: string[];
  entry: unknown;
  /** sha256 of this wait's resume token (the token itself never leaves the parking process). */
  tokenHash?: string;
}

/**
 * The URL that resumes this execution: `$execution.resumeUrl` (n8n checks its `signature`, the
 * execution's resume token), as n8n's own nodes that wait for a callback use it.
 */
function executionResumeUrl(ctx: IExecuteFunctions): string {
  return String(ctx.getWorkflowDataProxy(0).$execution.resumeUrl);
}

function resultsOpName(catalog: ProviderCatalog, batch: string): string {
  const spec = catalog.batches.find((b) => b.name === batch);
  return catalog.operations.find((o) => o.key === spec?.resultsOp)?.displayName ?? 'the batch results operation';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Submit (no provider callback), park the execution, and start checking the job from this process. */
export async function parkAndCheck(
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
    throw new NodeOperationError(
      ctx.getNode(),
      `${spec.displayName}: ${valid.length} items need several jobs; "Park and Check" waits for one job. Use Wait Method "Poll".`,
    );
  }
  if (valid.length === 0) return entries.map((e, index) => failOrItem(ctx, e.ok ? undefined : e.error, index));

  const items = valid.map((v) => v.item);
  // Keyed by execution too: another execution's wait for the same list is its own.
  const idempotencyKey = `${defaultIdempotencyKey(spec.name, items, spec.itemKey)}:${ctx.getExecutionId()}:${ctx.getNode().id}`;
  let jobIds: string[];
  try {
    jobIds = (await startBatch(client, spec.name, items, { idempotencyKey, releaseUnknownSubmit: releaseUnknownSubmit(ctx) })).jobs.map((j) => j.jobId);
  } catch (error) {
    return entries.map((e, index) => failOrItem(ctx, e.ok ? error : e.error, index));
  }

  const maxWait = ctx.getNodeParameter('maxWait', 0, 60) as number;
  const pollSeconds = ctx.getNodeParameter('pollInterval', 0, Math.round(spec.pollIntervalMs / 1000)) as number;
  const token = createCallbackToken();
  const timeout = new ProviderFailureError(
    `${spec.displayName} job ${jobIds.join(', ')} was not checked before the Maximum Wait (${maxWait} min) — the n8n process that parked this execution stopped (a restart?). The job may have finished: read its results with "${resultsOpName(catalog, spec.name)}" and the job ID (free; the first read settles its reservation).`,
    { provider: catalog.id, code: NO_CALLBACK },
  );
  const pending: INodeExecutionData[] = entries.map((e, index) => {
    if (!e.ok) return errorItem(e.error, index);
    const batchJob: BatchJobNote = { batch: spec.name, jobIds, entry: e.item, tokenHash: sha256(token) };
    return { json: { error: timeout.message, details: { ...timeout.toJSON(), batchJob } as IDataObject }, pairedItem: { item: index } };
  });
  ctx.getExecuteData().data = { main: [pending] };
  const maxWaitAt = Date.now() + maxWait * MINUTE;
  await ctx.putExecutionToWait(new Date(maxWaitAt));
  // Not awaited: the watch outlives this node run, in the process that parked the execution.
  const watcher = clientFor(ctx, catalog, credentials, { store: await storeFor(ctx, processStore), detached: true });
  void watchParkedJob({
    client: watcher,
    batch: spec.name,
    jobIds,
    resumeUrl: executionResumeUrl(ctx),
    token,
    pollIntervalMs: Math.max(1, pollSeconds) * 1000,
    maxWaitAt,
  });
  // What the waiting execution shows; the resume (or the timeout) replaces it.
  return entries.map((_, index) => ({ json: { jobIds, status: 'waiting: checking the job every poll interval' }, pairedItem: { item: index } }));
}

function respond(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
  ctx.getResponseObject().status(status).json(body);
  return { noWebhookResponse: true };
}

/** The waiting execution's pending items (see parkAndCheck), or undefined when there are none. */
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

function sameHash(token: string, hash: string | undefined): boolean {
  if (!token || !hash) return false;
  const a = Buffer.from(sha256(token));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Each item of a job still running at Maximum Wait: its own error, naming the job. */
function stillRunning(catalog: ProviderCatalog, batch: string, jobIds: string[], status: string): ProviderFailureError {
  return new ProviderFailureError(
    `${catalog.displayName} ${batch} job ${jobIds.join(', ')} was still ${status} at the Maximum Wait; nothing is lost: read its results later with "${resultsOpName(catalog, batch)}" and the job ID (free; the first read after it finishes settles its reservation).`,
    { provider: catalog.id, code: STILL_RUNNING },
  );
}

/**
 * The resume URL's webhook: only this wait's own check (the token recorded for it) is heard.
 * The API decides whether the jobs are finished; when they are, their results are read and the
 * execution resumes with one item per input item.
 */
export async function resumeOnCallback(ctx: IWebhookFunctions, catalog: ProviderCatalog): Promise<IWebhookResponseData> {
  const body = (ctx.getBodyData() ?? {}) as Partial<ResumeCheck>;
  const pending = pendingItems(ctx);
  if (!pending) return respond(ctx, 410, { error: 'no batch job is waiting here' });
  const { batch, jobIds, tokenHash } = pending.find((p) => p.note)!.note!;
  if (!sameHash(String(body.token ?? ''), tokenHash)) return respond(ctx, 401, { error: 'invalid resume token' });

  const credentials = (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials;
  const store = await storeFor(ctx, processStore);
  // Reading a finished job settles its reservation: the team's spend book hears of the refund.
  const spend = await spendLimiterFor(ctx, catalog, store);
  const client = clientFor(ctx, catalog, credentials, { store, spend });
  let running: string | undefined;
  try {
    for (const jobId of jobIds) {
      const progress = await getBatchStatus(client, batch, jobId);
      if (!TERMINAL.has(progress.status)) running ??= progress.rawStatus;
    }
  } catch (error) {
    // Not resumed: the check is repeated, and the final one comes before Maximum Wait.
    return respond(ctx, 503, { error: `could not check the job with ${catalog.displayName}: ${asEnrichflowError(error).message}` });
  }
  if (running !== undefined && !body.final) return { webhookResponse: { received: true, resumed: false, status: running } };

  const submitted = pending.flatMap((p, index) => (p.note ? [{ index, item: p.note.entry }] : []));
  let outcomes: ItemOutcome<unknown>[];
  if (running !== undefined) {
    const error = stillRunning(catalog, batch, jobIds, running);
    outcomes = submitted.map((s) => ({ index: s.index, ok: false as const, error }));
  } else {
    // The jobs are finished: collectBatch reads and matches their results, never submits. An
    // outage while reading answers 503 so the check comes again (until the final one): a
    // finished job is always read, and its reservation settles.
    const collected = await collectBatch(
      client,
      batch,
      submitted.map((s) => s.item),
      jobIds,
      { maxWaitMs: 0, readWindowMs: body.final ? 60_000 : 0 },
    ).catch((error: unknown) => asEnrichflowError(error));
    if (collected instanceof Error) return respond(ctx, 503, { error: `could not read the results from ${catalog.displayName}: ${collected.message}` });
    // A job whose results could not be read comes back with status "unknown" (see collectBatch).
    if (!body.final && collected.jobs.some((j) => j.status === 'unknown'))
      return respond(ctx, 503, { error: `could not read the results from ${catalog.displayName} yet` });
    outcomes = collected.outcomes.map((o) => ({ ...o, index: submitted[o.index].index }));
  }
  const spec = catalog.batches.find((b) => b.name === batch)!;
  const collected = new Map(outcomeItems(spec, outcomes, (error, index) => errorItem(error, index)).map((item, n) => [outcomes[n].index, item]));
  // Items that were never submitted keep their own error. All on the main output, in input
  // order: n8n pairs a resumed node's output items to its input by position (WorkflowExecute
  // addPairedItemLineage), then moves error items to the error output itself when the node
  // continues on its error output — split here, they would be paired to the wrong input.
  const items = pending.map((p, index) => collected.get(index) ?? { json: p.item.json, pairedItem: { item: index } });
  await spend.flush();
  const options = ctx.getNodeParameter(OPTIONS, {}) as IDataObject;
  return { workflowData: [spreadsheetSafeItems(items, options[SPREADSHEET_SAFE] !== false)] };
}
