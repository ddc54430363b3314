/**
 * The fault matrix's rows (faults) and columns (how a pipeline uses the provider), and one cell:
 * a fresh client against the sandbox over real HTTP, both on one fake clock that a driver moves
 * fast (sped-up time: a one-hour wait takes seconds), the fault switched on, the column's work
 * run, and what came out measured — outcomes per item, the client's ledger, the sandbox wallet
 * and the callback events.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBatch } from '../../../shared/batch';
import { type ItemOutcome, createClient, type EnrichflowClient } from '../../../shared/client';
import { FakeClock } from '../../../shared/clock';
import { toCreditNumber, type Credits, ZERO } from '../../../shared/credits/amount';
import { MemoryStore } from '../../../shared/store/memory';
import type { NormalizedEvent, RatePolicy } from '../../../shared/catalog/types';
import { CallbackHub, newCallbackUrl } from '../../../shared/webhooks';
import type { FaultSpec } from '../../../sandbox/kit/faults';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import type { MatrixSubject } from './subject';

export type Column = 'single' | 'list' | 'batch' | 'webhook';
export const COLUMNS: Column[] = ['single', 'list', 'batch', 'webhook'];

export interface Fault {
  label: string;
  /** An HTTP fault on the column's path (`times` matches; the batch's status polls get a 6-poll outage). */
  http?: Omit<FaultSpec, 'path' | 'provider' | 'times' | 'skip'>;
  /** Credits run out: single/list get a balance too small to finish, jobs drain after half their items. */
  creditsOut?: boolean;
  /** The job fails at once (drained before its first item). */
  jobFails?: boolean;
  callbacks?: { duplicate?: boolean; outOfOrder?: boolean; missing?: boolean };
  /** The columns the fault means something for (others print "—"). */
  columns: Column[];
}

const ALL: Column[] = COLUMNS;
const JOBS: Column[] = ['batch', 'webhook'];

export const FAULTS: Fault[] = [
  { label: '429 + Retry-After', http: { kind: 'status', status: 429, retryAfterSec: 2 }, columns: ALL },
  { label: '429, no Retry-After', http: { kind: 'status', status: 429 }, columns: ALL },
  { label: '500', http: { kind: 'status', status: 500 }, columns: ALL },
  { label: '502', http: { kind: 'status', status: 502 }, columns: ALL },
  { label: '503', http: { kind: 'status', status: 503 }, columns: ALL },
  { label: '504', http: { kind: 'status', status: 504 }, columns: ALL },
  { label: 'connection reset', http: { kind: 'reset' }, columns: ALL },
  { label: 'timeout', http: { kind: 'slow', delayMs: 2000 }, columns: ALL },
  { label: 'malformed body', http: { kind: 'malformed' }, columns: ALL },
  { label: 'credits run out mid-job', creditsOut: true, columns: ALL },
  { label: 'job fails', jobFails: true, columns: JOBS },
  { label: 'duplicate callbacks', callbacks: { duplicate: true }, columns: ['webhook'] },
  { label: 'out-of-order callbacks', callbacks: { outOfOrder: true }, columns: ['webhook'] },
  { label: 'missing callbacks', callbacks: { missing: true }, columns: ['webhook'] },
];

/** Client timeout for the "timeout" row (the sandbox answers after 2 s of real time); loose enough for a loaded machine. */
const TIMEOUT_MS = 1000;
const WIDE: RatePolicy = { rate: 1_000_000, windowMs: 60_000, burst: 10_000 };

export interface CellResult {
  items: number;
  outcomes: ItemOutcome<unknown>[];
  /** What the client's ledger says left the wallet (charges + reservations − refunds), in credits. */
  ledger: number;
  /** What the sandbox wallet's own transactions say was spent (sandbox fault adjustments excluded). */
  wallet: number;
  events: NormalizedEvent[];
  /** The HTTP fault was played every time it was set for (a fault that never fired proves nothing). */
  faultPlayed: boolean;
}

/** Charges and reservations out, refunds back: the ledger's view of the wallet. */
export function ledgerSpent(client: EnrichflowClient): number {
  let net = ZERO as number;
  for (const e of client.ledger.entries()) {
    // A settlement's charge was already counted as the job's reservation; only its refund moves money.
    if (e.operation.endsWith('.settlement')) net -= e.refunded ?? 0;
    else net += e.charged + (e.reserved ?? 0);
  }
  return toCreditNumber(net as Credits);
}

/** Money out minus money back in the wallet's transactions after `mark` (deductions and refunds only). */
function walletSpent(transactions: readonly { type: string; amount: number }[], mark: number): number {
  let spent = 0;
  for (const t of transactions.slice(mark)) if (t.type === 'deduction' || t.type === 'refund') spent -= t.amount;
  return Math.round(spent * 1e6) / 1e6;
}

/** Move the shared fake clock while `work` runs: 500 ms of sandbox and client time every few real ms. */
async function drive<T>(clock: FakeClock, work: Promise<T>): Promise<T> {
  let done = false;
  const watched = work.finally(() => (done = true));
  watched.catch(() => undefined);
  while (!done) {
    await clock.advance(500);
    await new Promise((r) => setTimeout(r, 3));
  }
  return watched;
}

