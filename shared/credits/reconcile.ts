/**
 * Keeping the books equal to the wallet when an answer does not say what a call cost.
 *
 * Every booked call moves the wallet by what it charged and reserved, less what a settlement
 * gave back. A paid call whose answer was lost (a malformed body, a reset, a timeout) may or may
 * not have been charged: it is booked as "unknown, at most its estimate". The next balance the
 * provider reports tells: whatever the wallet lost beyond what was booked since the previous
 * balance is the unknown calls' charge (never more than their estimates), and it is booked then.
 * The first balance seen also fixes where the run started: that balance plus everything the run
 * had already moved — so a run made only of batch jobs still has a true starting balance.
 */
import { type Credits, ZERO, addCredits, subCredits } from './amount';
import type { Ledger } from './ledger';

interface Unknown {
  provider: string;
  operation: string;
  upTo: Credits;
  settled: UnknownCharge;
}

/** One unknown charge: what a later balance showed it cost, once one has (for the item it belongs to). */
export interface UnknownCharge {
  charged?: Credits;
  /**
   * The balance settled it together with other unknown charges and cannot say which of them
   * cost what: `charged` is its share (in proportion to the estimates), their total is exact.
   */
  shared?: boolean;
}

export class WalletBooks {
  private movedSinceBalance: Credits = ZERO;
  private pending: Unknown[] = [];
  /** Unknown charges made before any balance was known: no later balance can tell them apart. */
  private unresolvable: Unknown[] = [];

  constructor(
    private readonly ledger: Ledger,
    private readonly now: () => number,
    /** Budget correction when an unknown charge turns out smaller than its estimate (negative = give back). */
    private readonly adjustBudget: (delta: Credits) => void,
  ) {}

  /** A booked call moved the wallet by `delta` (charges and reservations out, refunds back in). */
  moved(delta: Credits): void {
    this.movedSinceBalance = addCredits(this.movedSinceBalance, delta);
  }

  /** A paid call whose charge is unknown: booked now as 0 charged, at most `upTo`. */
  unknownCharge(provider: string, operation: string, estimated: Credits, at = this.now()): UnknownCharge {
    this.ledger.record({ provider, operation, estimated, charged: ZERO, unknown: estimated, source: 'model', at });
    const settled: UnknownCharge = {};
    this.pending.push({ provider, operation, upTo: estimated, settled });
    return settled;
  }

  /**
   * The balance the wallet should show now if nothing but what was booked moved it since the
   * last balance read (undefined before any): a read now that shows less is an unbooked charge.
   */
  expectedBalance(): Credits | undefined {
    const last = this.ledger.lastKnownBalance;
    return last === undefined ? undefined : subCredits(last, this.movedSinceBalance);
  }

  /** The provider reported the balance `reported` (net of everything booked so far). */
  reportedBalance(reported: Credits): void {
    const before = this.ledger.lastKnownBalance;
    if (before === undefined) {
      // The first balance seen: the run started with everything it had already moved.
      this.ledger.noteBalance(addCredits(reported, this.movedSinceBalance));
      this.unresolvable.push(...this.pending);
      this.pending = [];
    } else if (this.pending.length) {
      const unexplained = subCredits(subCredits(before, this.movedSinceBalance), reported);
      this.resolve(unexplained > 0 ? unexplained : ZERO);
    }
    this.movedSinceBalance = ZERO;
    this.ledger.noteBalance(reported);
  }

  /** Unknown charges wait for a balance to settle them. */
  get awaitingBalance(): boolean {
    return this.pending.length > 0;
  }

  /** Credits still unknown (their upper bound): waiting for a balance, or made before any was known. */
  get unresolved(): Credits {
    return [...this.pending, ...this.unresolvable].reduce<Credits>((sum, u) => addCredits(sum, u.upTo), ZERO);
  }

  /**
   * Book `unexplained` against the pending unknown calls, each at most its estimate. One balance
   * tells apart only none charged, all charged in full, or a single call: otherwise each is given
   * its share in proportion to its estimate, marked shared.
   */
  private resolve(unexplained: Credits): void {
    const shares = splitUnexplained(
      unexplained,
      this.pending.map((u) => u.upTo),
    );
    this.pending.forEach((u, i) => {
      const charged = shares.charged[i]!;
      this.ledger.record({
        provider: u.provider,
        operation: `${u.operation}.reconciled`,
        estimated: ZERO,
        charged,
        resolves: u.upTo,
        source: 'balance',
        at: this.now(),
      });
      this.adjustBudget(subCredits(charged, u.upTo));
      u.settled.charged = charged;
      if (shares.shared) u.settled.shared = true;
    });
    this.pending = [];
  }
}

/** `unexplained` over calls that may each have charged up to `upTo[i]`: exact where one balance can tell, else in proportion. */
export function splitUnexplained(unexplained: Credits, upTo: readonly Credits[]): { charged: Credits[]; shared: boolean } {
  const most = upTo.reduce<Credits>((sum, u) => addCredits(sum, u), ZERO);
  if (unexplained <= ZERO) return { charged: upTo.map(() => ZERO), shared: false };
  if (unexplained >= most) return { charged: upTo.slice(), shared: false };
  if (upTo.length === 1) return { charged: [unexplained], shared: false };
  // Proportional, floored to the micro-credit; what the flooring left goes one micro-credit each, oldest first.
  const charged = upTo.map((u) => Number((BigInt(unexplained) * BigInt(u)) / BigInt(most)) as Credits);
  let left = unexplained - charged.reduce((sum, c) => sum + c, 0);
  for (let i = 0; left > 0 && i < charged.length; i++) {
    if (charged[i]! < upTo[i]!) {
      charged[i] = (charged[i]! + 1) as Credits;
      left--;
    }
  }
  return { charged, shared: true };
}
