/**
 * The Leadfeeder sandbox: the current `/v1` API under `/leadfeeder/v1`. Every request runs
 * the provider's pipeline — authenticate (`X-Api-Key`), count against the key's monthly quota,
 * rate-limit per key (10/s, bursts of 15), resolve `account_id`, answer in JSON:API — and
 * plays both readings where the sources disagree (see config.ts).
 */
import manifest from '../../../shared/providers/leadfeeder/manifest.json';
import { SandboxBase, type SandboxContext } from '../../kit/base';
import { header, jsonReply, type Reply, type SandboxRequest } from '../../kit/http';
import { IdSource } from '../../kit/random';
import { TokenBucketLimiter } from '../../kit/token-bucket';
import type { Router } from '../../kit/router';
import {
  DEFAULT_LEADFEEDER_KEY,
  defaultLeadfeederConfig,
  type LeadfeederConfigInput,
  type LeadfeederSandboxConfig,
  type LeadfeederUser,
  mergeLeadfeederConfig,
} from './config';
import { World } from './data';
import { type Handler, ipRoute, leadfeederRoutes, type RouteMeta } from './routes';
import { AccountState, type Ctx, invalidParameter, LeadfeederError } from './state';

export { DEFAULT_LEADFEEDER_KEY, type LeadfeederSandboxConfig, type LeadfeederConfigInput };

export type LeadfeederSandboxOptions = SandboxContext<LeadfeederConfigInput>;

export class LeadfeederSandbox extends SandboxBase<LeadfeederSandboxConfig, LeadfeederConfigInput> {
  private world!: World;
  private router!: Router<Handler, RouteMeta>;
  private states = new Map<string, AccountState>();
  private readonly quotaUsed = new Map<string, number>();
  private readonly limiter: TokenBucketLimiter;
  private readonly requestIds: IdSource;

  constructor(private readonly opts: LeadfeederSandboxOptions) {
    super(manifest, opts, mergeLeadfeederConfig, defaultLeadfeederConfig());
    this.limiter = new TokenBucketLimiter(() => opts.clock.now());
    this.requestIds = new IdSource(opts.seed, 'leadfeeder-requests');
    this.rebuild();
  }

  /** The first user's key. */
  override get apiKey(): string {
    return this.cfg.users[0]!.apiKey;
  }

  /** The first account of the first user (what a credential's Account ID is set to). */
  get accountId(): string {
    return this.cfg.users[0]!.accounts[0]!.id;
  }

  /** Credits of an account: available (per period), used, remaining. */
  credits(accountId: string = this.accountId): { available: number; used: number; remaining: number } {
    const s = this.state(accountId);
    return { available: s.account.credits, used: s.used, remaining: s.remaining };
  }

  /** Records an account has a subscription for (paid ones; website visitors are subscribed implicitly). */
  subscriptions(accountId: string = this.accountId): string[] {
    return [...this.state(accountId).subscriptions.keys()];
  }

  /** Add records to a list (the API's own add-to-list paths are not documented). */
  addToList(listId: string, items: { type: 'companies' | 'contacts'; id: string }[], accountId: string = this.accountId): void {
    const list = this.state(accountId).lists.get(listId);
    if (!list) throw new RangeError(`no list ${listId}`);
    list.items.push(...items);
  }

  /** Requests counted against a key's quota this month. */
  quotaCount(apiKey: string = this.apiKey): number {
    return this.quotaUsed.get(`${apiKey}:${this.month()}`) ?? 0;
  }

  /** Pretend a key already made `count` requests this month. */
  setQuotaCount(count: number, apiKey: string = this.apiKey): void {
    this.quotaUsed.set(`${apiKey}:${this.month()}`, count);
  }

  protected override reconfigured(patch: LeadfeederConfigInput): void {
    if (patch.users || patch.companies || patch.ipEnrichPath) this.rebuild(Boolean(patch.users || patch.companies));
    this.limiter.reset();
  }

  override keyNote(): string {
    return `account ids ${this.cfg.users[0]!.accounts.map((a) => a.id).join(', ')}`;
  }

  protected shownConfig() {
    return { ...this.config(), users: this.cfg.users.map((u) => ({ ...u, apiKey: `${u.apiKey.slice(0, 8)}…` })) };
  }

  override faultReply(status: number, retryAfterSec?: number): Reply {
    const code = status === 429 ? 'too_many_requests' : status >= 500 ? 'internal_error' : 'bad_request';
    const headers: Record<string, string> = retryAfterSec !== undefined ? { 'retry-after': String(retryAfterSec) } : {};
    return this.errorReply(
      new LeadfeederError(
        status,
        code,
        status === 429 ? "You've exceeded the maximum amount of allowed requests. Please try again later." : `Sandbox fault ${status}`,
        { headers },
      ),
      this.newRequestId(),
    );
  }

