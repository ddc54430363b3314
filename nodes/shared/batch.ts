/**
 * Batch operations: every input item is one entry of ONE provider job (the core chunks past the
 * provider's limit). Start returns the job; Wait for Completion polls (n8n's sleep) or parks the
 * execution until the provider calls the signed resume URL (see resume.ts). Either way each
 * input item comes back as its own result or error, paired to it.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
  type BatchSpec,
  callbackUrl,
  createCallbackToken,
  defaultIdempotencyKey,
  deriveCallbackToken,
  type EnrichflowClient,
  type ItemOutcome,
  runBatch,
  startBatch,
  toCreditNumber,
} from '../../shared';
import { type ItemInputs, readInputs, requireAllValid } from './inputs';
import type { OperationPlan } from './operations';
import { asEnrichflowError, errorItem, failOrItem, resultItem } from './output';
import { processStore, type ProviderCredentials } from './runtime';

const MINUTE = 60_000;

/** What the resume webhook needs to fan a finished job back out to the input items. */
export interface WaitState {
  batch: string;
  jobIds: string[];
  /** Per input item: its batch entry, or why it was not submitted. */
  entries: ({ item: unknown } | { error: { message: string; details: Record<string, unknown> } })[];
}

export const waitStateKey = (provider: string, ref: string) => `n8n:wait:${provider}:${ref}`;

/** The credits one batch entry cost: the catalog's per-item price when the result was charged. */
export function entryCredits(spec: BatchSpec, result: unknown) {
  const price = toCreditNumber(spec.costPerItem);
  const charged = spec.resultCharged ? (spec.resultCharged(result) ? price : 0) : price;
  return { estimated: price, charged, fromCache: false, source: 'model' as const };
}

export function outcomeItems(spec: BatchSpec, outcomes: ItemOutcome<unknown>[], onError: (error: unknown, index: number) => INodeExecutionData): INodeExecutionData[] {
  return outcomes.map((o) => (o.ok ? resultItem(o.value, entryCredits(spec, o.value), o.index) : onError(o.error, o.index)));
}

function batchInputs(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan): ItemInputs {
  const { spec, toItem } = plan.batch!;
  return readInputs(ctx, client, plan, (values) => {
    client.validate(spec.submitOp, spec.submitInput([toItem(values)]));
  });
}

async function start(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, inputs: ItemInputs, credentials: ProviderCredentials): Promise<INodeExecutionData[]> {
  const { spec, toItem } = plan.batch!;
  const valid = inputs.flatMap((x, index) => (x.ok ? [{ index, item: toItem(x.input) }] : []));
  const base = spec.webhook ? String(ctx.getNodeParameter('callbackUrl', 0, '') ?? '').trim() : '';
  let url: string | undefined;
  if (base) {
    // The trigger derives the same token from the credential: no registry needs to be shared.
    const ref = createCallbackToken().slice(0, 16);
    url = callbackUrl(base, ref, deriveCallbackToken(String(credentials.apiKey ?? ''), ref));
  }
  const out: INodeExecutionData[] = inputs.map((x, index) => (x.ok ? { json: {}, pairedItem: { item: index } } : failOrItem(ctx, x.error, index)));
  if (valid.length === 0) return out;
  let started: Awaited<ReturnType<typeof startBatch>>;
  try {
    started = await startBatch(
      client,
      spec.name,
      valid.map((v) => v.item),
      { callbackUrl: url },
    );
  } catch (error) {
    for (const v of valid) out[v.index] = failOrItem(ctx, error, v.index);
    return out;
  }
  valid.forEach((v, position) => {
    const job = started.jobs[Math.floor(position / spec.maxItems)];
    out[v.index] = resultItem(
      {
        jobId: job.jobId,
        batch: spec.name,
        status: 'submitted',
        entry: v.item,
        jobItemCount: job.itemCount,
        estimatedCredits: started.estimated,
        reused: job.reused,
        callback: url !== undefined,
      },
      // The job's reservation is counted once, on its first entry.
      { estimated: position === 0 ? started.estimated : 0, charged: 0, fromCache: started.reused, source: 'model' },
      v.index,
    );
  });
  return out;
}

