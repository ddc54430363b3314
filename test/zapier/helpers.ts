/**
 * Zapier test kit: the integration built from the catalog, run through zapier-platform-core's
 * own engines (createAppTester, and createAppHandler where a test must choose the callback URL),
 * against the sandbox started in-process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type EnrichSoConfigInput, type Sandbox } from '../../sandbox/server';
import { catalogs, type ProviderCatalog } from '../../shared';
import { buildApp } from '../../zapier-app/lib';
import type { StepTiming } from '../../zapier-app/lib/step-clock';
import type { ZApp } from '../../zapier-app/lib/zapier';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const zapier = require('zapier-platform-core');

/** A method of the app (e.g. `app.creates.x.operation.perform`), as createAppTester takes it. */
export type Tester = (method: unknown, bundle?: Record<string, unknown>) => Promise<any>;

/** `timing` lets a test shrink the step's budget or its poll period. */
export function appFor(catalog: ProviderCatalog = catalogs.enrichSo!, timing?: Partial<StepTiming>): ZApp {
  return buildApp(catalog, { version: '1.0.0', platformVersion: zapier.version, timing });
}

export function testerFor(app: ZApp): Tester & { zcache: () => Record<string, unknown> } {
  const appTester = zapier.createAppTester(app);
  const run = ((method: unknown, bundle: Record<string, unknown> = {}) => appTester(method, bundle)) as Tester & { zcache: () => Record<string, unknown> };
  run.zcache = () => appTester.zcacheTestObj;
  return run;
}

export async function startEnrichSo(config: EnrichSoConfigInput = {}): Promise<Sandbox> {
  // Fast jobs; batch submits limited generously unless a test is about the limit.
  return startSandbox({ port: 0, enrichSo: { itemsPerSecond: 50, rateLimits: { bulkSubmit: { rate: 200, burst: 50 } }, ...config } });
}

export function authFor(sandbox: Sandbox, apiKey = sandbox.providers.enrichSo.apiKey): Record<string, string> {
  return { apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl };
}

export function bundle(sandbox: Sandbox, inputData: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    authData: authFor(sandbox),
    inputData,
    meta: { isLoadingSample: false, isTestingAuth: false, ...((extra.meta as object) ?? {}) },
    ...withoutMeta(extra),
  };
}

function withoutMeta(extra: Record<string, unknown>): Record<string, unknown> {
  const { meta: _meta, ...rest } = extra;
  return rest;
}

/**
 * A batch submit's sample input (emails: […], leads: [{…}], …) as the line-item rows "Start
 * batch" takes: one row per entry, scalar entries under the singular field name (emails → email).
 */
export function sampleRows(submitSample: Record<string, unknown>): Record<string, unknown>[] {
  return Object.entries(submitSample).flatMap(([field, values]) =>
    Array.isArray(values) ? values.map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : { [field.replace(/s$/, '')]: v })) : [],
  );
}

/** Paid-call count the sandbox saw, so tests can prove nothing was sent. */
export function requestCount(sandbox: Sandbox, pathPart?: string, method?: string): number {
  return sandbox.providers.enrichSo.requests().filter((r) => (!pathPart || r.path.includes(pathPart)) && (!method || r.method === method)).length;
}

/** Waits until `check` holds (sandbox jobs run on real time here). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A local URL that records what the sandbox POSTs to it (Zapier's callback / hook endpoints stand-in). */
export async function startReceiver(): Promise<{ url: string; received: { path: string; query: string; body: any }[]; close(): Promise<void> }> {
  const received: { path: string; query: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://receiver.local');
      received.push({ path: u.pathname, query: u.search.replace(/^\?/, ''), body: raw ? JSON.parse(raw) : undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * Run one method the way the Zapier runtime does (createAppHandler, the Lambda handler
 * createAppTester wraps) but with our own callback URL, which createAppTester fixes to a
 * staging host. Returns the envelope, so the CALLBACK status (a paused task) is visible.
 */
export async function runWithCallback(
  app: ZApp,
  method: string,
  b: Record<string, unknown>,
  callbackUrl: string,
  zcache: Record<string, unknown>,
): Promise<{ results: any; status?: string }> {
  const handler = zapier.createAppHandler(app);
  return handler({ command: 'execute', method, bundle: b, callback_url: callbackUrl, zcacheTestObj: zcache });
}

/** A credential must never reach an output, an error message or its stack. */
export function expectNoKey(value: unknown, key: string): void {
  const e = value as { message?: unknown; stack?: unknown } | undefined;
  const text = `${JSON.stringify(value) ?? ''} ${String(e?.message ?? '')} ${String(e?.stack ?? '')}`;
  expect(text).not.toContain(key);
}
