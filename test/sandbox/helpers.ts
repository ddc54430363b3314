/** Shared test plumbing: a sandbox on a fake clock, a tiny API client, and a webhook receiver. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { FakeClock } from '../../shared/clock';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export const KEY = 'sk_test_enrichflow_sandbox';

export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
}

export interface Harness {
  sandbox: Sandbox;
  clock: FakeClock;
  base: string;
  api<T = any>(
    method: string,
    path: string,
    opts?: { body?: unknown; key?: string | null; bearer?: boolean; query?: Record<string, string | number> },
  ): Promise<ApiResponse<T>>;
  /** Move sandbox time and let jobs/webhooks catch up. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Sandbox on a FakeClock (starting at a fixed date) with generous limits unless the test overrides them. */
export async function harness(opts: SandboxOptions = {}): Promise<Harness> {
  const clock = new FakeClock(Date.parse('2026-03-02T10:00:00.000Z'));
  const sandbox = await startSandbox({
    port: 0,
    clock,
    ...opts,
    enrichSo: { rateLimits: { default: { rate: 100_000, burst: 100_000 }, enrichment: null, bulkSubmit: null }, ...opts.enrichSo },
  });
  const base = sandbox.providers.enrichSo.baseUrl;
  return {
    sandbox,
    clock,
    base,
    api: (method, path, o = {}) => call(base + path, method, o),
    advance: async (ms) => {
      await clock.advance(ms);
      await sandbox.flush();
    },
    close: () => sandbox.close(),
  };
}

export async function call<T = any>(
  url: string,
  method: string,
  o: { body?: unknown; key?: string | null; bearer?: boolean; query?: Record<string, string | number>; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const key = o.key === undefined ? KEY : o.key;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) {
    if (o.bearer) headers.authorization = `Bearer ${key}`;
    else headers['x-api-key'] = key;
  }
  const u = new URL(url);
  for (const [k, v] of Object.entries(o.query ?? {})) u.searchParams.set(k, String(v));
  const res = await request(u, { method: method as any, headers, body: o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body)) });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* CSV and malformed bodies stay text */
  }
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return { status: res.statusCode, headers: flat, body: parsed as T, text };
}

export interface Receiver {
  url: string;
  events: any[];
  /** Answer these statuses to the next POSTs, in order (then 200). */
  failNext(...statuses: number[]): void;
  close(): Promise<void>;
}

/** A local HTTP server that records every JSON POST it gets. */
export async function webhookReceiver(): Promise<Receiver> {
  const events: any[] = [];
  const failures: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failures.shift() ?? 200;
      if (status < 300) events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/job-token-123`,
    events,
    failNext: (...s) => failures.push(...s),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
