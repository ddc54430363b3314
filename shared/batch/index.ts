/** The batch layer: runs a catalog's batches on anything that is a `BatchHost` (a client). */
export type { BatchHost } from './host';
export { type BatchRunOptions, batchSpec, defaultIdempotencyKey, type StartedJob } from './spec';
export { findStartedBatch, startBatch } from './submit';
export { fetchBatchResults, getBatchStatus, readThroughOutages, resumeBatch, waitForBatch } from './wait';
export { collectBatch } from './collect';
export { runBatch } from './run';
