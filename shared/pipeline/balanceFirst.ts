/**
 * The budget piece's balance read, for providers whose catalog has a free balance operation: the
 * first paid call learns the balance first, so a charge whose answer is lost can always be
 * settled from the balances around it and the run's summary ends equal to the wallet.
 */
import { AuthError } from '../errors';

export class BalanceFirst {
  /** The one balance read before the first paid call. */
  private balanceRead: Promise<AuthError | undefined> | undefined;

  constructor(
    /** Whether to read at all: a catalog with a balance operation, not turned off, no balance known yet. */
    private readonly needed: () => boolean,
    private readonly readBalance: () => Promise<unknown>,
  ) {}

  /** Reads the balance once, before the first paid call; a refused key refuses the paid call too. */
  before(): Promise<void> {
    if (!this.needed()) return Promise.resolve();
    // A balance that cannot be read now leaves the call as it was (reconciled from later
    // balances) — but a refused key is refused once: the paid call is not sent after it.
    this.balanceRead ??= this.readBalance().then(
      () => undefined,
      (error: unknown) => (error instanceof AuthError ? error : undefined),
    );
    return this.balanceRead.then((refused) => {
      if (refused) throw refused;
    });
  }
}
