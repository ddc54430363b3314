/**
 * The Enrich.so sandbox: mounts every §5.5 endpoint under `/enrich-so/api/v3` and runs each
 * request through the provider's pipeline — authenticate (x-api-key or Bearer), rate-limit
 * per organization and bucket, validate, price, answer in the configured error shape.
 */
import manifest from '../../../shared/providers/enrichSo/manifest.json';
import { SandboxBase, type SandboxContext } from '../../kit/base';
import { jsonReply, header, type Reply, type SandboxRequest } from '../../kit/http';
import { JobTicker } from '../../kit/jobs';
import { IdSource } from '../../kit/random';
import { SlidingWindowLimiter, type RateCheck, type RateDecision } from '../../kit/rate-limiter';
import { Router } from '../../kit/router';
import { InsufficientCreditsError, Wallet } from '../../kit/wallet';
import { WebhookSender, type DeliveryAttempt } from '../../kit/webhooks';
import { DEFAULT_API_KEY, defaultConfig, maskKey, mergeConfig, rulesFor, type Bucket, type EnrichSoConfigInput, type EnrichSoSandboxConfig } from './config';
import { JobStore, iso, type Ctx, type Org, type Services } from './context';
import { ApiError, defaultDetail, insufficientCredits, renderError } from './problems';
import { registerAccount } from './routes/account';
import { registerFollowers } from './routes/followers';
import { registerLeadFinder } from './routes/lead-finder';
import { registerLeadFinderJobs } from './routes/lead-finder-jobs';
import { registerPeopleSearch } from './routes/people-search';
import { registerSingles } from './routes/singles';
import type { Handler, RouteMeta } from './routes/types';

export { DEFAULT_API_KEY };
export type { EnrichSoSandboxConfig, EnrichSoConfigInput };

export type EnrichSoSandboxOptions = SandboxContext<EnrichSoConfigInput>;

export class EnrichSoSandbox extends SandboxBase<EnrichSoSandboxConfig, EnrichSoConfigInput> {
  private keys = new Map<string, Org>();
  private readonly limiter: SlidingWindowLimiter;
  private readonly router = new Router<Handler, RouteMeta>();
  private readonly requestIds: IdSource;
  private readonly svc: Services;

  constructor(opts: EnrichSoSandboxOptions) {
    super(manifest, opts, mergeConfig, defaultConfig());
    const now = () => opts.clock.now();
    this.limiter = new SlidingWindowLimiter(now);
    this.requestIds = new IdSource(opts.seed, 'enrich-so-requests');
    this.svc = {
      seed: opts.seed,
      clock: opts.clock,
      config: () => this.cfg,
      ids: new IdSource(opts.seed, 'enrich-so'),
      ticker: new JobTicker(now, opts.tickMs ?? 20),
      webhooks: new WebhookSender({ ...this.cfg.webhook, now }),
      jobs: new JobStore(),
      baseUrl: this.baseUrl,
    };
    this.buildOrgs();
    registerSingles(this.router);
    registerFollowers(this.router);
    registerAccount(this.router);
    registerLeadFinder(this.router);
    registerLeadFinderJobs(this.router);
    registerPeopleSearch(this.router);
  }

  /** The first account's key (the default `sk_test_enrichflow_sandbox`). */
  override get apiKey(): string {
    return (this.cfg.accounts[0] as EnrichSoSandboxConfig['accounts'][number]).apiKey;
  }

  /** The wallet behind a key (default: the first account): read `balance`, `setBalance(n)`, `transactions()`. */
  wallet(apiKey: string = this.apiKey): Wallet {
    const org = this.keys.get(apiKey);
    if (!org) throw new RangeError('no sandbox account has that key');
    return org.wallet;
  }

  /** Passing `accounts` starts those organizations afresh (new wallets, empty state). */
  protected override reconfigured(patch: EnrichSoConfigInput): void {
    this.svc.webhooks.configure(this.cfg.webhook);
    if (patch.accounts) this.buildOrgs();
    // Orgs hold the account objects, so a plan switch reaches them without touching wallets.
    if (patch.plan) for (const account of this.cfg.accounts) account.plan = patch.plan;
    if (patch.accounts || patch.rateLimits || patch.plan) this.limiter.reset();
  }

  override keyNote(): string {
    return `a sandbox key; balance ${this.wallet().balance} credits`;
  }

  webhookDeliveries(): readonly DeliveryAttempt[] {
    return this.svc.webhooks.deliveries();
  }

  /** Bring every job up to the clock and wait until queued webhooks are delivered. */
  override async flush(): Promise<void> {
    this.svc.ticker.tick();
    await this.svc.webhooks.idle();
  }

  override start(): void {
    this.svc.ticker.start();
  }

  override async close(): Promise<void> {
    this.svc.ticker.stop();
    await this.svc.webhooks.close();
  }

  override faultReply(status: number, retryAfterSec?: number): Reply {
    const headers: Record<string, string> = retryAfterSec !== undefined ? { 'retry-after': String(retryAfterSec) } : {};
    return renderError(new ApiError(status, defaultDetail(status), {}, headers), this.cfg.errorShape, this.newRequestId());
  }

