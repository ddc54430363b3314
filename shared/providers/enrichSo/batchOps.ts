/**
 * The status and results halves of Enrich.so's five batch products share one shape
 * (poll `…/{id}`, read `…/{id}/results?page&limit`), so they are built here once.
 */
import { z } from 'zod';
import type { BatchProgress, OperationSpec } from '../../catalog/types';
import {
  arrayAt,
  free,
  intField,
  lenient,
  mapBatchStatus,
  numberAt,
  op,
  pageField,
  queryPages,
  stringAt,
  settledRead,
  settlesFromMeta,
  submittedJobId as jobIdOf,
} from '../../catalog';
import { batchIdField, PROVIDER } from './common';

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
  return jobIdOf(submitData, noun, PROVIDER);
}
