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
    case 'validating':
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
      // `paused_insufficient_credits`, `paused_by_user`…: paused, the rest of the word is the reason.
      return /^paused[_\s-]/i.test(raw ?? '') ? 'paused' : 'processing';
  }
}

/** A result item's own failure message (`error`), which the batch runner reports per item. */
export const resultErrorOf = (result: unknown): string | undefined => stringAt(result, 'error');

/** The reason in a `paused_<reason>` status word, as words ("insufficient credits"). */
export function pauseReason(raw: string | undefined): string | undefined {
  const m = /^paused[_\s-](.+)$/i.exec(raw ?? '');
  return m ? m[1].replace(/[_-]+/g, ' ') : undefined;
}
