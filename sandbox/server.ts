/**
 * One local HTTP server that plays every provider for tests, benchmarks, the demo and users'
 * free dry runs. Each provider is mounted under its own prefix; a small
 * control API under `/_sandbox` switches faults and inspects wallets and request logs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/platform';
import { AnswerTimer, type LatencyOption } from './kit/answerTime';
import { FaultController } from './kit/faults';
import { playHostile, presentedKey } from './kit/hostile';
import { jsonReply, readBody, writeReply, type Reply, type SandboxRequest } from './kit/http';
import type { SandboxContext } from './kit/base';
import type { ProviderSandbox } from './kit/provider';
import { type BuiltInSandboxes, type SandboxConfigs, SANDBOXES } from './providers';

export type { FaultSpec, FaultKind, FaultInfo } from './kit/faults';
export type { ProviderId, ProviderSandbox, RequestLogEntry } from './kit/provider';
export type { SandboxContext } from './kit/base';
export { FaultController } from './kit/faults';
export type { AnswerTimer, AtOnce, LatencyOption } from './kit/answerTime';
export { EnrichSoSandbox, DEFAULT_API_KEY, type EnrichSoSandboxConfig, type EnrichSoConfigInput } from './providers/enrich-so';
export {
  EnrichLayerSandbox,
  ENRICH_LAYER_API_KEY,
  type EnrichLayerSandboxConfig,
  type EnrichLayerConfigInput,
  type ApiLogEntry,
} from './providers/enrichlayer';
export { LeadfeederSandbox, DEFAULT_LEADFEEDER_KEY, type LeadfeederSandboxConfig, type LeadfeederConfigInput } from './providers/leadfeeder';
export { SmarteSandbox, SMARTE_SANDBOX_KEY, type SmarteSandboxConfig, type SmarteConfigInput } from './providers/smarte';
export {
  InfluencersClubSandbox,
  DEFAULT_API_KEY as INFLUENCERS_CLUB_API_KEY,
  type InfluencersClubConfigInput,
  type InfluencersClubSandboxConfig,
} from './providers/influencers-club';

/** A provider's sandbox mounted beside the registered ones (a provider being written, a test's toy). */
export type SandboxFactory = (context: Omit<SandboxContext<never>, 'config'>) => ProviderSandbox;

export interface SandboxOptions extends SandboxConfigs {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** Seeds every generated answer and id. Default 1. */
  seed?: number;
  /** Time for everything the sandbox does: rate windows, job progress, timestamps. */
  clock?: Clock;
  /** Mounted after the registered providers (sandbox/providers/index.ts). */
  extraProviders?: SandboxFactory[];
  /** Real-time period of the job ticker that sends webhooks without polling. Default 20 ms. */
  tickMs?: number;
  /**
   * How long every provider (a number) or each provider by id takes to answer, in real
   * milliseconds: a real provider's 100–500 ms instead of loopback's instant. Default 0.
   */
  latencyMs?: LatencyOption;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  close(): Promise<void>;
  faults: FaultController;
  /** Answer times (set them at any time) and how many requests each provider answers at once. */
  answers: AnswerTimer;
  /** Every mounted provider by id: the registered ones typed, extra ones as ProviderSandbox. */
  providers: BuiltInSandboxes & Record<string, ProviderSandbox>;
  /** Every mounted provider, in mount order. */
  mounted: ProviderSandbox[];
  /** Bring every job up to the clock and wait for queued webhooks (handy after advancing a FakeClock). */
  flush(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const clock = opts.clock ?? systemClock;
  const seed = opts.seed ?? 1;
  const faults = new FaultController();
  const answers = new AnswerTimer(opts.latencyMs);
  const providers: ProviderSandbox[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    dispatch(req, providers, faults, answers, clock).then(
      (reply) => {
        if (reply) writeReply(res, reply);
      },
      (err: Error) => {
        if (!res.headersSent) writeReply(res, jsonReply(500, { error: `sandbox failure: ${err.message}` }));
        else res.destroy();
      },
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const context = { seed, clock, origin: url, tickMs: opts.tickMs };
  for (const [id, Provider] of Object.entries(SANDBOXES)) providers.push(new Provider({ ...context, config: opts[id as keyof SandboxConfigs] as never }));
  for (const create of opts.extraProviders ?? []) providers.push(create(context));
  const byId = new Map<string, ProviderSandbox>();
  for (const p of providers) {
    const clash = providers.find((other) => other !== p && (other.id === p.id || other.slug === p.slug || other.prefix === p.prefix));
    if (clash) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw new Error(`sandbox providers ${clash.id} and ${p.id} share an id, slug or prefix`);
    }
    byId.set(p.id, p);
  }
  for (const p of providers) p.start();

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    faults,
    answers,
    providers: Object.fromEntries(byId) as BuiltInSandboxes & Record<string, ProviderSandbox>,
    mounted: [...providers],
    flush: async () => {
      await Promise.all(providers.map((p) => p.flush()));
    },
    close: () => {
      closed ??= (async () => {
        await Promise.all(providers.map((p) => p.close()));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
      })();
      return closed;
    },
  };
}

async function dispatch(
  req: http.IncomingMessage,
  providers: ProviderSandbox[],
  faults: FaultController,
  answers: AnswerTimer,
  clock: Clock,
): Promise<Reply | undefined> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
    return control(method, path.slice('/_sandbox'.length), url, await readBody(req), req, providers, faults, answers, clock);
  }
  const provider = providers.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));
  if (!provider) return jsonReply(404, { error: 'No sandbox provider is mounted at this path', providers: providers.map((p) => p.prefix) });
  return answers.answer(provider.id, () => answer(req, url, method, path, provider, faults));
}

