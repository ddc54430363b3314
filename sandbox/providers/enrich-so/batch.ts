/**
 * The reserve-and-settle batch products (validation, finder, reverse lookup, phones, IP):
 * submit reserves itemCount × perItem after case-insensitive dedupe; items are processed over
 * sandbox time; per-item and completion callbacks go to `webhookUrl`; the FIRST results fetch
 * after a terminal status settles (charge successes, refund the rest) and later fetches
 * return the same settlement.
 */
import type { Reply } from '../../kit/http';
import { ProgressJob } from '../../kit/jobs';
import type { Router } from '../../kit/router';
import type { Settlement } from '../../kit/wallet';
import type { JobCallbacks } from '../../kit/webhooks';
import type { EnrichSoSandboxConfig } from './config';
import { body, callbacksFor, iso, ok, registerJob, type Ctx, type Org, type Services } from './context';
import type { Handler, RouteMeta } from './routes/types';
import { validationError } from './problems';
import { hex24, pageQuery, parseInput, queryObject } from './validate';

export type BatchStatus = 'queued' | 'processing' | 'completed' | 'failed';

export interface Parsed<I> {
  items: I[];
  originalCount: number;
  webhookUrl?: string;
}

export interface WebhookEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface BatchProduct<I, R> {
  kind: string;
  /** e.g. `/email-validation/batch`; status is `${basePath}/{batchId}`, results `${basePath}/{batchId}/results`. */
  submitPath: string;
  basePath: string;
  /** For wallet transaction descriptions. */
  label: string;
  /** IP batches start in `processing` (its status list has no `queued`). */
  initialStatus: BatchStatus;
  /** 400 instead of 404 for ids that are not 24 hex characters (phone jobs document this). */
  strictIds?: boolean;
  submitMessage?: string;
  perItem(config: EnrichSoSandboxConfig): number;
  parse(body: unknown): Parsed<I>;
  /** Extra submit checks before anything is reserved (IP duplicate 409); the returned callback runs once the submit succeeded. */
  beforeReserve?(ctx: Ctx, items: I[]): (() => void) | void;
  process(seed: number, item: I): R;
  /** The result of an item that failed because the wallet ran dry. */
  failed(item: I): R;
  isCharged(result: R): boolean;
  /** Category counted for the completion callback (`valid`, `found`, …). */
  tally(result: R): string | undefined;
  itemEvent?(job: BatchJob<I, R>, index: number): WebhookEvent;
  completionEvent?(job: BatchJob<I, R>, at: number): WebhookEvent;
  statusData(job: BatchJob<I, R>, now: number): Record<string, unknown>;
  resultsData(job: BatchJob<I, R>, now: number, page: number, limit: number, cfg: EnrichSoSandboxConfig): Record<string, unknown>;
}

export class BatchJob<I, R> extends ProgressJob {
  readonly results: R[] = [];
  readonly counts: Record<string, number> = {};
  chargedCount = 0;
  drained = false;

  constructor(
    readonly id: string,
    readonly org: Org,
    readonly product: BatchProduct<I, R>,
    readonly items: I[],
    readonly perItem: number,
    private readonly svc: Services,
    private readonly callbacks: JobCallbacks | undefined,
    private readonly drainAfter: number | null,
  ) {
    const cfg = svc.config();
    super({ createdAt: svc.clock.now(), total: items.length, itemsPerSecond: cfg.itemsPerSecond, queueDelayMs: cfg.queueDelayMs });
  }

  status(now: number): BatchStatus {
    const done = this.processedAt(now);
    if (done >= this.total) return this.drained ? 'failed' : 'completed';
    return done === 0 ? this.product.initialStatus : 'processing';
  }

  progress(now: number): number {
    return this.total === 0 ? 100 : Math.floor((this.processedAt(now) * 100) / this.total);
  }

  /** Processed items that are charged (found, valid|invalid, …); callers `advance` first. */
  get successful(): number {
    return this.chargedCount;
  }

  /** Processed items that are not charged (no match, risky, or failed). */
  get failedCount(): number {
    return this.results.length - this.chargedCount;
  }

  completedAt(now: number): string | null {
    return this.isDone(now) ? iso(this.finishAt()) : null;
  }

  /** Settle once the job is terminal; undefined before that (nothing moves). */
  settle(now: number): Settlement | undefined {
    if (!this.isDone(now)) return undefined;
    return this.org.wallet.settle(this.id, this.chargedCount * this.perItem, `${this.product.label} settlement`);
  }

