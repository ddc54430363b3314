/**
 * "Start <batch>": submit once (the core's idempotency record, in z.cache, stops a replayed run
 * from reserving twice), then either pause the task on z.generateCallbackUrl() and finish in
 * performResume, or wait inside the step (a batch the provider cannot call back about, a replay,
 * an editor sample), or hand the job to a subscribed "Batch Completed" trigger, or just return it.
 */
import {
  attachJob,
  callbackUrl as withCallbackToken,
  createCallbackToken,
  findStartedBatch,
  fetchBatchResults,
  normalizeEvent,
  RateLimitedError,
  registerCallback,
  startBatch,
  toCreditNumber,
  type BatchSpec,
  type ProviderCatalog,
} from '../../shared';
import { itemFields, readItems } from './batch-items';
import { deliverResults, inSentence, notFinishedError, waitWithinStep } from './batch-results';
import type { RunContext } from './context';
import { costNote, fieldsFor, inputFrom, maxCreditsField } from './fields';
import { actionKey, describe, titleCase } from './operations';
import { currentHook, rememberJobs } from './registry';
import { guarded } from './run';
import { sampleFor } from './samples';
import { StepDeadlineError, type StepTiming } from './step-clock';
import { throttleFor } from './throttle';
import type { Z, ZAction, ZBundle, ZField } from './zapier';

export const WAIT_KEY = 'waitForResults';
export const RELEASE_KEY = 'releaseUnknownSubmit';

/** The user's way out when an earlier submit's outcome stays unknown (see the core's BatchRunOptions). */
const RELEASE_FIELD: ZField = {
  key: RELEASE_KEY,
  label: 'Release Unknown Submit',
  type: 'boolean',
  required: false,
  default: 'false',
  helpText:
    "Yes: submit these items again even though an earlier submit of them got no usable answer and the provider's records (job list, wallet transactions) cannot tell whether it started a job — it may reserve twice. No: the step says what it found and submits nothing twice.",
};
/** Up to this many items travel with the paused step, so its resume can answer per item. */
export const RESUME_ITEMS_MAX = 1000;

/** resume: paused on Zapier's callback URL; wait: finished inside this step; trigger: a REST hook gets it. */
type Delivery = 'resume' | 'wait' | 'trigger' | 'none';

/** What a finished step adds: counts, refunds, and one line per input item (Zapier line items). */
const RESULT_FIELDS: ZField[] = [
  { key: 'summary__ok', label: 'Items With a Result', type: 'number' },
  { key: 'summary__notFound', label: 'Items Not Found', type: 'number' },
  { key: 'summary__errors', label: 'Items Failed', type: 'number' },
  { key: 'creditsRefunded', label: 'Credits Refunded (settled)', type: 'number' },
  { key: 'items[]item', label: 'Item Number', type: 'integer' },
  { key: 'items[]status', label: 'Item Status (ok, not_found, error)', type: 'string' },
  { key: 'items[]error', label: 'Item Error', type: 'string' },
  { key: 'items[]credits', label: 'Item Credits', type: 'number' },
];

