/**
 * The EnrichLayer sandbox: every v2 endpoint the client uses under `/enrich-layer/api/v2`, each
 * request through the provider's pipeline — Bearer key, the 5-minute rate window, parameter
 * checks, a balance check against the most the request could bill (403 when short), the charge
 * for what was returned, and nothing charged on any error. The dashboard's API logs (per-request
 * breakdowns in the credits guide's shape) are readable through the control API.
 */
import manifest from '../../../shared/providers/enrichLayer/manifest.json';
import { SandboxBase, type SandboxContext } from '../../kit/base';
import { header, jsonReply, type Reply, type SandboxRequest } from '../../kit/http';
import { IdSource } from '../../kit/random';
import { type RateCheck, SlidingWindowLimiter } from '../../kit/rate-limiter';
import { Wallet } from '../../kit/wallet';
import { apiLog, total } from './billing';
import {
  DEFAULT_API_KEY,
  defaultConfig,
  type EnrichLayerAccount,
  type EnrichLayerConfigInput,
  type EnrichLayerSandboxConfig,
  type ErrorShape,
  mergeConfig,
} from './config';
import { ApiError, routes } from './routes';

export { DEFAULT_API_KEY as ENRICH_LAYER_API_KEY };
export type { EnrichLayerConfigInput, EnrichLayerSandboxConfig };

export type EnrichLayerSandboxOptions = SandboxContext<EnrichLayerConfigInput>;

/** One request's entry in the API logs: what it cost and how. */
export interface ApiLogEntry {
  path: string;
  status: number;
  credits: number;
  breakdown: Record<string, unknown>;
  time: string;
}

interface Org {
  account: EnrichLayerAccount;
  wallet: Wallet;
  logs: ApiLogEntry[];
}

const MESSAGES: Record<number, string> = {
  400: 'Invalid parameters provided. Refer to the documentation and message body for more info',
  401: 'Invalid API Key',
  403: 'Not Enough Credits',
  404: 'The requested resource could not be found',
  410: 'This API is deprecated',
  429: 'Rate limited. Please retry',
  500: 'There is an error with our API',
  503: 'Enrichment failed, please retry',
};

export class EnrichLayerSandbox extends SandboxBase<EnrichLayerSandboxConfig, EnrichLayerConfigInput> {
  private orgs = new Map<string, Org>();
  private readonly limiter: SlidingWindowLimiter;
  private readonly ids: IdSource;

  constructor(private readonly opts: EnrichLayerSandboxOptions) {
    super(manifest, opts, mergeConfig, defaultConfig());
    this.limiter = new SlidingWindowLimiter(() => opts.clock.now());
    this.ids = new IdSource(opts.seed, 'enrich-layer');
    this.buildOrgs();
  }

  override get apiKey(): string {
    return this.cfg.accounts[0]!.apiKey;
  }

  wallet(apiKey: string = this.apiKey): Wallet {
    const org = this.orgs.get(apiKey);
    if (!org) throw new RangeError('no sandbox account has that key');
    return org.wallet;
  }

  /** The dashboard's API logs of an account: one entry per request, with its cost breakdown. */
  apiLogs(apiKey: string = this.apiKey): readonly ApiLogEntry[] {
    return this.orgs.get(apiKey)?.logs ?? [];
  }

  protected override reconfigured(patch: EnrichLayerConfigInput): void {
    if (patch.accounts) this.buildOrgs();
    if (patch.accounts || patch.perFiveMinutes !== undefined || patch.perMinute !== undefined) this.limiter.reset();
  }

  override keyNote(): string {
    return `balance ${this.wallet().balance} credits`;
  }

  protected shownConfig() {
    return { ...this.config(), accounts: this.cfg.accounts.map((a) => ({ ...a, apiKey: `${a.apiKey.slice(0, 8)}…` })) };
  }

  override faultReply(status: number, retryAfterSec?: number): Reply {
    const reply = this.errorReply(status, MESSAGES[status] ?? `HTTP ${status}`);
    if (retryAfterSec !== undefined) reply.headers['retry-after'] = String(retryAfterSec);
    return reply;
  }

