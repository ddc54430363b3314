/**
 * Company-follower scrapes and follower count estimates. A scrape reserves
 * max_limit × creditsPerProfile; it may end `partial`, and a continue (a second run on the
 * same batch, with its own reservation) fills the gap. Each run settles separately: at the
 * first results fetch after it ended, or right at its end when a webhookUrl was given
 * ("results are already pushed and credits auto-settled").
 */
import { ProgressJob } from '../../kit/jobs';
import type { Settlement } from '../../kit/wallet';
import type { JobCallbacks } from '../../kit/webhooks';
import { iso, type Org, type Services } from './context';
import { countEstimateResult, followerPlan, followerProfile, type CountEstimateFilters, type PartialMode } from './data-people';

export type FollowerStatus = 'queued' | 'processing' | 'completed' | 'partial' | 'failed';

interface Run {
  key: string;
  start: number;
  count: number;
  reserved: number;
}

export interface FollowerJobInit {
  id: string;
  org: Org;
  companyUrl: string;
  maxLimit: number;
  name: string | undefined;
  filters: CountEstimateFilters;
  perProfile: number;
  callbacks: JobCallbacks | undefined;
  drainAfter: number | null;
}

export class FollowerJob extends ProgressJob {
  readonly id: string;
  readonly org: Org;
  readonly companyUrl: string;
  readonly maxLimit: number;
  readonly name: string | undefined;
  readonly filters: CountEstimateFilters;
  readonly perProfile: number;
  readonly partialMode: PartialMode;
  readonly gap: number;
  /** Per processed index: delivered (true) or failed because the wallet ran dry (false). */
  readonly delivered: boolean[] = [];
  readonly runs: Run[];
  continuation: 'none' | 'running' | 'done' = 'none';
  drained = false;
  private readonly callbacks: JobCallbacks | undefined;
  private readonly drainAfter: number | null;

  constructor(
    init: FollowerJobInit,
    private readonly svc: Services,
  ) {
    const cfg = svc.config();
    const plan = followerPlan(svc.seed, init.companyUrl, init.maxLimit);
    super({ createdAt: svc.clock.now(), total: plan.firstRun, itemsPerSecond: cfg.itemsPerSecond, queueDelayMs: cfg.queueDelayMs });
    this.partialMode = plan.partial;
    this.gap = plan.deliverable - plan.firstRun;
    this.runs = [{ key: init.id, start: 0, count: plan.firstRun, reserved: init.maxLimit * init.perProfile }];
    this.callbacks = init.callbacks;
    this.drainAfter = init.drainAfter;
    this.id = init.id;
    this.org = init.org;
    this.companyUrl = init.companyUrl;
    this.maxLimit = init.maxLimit;
    this.name = init.name;
    this.filters = init.filters;
    this.perProfile = init.perProfile;
  }

  status(now: number): FollowerStatus {
    const done = this.processedAt(now);
    if (done < this.total) return done === 0 && this.runs.length === 1 ? 'queued' : 'processing';
    if (this.drained) return 'failed';
    if (this.partialMode && this.gap > 0 && this.continuation !== 'done') return 'partial';
    return 'completed';
  }

  get deliveredCount(): number {
    return this.delivered.filter(Boolean).length;
  }

  get errors(): number {
    return this.delivered.length - this.deliveredCount;
  }

  /** Indices of the profiles collected so far. */
  deliveredIndices(): number[] {
    const out: number[] = [];
    this.delivered.forEach((d, i) => d && out.push(i));
    return out;
  }

  profile(index: number): Record<string, unknown> {
    return followerProfile(this.svc.seed, this.companyUrl, index);
  }

  /** Start the continue run: `gap` more profiles under a separate reservation (made by the caller). */
  startContinue(now: number): void {
    this.runs.push({ key: `${this.id}:continue`, start: this.total, count: this.gap, reserved: this.gap * this.perProfile });
    this.continuation = 'running';
    this.extend(this.gap, now);
  }

  /** Settle every run that has ended; returns the totals of all settlements so far. */
  settle(now: number): { charged: number; refunded: number } {
    const processed = this.processedAt(now);
    for (const run of this.runs) if (processed >= run.start + run.count) this.settleRun(run);
    let charged = 0;
    let refunded = 0;
    for (const run of this.runs) {
      const s: Settlement | undefined = this.org.wallet.settlement(run.key);
      if (s) {
        charged += s.charged;
        refunded += s.refunded;
      }
    }
    return { charged, refunded };
  }

  private settleRun(run: Run): Settlement {
    let ok = 0;
    for (let i = run.start; i < run.start + run.count; i++) if (this.delivered[i]) ok++;
    return this.org.wallet.settle(run.key, ok * this.perProfile, `Company follower scrape settlement (${this.companyUrl})`);
  }

  protected override onItems(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (this.drainAfter !== null && i === this.drainAfter && !this.drained) {
        this.drained = true;
        this.org.wallet.drain(`Sandbox fault: balance ran out during scrape ${this.id}`);
      }
      this.delivered.push(!this.drained);
      if (this.callbacks && !this.drained) {
        const at = this.itemDoneAt(i);
        this.callbacks.item({
          event: this.eventNames().result,
          batchId: this.id,
          timestamp: iso(at),
          data: { companyUrl: this.companyUrl, follower: { ...this.profile(i), createdAt: iso(at) } },
        });
      }
    }
  }

  protected override onComplete(at: number): void {
    if (this.continuation === 'running') this.continuation = 'done';
    if (!this.callbacks) return;
    const run = this.runs[this.runs.length - 1] as Run;
    this.settleRun(run);
    this.callbacks.complete({
      event: this.eventNames().completed,
      batchId: this.id,
      timestamp: iso(at),
      data: { companyUrl: this.companyUrl, followerCount: this.deliveredCount, processingTimeMs: at - this.createdAt },
    });
  }

  private eventNames(): { result: string; completed: string } {
    return this.svc.config().companyFollowerEvents === 'harvested'
      ? { result: 'webhook:company_follower_result.completed', completed: 'webhook:company_follower_completion.completed' }
      : { result: 'company_follower.result', completed: 'company_follower.completed' };
  }
}

export const COUNT_ESTIMATE_COST = 100;

/** A single-item job that runs `countEstimateMs`; a URL containing `fail` fails and is refunded. */
export class CountEstimateJob extends ProgressJob {
  refunded = false;
  readonly result: Record<string, unknown>;
  readonly fails: boolean;

  constructor(
    readonly id: string,
    readonly org: Org,
    readonly companyUrl: string,
    readonly cacheKey: string,
    filters: CountEstimateFilters,
    private readonly durationMs: number,
    svc: Services,
  ) {
    super({ createdAt: svc.clock.now(), total: 1, itemsPerSecond: 1000 / Math.max(1, durationMs), queueDelayMs: 0 });
    this.fails = companyUrl.toLowerCase().includes('fail');
    this.result = countEstimateResult(svc.seed, companyUrl, filters);
  }

  status(now: number): 'pending' | 'in_progress' | 'completed' | 'failed' {
    if (this.isDone(now)) return this.fails ? 'failed' : 'completed';
    return now - this.createdAt < this.durationMs / 3 ? 'pending' : 'in_progress';
  }

  protected override onComplete(): void {
    if (this.fails && !this.refunded) {
      this.refunded = true;
      this.org.wallet.refund(COUNT_ESTIMATE_COST, `Count estimate failed: ${this.companyUrl}`, { batchId: this.id });
    }
  }
}
