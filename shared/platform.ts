/**
 * The platform a standalone core runs on (Node: tests, Zapier, the demo, the sandbox): waiting on
 * Node's timers and sending with undici. It is a default, passed in like any other clock or
 * transport: `createClient` uses it when given none. The n8n nodes never reach it — n8n's rules
 * for community nodes allow neither timers nor network libraries in node code — they build their
 * client with n8n's `sleep` and the runtime's `fetch` (nodes/adapter/runtime.ts).
 */
import type { Clock } from './clock';
import type { Transport } from './transport/types';
import { UndiciTransport } from './transport/undici';

/** Resolve after `ms`; reject with the signal's reason as soon as it aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: sleepFor,
};

export function defaultTransport(opts: { defaultTimeoutMs?: number } = {}): Transport {
  return new UndiciTransport(opts);
}

/**
 * Real time sped up `factor` times: a sandbox and a client sharing it see a 300/min limit
 * play out in seconds, with real sockets and real timers in between.
 */
export function scaledClock(factor: number, base: Clock = systemClock): Clock {
  const realStart = base.now();
  return {
    now: () => realStart + (base.now() - realStart) * factor,
    sleep: (ms, signal) => base.sleep(ms / factor, signal),
  };
}
