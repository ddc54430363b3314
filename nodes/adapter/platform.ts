/**
 * The platform n8n gives the core, passed to every client the nodes build: time on n8n's own
 * `sleep`, and — for a client that outlives its node run — the runtime's `fetch`. n8n's rules for
 * community nodes (and n8n Cloud) allow neither timers nor network libraries in node code, so
 * the nodes never use the core's standalone defaults (Node's timers, undici).
 */
import { sleep } from 'n8n-workflow';
import type { Clock } from '@enrichflow/core';
import { FetchTransport } from '@enrichflow/core/transport/fetch';
import type { Transport } from '@enrichflow/core/transport/types';

export const n8nClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(Math.max(0, ms), signal),
};

/** Sends without n8n's request helpers (they end with the node run): the runtime's `fetch`. */
export function standaloneTransport(opts: { defaultTimeoutMs?: number } = {}): Transport {
  return new FetchTransport(opts);
}
