/**
 * "<Job> Completed" REST-hook triggers for jobs that call back but are not batches (Enrich.so's
 * company-follower scrape). Subscribing stores Zapier's target URL; the job's start action, run
 * without a callback URL of its own, hands the provider that URL with a per-job token; perform
 * checks the token, drops per-item and duplicate callbacks and confirms the end with the API.
 */
import { type CallbackJobSpec, confirmCompletion, handleCallback, jobStatus, type ProviderCatalog } from '../../shared';
import { payloadOf } from './batch';
import { titleCase } from './operations';
import { addHook, recentJobs, removeHook } from './registry';
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
  const sample = { id: `${catalog.id}:665a1f4e2c3b7800129dce01:completed`, type: 'batch.completed', provider: catalog.id, batch: job.name, jobId: '665a1f4e2c3b7800129dce01', status: 'completed', occurredAt: '2025-01-15T10:00:00.000Z', data: {} };
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
      performSubscribe: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const target = String(bundle.targetUrl ?? '');
          if (!/^https?:\/\//i.test(target)) throw new z.errors.Error('Zapier gave no target URL to subscribe', 'InvalidData', 400);
          const sub = await addHook(client, job.name, target);
          return { id: sub.id, batch: job.name };
        }),
      performUnsubscribe: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const id = String(bundle.subscribeData?.id ?? '');
          return { id, removed: id !== '' && (await removeHook(client, job.name, id)) };
        }),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const query = new URLSearchParams(String(bundle.rawRequest?.querystring ?? '').replace(/^\?/, ''));
          const outcome = await handleCallback(catalog, client.store, { payload: payloadOf(bundle), ref: query.get('ref') ?? '', token: query.get('token') ?? '' });
          if (outcome.status === 'rejected') {
            z.console.log(`${label}: ignored a callback (${outcome.reason})`);
            return [];
          }
          const event = outcome.event;
          if (outcome.status === 'duplicate' || event.type === 'batch.item' || event.batch !== job.name) return [];
          if (!(await confirmCompletion(client, event))) return [];
          return [{ id: event.id, type: event.type, provider: event.provider, batch: event.batch, jobId: event.jobId, status: event.type === 'batch.failed' ? 'failed' : 'completed', occurredAt: event.occurredAt, data: event.data }];
        }),
      performList: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const out: Record<string, unknown>[] = [];
          for (const started of [...(await recentJobs(client, job.name))].reverse()) {
            const p = await jobStatus(client, job.name, started.jobId);
            if (p.status === 'completed' || p.status === 'partial' || p.status === 'failed') {
              out.push({ id: `${catalog.id}:${started.jobId}:completed`, type: p.status === 'failed' ? 'batch.failed' : 'batch.completed', provider: catalog.id, batch: job.name, jobId: started.jobId, status: p.rawStatus, data: { total: p.total, processed: p.processed } });
            }
          }
          return out;
        }),
    },
  };
}

