/**
 * "Start <batch>": submit once (the core's idempotency record, in z.cache, stops a replayed run
 * from reserving twice), then either pause the task on z.generateCallbackUrl() and finish in
 * performResume, or hand the job to a subscribed "Batch Completed" trigger, or just return it.
 */
import {
  attachJob,
  callbackUrl as withCallbackToken,
  createCallbackToken,
  defaultIdempotencyKey,
  fetchBatchResults,
  getBatchStatus,
  normalizeEvent,
  registerCallback,
  startBatch,
  type BatchProgress,
  type BatchSpec,
  type EnrichflowClient,
  type ProviderCatalog,
} from '../../shared';
import { callbackFields, itemsFromInput } from './batch-items';
import type { RunContext } from './context';
import { fieldsFor, inputFrom } from './fields';
import { actionKey, describe, titleCase } from './operations';
import { currentHook, rememberJobs } from './registry';
import { guarded } from './run';
import { StepDeadlineError } from './step-clock';
import { throttleFor } from './throttle';
import type { Z, ZAction, ZBundle, ZField } from './zapier';

export const WAIT_KEY = 'waitForResults';
/** How soon Zapier should look again at a job that is still running when the step must end. */
const RECHECK_SECONDS = 60;
const TERMINAL = new Set(['completed', 'failed', 'partial']);
const SUBMITTED_TTL_MS = 7 * 24 * 3600_000;

type Delivery = 'resume' | 'trigger' | 'none';

export function batchStartAction(catalog: ProviderCatalog, spec: BatchSpec): ZAction {
  const submitOp = catalog.operations.find((o) => o.key === spec.submitOp);
  if (!submitOp) throw new Error(`${catalog.id}: batch ${spec.name} names a missing submit operation ${spec.submitOp}`);
  const fields = fieldsFor(submitOp, { omit: callbackFields(spec), budget: true });
  const wait: ZField = {
    key: WAIT_KEY,
    label: 'Wait for Results',
    type: 'boolean',
    required: false,
    default: 'true',
    helpText:
      'Yes: this step waits (paused, no time limit) until the batch is done and outputs every result. No: it outputs the batch id at once; ' +
      (spec.webhook ? `a "${titleCase(spec.displayName)} Completed" trigger gets the completion.` : 'check it later with the status search or the completed trigger.'),
  };
  return {
    key: `${spec.name}_startBatch`,
    noun: titleCase(spec.displayName),
    display: { label: `Start ${titleCase(spec.displayName)}`, description: describe(submitOp) },
    operation: {
      inputFields: [...fields.inputFields, wait],
      outputFields: [
        { key: 'jobId', label: 'Batch ID', type: 'string' },
        { key: 'status', label: 'Status', type: 'string' },
        { key: 'itemCount', label: 'Items Submitted', type: 'number' },
        { key: 'estimatedCredits', label: 'Credits Reserved (estimate)', type: 'number' },
        { key: 'resultCount', label: 'Results', type: 'number' },
        { key: 'creditsCharged', label: 'Credits Charged (settled)', type: 'number' },
      ],
      sample: { batch: spec.name, jobId: '665a1f4e2c3b7800129dce01', jobIds: ['665a1f4e2c3b7800129dce01'], itemCount: 2, estimatedCredits: 2, reused: false, delivery: 'resume', status: 'completed', resultCount: 2, creditsCharged: 2, results: [] },
      throttle: throttleFor(catalog, submitOp),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { labels: fields.labels }, async (ctx) => {
          const input = inputFrom(fields.descriptors, bundle.inputData as Record<string, unknown>);
          const parsed = ctx.client.validate<Record<string, unknown>>(spec.submitOp, input);
          const items = itemsFromInput(spec, parsed, catalog.id);
          return start(z, bundle, ctx, spec, items);
        }),
      performResume: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async (ctx) => {
          const out = bundle.outputData ?? {};
          const jobIds = Array.isArray(out.jobIds) ? (out.jobIds as unknown[]).map(String) : [];
          if (jobIds.length === 0) throw new z.errors.Error(`${spec.displayName}: the paused step lost its batch id; start the batch again`, 'MissingJob', 400);
          // The callback is unsigned and may be any per-item event: it only says "look now"; the API decides.
          const event = normalizeEvent(catalog, payloadOf(bundle));
          z.console.log(`${spec.displayName}: resumed by ${event ? `${event.event} for ${event.jobId}` : 'an unrecognised callback'}`);
          const finished = await finish(z, ctx, spec, jobIds, { defer: true });
          return { ...out, ...finished };
        }),
    },
  };
}

