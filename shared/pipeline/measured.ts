/**
 * Charges read from the balance rather than from the answer: a call whose cost model says its
 * answer never reports what it charged (`CostModel.measured: 'balance'`, Leadfeeder's
 * retrievals) runs between two free balance reads, one bracket at a time; and an attempt whose
 * answer was lost has its charge settled from a balance read at once, so it sits on the item it
 * belongs to — unless another paid call is on the wire, whose charge could not be told apart.
 */
import type { OperationSpec } from '../catalog/types';
import { type Credits, ZERO } from '../credits/amount';
import { BalanceBrackets } from '../credits/balanceBracket';
import type { UnknownCharge } from '../credits/reconcile';

export interface MeasuredParts {
  /** The catalog has a free balance operation and reading it is not turned off. */
  canRead: boolean;
  lastKnownBalance(): Credits | undefined;
  /** Reads the balance and notes it in the books. */
  balance(): Promise<unknown>;
}

export class MeasuredCharges {
  private readonly brackets = new BalanceBrackets();
  /** Paid calls sent and not yet booked: a balance read while one is cannot say whose a loss is. */
  private paidInFlight = 0;

  constructor(private readonly parts: MeasuredParts) {}

  /** Whether the balances around a call can say what it charged (see `CostModel.measured`). */
  measures(op: OperationSpec, estimated: Credits): boolean {
    return estimated > 0 && op.cost.measured === 'balance' && this.parts.canRead;
  }

  /** Runs a measured call when every bracket before it has ended; any other call at once. */
  run<T>(measured: boolean, fn: () => Promise<T>): Promise<T> {
    return measured ? this.brackets.run(fn) : fn();
  }

  /** Sends and books a call that may charge: counted in flight until its charge is booked. */
  async paid<T>(estimated: Credits, send: () => Promise<T>): Promise<T> {
    if (estimated <= 0) return send();
    this.paidInFlight++;
    try {
      return await send();
    } finally {
      this.paidInFlight--;
    }
  }

  /** What `lost` attempts charged, from a balance read now; undefined when that cannot be told. */
  async settleLost(lost: readonly UnknownCharge[]): Promise<Credits | undefined> {
    if (!lost.length || !this.parts.canRead || this.parts.lastKnownBalance() === undefined || this.paidInFlight > 0) return undefined;
    if (lost.some((u) => u.charged === undefined)) await this.parts.balance().catch(() => undefined);
    if (lost.some((u) => u.charged === undefined)) return undefined;
    return lost.reduce<Credits>((sum, u) => (sum + u.charged!) as Credits, ZERO);
  }
}