export function batchStartAction(catalog: ProviderCatalog, spec: BatchSpec, timing: StepTiming): ZAction {
  const submitOp = catalog.operations.find((o) => o.key === spec.submitOp);
  if (!submitOp) throw new Error(`${catalog.id}: batch ${spec.name} names a missing submit operation ${spec.submitOp}`);
  const rows = itemFields(catalog, spec);
  const wait: ZField = {
    key: WAIT_KEY,
    label: 'Wait for Results',
    type: 'boolean',
    required: false,
    default: 'true',
    helpText:
      'Yes: this step waits until the batch is done and outputs one line per item (result or error, credits). No: it outputs the batch id at once; ' +
      (spec.webhook
        ? `a "${titleCase(spec.displayName)} Completed" trigger gets the completion.`
        : `the "${titleCase(spec.displayName)} Completed" trigger fires when it ends. Without callbacks from the provider, waiting is limited to this step's 30 s.`),
  };
  const sampleItem = spec.toItem(sampleFor(rows.itemOp.input));
  return {
    key: `${spec.name}_startBatch`,
    noun: titleCase(spec.displayName),
    display: { label: `Start ${titleCase(spec.displayName)}`, description: describe(submitOp) },
    operation: {
      inputFields: [costNote(submitOp), ...rows.inputFields, wait, maxCreditsField(), RELEASE_FIELD],
      outputFields: [
        { key: 'jobId', label: 'Batch ID', type: 'string' },
        { key: 'status', label: 'Status', type: 'string' },
        { key: 'itemCount', label: 'Items Submitted', type: 'number' },
        { key: 'estimatedCredits', label: 'Credits Reserved (estimate)', type: 'number' },
        { key: 'resultCount', label: 'Results', type: 'number' },
        { key: 'creditsCharged', label: 'Credits Charged (settled)', type: 'number' },
        ...RESULT_FIELDS,
      ],
      sample: {
        batch: spec.name,
        jobId: '665a1f4e2c3b7800129dce01',
        jobIds: ['665a1f4e2c3b7800129dce01'],
        itemCount: 1,
        estimatedCredits: toCreditNumber(spec.costPerItem),
        reused: false,
        delivery: 'resume',
        status: 'completed',
        resultCount: 1,
        creditsCharged: toCreditNumber(spec.costPerItem),
        creditsRefunded: 0,
        summary: { items: 1, ok: 1, notFound: 0, errors: 0 },
        items: [{ item: 1, input: sampleItem, status: 'ok', result: {}, credits: toCreditNumber(spec.costPerItem) }],
      },
      throttle: throttleFor(catalog, submitOp),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { stepBudgetMs: timing.budgetMs }, async (ctx) => {
          const items = readItems(ctx.client, spec, rows, bundle.inputData as Record<string, unknown>);
          return start(z, bundle, ctx, catalog, spec, items, timing);
        }),
      performResume: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { stepBudgetMs: timing.budgetMs }, async (ctx) => {
          const { resume, ...out } = bundle.outputData ?? {};
          const jobIds = Array.isArray(out.jobIds) ? (out.jobIds as unknown[]).map(String) : [];
          if (jobIds.length === 0) throw new z.errors.Error(`${spec.displayName}: the paused step lost its batch id; start the batch again`, 'MissingJob', 400);
          // Unsigned, and usually the first per-item callback: it only says "look now"; the API decides.
          const event = normalizeEvent(catalog, payloadOf(bundle));
          z.console.log(`${spec.displayName}: resumed by ${event ? `${event.event} for ${event.jobId}` : 'an unrecognised callback'}`);
          const items = (resume as { items?: unknown[] } | undefined)?.items;
          const why = `The ${inSentence(spec.displayName)} resumed this step before it finished (the provider calls back once per item, and Zapier resumes on the first call), and the step ran out of time to wait.`;
          return { ...out, ...(await finish(z, ctx, catalog, spec, jobIds, { items, estimatedCredits: numberOr(out.estimatedCredits) }, timing, why)) };
        }),
    },
  };
}

async function start(
  z: Z,
  bundle: ZBundle,
  ctx: RunContext,
  catalog: ProviderCatalog,
  spec: BatchSpec,
  items: unknown[],
  timing: StepTiming,
): Promise<Record<string, unknown>> {
  const { client } = ctx;
  const sampleRun = Boolean(bundle.meta?.isLoadingSample);
  const wantWait = yes(bundle.inputData?.[WAIT_KEY], true);
  // A replayed run reuses the job already paid for; its callback went to the earlier run, so
  // this run must not pause for one.
  const earlier = await findStartedBatch(client, spec.name, items);

  let delivery: Delivery = 'none';
  let url: string | undefined;
  let ref: string | undefined;
  if (wantWait && !sampleRun && !earlier && spec.webhook) {
    url = z.generateCallbackUrl() || undefined;
    delivery = url ? 'resume' : 'wait';
  } else if (wantWait && !sampleRun) {
    delivery = 'wait';
  } else if (!earlier && !sampleRun && spec.webhook) {
    const hook = await currentHook(client, spec.name);
    if (hook) {
      ref = createCallbackToken().slice(0, 16);
      const token = createCallbackToken();
      await registerCallback(client.store, { provider: client.provider.id, batch: spec.name, ref, token });
      url = withCallbackToken(hook.targetUrl, ref, token);
      delivery = 'trigger';
    }
  }

  const started = await startBatch(client, spec.name, items, { callbackUrl: url, releaseUnknownSubmit: yes(bundle.inputData?.[RELEASE_KEY], false) });
  const jobIds = started.jobs.map((j) => j.jobId);
  await rememberJobs(client, spec.name, jobIds);
  // One token per callback URL, bound to the job(s) it was submitted with.
  if (ref) await attachJob(client.store, client.provider.id, ref, jobIds);

  const out: Record<string, unknown> = {
    batch: spec.name,
    jobId: jobIds[0],
    jobIds,
    itemCount: started.jobs.reduce((n, j) => n + j.itemCount, 0),
    estimatedCredits: started.estimated,
    reused: started.reused,
    delivery,
    status: 'submitted',
  };
  if (delivery === 'resume') {
    // What performResume gets back (bundle.outputData); the items only while they stay small.
    return items.length <= RESUME_ITEMS_MAX ? { ...out, resume: { items } } : out;
  }
  const known = { items, estimatedCredits: started.estimated };
  if (delivery === 'wait') {
    const why = earlier
      ? `This step reused ${inSentence(spec.displayName)} ${jobIds.join(', ')} started by an earlier run of it, and ran out of time waiting for it.`
      : spec.webhook
        ? `Zapier gave this step no callback URL to pause on, and the ${inSentence(spec.displayName)} outlasted its time to wait.`
        : `${catalog.displayName} does not call back when this ${inSentence(spec.displayName)} ends, and it outlasted this step's time to wait.`;
    return { ...out, ...(await finish(z, ctx, catalog, spec, jobIds, known, timing, why)) };
  }
  if (sampleRun) {
    // An editor sample shows results when the job is quick, and the job as it stands otherwise.
    const waited = await waitWithinStep(ctx, spec, jobIds, timing);
    if (!waited.running) return { ...out, ...(await deliverResults(z, ctx, spec, waited.finished, known)) };
    return { ...out, status: waited.running.status, jobs: [...waited.finished, waited.running] };
  }
  return out;
}

