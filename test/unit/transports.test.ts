import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { TransportError, ValidationError } from '../../shared/errors';
import { FetchTransport } from '../../shared/transport/fetch';
import type { Transport } from '../../shared/transport/types';
import { UndiciTransport } from '../../shared/transport/undici';

const SECRET = 'sk_live_do_not_leak_0123456789';
const TEXT_BYTES = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('café € naïve '), Buffer.from([0xff, 0xc3]), Buffer.from(' end')]);

/** A tiny provider: each path plays one way an answer can go (or not come). */
function startServer() {
  const received: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const arrived = new EventEmitter();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      arrived.emit('request');
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/ok') {
        res.setHeader('X-Request-Id', 'req-123');
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ success: true, echo: body }));
      } else if (path === '/status/503') {
        res.writeHead(503, { 'Retry-After': '7' });
        res.end('{"type":"service-unavailable"}');
      } else if (path === '/status/402') {
        res.writeHead(402);
        res.end('not json at all');
      } else if (path === '/reset') {
        req.socket.destroy();
      } else if (path === '/text') {
        // A byte order mark, characters of two and three bytes, and bytes that are not UTF-8:
        // in one piece, or split mid-character over pieces sent apart.
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        const bytes = TEXT_BYTES;
        if (new URL(req.url!, 'http://x').searchParams.get('pieces') !== 'many') res.end(bytes);
        else {
          const cuts = [0, 5, 9, 10, 17, bytes.length];
          const send = (i: number) =>
            i + 1 < cuts.length ? res.write(bytes.subarray(cuts[i], cuts[i + 1]), () => setTimeout(() => send(i + 1), 15)) : res.end();
          send(0);
        }
      } else if (path === '/slow-body') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"partial":'); // …and never finishes
      }
      // '/hang' never answers at all.
    });
  });
  return new Promise<{ base: string; received: typeof received; arrived: EventEmitter; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        base: `http://127.0.0.1:${port}`,
        received,
        arrived,
        close: async () => {
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
        },
      });
    });
  });
}