/** One provider request: a switched-on fault, or the provider's own answer. */
async function answer(
  req: http.IncomingMessage,
  url: URL,
  method: string,
  path: string,
  provider: ProviderSandbox,
  faults: FaultController,
): Promise<Reply | undefined> {
  const fault = faults.take({ provider: provider.id, method, path });
  const logFault = (status: number) => provider.logRequest({ method, path, query: url.searchParams.toString(), status, fault: fault?.kind });
  if (fault?.kind === 'reset') {
    logFault(0);
    req.socket.destroy();
    return undefined;
  }
  if (fault?.kind === 'status' || (fault?.kind === 'hostile' && fault.status !== undefined)) {
    const reply = provider.faultReply(fault.status as number, fault.retryAfterSec);
    logFault(reply.status);
    return fault.kind === 'hostile' ? playHostile(reply, { play: fault.play!, bytes: fault.bytes, depth: fault.depth }, presentedKey(req.headers)) : reply;
  }
  if (fault?.kind === 'slow') await delay(fault.delayMs ?? 0);

  const request: SandboxRequest = {
    method,
    path: path.slice(provider.prefix.length) || '/',
    fullPath: path,
    query: url.searchParams,
    headers: req.headers,
    rawBody: await readBody(req),
  };
  const reply = await provider.handle(request);
  if (fault?.kind === 'hostile') return playHostile(reply, { play: fault.play!, bytes: fault.bytes, depth: fault.depth }, presentedKey(req.headers));
  if (fault?.kind === 'malformed') {
    const bytes = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    // Cut in half: the status and headers promise JSON the body no longer delivers.
    return { ...reply, body: bytes.length > 1 ? bytes.subarray(0, Math.floor(bytes.length / 2)) : Buffer.from('{"') };
  }
  return reply;
}

async function control(
  method: string,
  sub: string,
  url: URL,
  rawBody: Buffer,
  req: http.IncomingMessage,
  providers: ProviderSandbox[],
  faults: FaultController,
  answers: AnswerTimer,
  clock: Clock,
): Promise<Reply> {
  try {
    if (method === 'GET' && sub === '/health') {
      return jsonReply(200, {
        ok: true,
        time: new Date(clock.now()).toISOString(),
        providers: Object.fromEntries(providers.map((p) => [p.id, { prefix: p.prefix }])),
      });
    }
    if (sub === '/faults') {
      if (method === 'GET') return jsonReply(200, { faults: faults.list() });
      if (method === 'DELETE') {
        faults.clear();
        return jsonReply(200, { faults: [] });
      }
      if (method === 'POST') {
        const id = faults.add(FaultController.fromJson(JSON.parse(rawBody.toString('utf8') || 'null')));
        return jsonReply(201, { id, faults: faults.list() });
      }
    }
    if (sub === '/latency') {
      if (method === 'POST') {
        const patch = AnswerTimer.patchFromJson(JSON.parse(rawBody.toString('utf8') || 'null'));
        if (patch.provider && !providers.some((p) => p.id === patch.provider)) {
          return jsonReply(404, { error: `no provider ${patch.provider}`, providers: providers.map((p) => p.id) });
        }
        answers.setLatency(patch.ms, patch.provider);
      }
      if (method === 'GET' || method === 'POST') return jsonReply(200, { ...answers.latency(), atOnce: answers.allAtOnce() });
    }
    const provider = providers.find((p) => sub.startsWith(`/${p.slug}/`));
    if (provider) {
      const reply = await provider.control({
        method,
        path: sub.slice(provider.slug.length + 1),
        fullPath: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
      });
      if (reply) return reply;
    }
    return jsonReply(404, { error: `no control route ${method} ${url.pathname}` });
  } catch (err) {
    const e = err as Error & { status?: number };
    return jsonReply(typeof e.status === 'number' ? e.status : 400, { error: e.message });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
