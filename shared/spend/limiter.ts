/**
 * A run's view of the team's spend limits: each paid call holds its estimate against every
 * limit that governs it before it is sent, and settles to what it moved the wallet by after —
 * in the shared store, so all workers and workflows count together. Every settled amount is
 * also written to the day's report row (provider × workflow), limit or not.
 */
import { randomUUID } from 'node:crypto';
import { type TimeSource, wallTime } from '../clock';
import { type Credits, formatCredits, toCreditNumber } from '../credits/amount';
import type { BudgetHold } from '../credits/budget';
import type { Store } from '../store/types';
import { dayKey, type LimitSlot, type SpendBook, spendBookFor, type Usage } from './book';
import { capOf, describeLimit, limitKey, limitsFor, type SpendLimit, SpendLimitError, type SpendWindow, windowOf } from './limits';

/** A limit past its warning threshold: for the node's run hint, an output field, a Zapier log. */
export interface SpendNotice {
  kind: 'spend_warning' | 'spend_unrecorded';
  message: string;
  limit?: SpendLimit;
  spent?: number;
  left?: number;
  percent?: number;
  resetsAt?: string;
}

/** Where a limit stands now. */
export interface LimitStatus {
  limit: SpendLimit;
  spent: number;
  held: number;
  left: number;
  percent: number;
  resetsAt: string;
  /** Held by calls whose worker died and released unsettled: compare with the provider's balance. */
  releasedUnsettled: number;
}

export interface SpendLimiterOptions {
  store: Store;
  limits: readonly SpendLimit[];
  provider: string;
  /** The workflow (n8n) or Zap (Zapier) the calls belong to; '' when unknown. */
  workflow?: string;
  clock?: TimeSource;
  /** How long a hold counts when its owner never settles it (a killed worker). */
  holdMs?: number;
  /** Warn once a limit has spent this share of its credits (0–1). */
  warnAt?: number;
  /** Keeps teams apart in a store many share (Zapier's z.cache: the API key's hash). */
  scope?: string;
}

export const DEFAULT_HOLD_MS = 10 * 60_000;
export const DEFAULT_WARN_AT = 0.8;
const GRACE_MS = 24 * 3600_000;

interface Slot extends LimitSlot {
  limit: SpendLimit;
  window: SpendWindow;
}

export class SpendLimiter {
  readonly provider: string;
  readonly workflow: string;
  private readonly book: SpendBook;
  private readonly clock: TimeSource;
  private readonly limits: SpendLimit[];
  private readonly holdMs: number;
  private readonly warnAt: number;
  private readonly scope: string;
  private readonly pending = new Set<Promise<void>>();
  private readonly warnings = new Map<string, SpendNotice>();
  private readonly unrecorded: SpendNotice[] = [];

  constructor(opts: SpendLimiterOptions) {
    this.provider = opts.provider;
    this.workflow = opts.workflow ?? '';
    this.book = spendBookFor(opts.store);
    this.clock = opts.clock ?? wallTime;
    this.limits = limitsFor(opts.limits, opts.provider, this.workflow || undefined);
    this.holdMs = opts.holdMs ?? DEFAULT_HOLD_MS;
    this.warnAt = opts.warnAt ?? DEFAULT_WARN_AT;
    this.scope = opts.scope ?? '';
    if (!(this.holdMs > 0)) throw new RangeError(`holdMs must be positive (got ${this.holdMs})`);
    if (!(this.warnAt > 0 && this.warnAt <= 1)) throw new RangeError(`warnAt must be a share between 0 and 1 (got ${this.warnAt})`);
  }

  /** Hold `estimate` against every governing limit, or throw SpendLimitError (nothing held). */
  async hold(estimate: Credits): Promise<BudgetHold> {
    const now = this.clock.now();
    const slots = this.slots(now);
    const holdId = randomUUID();
    const holds = estimate > 0 && slots.length > 0;
    if (holds) {
      const reply = await this.book.hold({ holdId, amount: estimate, now, expiresAt: now + this.holdMs, slots });
      if (!reply.ok) {
        const slot = slots[reply.index]!;
        const left = Math.max(0, slot.cap - reply.spent - reply.held) as Credits;
        throw new SpendLimitError(slot.limit, estimate, left, new Date(slot.window.resetsAt).toISOString());
      }
    }
    let open = true;
    return {
      settle: (actual: Credits) => {
        if (!open) return;
        open = false;
        if (actual === 0 && !holds) return;
        this.track(this.record(holdId, actual, slots, true));
      },
      release: () => {
        if (!open) return;
        open = false;
        if (holds) this.track(this.book.release(holdId, slots));
      },
    };
  }

  /** Money moved outside a single call (a batch settled, refunded, a lost answer reconciled). */
  adjust(delta: Credits): void {
    if (delta === 0) return;
    this.track(this.record(randomUUID(), delta, this.slots(this.clock.now()), false));
  }

  /** Wait until every settle and release of this run reached the store. */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Limits past the warning threshold, and spend the store could not record. */
  notices(): SpendNotice[] {
    return [...this.warnings.values(), ...this.unrecorded];
  }

  /** Where every limit governing these calls stands now. */
  async status(): Promise<LimitStatus[]> {
    const now = this.clock.now();
    const slots = this.slots(now);
    const usage = await this.book.usage(
      slots.map((s) => s.key),
      now,
    );
    return slots.map((slot, i) => statusOf(slot, usage[i]!));
  }

  private slots(now: number): Slot[] {
    return this.limits.map((limit) => {
      const window = windowOf(limit, now);
      return { limit, window, key: limitKey(limit, window, this.scope), cap: capOf(limit), ttlMs: window.resetsAt - now + GRACE_MS };
    });
  }

  private async record(holdId: string, actual: Credits, slots: Slot[], call: boolean): Promise<void> {
    const now = this.clock.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const usage = await this.book.settle({
      holdId,
      actual,
      slots,
      dayKey: dayKey(day, this.scope),
      provider: this.provider,
      workflow: this.workflow,
      call,
      now,
    });
    if (!usage) return;
    for (const [i, slot] of slots.entries()) {
      const status = statusOf(slot, usage[i]!);
      if (slot.cap > 0 && status.percent < this.warnAt * 100) continue;
      this.warnings.set(slot.key, {
        kind: 'spend_warning',
        message: `Spend limit warning: the ${describeLimit(slot.limit)} is ${status.percent}% used (${status.spent} spent, ${status.left} left); it resets at ${status.resetsAt}.`,
        limit: slot.limit,
        spent: status.spent,
        left: status.left,
        percent: status.percent,
        resetsAt: status.resetsAt,
      });
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.unrecorded.push({
        kind: 'spend_unrecorded',
        message: `Spend could not be recorded in the shared store (${(error as Error).message}); the amount held for it stops counting after ${Math.round(this.holdMs / 60_000)} min.`,
      });
    });
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
  }
}

function statusOf(slot: Slot, { spent, held, expired }: Usage): LimitStatus {
  const left = Math.max(0, slot.cap - spent - held) as Credits;
  const percent = slot.cap > 0 ? Math.round((spent / slot.cap) * 1000) / 10 : 100;
  return {
    limit: slot.limit,
    spent: toCreditNumber(spent),
    held: toCreditNumber(held),
    left: Number(formatCredits(left)),
    percent,
    resetsAt: new Date(slot.window.resetsAt).toISOString(),
    releasedUnsettled: toCreditNumber(expired),
  };
}
