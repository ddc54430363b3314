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
 * A bracket holds its client's paid calls apart: it waits for the paid calls in flight to be
 * booked, and paid calls asked while it is open wait for it, so a window holds only its own
 * call's charge. Spending elsewhere on the account during the window (another tool, another
 * worker) would be taken for this call's, up to its estimate: the books still equal the wallet.
 */
import { TransportError } from '../errors';
import { type Credits, subCredits, ZERO } from './amount';

/**
 * A readers-writer gate over one client's wallet. Paid calls hold it shared, any number at once,
 * from sending until their charge is booked; a balance read that must say whose a charge is (a
 * bracket, a lost answer's settling read) holds it alone. One waiting to be alone keeps new paid
 * calls out, so it is not starved; when it is done, the paid calls that waited go in together
 * before the next one alone, so they are not starved either.
 */
export class BalanceGate {
  private shared = 0;
  /** Paid calls that have gone in so far: a call that sees it unchanged knew of no other. */
  private entered = 0;
  private alone = false;
  private readonly waitingAlone: (() => void)[] = [];
  private waitingShared: (() => void)[] = [];

  /**
   * Runs a paid call: at once, unless something holds or waits to hold the gate alone. A call
   * cancelled while it waits (`signal`) leaves the queue at once, sent nothing and charged nothing.
   */
  async paid<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.alone || this.waitingAlone.length) await this.waitShared(signal);
    else this.shared++;
    this.entered++;
    try {
      return await fn();
    } finally {
      if (--this.shared === 0) this.next(false);
    }
  }

  /**
   * From now on, whether no paid call but the caller's own (`inside`: the caller holds the gate
   * shared) has been in flight: a balance a call's answer reports is the wallet after every
   * charge the provider had carried out, which holds another call's only if one was on its way.
   */
  quiet(inside: boolean): () => boolean {
    const entered = this.entered;
    const othersInFlight = this.shared - (inside ? 1 : 0);
    return () => othersInFlight === 0 && this.entered === entered;
  }

  private waitShared(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', cancel);
        resolve();
      };
      const cancel = () => {
        const at = this.waitingShared.indexOf(go);
        if (at < 0) return; // already let in: the call itself sees the abort
        this.waitingShared.splice(at, 1);
        reject(new TransportError('Aborted while waiting for a balance read to end; nothing was sent', 'aborted'));
      };
      if (signal?.aborted) {
        reject(new TransportError('Aborted before sending; nothing was sent', 'aborted'));
        return;
      }
      signal?.addEventListener('abort', cancel, { once: true });
      this.waitingShared.push(go);
    });
  }

  /** Runs `fn` when no paid call is in flight, keeping new ones out until it ends. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.alone || this.shared > 0 || this.waitingAlone.length) await new Promise<void>((go) => this.waitingAlone.push(go));
    else this.alone = true;
    return this.runAlone(fn);
  }

  private async runAlone<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.alone = false;
      this.next(true);
    }
  }

  /**
   * Hands the free gate on. After a turn alone, the paid calls that waited go in together; after
   * the last paid call in flight, the next one waiting to be alone goes (paid calls that arrived
   * meanwhile wait for it).
   */
  private next(afterAlone: boolean): void {
    if (afterAlone && this.waitingShared.length) {
      const go = this.waitingShared;
      this.waitingShared = [];
      this.shared += go.length;
      for (const g of go) g();
    } else if (this.waitingAlone.length) {
      this.alone = true;
      this.waitingAlone.shift()!();
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
