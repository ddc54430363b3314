/**
 * The status and results halves of Enrich.so's five batch products share one shape
 * (poll `…/{id}`, read `…/{id}/results?page&limit`), so they are built here once.
 */
import { z } from 'zod';
import type { BatchProgress, BatchStatus, OperationSpec } from '../../catalog/types';
import { ProviderFailureError } from '../../errors';
import { arrayAt, batchIdField, free, intField, lenient, numberAt, op, pageField, queryPages, stringAt, settledRead, settlesFromMeta } from './common';

/** Provider status words → our BatchStatus. Unknown words keep the job "processing" (poll on). */
export function mapBatchStatus(raw: string | undefined): BatchStatus {
  switch ((raw ?? '').toLowerCase()) {
    case 'queued':
    case 'pending':
    case 'created':
      return 'queued';
    case 'completed':
    case 'complete':
    case 'done':
    case 'finished':
      return 'completed';
    case 'failed':
    case 'error':
    case 'cancelled':
    case 'canceled':
    case 'expired':
      return 'failed';
    case 'partial':
      return 'partial';
    case 'paused':
      return 'paused';
    default:
      return 'processing';
  }
}

/** Read a status answer: `totalItems`/`processedItems`, else derive processed from `progress` %. */
export function readProgress(statusData: unknown, fallbackJobId = ''): BatchProgress {
  const rawStatus = stringAt(statusData, 'status') ?? 'unknown';
  const total = numberAt(statusData, 'totalItems') ?? numberAt(statusData, 'total');
  let processed = numberAt(statusData, 'processedItems') ?? numberAt(statusData, 'processedCount') ?? numberAt(statusData, 'processed');
  const percent = numberAt(statusData, 'progress');
  if (processed === undefined && total !== undefined && percent !== undefined) processed = Math.round((total * percent) / 100);
  return {
    jobId: stringAt(statusData, 'batchId') ?? stringAt(statusData, 'jobId') ?? fallbackJobId,
    status: mapBatchStatus(rawStatus),
    rawStatus,
    total,
    processed,
  };
}

export const batchStatusOutput = lenient({
  batchId: z.string(),
  status: z.string(),
  totalItems: z.number(),
  processedItems: z.number(),
  progress: z.number(),
  createdAt: z.string(),
  completedAt: z.string(),
});

interface JobOpsDef {
  resource: string;
  batch: string;
  /** e.g. "email validation batch". */
  noun: string;
  /** Path of the job, with the id placeholder, e.g. `/email-validation/batch/{batchId}`. */
  jobPath: string;
  idParam: 'batchId' | 'jobId';
  idSchema?: z.ZodTypeAny;
  resultItem: z.ZodTypeAny;
  /** What the settlement charges for, e.g. "1 credit per valid or invalid email". */
  settles: string;
}

/** Statuses after which a results read settles the job. */
const ENDED = new Set(['completed', 'failed']);

/** `getBatchStatus` and `getBatchResults` for one batch product. */
export function jobOps(def: JobOpsDef): OperationSpec[] {
  const id = def.idSchema ?? batchIdField();
  const status = op({
    resource: def.resource,
    operation: 'getBatchStatus',
    displayName: `Get ${def.noun} status`,
    about: `Check the progress of a ${def.noun}: status (queued, processing, completed, failed) and items processed.`,
    kind: 'batchStatus',
    method: 'GET',
    path: def.jobPath,
    input: z.object({ [def.idParam]: id }),
    output: batchStatusOutput,
    cost: free('Free (polling never costs credits)'),
    retrySafe: true,
    batch: def.batch,
  });
  const results = op({
    resource: def.resource,
    operation: 'getBatchResults',
    displayName: `Get ${def.noun} results`,
    about: `Read the results of a ${def.noun}, one page at a time.`,
    kind: 'batchResults',
    method: 'GET',
    path: `${def.jobPath}/results`,
    input: z.object({
      [def.idParam]: id,
      page: pageField(),
      limit: intField('limit', 'Results per page (1–1000)', { min: 1, max: 1000 }).default(100),
    }),
    output: lenient({
      batchId: z.string(),
      status: z.string(),
      totalItems: z.number(),
      processedCount: z.number(),
      processedItems: z.number(),
      successful: z.number(),
      failed: z.number(),
      page: z.number(),
      limit: z.number(),
      results: z.array(def.resultItem),
    }),
    cost: settledRead(
      `Free to read; the first read after the batch ends settles the reservation made on submit — ${def.settles}, the rest refunded (reported as meta.creditsUsed / meta.creditsRefunded; later reads charge nothing)`,
    ),
    settles: settlesFromMeta(def.idParam, (data) => ENDED.has(String(stringAt(data, 'status')))),
    retrySafe: true,
    pagination: queryPages(
      'limit',
      1000,
      100,
      (data) => arrayAt(data, 'results'),
      (data) => numberAt(data, 'totalPages') ?? numberAt(data, 'pagination', 'totalPages'),
      // Results pages list every item of the job (reverse lookup omits misses; a spare empty
      // page then ends the walk).
      (data) => numberAt(data, 'totalItems'),
    ),
    batch: def.batch,
  });
  return [status, results];
}

export const batchSubmitOutput = lenient({
  batchId: z.string(),
  jobId: z.string(),
  status: z.string(),
  itemCount: z.number(),
  originalCount: z.number(),
  duplicatesRemoved: z.number(),
  message: z.string(),
});

/** The job id of a submit answer; a submit without one cannot be followed, so it is an error. */
export function submittedJobId(submitData: unknown, noun: string): string {
  const id = stringAt(submitData, 'batchId') ?? stringAt(submitData, 'jobId') ?? stringAt(submitData, 'job_id');
  if (!id) throw new ProviderFailureError(`Enrich.so accepted the ${noun} but its answer carried no batchId`, { provider: 'enrichSo' });
  return id;
}

/** Keep the first of each case-insensitive duplicate (what the provider would charge once anyway). */
export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (k === '' || seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

/** A result item's own failure message (`error`), which the batch runner reports per item. */
export const resultErrorOf = (result: unknown): string | undefined => stringAt(result, 'error');

export const normalizeKey = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');
