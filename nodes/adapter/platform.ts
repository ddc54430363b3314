/**
 * The n8n packages' stand-in for shared/platform.ts, swapped in by scripts/n8n/build.mjs: waits
 * on n8n's own `sleep` and sends with the runtime's `fetch`, so the bundled node code uses no
 * timers and no network library — what n8n's community-node rules (and n8n Cloud) require.
 * Tests run the core's own module; the real-n8n end-to-end suites run this one, packed.
 */
import { sleep } from 'n8n-workflow';
import { FetchTransport } from '@enrichflow/core/transport/fetch';
import type { Transport } from '@enrichflow/core/transport/types';

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(Math.max(0, ms), signal);
}

export function defaultTransport(opts: { defaultTimeoutMs?: number } = {}): Transport {
  return new FetchTransport(opts);
}
