/**
 * Charges read from the balance rather than from the answer: a call whose cost model says its
 * answer never reports what it charged (`CostModel.measured: 'balance'`, Leadfeeder's
 * retrievals) runs between two free balance reads with no other paid call in flight; and an
 * attempt whose answer was lost has its charge settled from a balance read as soon as no other
 * paid call is in flight (credits/balanceBracket.ts: the gate that keeps them apart), so it sits
 * on the item it belongs to — shared with the answers lost at the same time, if any, which one
 * balance cannot tell apart.
 */
import type { OperationSpec } from '../catalog/types';
import { type Credits, ZERO } from '../credits/amount';
import { BalanceGate } from '../credits/balanceBracket';
import type { UnknownCharge } from '../credits/reconcile';

export interface MeasuredParts {
  /** The catalog has a free balance operation and reading it is not turned off. */
  canRead: boolean;
  lastKnownBalance(): Credits | undefined;
  /** Reads the balance and notes it in the books. */
  balance(): Promise<unknown>;
}

export class MeasuredCharges {
  /** Paid calls in flight (shared) against the balance reads that say whose a charge is (alone). */
  private readonly gate = new BalanceGate();

  constructor(private readonly parts: MeasuredParts) {}

  /** Whether the balances around a call can say what it charged (see `CostModel.measured`). */
  measures(op: OperationSpec, estimated: Credits): boolean {
    return estimated > 0 && op.cost.measured === 'balance' && this.parts.canRead;
  }

  /** Runs a measured call alone (no other paid call in flight); any other call at once. */
  run<T>(measured: boolean, fn: () => Promise<T>): Promise<T> {
    return measured ? this.gate.exclusive(fn) : fn();
  }

  /**
   * Sends and books a call that may charge: in flight until its charge is booked, and held back
   * while a measurement is open. A measured call already runs alone.
   */
  paid<T>(estimated: Credits, measured: boolean, send: (quiet: () => boolean) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // `quiet`: whether no other paid call was on its way while this one was (see BalanceGate.quiet).
    return estimated <= 0 || measured ? send(this.gate.quiet(false)) : this.gate.paid(() => send(this.gate.quiet(true)), signal);
  }

  /**
   * What `lost` attempts charged, from a balance read once no other paid call is in flight (their
   * charges booked) and with new ones kept out until it is noted; undefined when that cannot be
   * told. `shared`: answers lost at the same time were settled together (see WalletBooks).
   * `alone`: the caller already runs alone (a measured call).
   */
  async settleLost(lost: readonly UnknownCharge[], alone = false): Promise<{ charged: Credits; shared: boolean } | undefined> {
    if (!lost.length || !this.parts.canRead || this.parts.lastKnownBalance() === undefined) return undefined;
    if (lost.some((u) => u.charged === undefined)) {
      const read = () => this.parts.balance().catch(() => undefined);
      await (alone ? read() : this.gate.exclusive(read));
    }
    if (lost.some((u) => u.charged === undefined)) return undefined;
    return { charged: lost.reduce<Credits>((sum, u) => (sum + u.charged!) as Credits, ZERO), shared: lost.some((u) => u.shared) };
  }
}
