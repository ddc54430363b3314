/**
 * What a callback can be about: a batch job, or another job that calls back (a follower scrape).
 * Both are confirmed the same way — the status operation for a completion, the results for an
 * item — so a receiver treats every callback as a hint and emits what the API says.
 */
import type { BatchProgress, CallbackJobSpec, ProviderCatalog } from '../catalog/types';
import type { CallCredits } from '../client';
import type { BatchHost } from './host';
import { ValidationError } from '../errors';

type JobSource = Pick<CallbackJobSpec, 'name' | 'displayName' | 'statusOp' | 'jobInput' | 'progress' | 'resultsOp' | 'resultKey'>;

/** The names callbacks can carry as their `batch`: every batch and every callback job. */
export function callbackSourceNames(catalog: ProviderCatalog): Set<string> {
  return new Set([...catalog.batches.map((b) => b.name), ...(catalog.callbackJobs ?? []).map((j) => j.name)]);
}

export function jobSource(host: BatchHost, name: string): JobSource {
  const source = host.provider.batches.find((b) => b.name === name) ?? host.provider.callbackJobs?.find((j) => j.name === name);
  if (!source)
    throw new ValidationError(`${host.provider.displayName} has no job kind "${name}"`, [
      { field: 'batch', rule: `one of ${[...callbackSourceNames(host.provider)].join(', ')}` },
    ]);
  return source;
}

export async function jobStatus(host: BatchHost, name: string, jobId: string): Promise<BatchProgress> {
  const source = jobSource(host, name);
  return source.progress((await host.call(source.statusOp, source.jobInput(jobId))).data);
}

/** Every result page of a job, at the largest page size allowed (reading is free). */
export async function jobResults(host: BatchHost, name: string, jobId: string): Promise<{ results: unknown[]; credits: CallCredits }> {
  const source = jobSource(host, name);
  const pageSize = host.operation(source.resultsOp).pagination?.maxPageSize;
  const listed = await host.list(source.resultsOp, source.jobInput(jobId), { pageSize });
  return { results: listed.items, credits: listed.credits };
}

/** The callback job an operation starts, when it starts one. */
export function callbackJobStartedBy(catalog: ProviderCatalog, opKey: string): CallbackJobSpec | undefined {
  return catalog.callbackJobs?.find((j) => j.startOp === opKey);
}
