/**
 * The Credit Budget and the team's spend limits as one piece of the call pipeline: a call holds
 * its estimate against both before it is sent, and whatever settles or corrects the budget
 * settles or corrects the limits too. The budget may be the client's own or one shared by
 * several clients (a waterfall's); the limiter belongs to the client's provider.
 */
import type { Credits } from '../credits/amount';
import type { BudgetGuard, BudgetHold } from '../credits/budget';
import type { SpendLimiter } from './limiter';

export class SpendingGuard {
  constructor(
    private readonly run: BudgetGuard,
    private readonly limiter?: SpendLimiter,
  ) {}

  /** The run's budget first (no store round trip when it refuses), then the shared limits. */
  async holdWithLimits(estimate: Credits): Promise<BudgetHold> {
    const run = this.run.hold(estimate);
    if (!this.limiter) return run;
    let shared: BudgetHold;
    try {
      shared = await this.limiter.hold(estimate);
    } catch (error) {
      run.release();
      throw error;
    }
    return {
      settle: (actual) => {
        run.settle(actual);
        shared.settle(actual);
      },
      release: () => {
        run.release();
        shared.release();
      },
    };
  }

  adjust(delta: Credits): void {
    this.run.adjust(delta);
    this.limiter?.adjust(delta);
  }

  remaining(): Credits | undefined {
    return this.run.remaining();
  }

  spent(): Credits {
    return this.run.spent();
  }
}
