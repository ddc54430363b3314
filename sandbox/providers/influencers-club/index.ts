/**
 * The influencers.club sandbox: every §1.2 endpoint under `/influencers-club/public/v1`,
 * Bearer auth, 300 requests a minute per account over every endpoint, credits charged as the
 * reference says, batch jobs that progress on the sandbox clock, pause when credits run out
 * and resume. Both readings of §7 are switchable (`configure`).
 */
import manifest from '../../../shared/providers/influencersClub/manifest.json';
import { SandboxBase, type SandboxContext } from '../../kit/base';
import { header, jsonReply, type Reply, type SandboxRequest } from '../../kit/http';
import { IdSource } from '../../kit/random';
import { SlidingWindowLimiter } from '../../kit/rate-limiter';
import { Router } from '../../kit/router';
import { Wallet } from '../../kit/wallet';
import { DEFAULT_API_KEY, defaultConfig, type InfluencersClubConfigInput, type InfluencersClubSandboxConfig, mergeConfig } from './config';
import { exclusionRoutes } from './exclusions';
import * as r from './routes';

export { DEFAULT_API_KEY, type InfluencersClubConfigInput, type InfluencersClubSandboxConfig };

type Handler = (ctx: r.Ctx) => Reply;

export class InfluencersClubSandbox extends SandboxBase<InfluencersClubSandboxConfig, InfluencersClubConfigInput> {
  private accounts = new Map<string, r.Account>();
  private readonly limiter: SlidingWindowLimiter;
  private readonly router = new Router<Handler, undefined>();
  private readonly ids: IdSource;

  constructor(private readonly opts: SandboxContext<InfluencersClubConfigInput>) {
    super(manifest, opts, mergeConfig, defaultConfig());
    this.limiter = new SlidingWindowLimiter(() => opts.clock.now());
    this.ids = new IdSource(opts.seed, 'influencers-club');
    this.buildAccounts();
    const add = (method: string, path: string, handler: Handler) => this.router.add(method, path, handler, undefined);
    add('POST', '/discovery/', r.discover);
    add('POST', '/discovery/creators/similar/', r.similar);
    for (const tier of ['raw', 'full', 'profile', 'analytics'] as const) add('POST', `/creators/enrich/handle/${tier}/`, r.enrichHandle(tier));
    add('POST', '/creators/enrich/email/', r.enrichEmail);
    add('POST', '/creators/socials/', r.enrichHandle('socials'));
    add('POST', '/creators/audience/overlap/', r.overlap);
    add('POST', '/creators/content/posts/', r.posts);
    add('POST', '/creators/content/details/', r.postDetails);
    add('POST', '/enrichment/batch/', r.createBatch);
    add('GET', '/enrichment/batch/{batch_id}/status/', r.batchStatus);
    add('GET', '/enrichment/batch/{batch_id}/', r.batchResults);
    add('POST', '/enrichment/batch/{batch_id}/resume/', r.resumeBatch);
    // The credits path is a reading: the docs' and the vendor MCP's are both served (§1.2).
    add('GET', '/account/credits', r.credits);
    add('GET', '/accounts/credits/', r.credits);
    for (const name of [
      'languages',
      'brands',
      'yt-topics',
      'games',
      'audience-brand-categories',
      'audience-brand-names',
      'audience-interests',
      'audience-locations',
    ]) {
      add('GET', `/discovery/classifier/${name}/`, r.dictionary(name));
    }
    add('GET', '/discovery/classifier/locations/{platform}/', r.dictionary('locations'));
    for (const [method, path, handler] of exclusionRoutes) add(method, path, handler);
  }

  override get apiKey(): string {
    return (this.cfg.accounts[0] as InfluencersClubSandboxConfig['accounts'][number]).apiKey;
  }

  wallet(apiKey: string = this.apiKey): Wallet {
    const account = this.accounts.get(apiKey);
    if (!account) throw new RangeError('no sandbox account has that key');
    return account.wallet;
  }

