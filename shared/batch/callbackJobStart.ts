/**
 * Starting a job that calls back (see callbackJobs.ts) with the receiver's URL registered for it.
 */
import { callbackJobStartedBy } from './callbackJobs';
import type { CallResult } from '../client';
import type { BatchHost } from './host';
import { attachJob, newCallbackUrl } from '../webhooks';

/**
 * Call an operation; when it starts a callback job and its input names a callback URL, the URL
 * sent carries a fresh per-job token recorded in the client's store (the one the receiver
 * reads), bound to the job id the answer gives — so the receiver accepts this job's callbacks
 * and refuses any other. Other calls go through unchanged.
 */
export async function callStartingCallbackJob<O = unknown>(
  host: BatchHost,
  key: string,
  input: unknown,
  opts: { signal?: AbortSignal } = {},
): Promise<CallResult<O>> {
  const job = callbackJobStartedBy(host.provider, key);
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : undefined;
  const base = job && typeof fields?.[job.callbackField] === 'string' ? String(fields[job.callbackField]).trim() : '';
  if (!job || !base) return host.call<O>(key, input, opts);
  const callback = await newCallbackUrl(host.store, base, { provider: host.provider.id, batch: job.name });
  const result = await host.call<O>(key, { ...fields, [job.callbackField]: callback.url }, opts);
  const jobId = job.jobId(result.data);
  if (jobId) await attachJob(host.store, host.provider.id, callback.ref, jobId);
  return result;
}
