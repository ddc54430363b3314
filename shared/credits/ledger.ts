/**
 * What one run spent: an entry per call (or cache hit), and the totals a run summary shows.
 */
import { randomUUID } from 'node:crypto';
import type { Credits } from './amount';
import { ZERO, addCredits } from './amount';

/**
 * Who decided what a call charged: the provider's own report, the balance read around the call
 * or after an answer was lost (the provider's wallet, not a report of this call), our cost
 * model, a cache hit, or the subscription registry.
 */
export type CreditSource = 'provider' | 'balance' | 'model' | 'cache' | 'subscription';

export interface LedgerEntry {
  provider: string;
  operation: string;
  /** Credits the cost model said the call might charge (before it was sent). */
  estimated: Credits;
  /** Credits actually charged (provider's report, else the model). */
  charged: Credits;
  /** Held by the provider for a batch job, settled later. */
  reserved?: Credits;
  refunded?: Credits;
  /** The answer was lost: the call may have charged up to this much (see credits/reconcile.ts). */
  unknown?: Credits;
  /** A reconciliation: the unknown charge (its upper bound) this entry settles. */
  resolves?: Credits;
  /** Who decided `charged` (see CreditSource). */
  source: CreditSource;
  requestId?: string;
  at: number;
}

export interface CreditTotals {
  /** Calls made, including those answered from the cache (counted again in `fromCache`). */
  calls: number;
  estimated: Credits;
  charged: Credits;
  reserved: Credits;
  refunded: Credits;
  fromCache: number;
  /** Keyed `provider:operation`; `calls` includes cache answers, as above. */
  byOperation: Record<string, { calls: number; charged: Credits }>;
  balanceBefore?: Credits;
  balanceAfter?: Credits;
}

function checkAmount(field: string, value: Credits | undefined): void {
  // Credits are integer micro-credits; a fraction means someone passed a plain credit number.
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw new RangeError(`ledger entry ${field} must be integer micro-credits (use credits()), got ${value}`);
  }
}

export class Ledger {
  readonly runId: string;
  private readonly list: LedgerEntry[] = [];
  /** Entries [0, frozen) are frozen (see entries()). */
  private frozen = 0;
  private balanceBefore?: Credits;
  private balanceAfter?: Credits;

  constructor(opts: { runId?: string } = {}) {
    this.runId = opts.runId ?? randomUUID();
  }

  record(entry: LedgerEntry): void {
    checkAmount('estimated', entry.estimated);
    checkAmount('charged', entry.charged);
    checkAmount('reserved', entry.reserved);
    checkAmount('refunded', entry.refunded);
    checkAmount('unknown', entry.unknown);
    checkAmount('resolves', entry.resolves);
    // A copy: an entry is a receipt, later changes to the caller's object do not rewrite it.
    this.list.push({ ...entry });
  }

  /** Every entry, frozen: a receipt handed out cannot be rewritten either. */
  entries(): readonly LedgerEntry[] {
    // Frozen when first handed out rather than when booked: freezing a fresh copy costs more
    // than the rest of booking a free call, and nothing reads an entry before this.
    for (; this.frozen < this.list.length; this.frozen++) Object.freeze(this.list[this.frozen]);
    return this.list.slice();
  }

  totals(): CreditTotals {
    const totals: CreditTotals = {
      calls: 0,
      estimated: ZERO,
      charged: ZERO,
      reserved: ZERO,
      refunded: ZERO,
      fromCache: 0,
      byOperation: {},
    };
    for (const e of this.list) {
      totals.calls++;
      if (e.source === 'cache') totals.fromCache++;
      totals.estimated = addCredits(totals.estimated, e.estimated);
      totals.charged = addCredits(totals.charged, e.charged);
      totals.reserved = addCredits(totals.reserved, e.reserved ?? ZERO);
      totals.refunded = addCredits(totals.refunded, e.refunded ?? ZERO);
      const key = `${e.provider}:${e.operation}`;
      const op = (totals.byOperation[key] ??= { calls: 0, charged: ZERO });
      op.calls++;
      op.charged = addCredits(op.charged, e.charged);
    }
    if (this.balanceBefore !== undefined) totals.balanceBefore = this.balanceBefore;
    if (this.balanceAfter !== undefined) totals.balanceAfter = this.balanceAfter;
    return totals;
  }

  /** A balance the provider reported; the first one noted is the run's starting balance. */
  noteBalance(balance: Credits): void {
    checkAmount('balance', balance);
    if (this.balanceBefore === undefined) this.balanceBefore = balance;
    this.balanceAfter = balance;
  }

  get lastKnownBalance(): Credits | undefined {
    return this.balanceAfter;
  }
}
