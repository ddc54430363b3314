/**
 * Job status words every provider uses in some spelling, mapped to the core's BatchStatus, and
 * the per-item failure a result row may carry.
 */
import type { BatchStatus } from './types';
import { stringAt } from './read';

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

/** A result item's own failure message (`error`), which the batch runner reports per item. */
export const resultErrorOf = (result: unknown): string | undefined => stringAt(result, 'error');
