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
    if (this.log.length > this.max) this.log.splice(0, this.log.length - this.max);
  }

  entries(): RequestLogEntry[] {
    return this.log.slice();
  }
}

export function redactQuery(query: string): string {
  if (!query) return query;
  const params = new URLSearchParams(query);
  for (const name of [...params.keys()]) if (/key|token|secret|auth/i.test(name)) params.set(name, 'REDACTED');
  return params.toString();
}
