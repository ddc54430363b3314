/**
 * A chunk's submit checked and priced in one pass: each item's plain-JSON rules, then the whole
 * request through the submit operation's schema and price (`host.prepare`), which the submit
 * then sends as checked. An item is checked as a one-item job of its own (checkBatchItem: a
 * schema run per item, ~1 s and ~20 MB of short-lived objects for 500,000 emails) only where it
 * must be: when the request is refused, to name the first bad item by its place in the list; and
 * for items the request leaves out as repeats of an earlier item's key, which no schema sees.
 */
import type { BatchSpec } from '../catalog/types';
import { eachFirstOccurrence } from '../catalog/distinct';
import { valueSafetyIssue } from '../catalog/wireSafe';
import type { PreparedCall } from '../client';
import { EnrichflowError } from '../errors';
import type { BatchHost } from './host';
import { checkBatchItem } from './items';

/** `chunk` starts at `offset` in the caller's list: errors name `items[offset + i]`. */
export async function prepareChunk(host: BatchHost, spec: BatchSpec, chunk: readonly unknown[], offset: number, callbackUrl?: string): Promise<PreparedCall> {
  const checkEach = (skip?: Uint8Array) => chunk.forEach((item, i) => skip?.[i] || checkBatchItem(host, spec, item, offset + i));
  // An item that is not plain JSON is refused as checkBatchItem words it, before the catalog reads it.
  for (let i = 0; i < chunk.length; i++) if (valueSafetyIssue(chunk[i], '')) checkBatchItem(host, spec, chunk[i], offset + i);
  let prepared: PreparedCall;
  let request: unknown;
  try {
    request = spec.submitInput(chunk as unknown[], callbackUrl);
    prepared = await host.prepare(spec.submitOp, request);
  } catch (error) {
    // A refusal no single item explains (the list's length, the callback URL) stands as it is.
    if (!(error instanceof EnrichflowError) || error.kind === 'validation') checkEach();
    throw error;
  }
  // A request that carries the chunk itself (nothing trimmed, nothing left out) showed every item to the schema.
  if (typeof request === 'object' && request !== null && Object.values(request).includes(chunk)) return prepared;
  const first = new Uint8Array(chunk.length);
  const keyOf = (item: unknown) => {
    try {
      return spec.itemKey(item);
    } catch {
      return '';
    }
  };
  if (eachFirstOccurrence(chunk, keyOf, (_, i) => (first[i] = 1)) < chunk.length) checkEach(first);
  return prepared;
}
