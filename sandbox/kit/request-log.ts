/**
 * Every provider sandbox's request log: bounded (a long soak never grows it past `max`), stamped
 * with the sandbox clock, and with key-like query parameters redacted — a client that wrongly
 * puts its key in the query string must not find it in the log.
 */
import type { RequestLogEntry } from './provider';

const MAX_ENTRIES = 10_000;

export class RequestLog {
  private readonly log: RequestLogEntry[] = [];

  constructor(
    private readonly now: () => number,
    private readonly max = MAX_ENTRIES,
  ) {}

  add(entry: Omit<RequestLogEntry, 'time'>): void {
    this.log.push({ ...entry, query: redactQuery(entry.query), time: new Date(this.now()).toISOString() });
    // The oldest go a tenth of the log at a time: dropping one per request shifted all 10,000
    // on every request of a long run.
    if (this.log.length >= this.max + Math.ceil(this.max / 10)) this.log.splice(0, this.log.length - this.max);
  }

  /** The latest `max` requests, oldest first. */
  entries(): RequestLogEntry[] {
    return this.log.slice(-this.max);
  }
}

export function redactQuery(query: string): string {
  if (!query) return query;
  const params = new URLSearchParams(query);
  for (const name of [...params.keys()]) if (/key|token|secret|auth/i.test(name)) params.set(name, 'REDACTED');
  return params.toString();
}
