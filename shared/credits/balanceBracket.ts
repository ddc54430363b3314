/**
 * Charges an answer does not report and the cost model cannot know (`CostModel.measured`):
 * Leadfeeder's retrievals say nothing of what they charged, and a record the registry does not
 * know may already be subscribed where this client could not see it (a website visitor, a
 * retrieval through another tool on the same account). Booking the model's price would put 1 on
 * an item the wallet paid 0 for, so the client reads the provider's free balance right before and
 * right after such a call and books what the wallet lost in between: never below 0, never above
 * the estimate. It costs two more requests (free, but counted against the provider's request
 * quota like any other), only for calls that may charge — a record the registry knows as
 * subscribed is estimated 0 and sent alone.
 *
 * A client's brackets run one at a time, so one window never holds another bracket's charge.
 * Spending elsewhere on the account during the window (another tool, another worker) would be
 * taken for this call's, up to its estimate: the books still equal the wallet.
 */
import { type Credits, subCredits, ZERO } from './amount';

export class BalanceBrackets {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` when every bracket started before it has ended. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await before;
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * What a bracketed call charged: the balance the books expected now (the read before it, less
 * everything booked since) minus the balance read after it, within [0, `most`]; undefined when
 * either balance is unknown.
 */
export function measuredCharge(expected: Credits | undefined, after: Credits | undefined, most: Credits): Credits | undefined {
  if (expected === undefined || after === undefined) return undefined;
  const lost = subCredits(expected, after);
  if (lost <= ZERO) return ZERO;
  return lost > most ? most : lost;
}