/**
 * Jobs to results within this step, or the clear "not finished" error. A wait that does not fit
 * (a 429's Retry-After, a step deadline) gives the same error rather than a ThrottledError,
 * which Zapier is not known to honour for a resumed step.
 */
async function finish(
  z: Z,
  ctx: RunContext,
  catalog: ProviderCatalog,
  spec: BatchSpec,
  jobIds: string[],
  known: { items?: readonly unknown[]; estimatedCredits?: number },
  timing: StepTiming,
  why: string,
): Promise<Record<string, unknown>> {
  try {
    const waited = await waitWithinStep(ctx, spec, jobIds, timing);
    if (waited.running) throw notFinishedError(z, catalog, spec, jobIds, why, waited.running);
    return { ...(await deliverResults(z, ctx, spec, waited.finished, known)) };
  } catch (error) {
    if (error instanceof RateLimitedError || error instanceof StepDeadlineError) {
      throw notFinishedError(
        z,
        catalog,
        spec,
        jobIds,
        `${catalog.displayName} asked this step to slow down (${error.message}) while it checked the ${inSentence(spec.displayName)}.`,
      );
    }
    throw error;
  }
}

/**
 * "Get <batch> Results": every result page of one job. The first read after the job ends
 * settles its reservation (the core books that once per job); later reads are free.
 */
export function batchResultsAction(catalog: ProviderCatalog, spec: BatchSpec): ZAction {
  const op = catalog.operations.find((o) => o.key === spec.resultsOp);
  if (!op) throw new Error(`${catalog.id}: batch ${spec.name} names a missing results operation ${spec.resultsOp}`);
  const paging = op.pagination && 'pageParam' in op.pagination ? [op.pagination.pageParam, op.pagination.sizeParam] : [];
  const fields = fieldsFor(op, { omit: paging });
  return {
    key: actionKey(op.key),
    noun: titleCase(spec.displayName),
    display: { label: titleCase(op.displayName), description: describe(op).replace('one page at a time', 'all pages') },
    operation: {
      inputFields: fields.inputFields,
      outputFields: [
        { key: 'jobId', label: 'Batch ID', type: 'string' },
        { key: 'resultCount', label: 'Results', type: 'number' },
        { key: 'creditsCharged', label: 'Credits Charged (settled; 0 on later reads)', type: 'number' },
      ],
      sample: { jobId: '665a1f4e2c3b7800129dce01', resultCount: 0, creditsCharged: 0, results: [] },
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { labels: fields.labels }, async ({ client }) => {
          const input = client.validate<Record<string, unknown>>(op.key, inputFrom(fields.descriptors, bundle.inputData as Record<string, unknown>));
          // The id field is whichever field the catalog puts the job id in (batchId, jobId).
          const idField = Object.keys(spec.jobInput('id'))[0]!;
          const jobId = String(input[idField]);
          const read = await fetchBatchResults(client, spec.name, jobId);
          return { jobId, resultCount: read.results.length, creditsCharged: read.credits.charged, results: read.results };
        }),
    },
  };
}

/** Zapier gives the callback body as cleanedRequest (sometimes wrapped with its querystring). */
export function payloadOf(bundle: ZBundle): unknown {
  const req = bundle.cleanedRequest as Record<string, unknown> | undefined;
  if (req && typeof req === 'object' && 'content' in req && typeof req.content === 'object' && !('event' in req)) return req.content;
  return req;
}

function yes(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  return !/^(false|no|0|off)$/i.test(String(value).trim());
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
