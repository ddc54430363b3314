/**
 * "<Batch> Completed" triggers. Where the provider calls back (Enrich.so takes a callback URL
 * per job), a REST hook (./completion-hook.ts) that "Start batch" hands to the provider.
 * Otherwise a polling trigger watches the jobs this integration started, deduped on a stable id
 * per job.
 */
import { getBatchStatus, type BatchProgress, type BatchSpec, type EnrichflowClient, type ProviderCatalog } from '../../shared';
import { completionHook } from './completion-hook';
import { titleCase } from './operations';
import { recentJobs } from './registry';
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
  const sample = {
    ...completionRecord(catalog, spec, { jobId: '665a1f4e2c3b7800129dce01', status: 'completed', rawStatus: 'completed', total: 2, processed: 2 }),
    occurredAt: '2025-01-15T10:00:00.000Z',
  };
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
      ...completionHook(catalog, spec.name, label),
      performList,
    },
  };
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
    if (TERMINAL.has(p.status))
      out.push({ ...completionRecord(catalog, spec, { ...p, jobId: p.jobId || job.jobId }), startedAt: new Date(job.at).toISOString() });
  }
  return out;
}
