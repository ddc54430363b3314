/**
 * n8n's waiting-webhook endpoint for in-process tests: a real HTTP server at the executions'
 * resume URLs (`/webhook-waiting/<id>?signature=…`) that hands each call to the waiting
 * execution's node webhook through the harness (deliverToWaiting), as n8n's WaitingWebhooks
 * does, and records what it answered. Executions not (or no longer) waiting get 404, as in n8n.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IRun } from 'n8n-workflow';
import { deliverToWaiting, type RunOptions, type runWorkflow } from './harness';

type Waiting = Awaited<ReturnType<typeof runWorkflow>>;

export interface WaitingServer {
  baseUrl: string;
  /** Serve this parked execution; resolves with its resumed run. */
  serve(waiting: Waiting): Promise<IRun>;
  /** Every call received: execution, HTTP status answered, and the body sent. */
  calls: { executionId: string; status: number; body: unknown }[];
  /** Answer the next `n` calls with this status without running anything (n8n busy). */
  refuseNext(n: number, status: number): void;
  close(): Promise<void>;
}

export async function startWaitingServer(opts: RunOptions): Promise<WaitingServer> {
  const waiting = new Map<string, { waiting: Waiting; resolve: (run: IRun) => void }>();
  const calls: WaitingServer['calls'] = [];
  let refusals = { left: 0, status: 503 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const executionId = url.pathname.split('/').pop() ?? '';
        const body = raw ? JSON.parse(raw) : {};
        const answer = (status: number, payload: unknown) => {
          calls.push({ executionId, status, body });
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        };
        if (refusals.left > 0) {
          refusals.left--;
          return answer(refusals.status, { message: 'Database is not ready!' });
        }
        const entry = waiting.get(executionId);
        if (!entry) return answer(404, { message: 'execution is not waiting' });
        const delivered = await deliverToWaiting(entry.waiting, { body, query: Object.fromEntries(url.searchParams) }, opts);
        if (delivered.resumed) {
          waiting.delete(executionId);
          entry.resolve(delivered.resumed);
        }
        answer(delivered.status, delivered.body ?? { received: true });
      })().catch((error: Error) => res.writeHead(500).end(error.message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/webhook-waiting`,
    calls,
    serve: (w) => new Promise<IRun>((resolve) => waiting.set(w.executionId, { waiting: w, resolve })),
    refuseNext(n, status) {
      refusals = { left: n, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