  protected override onItems(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (this.drainAfter !== null && i === this.drainAfter && !this.drained) {
        this.drained = true;
        this.org.wallet.drain(`Sandbox fault: balance ran out during batch ${this.id}`);
      }
      const item = this.items[i] as I;
      const result = this.drained ? this.product.failed(item) : this.product.process(this.svc.seed, item);
      this.results.push(result);
      if (!this.drained) {
        if (this.product.isCharged(result)) this.chargedCount++;
        const t = this.product.tally(result);
        if (t) this.counts[t] = (this.counts[t] ?? 0) + 1;
      }
      if (this.callbacks && this.product.itemEvent) {
        const e = this.product.itemEvent(this, i);
        this.callbacks.item({ event: e.event, timestamp: iso(this.itemDoneAt(i)), data: e.data });
      }
    }
  }

  protected override onComplete(at: number): void {
    if (this.callbacks && this.product.completionEvent) {
      const e = this.product.completionEvent(this, at);
      this.callbacks.complete({ event: e.event, timestamp: iso(at), data: e.data });
    }
  }
}

/** Case-insensitive dedupe keeping the first spelling. */
export function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

function submit<I, R>(product: BatchProduct<I, R>): Handler {
  return (ctx) => {
    const parsed = product.parse(body(ctx));
    const commit = product.beforeReserve?.(ctx, parsed.items);
    const cfg = ctx.svc.config();
    const perItem = product.perItem(cfg);
    const cost = parsed.items.length * perItem;
    const id = ctx.svc.ids.hex(24);
    ctx.org.wallet.reserve(id, cost, `${product.label}: ${parsed.items.length} item(s) reserved`, { batchId: id, requestId: ctx.requestId });
    const job = new BatchJob(id, ctx.org, product, parsed.items, perItem, ctx.svc, callbacksFor(ctx.svc, id, parsed.webhookUrl), cfg.jobFaults.drainAfterItems);
    registerJob(ctx.svc, product.kind, ctx.org, id, job);
    if (commit) commit();
    return ok(
      ctx,
      {
        batchId: id,
        status: job.status(ctx.now),
        itemCount: parsed.items.length,
        ...(product.submitMessage ? { message: product.submitMessage } : {}),
        originalCount: parsed.originalCount,
        duplicatesRemoved: parsed.originalCount - parsed.items.length,
      },
      { creditsReserved: cost, creditsPerItem: perItem, estimatedCredits: cost },
    );
  };
}

function lookup<I, R>(ctx: Ctx, product: BatchProduct<I, R>): BatchJob<I, R> {
  const id = ctx.params.batchId as string;
  if (product.strictIds && !hex24.test(id)) throw validationError('params/jobId Job id must be a 24-character hex string');
  const job = ctx.svc.jobs.get<BatchJob<I, R>>(ctx.org, product.kind, id);
  job.advance(ctx.now);
  return job;
}

const resultsQuery = pageQuery(100, 1000);

function results<I, R>(product: BatchProduct<I, R>): Handler {
  return (ctx): Reply => {
    const { page, limit } = parseInput(resultsQuery, queryObject(ctx.req.query), 'querystring');
    const job = lookup(ctx, product);
    const settlement = job.settle(ctx.now);
    return ok(ctx, product.resultsData(job, ctx.now, page, limit, ctx.svc.config()), {
      creditsUsed: settlement?.charged ?? 0,
      creditsRefunded: settlement?.refunded ?? 0,
      creditsRemaining: ctx.org.wallet.balance,
      totalItems: job.total,
      processedItems: job.processedAt(ctx.now),
    });
  };
}

export function registerBatchProduct<I, R>(router: Router<Handler, RouteMeta>, product: BatchProduct<I, R>): void {
  router.add('POST', product.submitPath, submit(product), { bucket: 'bulkSubmit' });
  router.add('GET', `${product.basePath}/{batchId}`, (ctx) => ok(ctx, product.statusData(lookup(ctx, product), ctx.now)), {});
  router.add('GET', `${product.basePath}/{batchId}/results`, results(product), {});
}

/** The status shape shared by validation, finder, reverse lookup and phones. */
export function commonStatus<I, R>(job: BatchJob<I, R>, now: number): Record<string, unknown> {
  return { batchId: job.id, status: job.status(now), totalItems: job.total, processedItems: job.processedAt(now), progress: job.progress(now) };
}
