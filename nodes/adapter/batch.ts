/**
 * Batch operations: every input item is one entry of ONE provider job (the core chunks past the
 * provider's limit). Start returns the job; Wait for Completion polls (n8n's sleep) or parks the
 * execution and checks the job from the parking process (resume.ts). Either way each input
 * item comes back as its own result or error, paired to it.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { attachJob, type BatchSpec, type EnrichflowClient, type ItemOutcome, newCallbackUrl, runBatch, startBatch, toCreditNumber } from '@enrichflow/core';
import { OPTIONS } from './description';
import { readInputs, requireAllValid } from './inputs';
import type { OperationPlan } from './operations';
import { asEnrichflowError, failOrItem, resultItem } from './output';

/** The "Release Unknown Submit" option (see the core's BatchRunOptions). */
export function releaseUnknownSubmit(ctx: IExecuteFunctions): boolean {
  return (ctx.getNodeParameter(OPTIONS, 0, {}) as IDataObject).releaseUnknownSubmit === true;
}

export const MINUTE = 60_000;

/** Per input item: its batch item, or why it cannot be one. */
export type BatchEntries = ({ ok: true; item: unknown } | { ok: false; error: unknown })[];

/**
 * Each input item read as the input of the batch's item operation (its fields and rules),
 * turned into the batch item by the catalog, and checked as a one-item submit — all before
 * anything is sent. Without Continue On Fail the first bad item stops the node here.
 */
export function readBatchEntries(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan): BatchEntries {
  const { spec } = plan.batch!;
  const inputs = readInputs(ctx, client, plan, (values) => {
    const input = client.validate<Record<string, unknown>>(spec.itemOp, values);
    client.validate(spec.submitOp, spec.submitInput([spec.toItem(input)]));
    return input;
  });
  requireAllValid(ctx, inputs);
  return inputs.map((x) => (x.ok ? { ok: true as const, item: spec.toItem(x.input) } : x));
}

/** The entries that go into the job, with the input item each came from. */
export function submittable(entries: BatchEntries): { index: number; item: unknown }[] {
  return entries.flatMap((e, index) => (e.ok ? [{ index, item: e.item }] : []));
}

/**
 * The credits one batch entry cost: the catalog's per-item price when the result was charged —
 * once per distinct item. The provider dedupes a job's items (case-insensitively) and charges
 * each once, so a duplicate row shares its twin's result at no cost (`fromCache`), and summing
 * `_credits.charged` over the output equals what the job settled.
 */
export function entryCredits(spec: BatchSpec, result: unknown, alreadyCharged = false) {
  const price = toCreditNumber(spec.costPerItem);
  const chargeable = spec.resultCharged ? spec.resultCharged(result) : true;
  return { estimated: alreadyCharged ? 0 : price, charged: chargeable && !alreadyCharged ? price : 0, fromCache: alreadyCharged, source: 'model' as const };
}

export function outcomeItems(
  spec: BatchSpec,
  outcomes: ItemOutcome<unknown>[],
  onError: (error: unknown, index: number) => INodeExecutionData,
): INodeExecutionData[] {
  const seen = new Set<string>();
  return outcomes.map((o) => {
    if (!o.ok) return onError(o.error, o.index);
    const key = spec.resultKey(o.value);
    const duplicate = key !== undefined && seen.has(key);
    if (key !== undefined) seen.add(key);
    // A row an earlier run already delivered with its credits (a rerun reusing the job) carries none here.
    return resultItem(o.value, entryCredits(spec, o.value, duplicate || o.paidEarlier === true), o.index);
  });
}

/** Mode "Start": submit (or reuse) the job and return its id on every entry. */
export async function startJob(ctx: IExecuteFunctions, client: EnrichflowClient, plan: OperationPlan, entries: BatchEntries): Promise<INodeExecutionData[]> {
  const { spec } = plan.batch!;
  const valid = submittable(entries);
  const base = spec.webhook ? String(ctx.getNodeParameter('callbackUrl', 0, '') ?? '').trim() : '';
  const out: INodeExecutionData[] = entries.map((e, index) => (e.ok ? { json: {}, pairedItem: { item: index } } : failOrItem(ctx, e.error, index)));
  if (valid.length === 0) return out;
  let started: Awaited<ReturnType<typeof startBatch>>;
  let url: string | undefined;
  try {
    // A fresh token per job, recorded in the store the trigger reads (nothing derivable).
    const callback = base ? await newCallbackUrl(client.store, base, { provider: client.provider.id, batch: spec.name }) : undefined;
    url = callback?.url;
    started = await startBatch(
      client,
      spec.name,
      valid.map((v) => v.item),
      { callbackUrl: url, releaseUnknownSubmit: releaseUnknownSubmit(ctx) },
    );
    if (callback)
      await attachJob(
        client.store,
        client.provider.id,
        callback.ref,
        started.jobs.map((j) => j.jobId),
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

/** "Wait for Completion → Poll": the core's runBatch, polling the free status operation. */
export async function waitByPolling(
  ctx: IExecuteFunctions,
  client: EnrichflowClient,
  plan: OperationPlan,
  entries: BatchEntries,
): Promise<INodeExecutionData[]> {
  const { spec } = plan.batch!;
  const valid = submittable(entries);
  const run = valid.length
    ? await runBatch(
        client,
        spec.name,
        valid.map((v) => v.item),
        {
          wait: 'poll',
          releaseUnknownSubmit: releaseUnknownSubmit(ctx),
          pollIntervalMs: (ctx.getNodeParameter('pollInterval', 0, 5) as number) * 1000,
          // Back off up to the provider's recommended ceiling (never below the chosen interval).
          maxPollIntervalMs: spec.maxPollIntervalMs,
          maxWaitMs: (ctx.getNodeParameter('maxWait', 0, 60) as number) * MINUTE,
          autoResume: spec.resumeOp ? (ctx.getNodeParameter('autoResume', 0, false) as boolean) : false,
          dropDuplicates: spec.billsDuplicates ? (ctx.getNodeParameter('dropDuplicates', 0, false) as boolean) : false,
          onWarning: (message) => ctx.addExecutionHints({ message, location: 'outputPane' }),
          signal: ctx.getExecutionCancelSignal(),
        },
      )
    : { outcomes: [] };
  // The run's outcomes follow the valid entries in order: walked with one position, no Map of
  // them, and an outcome is copied only when its input item sits elsewhere (a bad item before it).
  let position = 0;
  const outcomes: ItemOutcome<unknown>[] = entries.map((e, index) => {
    const o = e.ok ? run.outcomes[position++] : undefined;
    if (!o) return { index, ok: false, error: asEnrichflowError(e.ok ? undefined : e.error) };
    return o.index === index ? o : { ...o, index };
  });
  return outcomeItems(spec, outcomes, (error, index) => failOrItem(ctx, error, index));
}
