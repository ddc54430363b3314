/** Creates that start a job which calls back (see callback-job-triggers.ts for the trigger side). */
import { callbackJobStartedBy, callStartingCallbackJob, type CallResult, type EnrichflowClient } from '../../shared';
import { currentHook, rememberJobs } from './registry';

/**
 * A create that may start a callback job: with its callback field empty and a "… Completed" zap
 * subscribed, the job reports to that zap (with a per-job token); the job is remembered for the
 * trigger's samples either way.
 */
export async function callWithJobHook(client: EnrichflowClient, key: string, input: Record<string, unknown>): Promise<CallResult> {
  const job = callbackJobStartedBy(client.provider, key);
  if (!job) return client.call(key, input);
  const hook = input[job.callbackField] ? undefined : await currentHook(client, job.name);
  const result = await callStartingCallbackJob(client, key, hook ? { ...input, [job.callbackField]: hook.targetUrl } : input);
  const jobId = job.jobId(result.data);
  if (jobId) await rememberJobs(client, job.name, [jobId]);
  return result;
}