/** A receiver for the provider's callbacks feeding the hub (or refusing all: "missing callbacks"). */
async function receiver(hub: CallbackHub, refuseAll: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (refuseAll) return void res.writeHead(503).end();
      const url = new URL(req.url ?? '/', 'http://x');
      void hub
        .deliver({
          payload: JSON.parse(raw || 'null'),
          ref: url.searchParams.get('ref') ?? '',
          token: url.searchParams.get('token') ?? '',
          rawBytes: Buffer.byteLength(raw),
        })
        .then((o) => res.writeHead(o.status === 'rejected' ? 400 : 200).end(JSON.stringify(o.status)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function runCell(subject: MatrixSubject, fault: Fault, column: Column): Promise<CellResult> {
  const clock = new FakeClock(Date.parse('2026-03-02T10:00:00.000Z'));
  const sandbox: Sandbox = await startSandbox({
    port: 0,
    clock,
    enrichSo: {
      rateLimits: { default: { rate: 1_000_000, burst: 1_000_000 }, enrichment: null, bulkSubmit: null },
      itemsPerSecond: 20,
      webhook: { retries: 1, retryDelayMs: 10, timeoutMs: 2000 },
    },
  });
  const provider = subject.provider(sandbox);
  const store = new MemoryStore({ clock });
  const client = createClient({
    provider: subject.catalog,
    apiKey: provider.apiKey,
    baseUrl: provider.baseUrl,
    clock,
    store,
    timeoutMs: TIMEOUT_MS,
    rateLimits: { default: WIDE, enrichment: WIDE, bulkSubmit: WIDE },
    retry: { retries: 4, baseDelayMs: 200, maxDelayMs: 5000 },
  });
  const hub = new CallbackHub(subject.catalog, store, client);
  const hook = column === 'webhook' ? await receiver(hub, fault.callbacks?.missing === true) : undefined;
  try {
    const mark = provider.transactions().length;
    const at = (path: RegExp, times: number, skip = 0) => fault.http && sandbox.faults.add({ ...fault.http, path, times, skip });
    if (fault.creditsOut && column === 'single') provider.setBalance(2);
    if (fault.creditsOut && column === 'list') provider.setBalance(10);
    if (fault.creditsOut && (column === 'batch' || column === 'webhook')) provider.configure(subject.drainAfter(Math.floor(subject.batch.items.length / 2)));
    if (fault.jobFails) provider.configure(subject.drainAfter(0));
    if (fault.callbacks) provider.configure(subject.callbacks(fault.callbacks));

    let items: number;
    let outcomes: ItemOutcome<unknown>[];
    if (column === 'single') {
      at(subject.single.path, 1, 1);
      items = subject.single.inputs.length;
      outcomes = await drive(
        clock,
        client.runEach(subject.single.inputs, (input) => client.call(subject.single.op, input)),
      );
    } else if (column === 'list') {
      at(subject.list.path, 1, subject.list.faultPage - 1);
      items = 1;
      outcomes = await drive(
        clock,
        client.runEach([subject.list.input], (input) => client.list(subject.list.op, input, { limit: subject.list.limit })),
      );
    } else {
      // Jobs: a six-poll outage on the status reads (batch), or failing result reads (webhook).
      if (column === 'batch') at(subject.batch.statusPath, 6);
      else at(subject.batch.resultsPath, 3);
      items = subject.batch.items.length;
      const callback = hook ? await newCallbackUrl(store, hook.url, { provider: subject.catalog.id, batch: subject.batch.name }) : undefined;
      const run = await drive(
        clock,
        runBatch(client, subject.batch.name, subject.batch.items, {
          wait: hook ? 'webhook' : 'poll',
          callback: callback && { url: callback.url },
          waitForCallback: (jobId, signal) => hub.waitForCompletion(jobId, signal),
          pollIntervalMs: 2000,
          maxWaitMs: 3600_000,
        }),
      );
      outcomes = run.outcomes;
      await sandbox.flush();
    }
    // A slow answer the client gave up on is still processed by the sandbox: let it land first.
    if (fault.http?.kind === 'slow') await new Promise((r) => setTimeout(r, (fault.http?.delayMs ?? 0) + 300));
    // A run closes its books with the provider's balance (free): charges whose answer was lost are booked from it.
    await drive(
      clock,
      client.balance().catch(() => undefined),
    );
    // Money moved by the sandbox's own fault switches (setBalance, a drain) is not spending: walletSpent skips it.
    return {
      items,
      outcomes,
      ledger: ledgerSpent(client),
      wallet: walletSpent(provider.transactions(), mark),
      events: hub.events,
      faultPlayed: sandbox.faults.list().length === 0,
    };
  } finally {
    await hook?.close();
    await sandbox.close();
  }
}

/** "40 ok" / "3 ok, 1 provider" — what a cell's items came out as. */
export function describeOutcomes(outcomes: ItemOutcome<unknown>[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.ok ? 'ok' : ((o.error as { kind?: string }).kind ?? 'error');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}
