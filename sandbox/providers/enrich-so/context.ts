/** What every Enrich.so route handler gets: the caller's organization, the sandbox's services, and answer helpers. */
import type { Clock } from '../../../shared/clock';
import { jsonReply, type Reply, type SandboxRequest } from '../../kit/http';
import type { JobTicker, ProgressJob } from '../../kit/jobs';
import { IdSource, Rng } from '../../kit/random';
import type { Wallet } from '../../kit/wallet';
import { JobCallbacks, type WebhookSender } from '../../kit/webhooks';
import type { EnrichSoAccount, EnrichSoSandboxConfig } from './config';
import { insufficientCredits, notFound, validationError } from './problems';

export interface TeamMember {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  role: 'owner' | 'admin' | 'member';
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: 'admin' | 'member';
  status: 'pending';
  expiresAt: string;
  createdAt: string;
}

export interface SavedSearch {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** One organization: every key of it shares this wallet, these buckets and this state. */
export interface Org {
  id: string;
  account: EnrichSoAccount;
  wallet: Wallet;
  members: TeamMember[];
  invitations: Map<string, Invitation>;
  savedSearches: Map<string, SavedSearch>;
  /** Lead id → contact fields already paid for (reveals of those are free). */
  revealed: Map<string, Set<'email' | 'phone'>>;
  /** Leads whose full last name was unlocked (search rows show it unmasked). */
  unlocked: Set<string>;
  /** IP batch fingerprint → submit time, for the duplicate-submission 409. */
  ipSubmissions: Map<string, number>;
  /** Lead Finder searches that used the free tier, per calendar month (UTC, `YYYY-MM`). */
  freeSearches: Map<string, number>;
}

interface StoredJob {
  orgId: string;
  kind: string;
  job: unknown;
}

/** Every async job, by id, owned by one organization (another org's id is a 404). */
export class JobStore {
  private readonly jobs = new Map<string, StoredJob>();

  add(kind: string, orgId: string, id: string, job: unknown): void {
    this.jobs.set(id, { orgId, kind, job });
  }

  get<T>(org: Org, kind: string, id: string, detail = 'No batch found with that ID'): T {
    const stored = this.jobs.get(id);
    if (!stored || stored.orgId !== org.id || stored.kind !== kind) throw notFound(detail);
    return stored.job as T;
  }

  list<T>(org: Org, kind: string): T[] {
    const out: T[] = [];
    for (const s of this.jobs.values()) if (s.orgId === org.id && s.kind === kind) out.push(s.job as T);
    return out;
  }
}

export interface Services {
  seed: number;
  clock: Clock;
  config(): EnrichSoSandboxConfig;
  ids: IdSource;
  ticker: JobTicker;
  webhooks: WebhookSender;
  jobs: JobStore;
  /** `http://127.0.0.1:PORT/enrich-so/api/v3` */
  baseUrl: string;
}

export interface Ctx {
  req: SandboxRequest;
  params: Record<string, string>;
  org: Org;
  requestId: string;
  now: number;
  svc: Services;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The success envelope. */
export function ok(ctx: Ctx, data: unknown, meta: Record<string, unknown> = {}): Reply {
  const credits = ctx.svc.config().creditsMeta === 'every' && !('creditsUsed' in meta) ? { creditsUsed: 0, creditsRemaining: ctx.org.wallet.balance } : {};
  return jsonReply(200, { success: true, data, meta: { requestId: ctx.requestId, ...credits, ...meta } });
}

/** Meta of a single paid lookup. */
export function lookupMeta(ctx: Ctx, creditsUsed: number): Record<string, unknown> {
  return {
    creditsUsed,
    creditsRemaining: ctx.org.wallet.balance,
    processingTimeMs: new Rng(ctx.svc.seed, 'ptime', ctx.requestId).int(40, 600),
  };
}

/** 402 before doing anything when the balance can't cover `cost`. */
export function requireCredits(ctx: Ctx, cost: number): void {
  if (!ctx.org.wallet.canAfford(cost)) throw insufficientCredits(cost, ctx.org.wallet.balance);
}

export function body(ctx: Ctx): unknown {
  const raw = ctx.req.rawBody;
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw validationError('body Invalid JSON');
  }
}

/** Callbacks for a new job, with the job faults switched on at submit time. */
export function callbacksFor(svc: Services, jobId: string, url: string | undefined): JobCallbacks | undefined {
  if (!url) return undefined;
  const f = svc.config().jobFaults;
  const rng = new Rng(svc.seed, 'shuffle', jobId);
  return new JobCallbacks(svc.webhooks, jobId, url, { duplicate: f.duplicateCallbacks, outOfOrder: f.outOfOrderCallbacks }, (items) => rng.shuffle(items));
}

export function registerJob(svc: Services, kind: string, org: Org, id: string, job: ProgressJob): void {
  svc.jobs.add(kind, org.id, id, job);
  svc.ticker.add(job);
}

export function pageOf<T>(items: readonly T[], page: number, limit: number): T[] {
  return items.slice((page - 1) * limit, page * limit);
}
