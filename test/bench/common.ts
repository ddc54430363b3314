/** What every benchmark shares: a fast clock several processes agree on, and a tally of the sandbox's log. */
import { type Clock, systemClock } from '../../shared/clock';
import type { RequestLogEntry } from '../../sandbox/server';

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

/** Requests to `path` answered within [from, to] (sandbox time): how many passed, how many were 429. */
export function tally(log: RequestLogEntry[], path: RegExp, from: number, to: number): { ok: number; limited: number } {
  let ok = 0;
  let limited = 0;
  for (const r of log) {
    const t = Date.parse(r.time);
    if (!path.test(r.path) || t < from || t > to) continue;
    if (r.status === 429) limited++;
    else if (r.status < 300) ok++;
  }
  return { ok, limited };
}

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