  /** Change the configuration; passing `accounts` starts them afresh (new wallets, no jobs). */
  protected override reconfigured(patch: InfluencersClubConfigInput): void {
    if (patch.accounts) this.buildAccounts();
    if (patch.rateLimit || patch.accounts) this.limiter.reset();
  }

  override keyNote(): string {
    return `balance ${this.wallet().balance} credits`;
  }

  override async flush(): Promise<void> {
    const now = this.opts.clock.now();
    for (const account of this.accounts.values()) for (const job of account.jobs.values()) job.advance(now);
  }

  override faultReply(status: number, retryAfterSec?: number): Reply {
    const headers: Record<string, string> = retryAfterSec !== undefined ? { 'retry-after': String(retryAfterSec) } : {};
    const detail = status === 429 ? 'Request was throttled.' : status >= 500 ? 'A server error occurred.' : `HTTP ${status}`;
    return jsonReply(status, { detail }, headers);
  }

  override async handle(req: SandboxRequest): Promise<Reply> {
    let reply: Reply;
    try {
      const account = this.authenticate(req);
      const match = this.router.match(req.method, req.path);
      if (!match) throw new r.HttpError(404, { detail: 'Not found.' });
      const decision = this.limiter.take([{ key: account.id, rule: this.cfg.rateLimit }]);
      // No rate-limit headers are documented (§1.5): a bare 429, the DRF way.
      if (decision && !decision.allowed)
        throw new r.HttpError(429, { detail: `Request was throttled. Expected available in ${decision.retryAfterSec} seconds.` });
      const ctx: r.Ctx = {
        req,
        params: match.params,
        account,
        now: this.opts.clock.now(),
        seed: this.opts.seed,
        config: this.cfg,
        newBatchId: () => `bch_${this.ids.hex(32)}`,
      };
      reply = match.handler(ctx);
    } catch (err) {
      if (err instanceof r.HttpError) reply = jsonReply(err.status, err.body, err.headers);
      else {
        process.stderr.write(`influencers-club sandbox: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
        reply = jsonReply(500, { detail: 'A server error occurred.' });
      }
    }
    this.logRequest({ method: req.method, path: req.fullPath, query: req.query.toString(), status: reply.status });
    return reply;
  }

  protected override async providerControl(req: SandboxRequest): Promise<Reply | undefined> {
    const key = req.query.get('apiKey') ?? undefined;
    switch (`${req.method} ${req.path}`) {
      case 'GET /wallet':
        return jsonReply(200, { balance: this.wallet(key).balance });
      case 'PUT /wallet': {
        const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as { balance?: unknown };
        if (typeof b.balance !== 'number' || !(b.balance >= 0)) return jsonReply(400, { error: 'balance must be a number >= 0' });
        this.wallet(key).setBalance(b.balance);
        return jsonReply(200, { balance: this.wallet(key).balance });
      }
      case 'GET /transactions':
        return jsonReply(200, { transactions: this.wallet(key).transactions() });
      default:
        return undefined;
    }
  }

  protected shownConfig() {
    return { ...this.config(), accounts: this.cfg.accounts.map((a) => ({ ...a, apiKey: `${a.apiKey.slice(0, 8)}…` })) };
  }

  private buildAccounts(): void {
    this.accounts = new Map();
    for (const a of this.cfg.accounts) {
      this.accounts.set(a.apiKey, {
        id: a.accountId,
        wallet: new Wallet({ organizationId: a.accountId, balance: a.balance, now: () => this.opts.clock.now(), newId: () => this.ids.hex(24) }),
        jobs: new Map(),
        exclusionLists: new Map(),
        nextListId: 1,
      });
    }
  }

  private authenticate(req: SandboxRequest): r.Account {
    const token = header(req.headers, 'authorization')
      ?.match(/^Bearer\s+(.+)$/i)?.[1]
      ?.trim();
    if (!token) throw new r.HttpError(401, { detail: 'Authentication credentials were not provided.' });
    const account = this.accounts.get(token);
    if (!account) throw new r.HttpError(401, { detail: 'Invalid token.' });
    return account;
  }
}
