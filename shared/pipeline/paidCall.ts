/**
 * The paid path of one call, in order: refuse bad input and learn the balance before the first
 * paid call (or bracket a call whose charge is measured), check balance and budget, hold the
 * estimate, send (throttle, quota, retry), then book the answer — or, when the answer was lost,
 * book an unknown charge and settle it from the balance so it sits on the item it belongs to.
 */
import type { OperationSpec, ProviderCatalog } from '../catalog/types';
import type { CredentialScope } from '../credentials';
import { type Credits, credits, toCreditNumber } from '../credits/amount';
import { checkBalance } from '../credits/budget';
import type { Ledger } from '../credits/ledger';
import type { UnknownCharge } from '../credits/reconcile';
import { AuthError, EnrichflowError } from '../errors';
import type { PageOverlay } from '../paging/paginate';
import { buildRequest } from '../request';
import type { SecretRedactor } from '../secrets';
import type { SpendingGuard } from '../spend/guard';
import type { SubscriptionQuote } from '../subscriptions';
import { answerLost, answerProcessed } from './answer';
import { BalanceFirst } from './balanceFirst';
import type { CallBooks } from './book';
import type { CallResult } from './callResult';
import { MeasuredCharges } from './measured';
import type { Sender, Sent } from './send';
import type { SubscribedRecords } from './subscribedRecords';

export interface PaidCallParts {
  provider: ProviderCatalog;
  baseUrl: string;
  scope: CredentialScope;
  budget: SpendingGuard;
  ledger: Ledger;
  books: CallBooks;
  subscribed?: SubscribedRecords;
  /** Off only for a transport that answers a fixed script, call by call (ClientOptions.readBalanceFirst). */
  readBalanceFirst?: boolean;
  /** Reads the provider's free balance and notes it in the books. */
  balance(): Promise<unknown>;
  /** Reads the provider's free balance without noting it. */
  readBalance(): Promise<Credits | undefined>;
}

export class PaidCalls {
  // The sender holds the key and the redactor knows it: kept where inspection never reaches them.
  readonly #sender: Sender;
  readonly #redact: SecretRedactor;
  private readonly balanceFirst: BalanceFirst;
  private readonly measured: MeasuredCharges;

  constructor(
    private readonly parts: PaidCallParts,
    sender: Sender,
    redact: SecretRedactor,
  ) {
    this.#sender = sender;
    this.#redact = redact;
    const canRead = parts.provider.balance !== undefined && parts.readBalanceFirst !== false;
    this.measured = new MeasuredCharges({ canRead, lastKnownBalance: () => parts.ledger.lastKnownBalance, balance: () => parts.balance() });
    this.balanceFirst = new BalanceFirst(
      () => canRead && parts.ledger.lastKnownBalance === undefined,
      () => this.withNoPaidCallInFlight(() => parts.balance()),
    );
  }

  /** Runs `fn` (a balance read the books note) when no paid call is in flight, keeping new ones out until it ends. */
  withNoPaidCallInFlight<T>(fn: () => Promise<T>): Promise<T> {
    return this.measured.run(true, fn);
  }

  /** Send `op` at most for `estimated` and book what it charged. */
  send<O>(
    op: OperationSpec,
    input: unknown,
    overlay: PageOverlay | undefined,
    opts: { signal?: AbortSignal },
    estimated: Credits,
    sub?: SubscriptionQuote,
  ): Promise<CallResult<O>> {
    // A charge the answer will not report is measured from the balances around the call.
    const measure = this.measured.measures(op, estimated);
    return this.measured.run(measure, () => this.sendOnce<O>(op, input, overlay, opts, estimated, sub, measure));
  }

  private async sendOnce<O>(
    op: OperationSpec,
    input: unknown,
    overlay: PageOverlay | undefined,
    opts: { signal?: AbortSignal },
    estimated: Credits,
    sub: SubscriptionQuote | undefined,
    measure: boolean,
  ): Promise<CallResult<O>> {
    const { budget, books, ledger } = this.parts;
    // The first paid call learns the balance first (a free read), so a charge whose answer is
    // lost can always be settled from the balances around it and summary() ends equal to the wallet.
    // Batch jobs are left to the provider (a job short of credits pauses, to be resumed after a
    // top-up) and resolve a lost submit from the provider's own records (batch/submitOutcome.ts).
    const budgetLeft = budget.remaining();
    let bracketed = false;
    if (estimated > 0 && !op.batch && (budgetLeft === undefined || estimated <= budgetLeft)) {
      // Bad input (a rule only the request builder checks) is refused before anything is sent.
      buildRequest(this.parts.baseUrl, op, input, overlay, this.parts.scope.partsFor(op));
      if (measure)
        bracketed = await this.parts.balance().then(
          (b) => b !== undefined,
          (error: unknown) => (error instanceof AuthError ? Promise.reject(error) : false),
        );
      else await this.balanceFirst.before();
    }
    // Refuse before sending when the known balance or the run's budget cannot cover the estimate.
    checkBalance(estimated, ledger.lastKnownBalance);
    const hold = await budget.holdWithLimits(estimated);
    // An attempt whose answer was lost may have been charged even when a retry then succeeds
    // (a retry-safe call is charged at most once in all, but maybe by the lost attempt): booked
    // as an unknown charge, settled from the next balance, and counted by the budget meanwhile.
    const lost: UnknownCharge[] = [];
    const lostAttempt = () => {
      if (estimated <= 0) return;
      budget.adjust(estimated);
      lost.push(books.unknownCharge(op, estimated));
    };
    let sent: Sent | undefined;
    let result: CallResult<O>;
    try {
      // In flight until its charge is in the books: a balance read before that could not tell
      // this call's charge from a lost answer's.
      result = await this.measured.paid(
        estimated,
        measure,
        async (quiet) => {
          sent = await this.#sender.send(op, input, overlay, opts.signal, lostAttempt);
          // An unreported charge of a bracketed call: what the wallet lost since the read before it.
          return await books.book<O>(op, input, overlay, sent, estimated, hold, sub, {
            readAfter: bracketed ? () => this.parts.readBalance() : undefined,
            quiet,
          });
        },
        opts.signal,
      );
    } catch (error) {
      if (sent) throw error;
      if (estimated > 0 && answerLost(error)) {
        // The provider may have charged: the budget counts the estimate, the books an unknown charge.
        hold.settle(estimated);
        lost.push(books.unknownCharge(op, estimated));
        if (answerProcessed(error)) await this.parts.subscribed?.answerProcessed(op, input);
      } else hold.release();
      // What the lost answers cost, on this item's error (an answer lost for good charges the item too).
      const settled = await this.measured.settleLost(lost, measure);
      const failure = this.#redact.error(error);
      if (settled !== undefined && settled.charged > 0 && failure instanceof EnrichflowError) {
        failure.charged = toCreditNumber(settled.charged);
        failure.chargedSource = 'balance';
        if (settled.shared) failure.chargeShared = true;
      }
      throw failure;
    }
    // Attempts whose answers were lost before this one arrived: their charges are this item's too.
    const lostCharged = lost.length ? await this.measured.settleLost(lost, measure) : undefined;
    if (lostCharged !== undefined && lostCharged.charged > 0) {
      result.credits.charged = toCreditNumber((credits(result.credits.charged) + lostCharged.charged) as Credits);
      if (lostCharged.shared) result.credits.shared = true;
    }
    return result;
  }
}