async function start(z: Z, bundle: ZBundle, ctx: RunContext, spec: BatchSpec, items: unknown[]): Promise<Record<string, unknown>> {
  const { client } = ctx;
  const sampleRun = Boolean(bundle.meta?.isLoadingSample);
  const wantWait = yes(bundle.inputData?.[WAIT_KEY], true) && !sampleRun;
  const submittedKey = `submitted:${client.provider.id}:${client.account}:${spec.name}:${defaultIdempotencyKey(spec.name, items)}`;
  // A replayed run reuses the job already paid for; its callback went to the earlier run, so
  // this run must not pause for one.
  const earlier = await client.store.get<string[]>(submittedKey);

  let delivery: Delivery = 'none';
  let url: string | undefined;
  let ref: string | undefined;
  if (!earlier && wantWait) {
    url = z.generateCallbackUrl() || undefined;
    if (url) delivery = 'resume';
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

  const started = await startBatch(client, spec.name, items, { callbackUrl: url });
  const jobIds = started.jobs.map((j) => j.jobId);
  await client.store.set(submittedKey, jobIds, SUBMITTED_TTL_MS);
  await rememberJobs(client, spec.name, jobIds);
  // One token per callback URL; bind it to the job when there is exactly one.
  if (ref && jobIds.length === 1) await attachJob(client.store, client.provider.id, ref, jobIds[0]!);

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
  // Without a pause (sample run, reused job, no callback) give the result now if it is ready.
  if (delivery !== 'resume' && (sampleRun || earlier)) Object.assign(out, await finish(z, ctx, spec, jobIds, { defer: false }));
  return out;
}

/**
 * Wait (within the step) for every job to end, then read all results, which settles the
 * reservation. `defer`: a job still running becomes a ThrottledError so Zapier checks again
 * later; otherwise the jobs' progress is returned as is.
 */
async function finish(z: Z, ctx: RunContext, spec: BatchSpec, jobIds: string[], opts: { defer: boolean }): Promise<Record<string, unknown>> {
  const progress: BatchProgress[] = [];
  for (const jobId of jobIds) {
    const p = await untilTerminal(ctx, spec, jobId);
    if (!TERMINAL.has(p.status)) {
      if (opts.defer) {
        throw new z.errors.ThrottledError(`${spec.displayName} ${jobId} is still ${p.rawStatus} (${p.processed ?? '?'} of ${p.total ?? '?'}); checking again later`, RECHECK_SECONDS);
      }
      return { status: p.status, jobs: progress.concat(p) };
    }
    progress.push(p);
  }
  const results: unknown[] = [];
  let charged = 0;
  for (const jobId of jobIds) {
    const read = await fetchBatchResults(ctx.client, spec.name, jobId);
    results.push(...read.results);
    charged += read.credits.charged;
  }
  const failed = progress.filter((p) => p.status === 'failed');
  if (failed.length > 0 && results.length === 0) {
    throw new z.errors.HaltedError(`${spec.displayName} ${failed.map((p) => p.jobId).join(', ')} failed without results; its reservation was settled (refunded).`);
  }
  return {
    status: failed.length > 0 ? 'failed' : progress.some((p) => p.status === 'partial') ? 'partial' : 'completed',
    jobs: progress,
    resultCount: results.length,
    creditsCharged: charged,
    results,
  };
}

/** Poll the free status call until the job ends or the step has no time left. */
async function untilTerminal(ctx: RunContext, spec: BatchSpec, jobId: string): Promise<BatchProgress> {
  const client: EnrichflowClient = ctx.client;
  for (;;) {
    const p = await getBatchStatus(client, spec.name, jobId);
    if (TERMINAL.has(p.status)) return p;
    try {
      await ctx.clock.sleep(Math.min(spec.pollIntervalMs, 2000));
    } catch (error) {
      if (error instanceof StepDeadlineError) return p;
      throw error;
    }
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
