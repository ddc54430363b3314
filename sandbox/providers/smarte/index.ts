/**
 * The SMARTe sandbox (providers.md §3): the six v8 per-type endpoints under `/smarte/v8`, the
 * `apikey` header, arrays of records answered record by record, credits checked before any
 * processing and deducted only for records that deliver data (the seed page's rules), the
 * amount in `credits-deducted`, audit-only requests that check and charge nothing, the §3.6
 * 429 body, and switches for each open reading and for shuffled answers.
 */
import manifest from '../../../shared/providers/smarte/manifest.json';
import { SandboxBase, type SandboxContext } from '../../kit/base';
import { header, jsonReply, type Reply, type SandboxRequest } from '../../kit/http';
import { IdSource, Rng } from '../../kit/random';
import { SlidingWindowLimiter } from '../../kit/rate-limiter';
import { Wallet } from '../../kit/wallet';
import { defaultConfig, mergeConfig, SMARTE_SANDBOX_KEY, type SmarteConfigInput, type SmarteSandboxConfig } from './config';
import { emptyOf, type Endpoint, enrichment, outcomeOf, type Rec, statusWord } from './data';
import { recordProblem } from './validate';

export { SMARTE_SANDBOX_KEY, type SmarteConfigInput, type SmarteSandboxConfig };

const ENDPOINTS = new Set<Endpoint>(['person', 'company', 'email', 'mobile', 'funding', 'technographics']);

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Org {
  id: string;
  wallet: Wallet;
}

export class SmarteSandbox extends SandboxBase<SmarteSandboxConfig, SmarteConfigInput> {
  private keys = new Map<string, Org>();
  private readonly limiter: SlidingWindowLimiter;
  private readonly ids: IdSource;
  private requestsSeen = 0;

  constructor(private readonly opts: SandboxContext<SmarteConfigInput>) {
    super(manifest, opts, mergeConfig, defaultConfig());
    this.limiter = new SlidingWindowLimiter(() => opts.clock.now());
    this.ids = new IdSource(opts.seed, 'smarte');
    this.buildOrgs();
  }

  override get apiKey(): string {
    return this.cfg.accounts[0]!.apiKey;
  }

  wallet(apiKey: string = this.apiKey): Wallet {
    const org = this.keys.get(apiKey);
    if (!org) throw new RangeError('no sandbox account has that key');
    return org.wallet;
  }

  protected override reconfigured(patch: SmarteConfigInput): void {
    if (patch.accounts) this.buildOrgs();
    if (patch.accounts || patch.rateLimit !== undefined) this.limiter.reset();
  }

  override keyNote(): string {
    return `balance ${this.wallet().balance} credits`;
  }

  override faultReply(status: number, retryAfterSec?: number): Reply {
    if (status === 429) return this.render(this.rateLimited(retryAfterSec));
    return this.render(
      new Refusal(status, status >= 500 ? 'internal_error' : 'error', status >= 500 ? 'Something went wrong. Please try again later.' : `HTTP ${status}`),
    );
  }

  override async handle(req: SandboxRequest): Promise<Reply> {
    let reply: Reply;
    try {
      reply = this.enrich(req);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      reply = this.render(err);
    }
    this.logRequest({ method: req.method, path: req.fullPath, query: req.query.toString(), status: reply.status });
    return reply;
  }

  protected override async providerControl(req: SandboxRequest): Promise<Reply | undefined> {
    switch (`${req.method} ${req.path}`) {
      case 'GET /wallet':
        return jsonReply(200, { balance: this.wallet().balance });
      case 'PUT /wallet': {
        const b = JSON.parse(req.rawBody.toString('utf8') || '{}') as { balance?: unknown };
        if (typeof b.balance !== 'number' || !(b.balance >= 0)) return jsonReply(400, { error: 'balance must be a number >= 0' });
        this.wallet().setBalance(b.balance);
        return jsonReply(200, { balance: this.wallet().balance });
      }
      case 'GET /transactions':
        return jsonReply(200, { transactions: this.wallet().transactions() });
      default:
        return undefined;
    }
  }

