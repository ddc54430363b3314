/**
 * Lead Finder's async jobs. Both are charged "in the worker": the job reserves at submit,
 * settles itself when it finishes (no results-fetch settlement), and refunds fields that
 * were not found. A reveal the balance can't cover is accepted and then fails (no 402).
 */
import { ProgressJob } from '../../kit/jobs';
import type { Settlement } from '../../kit/wallet';
import { iso, type Org, type Services } from './context';
import { leadFromId, type Lead } from './data-people';

export type Field = 'email' | 'phone';
export const FIELD_COST: Record<Field, number> = { email: 10, phone: 525 };
export const NAMES_COST = 1;
export type LeadJobStatus = 'pending' | 'processing' | 'completed' | 'failed';

function jobStatus(job: ProgressJob, now: number, failed: boolean): LeadJobStatus {
  if (job.isDone(now)) return failed ? 'failed' : 'completed';
  return job.processedAt(now) === 0 ? 'pending' : 'processing';
}

// ---- export -----------------------------------------------------------------------------------

export interface ExportOptions {
  name: string;
  fields: Field[];
  includeNames: boolean;
  perLead: number;
}

export class ExportJob extends ProgressJob {
  readonly leads: Lead[];
  settlement: Settlement | undefined;
  drained = false;

  constructor(
    readonly id: string,
    readonly org: Org,
    leadIds: string[],
    readonly options: ExportOptions,
    svc: Services,
    private readonly drainAfter: number | null,
  ) {
    const cfg = svc.config();
    super({ createdAt: svc.clock.now(), total: leadIds.length, itemsPerSecond: cfg.itemsPerSecond, queueDelayMs: cfg.queueDelayMs });
    this.leads = leadIds.map((id) => leadFromId(svc.seed, id));
  }

  get reserved(): number {
    return this.leads.length * this.options.perLead;
  }

  status(now: number): LeadJobStatus {
    return jobStatus(this, now, this.drained);
  }

  phase(now: number): 'queued' | 'fetching' | 'enriching' | 'generating' | 'uploading' {
    const done = this.processedAt(now);
    if (done >= this.total) return 'uploading';
    if (done === 0) return 'queued';
    const share = done / this.total;
    if (share < 0.5) return 'fetching';
    return this.options.fields.length > 0 && share < 0.9 ? 'enriching' : 'generating';
  }

  /** Rows that made it into the file (all of them unless the wallet ran dry). */
  rows(): Lead[] {
    return this.drained && this.drainAfter !== null ? this.leads.slice(0, this.drainAfter) : this.leads;
  }

  summary(now: number): Record<string, unknown> {
    const status = this.status(now);
    return {
      jobId: this.id,
      name: this.options.name,
      status,
      phase: this.phase(now),
      totalRows: this.total,
      processedRows: this.processedAt(now),
      progress: this.total === 0 ? 100 : Math.floor((this.processedAt(now) * 100) / this.total),
      creditsUsed: this.settlement?.charged ?? 0,
      creditsRefunded: this.settlement?.refunded ?? 0,
      createdAt: iso(this.createdAt),
      completedAt: this.isDone(now) ? iso(this.finishAt()) : null,
      error: status === 'failed' ? 'Insufficient credits' : null,
    };
  }

  protected override onItems(from: number, to: number): void {
    if (this.drainAfter !== null && !this.drained && this.drainAfter >= from && this.drainAfter < to) {
      this.drained = true;
      this.org.wallet.drain(`Sandbox fault: balance ran out during export ${this.id}`);
    }
  }

  protected override onComplete(): void {
    let charged = 0;
    for (const lead of this.rows()) {
      if (this.options.includeNames) charged += NAMES_COST;
      if (this.options.fields.includes('email') && lead.emailAddress) charged += FIELD_COST.email;
      if (this.options.fields.includes('phone') && lead.phone) charged += FIELD_COST.phone;
    }
    this.settlement = this.org.wallet.settle(this.id, charged, `Lead export settlement: ${this.options.name}`);
  }
}

// ---- reveal / enrich --------------------------------------------------------------------------

interface RevealItem {
  lead: Lead;
  /** Fields this job pays for (requested and not revealed before). */
  newFields: Field[];
}

export class RevealJob extends ProgressJob {
  readonly items: RevealItem[];
  readonly reservedAmount: number;
  settlement: Settlement | undefined;
  revealed: Record<string, unknown>[] = [];
  drained = false;

