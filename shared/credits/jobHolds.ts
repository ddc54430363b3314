/**
 * What a run's budget counted for each job it submitted. A job's cost counts from the submit —
 * the reservation the provider reports, else the estimate — and the settlement then corrects the
 * budget to what was really charged. Per client, like the budget it corrects.
 */
import { type Credits, subCredits, ZERO } from './amount';

export class JobHolds {
  private readonly held = new Map<string, Credits>();

  /** The budget counted `amount` for `jobId` at submit. */
  remember(jobId: string, amount: Credits): void {
    this.held.set(jobId, amount);
  }

  /**
   * The budget change when `jobId` settles: charged − counted when this run submitted it; a job
   * submitted elsewhere (another run, a resumed execution) gives back only its refund.
   */
  correction(jobId: string, settlement: { charged: Credits; refunded: Credits }): Credits {
    const counted = this.held.get(jobId);
    if (counted === undefined) return subCredits(ZERO, settlement.refunded);
    this.held.delete(jobId);
    return subCredits(settlement.charged, counted);
  }
}