  /** auth → route → rate limit → validation → audit? → credit check → enrich, charge what delivered data. */
  private enrich(req: SandboxRequest): Reply {
    const key = header(req.headers, 'apikey')?.trim();
    if (!key) throw new Refusal(401, 'unauthorized', 'Missing API key. Send it in the apikey header.');
    const org = this.keys.get(key);
    if (!org) throw new Refusal(401, 'unauthorized', 'Invalid API key.');
    const endpoint = req.path.match(/^\/enrich\/([a-z]+)$/)?.[1] as Endpoint | undefined;
    if (req.method !== 'POST' || !endpoint || !ENDPOINTS.has(endpoint)) throw new Refusal(404, 'not_found', `No route ${req.method} ${req.path}`);
    if (this.cfg.rateLimit) {
      const decision = this.limiter.take([{ key: org.id, rule: this.cfg.rateLimit }]);
      if (decision && !decision.allowed) throw this.rateLimited(decision.retryAfterSec);
    }

    const { records, single } = this.parseRecords(req.rawBody);
    const audit = this.isAudit(req, records);
    records.forEach((r, i) => {
      const problem = recordProblem(endpoint, r);
      if (problem) throw new Refusal(400, 'invalid_request', `records[${i}]: ${problem}`);
    });

    // Credits are validated before processing: a request that could need more than the balance is refused whole.
    if (!audit && !org.wallet.canAfford(records.length)) {
      throw new Refusal(
        this.cfg.insufficientCreditsStatus,
        'insufficient_credits',
        `Insufficient credits: this request needs up to ${records.length} credits and the balance is ${org.wallet.balance}.`,
      );
    }

    let charged = 0;
    const answers = records.map((r) => {
      const outcome = outcomeOf(r);
      const sentId = typeof r.recordId === 'string' ? r.recordId : null;
      const recordId = this.cfg.foreignRecordIds ? `smr_${this.ids.hex(8)}` : sentId;
      const base: Rec = {
        [this.cfg.recordIdSpelling]: recordId,
        enrichmentStatus: statusWord(this.cfg, outcome),
        smarteTransactionId: `stx_${this.ids.hex(20)}`,
      };
      if (audit && outcome === 'match' && this.cfg.auditAnswer === 'identifiers') return { ...base, ...matchedIds(enrichment(endpoint, r, this.opts.seed)) };
      if (audit || outcome === 'nomatch') return base;
      if (outcome === 'nodata') return { ...base, ...emptyOf(endpoint, r, this.opts.seed) };
      charged++;
      return { ...base, ...enrichment(endpoint, r, this.opts.seed) };
    });
    if (charged > 0) org.wallet.deduct(charged, `SMARTe ${endpoint} enrichment`, { endpoint, records: records.length });

    const ordered = this.cfg.shuffleAnswers ? new Rng(this.opts.seed, 'smarte-shuffle', String(++this.requestsSeen)).shuffle(answers) : answers;
    const body = single && this.cfg.singleAnswerShape === 'object' ? ordered[0] : ordered;
    return jsonReply(200, body, this.cfg.creditsHeader ? { 'credits-deducted': String(charged) } : {});
  }

  /** An array of records, or one record as an object (the one-record reading). */
  private parseRecords(raw: Buffer): { records: Rec[]; single: boolean } {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new Refusal(400, 'invalid_request', 'The request body must be JSON.');
    }
    const records = Array.isArray(body) ? (body as Rec[]) : typeof body === 'object' && body !== null ? [body as Rec] : [];
    if (records.length === 0) throw new Refusal(400, 'invalid_request', 'Send at least one record.');
    if (records.length > this.cfg.maxRecordsPerRequest)
      throw new Refusal(400, 'invalid_request', `At most ${this.cfg.maxRecordsPerRequest} records per request.`);
    return { records, single: records.length === 1 };
  }

  /** Audit-only in the query, or in every record (then removed: it is not an identifier). */
  private isAudit(req: SandboxRequest, records: Rec[]): boolean {
    const { parameter, value } = this.cfg.audit;
    const inQuery = req.query.get(parameter) === value;
    const inRecords = records.map((r) => r[parameter] === value);
    for (const r of records) delete r[parameter];
    if (inRecords.some(Boolean) && !inRecords.every(Boolean))
      throw new Refusal(400, 'invalid_request', `${parameter} must be the same for every record of a request`);
    return inQuery || inRecords.every(Boolean);
  }

  private rateLimited(retryAfterSec?: number): Refusal {
    const headers: Record<string, string> = this.cfg.retryAfterHeader && retryAfterSec !== undefined ? { 'retry-after': String(retryAfterSec) } : {};
    return new Refusal(429, 'rate_limit_exceeded', 'Too many requests. Please try again after some time.', headers);
  }

  /** §3.6: `{"error":{"code","message","status"}}`. */
  private render(e: Refusal): Reply {
    return jsonReply(e.status, { error: { code: e.code, message: e.message, status: e.status } }, e.headers);
  }

  private buildOrgs(): void {
    this.keys = new Map();
    const orgs = new Map<string, Org>();
    for (const account of this.cfg.accounts) {
      let org = orgs.get(account.organizationId);
      if (!org) {
        const ids = this.ids;
        org = {
          id: account.organizationId,
          wallet: new Wallet({ organizationId: account.organizationId, balance: account.balance, now: () => this.opts.clock.now(), newId: () => ids.hex(24) }),
        };
        orgs.set(org.id, org);
      }
      this.keys.set(account.apiKey, org);
    }
  }

  protected shownConfig() {
    const c = this.config();
    return { ...c, accounts: c.accounts.map((a) => ({ ...a, apiKey: `${a.apiKey.slice(0, 6)}…` })) };
  }
}

/** The ids of what an audit-only check matched (the `identifiers` reading): SMARTe's company and person ids. */
function matchedIds(enriched: Rec): Rec {
  const out: Rec = {};
  for (const key of ['personId', 'companyId']) if (enriched[key] !== undefined) out[key] = enriched[key];
  return out;
}
