/** What every benchmark shares: a fast clock several processes agree on, wide limits, the median. */
import type { Clock } from '../../shared/clock';
import { systemClock } from '../../shared/platform';

/**
 * Real time sped up `factor` times from `realStart`: the sandbox and every client process
 * built with the same two numbers see the same sandbox time (a 100/min limit plays out in seconds).
 */
export function fastClock(realStart: number, factor: number): Clock {
  return {
    now: () => realStart + (Date.now() - realStart) * factor,
    sleep: (ms, signal) => systemClock.sleep(ms / factor, signal),
  };
}

export const WIDE = { rate: 1_000_000_000, windowMs: 60_000, burst: 1_000_000_000 };
export const WIDE_LIMITS = { default: WIDE, enrichment: WIDE, bulkSubmit: WIDE };

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface Row {
  group: string;
  case: string;
  ratio: number;
  target: string;
  met: boolean | undefined;
  note: string;
}
