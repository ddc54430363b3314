/**
 * What the core takes from the platform it runs on: waiting, and the default HTTP transport.
 * Everywhere else the core is plain code. The n8n packages swap this one module at build time
 * (scripts/n8n/build.mjs) for nodes/adapter/platform.ts — n8n's `sleep` and `fetch` — because
 * n8n's rules for community nodes allow neither timers nor network libraries in node code.
 */
import type { Transport } from './transport/types';
import { UndiciTransport } from './transport/undici';

/** Resolve after `ms`; reject with the signal's reason as soon as it aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function defaultTransport(opts: { defaultTimeoutMs?: number } = {}): Transport {
  return new UndiciTransport(opts);
}
