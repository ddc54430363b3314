/**
 * The REST-hook half of a "<Job> Completed" trigger, shared by batches and by callback jobs
 * that are not batches: subscribing stores Zapier's target URL in z.cache so the job's start can
 * hand it to the provider with a per-job token; perform checks the token, drops per-item and
 * duplicate callbacks and callbacks of other jobs, and confirms completion with the API before
 * firing (a forged or early "completed" never fires).
 */
import { confirmCompletion, handleCallback, type NormalizedEvent, type ProviderCatalog } from '../../shared';
import { payloadOf } from './batch';
import { addHook, removeHook } from './registry';
import { guarded } from './run';
import type { Z, ZBundle } from './zapier';

export function completionHook(catalog: ProviderCatalog, jobName: string, label: string) {
  return {
    performSubscribe: (z: Z, bundle: ZBundle) =>
      guarded(z, bundle, catalog, {}, async ({ client }) => {
        const target = String(bundle.targetUrl ?? '');
        if (!/^https?:\/\//i.test(target)) throw new z.errors.Error('Zapier gave no target URL to subscribe', 'InvalidData', 400);
        const sub = await addHook(client, jobName, target);
        return { id: sub.id, batch: jobName };
      }),
    performUnsubscribe: (z: Z, bundle: ZBundle) =>
      guarded(z, bundle, catalog, {}, async ({ client }) => {
        const id = String(bundle.subscribeData?.id ?? '');
        return { id, removed: id !== '' && (await removeHook(client, jobName, id)) };
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
        // Per-item results, other jobs and redeliveries do not fire "completed".
        if (outcome.status === 'duplicate' || event.type === 'batch.item' || event.batch !== jobName) return [];
        if (!(await confirmCompletion(client, event))) {
          z.console.log(`${label}: ${event.jobId} is not ${event.type} according to the API; not firing`);
          return [];
        }
        return [eventRecord(event)];
      }),
  };
}

/** The hook URL we handed the provider carries `ref` and `token` in its query string. */
function callbackParams(bundle: ZBundle): { ref: string; token: string } {
  const query = new URLSearchParams(String(bundle.rawRequest?.querystring ?? '').replace(/^\?/, ''));
  const cleaned = (bundle.cleanedRequest as { querystring?: Record<string, string> } | undefined)?.querystring ?? {};
  return { ref: query.get('ref') ?? cleaned.ref ?? '', token: query.get('token') ?? cleaned.token ?? '' };
}

function eventRecord(event: NormalizedEvent): Record<string, unknown> {
  return {
    id: event.id,
    type: event.type,
    provider: event.provider,
    batch: event.batch,
    jobId: event.jobId,
    event: event.event,
    occurredAt: event.occurredAt,
    status: event.type === 'batch.failed' ? 'failed' : 'completed',
    data: event.data,
  };
}
