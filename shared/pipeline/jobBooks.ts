/**
 * The books of jobs that reserve credits at submit and settle later (operations whose catalog
 * entry declares `reserves` / `settles`): what a job reserved is kept in the store, so any
 * process that reads its results books the settlement — exactly once, however often it is read —
 * and the run's budget is corrected from the reservation it counted to what was charged.
 */
import type { OperationSpec, ResponseMeta } from '../catalog/types';
import type { Clock } from '../clock';
import { type Credits, ZERO } from '../credits/amount';
import { JobHolds } from '../credits/jobHolds';
import type { Ledger } from '../credits/ledger';
import type { Store } from '../store/types';

/** How long a job's reservation and settlement stay known: longer than any provider keeps a job. */
const JOB_RECORD_TTL_MS = 30 * 24 * 3600_000;

export interface JobBooksParts {
  provider: string;
  account: string;
  store: Store;
  clock: Clock;
  ledger: Ledger;
  /** Money moved outside a single call's hold: keep the budget true. */
  adjustBudget(delta: Credits): void;
}

export class JobBooks {
  private readonly jobHolds = new JobHolds();
  /** Running-charge bookings per job, chained so two reads of one job never book the same growth twice. */
  private readonly runningCharges = new Map<string, Promise<Credits>>();

  constructor(private readonly parts: JobBooksParts) {}

  /** The budget counted `amount` for the job at submit; its settlement corrects that. */
  held(jobId: string, amount: Credits): void {
    this.jobHolds.remember(jobId, amount);
  }

  private jobKey(kind: 'reserved' | 'settled', jobId: string): string {
    return `${kind}:${this.parts.provider}:${this.parts.account}:${jobId}`;
  }

  /** Remember what a job reserved, so its settlement can be reconciled later (any process). */
  async rememberReservation(op: OperationSpec, data: unknown, meta: ResponseMeta): Promise<Credits | undefined> {
    if (!op.reserves) return meta.creditsReserved;
    const reserved = meta.creditsReserved ?? op.reserves.reserved?.(data);
    const jobId = op.reserves.jobId(data);
    if (reserved !== undefined && jobId) await this.parts.store.set(this.jobKey('reserved', jobId), reserved, JOB_RECORD_TTL_MS);
    return reserved;
  }

  /**
   * Book a finished job's settlement exactly once, however often its results are read; the
   * refund goes back to the budget, which counted the whole reservation at submit.
   */
  async bookSettlement(op: OperationSpec, input: unknown, data: unknown, meta: ResponseMeta): Promise<{ charged: Credits; refunded: Credits } | undefined> {
    if (!op.settles) return undefined;
    const { store, ledger, clock } = this.parts;
    const jobId = op.settles.jobId(input);
    const reserved = await store.get<Credits>(this.jobKey('reserved', jobId));
    const settlement = op.settles.read({ data, meta, reserved });
    if (!settlement) return undefined;
    if (op.settles.cumulative) return { charged: await this.bookRunningCharge(op, jobId, settlement.charged, reserved, meta.requestId), refunded: ZERO };
    if (!(await store.setIfAbsent(this.jobKey('settled', jobId), clock.now(), JOB_RECORD_TTL_MS))) return { charged: ZERO, refunded: ZERO };
    // A refund of an outright charge (not of a reservation) lowers what the run was charged.
    const charged = op.settles.refundsCharge ? ((settlement.charged - settlement.refunded) as Credits) : settlement.charged;
    ledger.record({
      provider: this.parts.provider,
      operation: `${op.resource}.settlement`,
      estimated: ZERO,
      charged,
      refunded: settlement.refunded,
      source: 'provider',
      requestId: meta.requestId,
      at: clock.now(),
    });
    this.parts.adjustBudget(this.jobHolds.correction(jobId, { charged, refunded: settlement.refunded }));
    return { charged, refunded: settlement.refunded };
  }

  /**
   * A job charged as it runs: book what its running total grew by since the last read, once
   * (reads of the same job are serialized here; the total booked so far lives in the store).
   * What exceeds a known reservation counts against the budget.
   */
  private bookRunningCharge(op: OperationSpec, jobId: string, total: Credits, reserved: Credits | undefined, requestId: string | undefined): Promise<Credits> {
    const { store, ledger, clock } = this.parts;
    const key = this.jobKey('settled', jobId);
    const previous = this.runningCharges.get(key) ?? Promise.resolve(ZERO);
    const next = previous.then(async () => {
      const booked = (await store.get<Credits>(key)) ?? ZERO;
      if (total <= booked) return ZERO;
      await store.set(key, total, JOB_RECORD_TTL_MS);
      const delta = (total - booked) as Credits;
      ledger.record({
        provider: this.parts.provider,
        operation: `${op.resource}.settlement`,
        estimated: ZERO,
        charged: delta,
        source: 'provider',
        requestId,
        at: clock.now(),
      });
      const covered = reserved === undefined ? ZERO : (Math.max(0, Math.min(total, reserved) - Math.min(booked, reserved)) as Credits);
      this.parts.adjustBudget((delta - covered) as Credits);
      return delta;
    });
    this.runningCharges.set(
      key,
      next.catch(() => ZERO),
    );
    return next;
  }

  /**
   * A job found in the provider's records after its submit's answer was lost (see
   * batch/submitOutcome.ts): book its reservation as the submit would have, so its settlement is
   * reconciled and the ledger matches the wallet.
   */
  async adoptReservation(submitOp: string, jobId: string, reserved: Credits | undefined): Promise<void> {
    if (reserved !== undefined) await this.parts.store.set(this.jobKey('reserved', jobId), reserved, JOB_RECORD_TTL_MS);
    this.parts.ledger.record({
      provider: this.parts.provider,
      operation: submitOp,
      estimated: ZERO,
      charged: ZERO,
      reserved,
      source: 'provider',
      at: this.parts.clock.now(),
    });
    if (reserved !== undefined) this.parts.adjustBudget(reserved);
  }
}