  override async handle(req: SandboxRequest): Promise<Reply> {
    const requestId = this.ids.hex(16);
    let reply: Reply;
    try {
      reply = this.answer(req);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, MESSAGES[500]!);
      reply = this.errorReply(e.status, e.message);
    }
    reply.headers['x-request-id'] = requestId;
    this.logRequest({ method: req.method, path: req.fullPath, query: req.query.toString(), status: reply.status, requestId });
    return reply;
  }

  protected override async providerControl(req: SandboxRequest): Promise<Reply | undefined> {
    const key = req.query.get('apiKey') ?? this.apiKey;
    switch (`${req.method} ${req.path}`) {
      case 'GET /wallet':
        return jsonReply(200, { balance: this.wallet(key).balance });
      case 'PUT /wallet': {
        const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as { balance?: unknown };
        if (typeof b.balance !== 'number' || !(b.balance >= 0)) return jsonReply(400, { error: 'balance must be a number >= 0' });
        this.wallet(key).setBalance(b.balance);
        return jsonReply(200, { balance: this.wallet(key).balance });
      }
      case 'GET /logs':
        return jsonReply(200, { logs: this.apiLogs(key) });
      default:
        return undefined;
    }
  }

  private answer(req: SandboxRequest): Reply {
    const org = this.authenticate(req);
    if (req.method !== 'GET') throw new ApiError(404, MESSAGES[404]!);
    // Paths exactly as documented: EnrichLayer's are written without a trailing slash (its
    // transition guide), so a client that adds one gets the 404 the real service would give.
    const path = req.path;
    const handler = routes[path];
    if (!handler) throw new ApiError(404, MESSAGES[404]!);
    const decision = this.limiter.take(this.rateChecks(org));
    if (decision && !decision.allowed) throw new ApiError(429, MESSAGES[429]!);
    const selfUrl = `${this.baseUrl}${req.path}`;
    const { body, bill, max } = handler({ q: req.query, seed: this.opts.seed, cfg: this.cfg, account: org.account, selfUrl });
    // Refused up front when the most the request could bill is more than the balance.
    if (!org.wallet.canAfford(max)) throw new ApiError(403, MESSAGES[403]!);
    const cost = total(bill);
    if (cost > 0) org.wallet.deduct(cost, `GET ${path}`, { breakdown: apiLog(bill) });
    org.logs.push({ path, status: 200, credits: cost, breakdown: apiLog(bill), time: new Date(this.opts.clock.now()).toISOString() });
    const data = path === '/credit-balance' ? { credit_balance: org.wallet.balance } : body;
    return jsonReply(200, data);
  }

  private authenticate(req: SandboxRequest): Org {
    const key = header(req.headers, 'authorization')
      ?.match(/^Bearer\s+(.+)$/i)?.[1]
      ?.trim();
    const org = key ? this.orgs.get(key) : undefined;
    if (!org) throw new ApiError(401, MESSAGES[401]!);
    return org;
  }

  private rateChecks(org: Org): RateCheck[] {
    const checks: RateCheck[] = [
      { key: `${org.account.apiKey}:5min`, rule: { rate: this.cfg.perFiveMinutes, windowMs: 300_000, burst: this.cfg.perFiveMinutes } },
    ];
    if (this.cfg.perMinute !== null)
      checks.push({ key: `${org.account.apiKey}:1min`, rule: { rate: this.cfg.perMinute, windowMs: 60_000, burst: this.cfg.perMinute } });
    return checks;
  }

  private errorReply(status: number, message: string): Reply {
    return jsonReply(status, errorBody(this.cfg.readings.errorShape, status, message));
  }

  private buildOrgs(): void {
    this.orgs = new Map();
    for (const account of this.cfg.accounts) {
      this.orgs.set(account.apiKey, {
        account,
        wallet: new Wallet({
          organizationId: account.apiKey.slice(0, 12),
          balance: account.balance,
          now: () => this.opts.clock.now(),
          newId: () => this.ids.hex(24),
        }),
        logs: [],
      });
    }
  }
}

/** The error body in the configured shape (the real one is not documented). */
function errorBody(shape: ErrorShape, status: number, message: string): Record<string, unknown> {
  switch (shape) {
    case 'error':
      return { error: message };
    case 'legacy':
      return { code: status, description: message };
    default:
      return { message };
  }
}
