/**
 * "<Batch> Completed" triggers. Where the provider calls back (Enrich.so takes a callback URL
 * per job), a REST hook: subscribing stores Zapier's target URL in z.cache so "Start batch" can
 * hand it to the provider with a per-job token; perform checks the token, drops per-item and
 * duplicate callbacks and confirms completion with the API before firing. Otherwise a polling
 * trigger watches the jobs this integration started, deduped on a stable id per job.
 */
import {
  confirmCompletion,
  getBatchStatus,
  handleCallback,
  type BatchProgress,
  type BatchSpec,
  type EnrichflowClient,
  type NormalizedEvent,
  type ProviderCatalog,
} from '../../shared';
import { payloadOf } from './batch';
import { titleCase } from './operations';
import { addHook, recentJobs, removeHook } from './registry';
import { guarded } from './run';
import type { Z, ZAction, ZBundle, ZField } from './zapier';

const TERMINAL = new Set(['completed', 'failed', 'partial']);

const OUTPUT_FIELDS: ZField[] = [
  { key: 'id', label: 'Event ID', type: 'string' },
  { key: 'type', label: 'Event Type', type: 'string' },
  { key: 'jobId', label: 'Batch ID', type: 'string' },
  { key: 'status', label: 'Status', type: 'string' },
  { key: 'occurredAt', label: 'Occurred At (callbacks)', type: 'datetime' },
  { key: 'startedAt', label: 'Started At (polling)', type: 'datetime' },
];

export function batchCompletedTrigger(catalog: ProviderCatalog, spec: BatchSpec): ZAction {
  const label = `${titleCase(spec.displayName)} Completed`;
  const common = {
    key: `${spec.name}_batchCompleted`,
    noun: titleCase(spec.displayName),
  };
  const sample = { ...completionRecord(catalog, spec, { jobId: '665a1f4e2c3b7800129dce01', status: 'completed', rawStatus: 'completed', total: 2, processed: 2 }), occurredAt: '2025-01-15T10:00:00.000Z' };
  const performList = (z: Z, bundle: ZBundle) => guarded(z, bundle, catalog, {}, ({ client }) => finishedJobs(catalog, spec, client));

  if (!spec.webhook) {
    return {
      ...common,
      display: { label, description: `Triggers when a ${spec.displayName.toLowerCase()} started by this integration has finished (checked by polling; free).` },
      operation: { type: 'polling', inputFields: [], outputFields: OUTPUT_FIELDS, sample, perform: performList },
    };
  }

  return {
    ...common,
    display: {
      label,
      description: `Triggers instantly when a ${spec.displayName.toLowerCase()} started by "Start ${titleCase(spec.displayName)}" (without waiting) has finished; confirmed with the API before it fires.`,
    },
    operation: {
      type: 'hook',
      inputFields: [],
      outputFields: OUTPUT_FIELDS,
      sample,
      performSubscribe: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const target = String(bundle.targetUrl ?? '');
          if (!/^https?:\/\//i.test(target)) throw new z.errors.Error('Zapier gave no target URL to subscribe', 'InvalidData', 400);
          const sub = await addHook(client, spec.name, target);
          return { id: sub.id, batch: spec.name };
        }),
      performUnsubscribe: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const id = String(bundle.subscribeData?.id ?? '');
          return { id, removed: id !== '' && (await removeHook(client, spec.name, id)) };
        }),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const { ref, token } = callbackParams(bundle);
          const outcome = await handleCallback(catalog, client.store, { payload: payloadOf(bundle), ref, token });
          if (outcome.status === 'rejected') {
            z.console.log(`${label}: ignored a callback (${outcome.reason})`);
            return [];
          }
          const event = outcome.event;
          // Per-item results, other batches and redeliveries do not fire "completed".
          if (outcome.status === 'duplicate' || event.type === 'batch.item' || event.batch !== spec.name) return [];
          if (!(await confirmCompletion(client, event))) {
            z.console.log(`${label}: ${event.jobId} is not ${event.type} according to the API; not firing`);
            return [];
          }
          return [eventRecord(event)];
        }),
      performList,
    },
  };
}

/** The hook URL we handed the provider carries `ref` and `token` in its query string. */
function callbackParams(bundle: ZBundle): { ref: string; token: string } {
  const query = new URLSearchParams(String(bundle.rawRequest?.querystring ?? '').replace(/^\?/, ''));
  const cleaned = (bundle.cleanedRequest as { querystring?: Record<string, string> } | undefined)?.querystring ?? {};
  return { ref: query.get('ref') ?? cleaned.ref ?? '', token: query.get('token') ?? cleaned.token ?? '' };
}

function eventRecord(event: NormalizedEvent): Record<string, unknown> {
  return { id: event.id, type: event.type, provider: event.provider, batch: event.batch, jobId: event.jobId, event: event.event, occurredAt: event.occurredAt, status: event.type === 'batch.failed' ? 'failed' : 'completed', data: event.data };
}

/** The record a finished job gives, with the same id its completion callback would have. */
function completionRecord(catalog: ProviderCatalog, spec: BatchSpec, p: BatchProgress): Record<string, unknown> {
  const failed = p.status === 'failed';
  const event = failed ? (spec.webhook?.failedEvent ?? 'failed') : (spec.webhook?.completedEvent ?? 'completed');
  return {
    id: `${catalog.id}:${p.jobId}:${event}`,
    type: failed ? 'batch.failed' : 'batch.completed',
    provider: catalog.id,
    batch: spec.name,
    jobId: p.jobId,
    event,
    status: p.rawStatus,
    data: { total: p.total, processed: p.processed },
  };
}

/** Jobs this integration started that have ended, newest first (free status calls). */
async function finishedJobs(catalog: ProviderCatalog, spec: BatchSpec, client: EnrichflowClient): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const job of [...(await recentJobs(client, spec.name))].reverse()) {
    const p = await getBatchStatus(client, spec.name, job.jobId);
    if (TERMINAL.has(p.status)) out.push({ ...completionRecord(catalog, spec, { ...p, jobId: p.jobId || job.jobId }), startedAt: new Date(job.at).toISOString() });
  }
  return out;
}

