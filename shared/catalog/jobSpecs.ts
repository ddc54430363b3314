/**
 * Jobs: batch products (submit, watch, read, match), jobs that call back, and where a provider's
 * own records show what a lost submit did.
 */
import type { Credits } from '../credits/amount';

export type BatchStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'partial' | 'paused';

export interface BatchProgress {
  jobId: string;
  status: BatchStatus;
  /** The provider's own status word. */
  rawStatus: string;
  total?: number;
  processed?: number;
  /** Why a `paused` job stopped, in the provider's words (e.g. insufficient credits). */
  reason?: string;
  /** What the job has charged so far, when the status says (a job charged as it runs). */
  charged?: Credits;
}

/** One batch product: how to submit, watch, read and match its results. */
export interface BatchSpec<Item = any> {
  name: string;
  displayName: string;
  submitOp: string;
  statusOp: string;
  resultsOp: string;
  /** The single operation whose input is one item of this batch (its fields and rules). */
  itemOp: string;
  /** One validated `itemOp` input → the item this batch submits. */
  toItem(input: Record<string, unknown>): Item;
  /** Largest number of items one job may carry. */
  maxItems: number;
  /** Build the submit input from a chunk of items (and an optional callback URL). */
  submitInput(items: Item[], webhookUrl?: string): unknown;
  /** Job id from the submit response data. */
  jobId(submitData: unknown): string;
  /** Input for status/results ops for a job (+ page fields for results). */
  jobInput(jobId: string): Record<string, unknown>;
  progress(statusData: unknown): BatchProgress;
  /** The key an input item and its result share (e.g. lower-cased email). */
  itemKey(item: Item): string;
  resultKey(result: unknown): string | undefined;
  /**
   * Results that name no item come in the order their items were submitted (items with nothing
   * found left out): when every item was found, the n-th result is the n-th item's.
   */
  resultsInSubmittedOrder?: boolean;
  /** The result as the user gets it (e.g. a JSON column of a CSV results file parsed); default as read. */
  readResult?(result: unknown): unknown;
  /** Whether a result item counts as found/charged (for reporting). */
  resultCharged?(result: unknown): boolean;
  /** The provider's per-item failure message, when a result item reports one. */
  resultError?(result: unknown): string | undefined;
  /** Per-item cost used to reconcile reservations. */
  costPerItem: Credits;
  /** Provider calls back to a per-job URL when given one. */
  webhook?: { itemEvent: string; completedEvent: string; failedEvent?: string };
  /** Recommended poll interval. */
  pollIntervalMs: number;
  /** Polls back off from `pollIntervalMs` up to this (the provider's recommended range, e.g. 30–60 s). */
  maxPollIntervalMs?: number;
  /** The operation that resumes a `paused` job (input: `jobInput(jobId)`); jobs cannot pause without one. */
  resumeOp?: string;
  /** The provider bills every row, duplicates included: the runner warns, and can drop them. */
  billsDuplicates?: boolean;
}

/** A job started by one operation that calls back to a URL given in its input (see ProviderCatalog.callbackJobs). */
export interface CallbackJobSpec {
  name: string;
  displayName: string;
  /** The operation that starts the job, and its input field that takes the callback URL. */
  startOp: string;
  callbackField: string;
  /** Job id from the start operation's answer. */
  jobId(startData: unknown): string | undefined;
  statusOp: string;
  jobInput(jobId: string): Record<string, unknown>;
  progress(statusData: unknown): BatchProgress;
  resultsOp: string;
  /** What identifies one result, as the per-item callback names it. */
  resultKey(result: unknown): string | undefined;
}

/** One reservation a provider's own records show (a wallet transaction, a job in its job list). */
export interface TracedReservation {
  /** The job it reserved for, when the record names it. */
  jobId?: string;
  reserved?: Credits;
  /** When it happened (ms since epoch). */
  at?: number;
}

/**
 * Where the provider shows what a batch submit did — its job list or its wallet transactions,
 * newest first — read to resolve a submit whose answer was lost (reset, timeout, garbled body).
 */
export interface SubmitTrace {
  /** A free list operation, newest entries first. */
  op: string;
  input: Record<string, unknown>;
  /** The reservation one entry records; undefined for entries that are not reservations. */
  read(entry: unknown): TracedReservation | undefined;
}