  override async handle(req: SandboxRequest): Promise<Reply> {
    const requestId = this.newRequestId();
    let reply: Reply;
    try {
      const user = this.authenticate(req);
      this.countQuota(user);
      const decision = this.cfg.rateLimit ? this.limiter.take(user.apiKey, this.cfg.rateLimit) : undefined;
      if (decision && !decision.allowed)
        throw new LeadfeederError(429, 'too_many_requests', "You've exceeded the maximum amount of allowed requests. Please try again later.", { flat: true });
      const match = this.router.match(req.method, req.path);
      if (!match) throw new LeadfeederError(404, 'not_found', `Route ${req.method} ${req.path} not found`);
      const ctx = this.context(req, match.params, user, match.meta, requestId);
      reply = await match.handler(ctx);
    } catch (err) {
      reply = this.errorReply(err, requestId);
    }
    this.logRequest({ method: req.method, path: req.fullPath, query: req.query.toString(), status: reply.status, requestId });
    return reply;
  }

  protected override async providerControl(req: SandboxRequest): Promise<Reply | undefined> {
    const accountId = req.query.get('account_id') ?? this.accountId;
    switch (`${req.method} ${req.path}`) {
      case 'GET /credits':
        return jsonReply(200, this.credits(accountId));
      case 'GET /subscriptions':
        return jsonReply(200, { subscriptions: this.subscriptions(accountId) });
      default:
        return undefined;
    }
  }

  private rebuild(fresh = true): void {
    this.world = new World(this.opts.seed, this.cfg.companies);
    this.router = leadfeederRoutes();
    ipRoute(this.router, this.cfg.ipEnrichPath);
    if (!fresh) return;
    this.states = new Map();
    for (const user of this.cfg.users) {
      for (const account of user.accounts) {
        if (this.states.has(account.id)) continue;
        const state = new AccountState(account);
        const list = {
          id: state.newId('list'),
          name: 'Target accounts',
          items: this.world.companies.slice(0, 3).map((c) => ({ type: 'companies' as const, id: c.id })),
        };
        state.lists.set(list.id, list);
        const tag = { id: state.newId('tag'), name: 'Hot lead' };
        state.tags.set(tag.id, tag);
        this.states.set(account.id, state);
      }
    }
  }

  private state(accountId: string): AccountState {
    const s = this.states.get(accountId);
    if (!s) throw new RangeError(`no sandbox account ${accountId}`);
    return s;
  }

  private month(): string {
    return new Date(this.opts.clock.now()).toISOString().slice(0, 7);
  }

  private authenticate(req: SandboxRequest): LeadfeederUser {
    const key = header(req.headers, 'x-api-key')?.trim();
    const auth = (code: string, message: string) =>
      new LeadfeederError(this.cfg.authFailureStatus, code, message, this.cfg.authFailureStatus === 403 ? { flat: true } : { singular: true });
    if (!key) throw auth('missing_token', 'You need to pass a header named `X-Api-Key` with your API key.');
    const user = this.cfg.users.find((u) => u.apiKey === key);
    if (!user) throw auth('invalid_api_key', 'The API key is invalid.');
    return user;
  }

  private countQuota(user: LeadfeederUser): void {
    const key = `${user.apiKey}:${this.month()}`;
    const used = this.quotaUsed.get(key) ?? 0;
    if (used >= this.cfg.monthlyQuota) throw new LeadfeederError(429, 'quota_exceeded', `The monthly quota of ${this.cfg.monthlyQuota} requests is used up.`);
    this.quotaUsed.set(key, used + 1);
  }

  private context(req: SandboxRequest, params: Record<string, string>, user: LeadfeederUser, meta: RouteMeta, requestId: string): Ctx {
    let state: AccountState | undefined;
    if (meta.account) {
      const accountId = req.query.get('account_id');
      if (!accountId) throw invalidParameter('account_id', 'account_id is required');
      if (!user.accounts.some((a) => a.id === accountId)) throw new LeadfeederError(403, 'access_denied', 'This API key has no access to that account.');
      state = this.states.get(accountId);
      state?.rollPeriod(this.opts.clock.now());
    }
    let parsed: Record<string, unknown> | undefined;
    return {
      req,
      params,
      user,
      state: state as AccountState,
      now: this.opts.clock.now(),
      cfg: this.cfg,
      world: this.world,
      requestId,
      states: (id) => this.states.get(id),
      body: () => {
        if (parsed) return parsed;
        const text = req.rawBody.toString('utf8');
        try {
          const value: unknown = text ? JSON.parse(text) : {};
          if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
          parsed = value as Record<string, unknown>;
          return parsed;
        } catch {
          throw invalidParameter('body', 'The request body must be a JSON object');
        }
      },
    };
  }

  private errorReply(err: unknown, requestId: string): Reply {
    if (!(err instanceof LeadfeederError)) {
      process.stderr.write(`leadfeeder sandbox: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
      return jsonReply(500, { errors: [{ code: 'internal_error', title: 'Internal server error' }], meta: { request_id: requestId } });
    }
    const headers = err.extra.headers ?? {};
    // The docs show flat `{code, message}` bodies (auth, 429); the OpenAPI an `errors` list, a 401 also a singular `error`.
    if (err.extra.flat) return jsonReply(err.status, { code: err.code, message: err.title }, headers);
    const entry: Record<string, unknown> = { code: err.code, title: err.title };
    if (err.extra.parameter) entry.source = { parameter: err.extra.parameter };
    const body: Record<string, unknown> = { errors: [entry], meta: { request_id: requestId } };
    if (err.extra.singular) body.error = { code: err.code, message: err.title };
    return jsonReply(err.status, body, headers);
  }

  private newRequestId(): string {
    return `lf_req_${this.requestIds.hex(20)}`;
  }
}
