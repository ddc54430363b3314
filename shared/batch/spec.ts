/**
 * A batch as the runner knows it: the catalog's spec by name, the options of a run, and the keys
 * its job records are kept under (same items, same key: a rerun reuses the job already paid for).
 */
import { createHash } from 'node:crypto';
import type { BatchSpec } from '../catalog/types';
import { ValidationError } from '../errors';
import type { BatchHost } from './host';

export interface StartedJob {
  jobId: string;
  itemCount: number;
  reused: boolean;
  /** What the provider's records showed when an earlier submit's outcome was unknown. */
  reconciled?: string;
}

export interface BatchRunOptions {
  idempotencyKey?: string;
  /**
   * An earlier submit of these items has an unknown outcome that the provider's records cannot
   * settle: forget it and submit anyway (the user's explicit choice; it may reserve twice).
   */
  releaseUnknownSubmit?: boolean;
  wait?: 'poll' | 'webhook';
  /** Callback URL handed to the provider with each job (webhook waits). */
  callback?: { url: string };
  /** Resolves when a completion event for the job arrived (the poll keeps running as a fallback). */
  waitForCallback?: (jobId: string, signal: AbortSignal) => Promise<void>;
  pollIntervalMs?: number;
  /** Backoff ceiling for polls (default: the batch's `maxPollIntervalMs`, else no backoff). */
  maxPollIntervalMs?: number;
  maxWaitMs?: number;
  /** How long a finished job's results reads are retried through outages (default: the wait, at least 15 min). */
  readWindowMs?: number;
  /**
   * A job that pauses (e.g. out of credits) is resumed by the runner as soon as the balance
   * covers the rest of it; without this, the wait ends and its items report the pause.
   */
  autoResume?: boolean;
  /** For providers that bill duplicate rows: submit each distinct item once; duplicates get its result. */
  dropDuplicates?: boolean;
  /** Things the user should know before paying (duplicates that will be billed). */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  onProgress?: (p: { jobId: string; status: string; processed?: number; total?: number; reason?: string }) => void;
}

export function batchSpec(host: BatchHost, name: string): BatchSpec {
  const spec = host.provider.batches.find((b) => b.name === name);
  if (!spec) {
    const known = host.provider.batches.map((b) => b.name).join(', ') || 'none';
    throw new ValidationError(`${host.provider.displayName} has no batch "${name}"`, [{ field: 'batch', rule: `one of ${known}` }]);
  }
  return spec;
}

/**
 * Same items → same key: re-running the same list reuses the job already paid for. Items are
 * compared by the batch's item key (`Bob@X.io` and `bob@x.io` are one item to the provider);
 * order still matters, since chunks are reused by position.
 */
export function defaultIdempotencyKey(batchName: string, items: readonly unknown[], itemKey: (item: any) => string = (item) => JSON.stringify(item)): string {
  // The hash of JSON.stringify([batchName, keys]), fed a piece at a time: the same key as ever
  // (records already written still match) without a copy of every item's key and its JSON.
  const hash = createHash('sha256').update(`[${JSON.stringify(batchName)},[`);
  let piece = '';
  for (const [i, item] of items.entries()) {
    piece += `${i ? ',' : ''}${JSON.stringify(itemKey(item)) ?? 'null'}`;
    if (piece.length >= 65_536) {
      hash.update(piece);
      piece = '';
    }
  }
  return hash.update(`${piece}]]`).digest('hex').slice(0, 32);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function registryKey(host: BatchHost, batch: string, key: string, chunkIndex: number): string {
  return `job:${host.provider.id}:${host.account}:${batch}:${key}:${chunkIndex}`;
}
