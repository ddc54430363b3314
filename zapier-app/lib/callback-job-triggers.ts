/**
 * "<Job> Completed" REST-hook triggers for jobs that call back but are not batches (Enrich.so's
 * company-follower scrape). Subscribing stores Zapier's target URL; the job's start action, run
 * without a callback URL of its own, hands the provider that URL with a per-job token (the hook
 * itself: ./completion-hook.ts).
 */
import { type CallbackJobSpec, jobStatus, type ProviderCatalog } from '../../shared';
import { completionHook } from './completion-hook';
import { titleCase } from './operations';
import { recentJobs } from './registry';
import { guarded } from './run';
import type { Z, ZAction, ZBundle, ZField } from './zapier';

const OUTPUT_FIELDS: ZField[] = [
  { key: 'id', label: 'Event ID', type: 'string' },
  { key: 'type', label: 'Event Type', type: 'string' },
  { key: 'jobId', label: 'Job ID', type: 'string' },
  { key: 'status', label: 'Status', type: 'string' },
  { key: 'occurredAt', label: 'Occurred At', type: 'datetime' },
];

export function callbackJobCompletedTrigger(catalog: ProviderCatalog, job: CallbackJobSpec): ZAction {
  const label = `${titleCase(job.displayName)} Completed`;
  const start = catalog.operations.find((o) => o.key === job.startOp);
  const sample = {
    id: `${catalog.id}:665a1f4e2c3b7800129dce01:completed`,
    type: 'batch.completed',
    provider: catalog.id,
    batch: job.name,
    jobId: '665a1f4e2c3b7800129dce01',
    status: 'completed',
    occurredAt: '2025-01-15T10:00:00.000Z',
    data: {},
  };
  return {
    key: `${job.name}_completed`,
    noun: titleCase(job.displayName),
    display: {
      label,
      description: `Triggers instantly when a ${job.displayName.toLowerCase()} started by "${titleCase(start?.displayName ?? job.startOp)}" (with its ${job.callbackField} left empty) has finished; confirmed with the API before it fires.`,
    },
    operation: {
      type: 'hook',
      inputFields: [],
      outputFields: OUTPUT_FIELDS,
      sample,
      ...completionHook(catalog, job.name, label),
      performList: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const out: Record<string, unknown>[] = [];
          for (const started of [...(await recentJobs(client, job.name))].reverse()) {
            const p = await jobStatus(client, job.name, started.jobId);
            if (p.status === 'completed' || p.status === 'partial' || p.status === 'failed') {
              out.push({
                id: `${catalog.id}:${started.jobId}:completed`,
                type: p.status === 'failed' ? 'batch.failed' : 'batch.completed',
                provider: catalog.id,
                batch: job.name,
                jobId: started.jobId,
                status: p.rawStatus,
                data: { total: p.total, processed: p.processed },
              });
            }
          }
          return out;
        }),
    },
  };
}