async function waitByPolling(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, inputs: ItemInputs): Promise<INodeExecutionData[]> {
  const { spec, toItem } = plan.batch!;
  const valid = inputs.flatMap((x, index) => (x.ok ? [{ index, item: toItem(x.input) }] : []));
  const run = valid.length
    ? await runBatch(
        client,
        spec.name,
        valid.map((v) => v.item),
        {
          wait: 'poll',
          pollIntervalMs: (ctx.getNodeParameter('pollInterval', 0, 5) as number) * 1000,
          maxWaitMs: (ctx.getNodeParameter('maxWait', 0, 60) as number) * MINUTE,
          signal: ctx.getExecutionCancelSignal(),
        },
      )
    : { outcomes: [] };
  const byIndex = new Map(run.outcomes.map((o, position) => [valid[position].index, o]));
  const outcomes: ItemOutcome<unknown>[] = inputs.map((x, index) => {
    const o = byIndex.get(index);
    if (o) return { ...o, index };
    return { index, ok: false, error: asEnrichflowError(x.ok ? undefined : x.error) };
  });
  return outcomeItems(spec, outcomes, (error, index) => failOrItem(ctx, error, index));
}

/**
 * Submit with the execution's signed resume URL as the provider's callback, then park the
 * execution (no worker held) until the callback — or Maximum Wait — resumes it.
 */
async function waitForCallback(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, inputs: ItemInputs, credentials: ProviderCredentials): Promise<INodeExecutionData[]> {
  const { spec, toItem } = plan.batch!;
  const valid = inputs.flatMap((x, index) => (x.ok ? [{ index, item: toItem(x.input) }] : []));
  if (valid.length > spec.maxItems) {
    throw new NodeOperationError(ctx.getNode(), `${spec.displayName}: ${valid.length} items need several jobs; "Resume by Callback" waits for one job. Use Wait Method "Poll".`);
  }
  if (valid.length === 0) return inputs.map((x, index) => failOrItem(ctx, (x as { error: unknown }).error, index));
  const ref = createCallbackToken().slice(0, 16);
  const token = deriveCallbackToken(String(credentials.apiKey ?? ''), ref);
  const resumeUrl = ctx.getSignedResumeUrl({ ref, token });
  const items = valid.map((v) => v.item);
  // Keyed by execution too: another execution's job for the same list calls back elsewhere.
  const idempotencyKey = `${defaultIdempotencyKey(spec.name, items)}:${ctx.getExecutionId()}:${ctx.getNode().id}`;
  const started = await startBatch(client, spec.name, items, { callbackUrl: resumeUrl, idempotencyKey });
  const maxWaitMs = (ctx.getNodeParameter('maxWait', 0, 60) as number) * MINUTE;
  const state: WaitState = {
    batch: spec.name,
    jobIds: started.jobs.map((j) => j.jobId),
    entries: inputs.map((x, index) => {
      if (x.ok) return { item: toItem(x.input) };
      const e = errorItem(x.error, index).json;
      return { error: { message: String(e.error), details: e.details as Record<string, unknown> } };
    }),
  };
  await processStore.set(waitStateKey(client.provider.id, ref), state, maxWaitMs + 24 * 60 * MINUTE);
  await ctx.putExecutionToWait(new Date(Date.now() + maxWaitMs));
  return inputs.map((_, index) => ({ json: { jobIds: state.jobIds, status: 'waiting for callback' }, pairedItem: { item: index } }));
}

export async function executeBatch(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, credentials: ProviderCredentials): Promise<INodeExecutionData[]> {
  const inputs = batchInputs(ctx, client, plan);
  requireAllValid(ctx, inputs);
  const mode = ctx.getNodeParameter('batchMode', 0, 'start') as string;
  if (mode === 'start') return start(ctx, client, plan, inputs, credentials);
  const method = plan.batch!.spec.webhook ? (ctx.getNodeParameter('waitMethod', 0, 'webhook') as string) : 'poll';
  return method === 'webhook' ? waitForCallback(ctx, client, plan, inputs, credentials) : waitByPolling(ctx, client, plan, inputs);
}