  override async handle(req: SandboxRequest): Promise<Reply> {
    const requestId = this.newRequestId();
    let decision: RateDecision | undefined;
    let reply: Reply;
    try {
      const org = this.authenticate(req);
      const match = this.router.match(req.method, req.path);
      if (!match) throw new ApiError(404, `Route ${req.method} ${req.path} not found`);
      decision = this.limiter.take(this.rateChecks(org, match.meta));
      if (decision && !decision.allowed) {
        throw new ApiError(
          429,
          `Rate limit exceeded. Please retry after ${decision.retryAfterSec} seconds.`,
          {},
          { 'retry-after': String(decision.retryAfterSec) },
        );
      }
      const ctx: Ctx = { req, params: match.params, org, requestId, now: this.svc.clock.now(), svc: this.svc };
      reply = await match.handler(ctx);
    } catch (err) {
      reply = renderError(this.asApiError(err), this.cfg.errorShape, requestId);
    }
    if (decision) Object.assign(reply.headers, rateHeaders(decision));
    this.logRequest({ method: req.method, path: req.fullPath, query: req.query.toString(), status: reply.status, requestId });
    return reply;
  }

  protected override async providerControl(req: SandboxRequest): Promise<Reply | undefined> {
    const route = `${req.method} ${req.path}`;
    const orgId = req.query.get('organizationId') ?? undefined;
    switch (route) {
      case 'GET /wallet':
        return jsonReply(200, this.walletView(this.orgById(orgId)));
      case 'PUT /wallet': {
        const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as { balance?: unknown; organizationId?: string };
        if (typeof b.balance !== 'number' || !(b.balance >= 0)) return jsonReply(400, { error: 'balance must be a number >= 0' });
        const org = this.orgById(b.organizationId ?? orgId);
        org.wallet.setBalance(b.balance);
        return jsonReply(200, this.walletView(org));
      }
      case 'GET /transactions':
        return jsonReply(200, { transactions: this.orgById(orgId).wallet.transactions() });
      case 'GET /webhooks':
        return jsonReply(200, { deliveries: this.webhookDeliveries() });
      default:
        return undefined;
    }
  }

  private buildOrgs(): void {
    this.keys = new Map();
    const orgs = new Map<string, Org>();
    for (const account of this.cfg.accounts) {
      let org = orgs.get(account.organizationId);
      if (!org) {
        const walletIds = this.svc.ids;
        org = {
          id: account.organizationId,
          account,
          wallet: new Wallet({
            organizationId: account.organizationId,
            balance: account.balance,
            now: () => this.svc.clock.now(),
            newId: () => walletIds.hex(24),
          }),
          members: [
            {
              id: this.svc.ids.hex(24),
              userId: this.svc.ids.hex(24),
              email: account.ownerEmail,
              name: 'Sandbox Owner',
              role: 'owner',
              createdAt: iso(this.svc.clock.now()),
            },
          ],
          invitations: new Map(),
          savedSearches: new Map(),
          revealed: new Map(),
          unlocked: new Set(),
          ipSubmissions: new Map(),
          freeSearches: new Map(),
        };
        orgs.set(org.id, org);
      }
      this.keys.set(account.apiKey, org);
    }
  }

  private orgById(orgId: string | undefined): Org {
    const org = orgId ? [...this.keys.values()].find((o) => o.id === orgId) : this.keys.get(this.apiKey);
    if (!org) throw new ApiError(404, 'No sandbox organization with that id');
    return org;
  }

  private walletView(org: Org) {
    return { organizationId: org.id, teamId: org.account.teamId, plan: org.account.plan, balance: org.wallet.balance };
  }

  protected shownConfig() {
    const c = this.config();
    return { ...c, accounts: c.accounts.map((a) => ({ ...a, apiKey: maskKey(a.apiKey) })) };
  }

  private authenticate(req: SandboxRequest): Org {
    const direct = header(req.headers, 'x-api-key');
    const bearer = header(req.headers, 'authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    const key = (direct ?? bearer)?.trim();
    if (!key) throw new ApiError(401, 'This endpoint requires API key authentication. Send your key in the x-api-key header or as a Bearer token.');
    const org = this.keys.get(key);
    if (!org) throw new ApiError(401, 'The API key provided is invalid or has been revoked');
    return org;
  }

  private rateChecks(org: Org, meta: RouteMeta): RateCheck[] {
    const rules = rulesFor(this.cfg, org.account.plan);
    const buckets: Bucket[] = ['default', ...(meta.bucket ? [meta.bucket] : [])];
    const checks: RateCheck[] = [];
    for (const b of buckets) {
      const rule = rules[b];
      if (rule) checks.push({ key: `${org.id}:${b}`, rule });
    }
    return checks;
  }

  private asApiError(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (err instanceof InsufficientCreditsError) return insufficientCredits(err.required, err.balance);
    process.stderr.write(`enrich-so sandbox: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return new ApiError(500, defaultDetail(500));
  }

  private newRequestId(): string {
    return `req_${this.requestIds.hex(24)}`;
  }
}

function rateHeaders(d: RateDecision): Record<string, string> {
  return { 'x-ratelimit-limit': String(d.limit), 'x-ratelimit-remaining': String(d.remaining), 'x-ratelimit-reset': String(d.resetSec) };
}
