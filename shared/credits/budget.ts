/** Spending limits checked before a call is sent: the run's credit budget and the known balance. */
import { BudgetExceededError, InsufficientCreditsError } from '../errors';
import type { Credits } from './amount';
import { ZERO, subCredits } from './amount';

function checkCredits(name: string, value: Credits): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative amount of micro-credits (use credits()), got ${value}`);
  }
}

export interface BudgetHold {
  /** The call finished: count what it actually charged (may differ from the estimate). */
  settle(actual: Credits): void;
  /** The call was not made or charged nothing: give the estimate back. */
  release(): void;
}

/**
 * A run's credit budget. Each call holds its estimate before it is sent, so concurrent calls
 * cannot together overshoot the budget; the hold is then settled or released.
 */
export class BudgetGuard {
  private spentSoFar = 0;
  private held = 0;

  constructor(private readonly budget: Credits | undefined) {
    if (budget !== undefined) checkCredits('budget', budget);
  }

  /** Throws BudgetExceededError (nothing sent) when this call could take the run over budget. */
  hold(estimate: Credits): BudgetHold {
    checkCredits('estimate', estimate);
    if (this.budget !== undefined && this.spentSoFar + this.held + estimate > this.budget) {
      throw new BudgetExceededError(estimate, this.remaining() ?? ZERO);
    }
    this.held += estimate;
    let open = true;
    // Settle/release are idempotent so `try { …; settle(x) } finally { release() }` is safe.
    return {
      settle: (actual: Credits) => {
        checkCredits('actual', actual);
        if (!open) return;
        open = false;
        this.held -= estimate;
        this.spentSoFar += actual;
      },
      release: () => {
        if (!open) return;
        open = false;
        this.held -= estimate;
      },
    };
  }

  /**
   * Money that moved outside a single call: a batch settled for more (+) or refunded part of its
   * reservation (-). Spent never drops below 0, so a refund cannot lift the budget above its cap.
   */
  adjust(delta: Credits): void {
    if (!Number.isSafeInteger(delta)) throw new RangeError(`delta must be integer micro-credits (use credits()), got ${delta}`);
    this.spentSoFar = Math.max(0, this.spentSoFar + delta);
  }

  /** Credits still available to new calls (budget minus spent minus open holds); undefined = no budget. */
  remaining(): Credits | undefined {
    if (this.budget === undefined) return undefined;
    return Math.max(0, this.budget - this.spentSoFar - this.held) as Credits;
  }

  spent(): Credits {
    return this.spentSoFar as Credits;
  }
}

/** Refuse a call the known balance cannot pay for, so no request is sent. */
export function checkBalance(estimate: Credits, lastKnownBalance: Credits | undefined): void {
  if (lastKnownBalance === undefined || lastKnownBalance >= estimate) return;
  const shortfall = subCredits(estimate, lastKnownBalance);
  throw new InsufficientCreditsError(
    estimate,
    lastKnownBalance,
    shortfall,
    `${InsufficientCreditsError.describe(estimate, lastKnownBalance, shortfall)} (last known balance; not sent)`,
  );
}