// The same contract for both standalone transports: undici (the core's default) and fetch (what
// the n8n packages send with outside a node run's helpers).
describe.each([
  ['undici', (agent: Agent, defaultTimeoutMs: number): Transport => new UndiciTransport({ dispatcher: agent, defaultTimeoutMs })],
  ['fetch', (_agent: Agent, defaultTimeoutMs: number): Transport => new FetchTransport({ defaultTimeoutMs })],
])('the %s transport', (_name, make) => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  let agent: Agent;
  let transport: Transport;

  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(async () => {
    await srv.close();
  });
  beforeEach(() => {
    agent = new Agent();
    transport = make(agent, 5_000);
  });
  afterEach(async () => {
    await agent.destroy();
  });

  it('sends method, headers and body, and returns status, lower-cased headers and the raw text body', async () => {
    const res = await transport.send({
      method: 'POST',
      url: `${srv.base}/ok?x=1`,
      headers: { 'x-api-key': SECRET, 'content-type': 'application/json' },
      body: '{"email":"jane@acme.com"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.headers['set-cookie']).toBe('a=1, b=2');
    expect(JSON.parse(res.body)).toEqual({ success: true, echo: '{"email":"jane@acme.com"}' });
    const last = srv.received.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', url: '/ok?x=1', body: '{"email":"jane@acme.com"}' });
    expect(last.headers['x-api-key']).toBe(SECRET);
  });

  it.each(['one', 'many'])('reads an answer in %s piece(s) as UTF-8 text, as a TextDecoder would', async (pieces) => {
    const res = await transport.send({ method: 'GET', url: `${srv.base}/text?pieces=${pieces}`, headers: {} });
    expect(res.body).toBe(new TextDecoder().decode(TEXT_BYTES));
    expect(res.body.startsWith('café € naïve \uFFFD')).toBe(true);
  });

  it('passes error statuses through as responses instead of throwing', async () => {
    const unavailable = await transport.send({ method: 'GET', url: `${srv.base}/status/503`, headers: {} });
    expect(unavailable).toMatchObject({ status: 503, body: '{"type":"service-unavailable"}' });
    expect(unavailable.headers['retry-after']).toBe('7');
    // A malformed body is returned as text for the core to classify.
    expect(await transport.send({ method: 'GET', url: `${srv.base}/status/402`, headers: {} })).toMatchObject({ status: 402, body: 'not json at all' });
  });

  it('reports a dropped connection as a reset, without the API key or query in the message', async () => {
    const error = await transport
      .send({ method: 'POST', url: `${srv.base}/reset?api_key=${SECRET}`, headers: { authorization: `Bearer ${SECRET}` }, body: '{}' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'reset', retryable: true });
    const shown = `${(error as Error).message} ${JSON.stringify(error)} ${JSON.stringify((error as Error).cause)}`;
    expect(shown).toContain(`POST ${srv.base}/reset`);
    expect(shown).not.toContain(SECRET);
  });

  it('times out when no answer comes in time', async () => {
    const error = await transport.send({ method: 'GET', url: `${srv.base}/hang`, headers: {}, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transport', reason: 'timeout' });
    expect((error as Error).message).toMatch(/within 150 ms/);
  });

  it('times out when the body stalls after the headers arrived', async () => {
    const slow = make(agent, 150);
    await expect(slow.send({ method: 'GET', url: `${srv.base}/slow-body`, headers: {} })).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const sent = transport.send({ method: 'GET', url: `${srv.base}/hang`, headers: {}, signal: controller.signal });
    await once(srv.arrived, 'request');
    controller.abort();
    await expect(sent).rejects.toMatchObject({ reason: 'aborted', retryable: false });
  });

  it('does not send at all when the signal is already aborted', async () => {
    const before = srv.received.length;
    const controller = new AbortController();
    controller.abort();
    await expect(transport.send({ method: 'GET', url: `${srv.base}/ok`, headers: {}, signal: controller.signal })).rejects.toMatchObject({ reason: 'aborted' });
    expect(srv.received.length).toBe(before);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    await expect(transport.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} })).rejects.toMatchObject({
      reason: 'network',
      code: 'ECONNREFUSED',
    });
  });

  it('rejects a malformed URL as a validation error before sending', async () => {
    await expect(transport.send({ method: 'GET', url: 'not a url', headers: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(transport.send({ method: 'GET', url: 'ftp://example.test/', headers: {} })).rejects.toMatchObject({ field: 'url' });
  });
});

// A request waiting for a connection (the pool's one connection is busy) has no socket yet.
describe('the undici transport, before a connection is free', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  let agent: Agent;
  let transport: UndiciTransport;
  let busy: Promise<unknown>;

  beforeEach(async () => {
    srv = await startServer();
    agent = new Agent({ connections: 1 });
    transport = new UndiciTransport({ dispatcher: agent, defaultTimeoutMs: 60_000 });
    // The only connection carries a request the provider never answers.
    busy = transport.send({ method: 'GET', url: `${srv.base}/hang`, headers: {} }).catch((e: unknown) => e);
    await once(srv.arrived, 'request');
  });
  afterEach(async () => {
    await agent.destroy();
    await busy;
    await srv.close();
  });

  /** Whichever comes first: `queued` failing, or the busy request ending (which frees the connection). */
  const first = (queued: Promise<unknown>) => Promise.race([queued.catch((e: unknown) => e), busy.then(() => 'the busy request ended first')]);

  it('a caller that aborts is answered at once, without waiting for the connection', async () => {
    const controller = new AbortController();
    const queued = transport.send({ method: 'GET', url: `${srv.base}/ok`, headers: {}, signal: controller.signal });
    controller.abort();
    expect(await first(queued)).toMatchObject({ reason: 'aborted' });
  });

  it("a request's deadline counts from when it was asked, not from when a connection was free", async () => {
    const queued = transport.send({ method: 'GET', url: `${srv.base}/ok`, headers: {}, timeoutMs: 100 });
    expect(await first(queued)).toMatchObject({ reason: 'timeout' });
  });
});