  constructor(
    readonly id: string,
    readonly org: Org,
    readonly jobType: 'reveal' | 'enrich',
    readonly fields: Field[],
    leadIds: string[],
    /** True when the balance could not cover the job at submit: it fails in the worker. */
    readonly insufficient: boolean,
    svc: Services,
    private readonly drainAfter: number | null,
  ) {
    const cfg = svc.config();
    super({ createdAt: svc.clock.now(), total: leadIds.length, itemsPerSecond: cfg.itemsPerSecond, queueDelayMs: cfg.queueDelayMs });
    this.items = leadIds.map((id) => {
      const already = org.revealed.get(id);
      return { lead: leadFromId(svc.seed, id), newFields: fields.filter((f) => !already?.has(f)) };
    });
    this.reservedAmount = RevealJob.cost(this.items);
  }

  static cost(items: readonly RevealItem[]): number {
    return items.reduce((n, i) => n + i.newFields.reduce((m, f) => m + FIELD_COST[f], 0), 0);
  }

  static plannedCost(org: Org, leadIds: string[], fields: Field[]): number {
    return leadIds.reduce((n, id) => n + fields.filter((f) => !org.revealed.get(id)?.has(f)).reduce((m, f) => m + FIELD_COST[f], 0), 0);
  }

  get failed(): boolean {
    return this.insufficient || this.drained;
  }

  status(now: number): LeadJobStatus {
    if (this.insufficient) return this.processedAt(now) > 0 || this.isDone(now) ? 'failed' : 'pending';
    return jobStatus(this, now, this.drained);
  }

  poll(now: number): Record<string, unknown> {
    const status = this.status(now);
    const newly = this.items.filter((i) => i.newFields.length > 0).length;
    return {
      jobId: this.id,
      status,
      jobType: this.jobType,
      fields: this.fields,
      ...(status !== 'failed' ? { progress: { processed: this.processedAt(now), total: this.total } } : {}),
      ...(status === 'completed'
        ? {
            results: {
              revealed: this.revealed,
              alreadyRevealed: this.total - newly,
              newlyRevealed: newly,
              creditsUsed: this.settlement?.charged ?? 0,
              creditsRefunded: this.settlement?.refunded ?? 0,
            },
          }
        : {}),
      ...(status === 'failed' ? { error: 'Insufficient credits', creditsRefunded: this.settlement?.refunded ?? 0 } : {}),
      createdAt: iso(this.createdAt),
      completedAt: status === 'completed' ? iso(this.finishAt()) : null,
    };
  }

  summary(now: number): Record<string, unknown> {
    return {
      jobId: this.id,
      status: this.status(now),
      jobType: this.jobType,
      fields: this.fields,
      total: this.total,
      processed: this.insufficient ? 0 : this.processedAt(now),
      creditsUsed: this.settlement?.charged ?? 0,
      creditsRefunded: this.settlement?.refunded ?? 0,
      createdAt: iso(this.createdAt),
      completedAt: this.status(now) === 'completed' ? iso(this.finishAt()) : null,
    };
  }

  protected override onItems(from: number, to: number): void {
    if (this.insufficient) return;
    if (this.drainAfter !== null && !this.drained && this.drainAfter >= from && this.drainAfter < to) {
      this.drained = true;
      this.org.wallet.drain(`Sandbox fault: balance ran out during reveal ${this.id}`);
    }
  }

  protected override onComplete(): void {
    if (this.insufficient) return;
    const done = this.drained && this.drainAfter !== null ? this.items.slice(0, this.drainAfter) : this.items;
    let charged = 0;
    for (const { lead, newFields } of done) {
      const got = newFields.filter((f) => (f === 'email' ? lead.emailAddress : lead.phone));
      charged += got.reduce((n, f) => n + FIELD_COST[f], 0);
      const known = this.org.revealed.get(lead.id) ?? new Set<Field>();
      for (const f of got) known.add(f);
      this.org.revealed.set(lead.id, known);
    }
    this.revealed = this.items.map(({ lead }) => ({
      id: lead.id,
      firstName: lead.firstName,
      lastName: lead.lastName,
      jobTitle: lead.jobTitle,
      companyName: lead.companyName,
      ...(this.fields.includes('email') ? { emailAddress: lead.emailAddress } : {}),
      ...(this.fields.includes('phone') ? { phone: lead.phone, cellphone: lead.cellphone } : {}),
      linkedinUrl: lead.linkedinUrl,
      domain: lead.domain,
    }));
    this.settlement = this.org.wallet.settle(this.id, charged, `Lead ${this.jobType} settlement`);
  }
}
