/**
 * The book piece: an answer that arrived is priced (the provider's report, the subscription
 * registry or the cost model), its hold on the budget settled to that, and the ledger and the
 * wallet's books told — reservations and settlements of jobs included — so the ledger equals
 * the wallet. An attempt whose answer was lost is booked as an unknown charge, settled from the
 * next balance the provider reports.
 */
import { type Bill, billBreakdown } from '../catalog/bill';
import type { OperationSpec, ProviderCatalog, ResponseMeta } from '../catalog/types';
import { parseWithSchema } from '../catalog/schemaParse';
import type { Clock } from '../clock';
import { type Credits, ZERO, toCreditNumber } from '../credits/amount';
import type { BudgetHold } from '../credits/budget';
import type { CreditSource, Ledger } from '../credits/ledger';
import { measuredCharge } from '../credits/balanceBracket';
import { type UnknownCharge, WalletBooks } from '../credits/reconcile';
import type { PageOverlay } from '../paging/paginate';
import type { SecretRedactor } from '../secrets';
import type { SubscriptionQuote } from '../subscriptions';
import type { CallResult } from './callResult';
import type { JobBooks } from './jobBooks';
import { effectiveInput } from './price';
import type { Sent } from './send';
import { subscriptionCharge, type SubscribedRecords } from './subscribedRecords';

export interface CreditSummary {
  calls: number;
  estimated: number;
  charged: number;
  reserved: number;
  refunded: number;
  fromCache: number;
  balanceBefore?: number;
  balanceAfter?: number;
  /** Charges not yet known (answers lost), at most this much; present only when there are some. */
  unknown?: number;
  byOperation: Record<string, { calls: number; charged: number }>;
}

export interface CallBooksParts {
  provider: ProviderCatalog;
  plan?: string;
  ledger: Ledger;
  clock: Clock;
  jobs: JobBooks;
  /** Present where the catalog declares record subscriptions. */
  subscribed?: SubscribedRecords;
  /** Budget correction when money moves outside a call's hold. */
  adjustBudget(delta: Credits): void;
  /**
   * The client reads the free balance with no other paid call in flight to settle lost answers
   * (pipeline/measured.ts): a balance an answer reports is then not used to settle them.
   */
  settlesFromReads?: boolean;
}

/** What the client does around booking an answer: read the balance after it (a measured charge). */
export interface AroundTheAnswer {
  /** The balance now, for a call whose charge is measured from the balances around it (`CostModel.measured`). */
  readAfter?: () => Promise<Credits | undefined>;
  /**
   * Whether no other paid call was on its way while this one was. A balance the answer reports
   * is the wallet after every charge the provider had carried out, another call's included when
   * one was on its way; taken then as the books' balance, that call's charge would be counted in
   * it twice, or, were that call's answer lost, read as nothing. Absent: quiet.
   */
  quiet?: () => boolean;
}

export class CallBooks {
  // The redactor knows the key: kept where inspection never reaches it.
  readonly #redact: SecretRedactor;
  readonly #books: WalletBooks;
  /** Each paid answer's bill (structured), so a walk can add its pages' bills up. */
  private readonly lastBill = new WeakMap<CallResult, Bill>();

  constructor(
    private readonly parts: CallBooksParts,
    redact: SecretRedactor,
  ) {
    this.#redact = redact;
    this.#books = new WalletBooks(
      parts.ledger,
      () => parts.clock.now(),
      (delta) => parts.adjustBudget(delta),
    );
  }

  /** The structured bill of a paid answer (undefined where the catalog does not price by line). */
  billOf(result: CallResult): Bill | undefined {
    return this.lastBill.get(result);
  }

  /** A paid call whose charge is unknown (its answer was lost): at most its estimate, settled from the next balance. */
  unknownCharge(op: OperationSpec, estimated: Credits): UnknownCharge {
    return this.#books.unknownCharge(this.parts.provider.id, op.key, estimated, this.parts.clock.now());
  }

  /** The provider reported the balance (its free balance operation). */
  reportedBalance(balance: Credits): void {
    this.#books.reportedBalance(balance);
  }

  /** Price a sent call's answer, settle its budget `hold`, and book it; the caller's result. */
  async book<O>(
    op: OperationSpec,
    input: unknown,
    overlay: PageOverlay | undefined,
    sent: Sent,
    estimated: Credits,
    hold: BudgetHold,
    sub: SubscriptionQuote | undefined,
    around: AroundTheAnswer = {},
  ): Promise<CallResult<O>> {
    const { provider, ledger, clock, jobs, subscribed } = this.parts;
    const unwrapped = provider.unwrap(sent.body, sent.response);
    const rawData = unwrapped.data;
    // A provider that echoes the key back (in a request id, say) must not put it in our output.
    const answered: ResponseMeta =
      unwrapped.meta.requestId === undefined ? unwrapped.meta : { ...unwrapped.meta, requestId: this.#redact.text(unwrapped.meta.requestId) };
    // An unreported charge of a bracketed call: what the wallet lost since the read before it.
    const after = around.readAfter && answered.creditsUsed === undefined ? await around.readAfter().catch(() => undefined) : undefined;
    const measured = measuredCharge(this.#books.expectedBalance(), after, estimated);
    const meta: ResponseMeta = measured === undefined ? answered : { ...answered, creditsUsed: measured };
    const parsedOutput = parseWithSchema(op.output, rawData);
    const data = (parsedOutput.success ? parsedOutput.data : rawData) as O;
    const effective = effectiveInput(op, input, overlay);
    const returned = sub && op.subscription ? op.subscription.returned({ data, meta, input: effective }) : [];
    const costCtx = { input: effective, data, response: sent.response, meta, plan: this.parts.plan };
    const modelCharge = (): Credits => (op.cost.actual ? op.cost.actual(costCtx) : (meta.creditsUsed ?? estimated));
    // A subscription operation: the provider's own report, else the registry's (new records ×
    // price); other operations keep their cost model first (a settled read reports its job's
    // settlement in meta, which is booked once per job, not per read).
    const charged = op.subscription && sub ? (meta.creditsUsed ?? subscriptionCharge(op, sub, returned) ?? modelCharge()) : modelCharge();
    const bill = op.cost.billed?.(costCtx);
    // A reservation leaves the wallet like a charge until it is settled, so the budget counts it —
    // the estimate when the provider does not say what it holds; the settlement corrects it.
    const reservedForBudget = meta.creditsReserved ?? op.reserves?.reserved?.(data) ?? (op.reserves ? estimated : ZERO);
    hold.settle((charged + reservedForBudget) as Credits);
    const heldJob = op.reserves?.jobId(data);
    if (heldJob) jobs.held(heldJob, reservedForBudget);
    const source: CreditSource =
      sub?.credits === ZERO && charged === ZERO ? 'subscription' : measured !== undefined ? 'balance' : meta.creditsUsed !== undefined ? 'provider' : 'model';
    if (op.subscription && subscribed && sub) await subscribed.registerAnswer(op, { data, meta, input: effective }, charged, sub);
    // No store round trip where the operation holds or settles no job.
    const reserved = op.reserves ? await jobs.rememberReservation(op, data, meta) : meta.creditsReserved;
    ledger.record({
      provider: provider.id,
      operation: op.key,
      estimated,
      charged,
      reserved,
      source,
      requestId: meta.requestId,
      at: clock.now(),
    });
    const settled = op.settles ? await jobs.bookSettlement(op, input, data, meta) : undefined;
    // What this call moved: its charge and reservation out, a settlement's refund back in.
    this.#books.moved((charged + (reserved ?? ZERO) - (settled?.refunded ?? ZERO)) as Credits);
    // A balance an answer reports was taken when the provider carried that call out: other calls
    // on their way then may be in it or not, so it settles no lost answer a read alone can settle.
    const snapshot = meta.creditsRemaining !== undefined && (around.quiet?.() ?? true) && !(this.parts.settlesFromReads && this.#books.awaitingBalance);
    if (snapshot) this.#books.reportedBalance(meta.creditsRemaining!);
    else if (after !== undefined) this.#books.reportedBalance(after);
    const result: CallResult<O> = {
      data,
      meta: answered,
      body: sent.body,
      requestId: meta.requestId,
      status: sent.response.status,
      attempts: sent.attempts,
      credits: {
        estimated: toCreditNumber(estimated),
        charged: toCreditNumber((charged + (settled?.charged ?? ZERO)) as Credits),
        source,
        fromCache: false,
      },
    };
    if (bill) {
      result.credits.bill = billBreakdown(bill);
      this.lastBill.set(result as CallResult, bill);
    }
    return result;
  }

  /** What the run spent, as the ledger has it; charges not yet known are said apart. */
  summary(): CreditSummary {
    const t = this.parts.ledger.totals();
    const n = (c: Credits | undefined) => (c === undefined ? undefined : toCreditNumber(c));
    const byOperation: CreditSummary['byOperation'] = {};
    for (const [k, v] of Object.entries(t.byOperation)) byOperation[k] = { calls: v.calls, charged: toCreditNumber(v.charged) };
    return {
      calls: t.calls,
      estimated: toCreditNumber(t.estimated),
      charged: toCreditNumber(t.charged),
      reserved: toCreditNumber(t.reserved),
      refunded: toCreditNumber(t.refunded),
      fromCache: t.fromCache,
      balanceBefore: n(t.balanceBefore),
      balanceAfter: n(t.balanceAfter),
      ...(this.#books.unresolved > 0 ? { unknown: toCreditNumber(this.#books.unresolved) } : {}),
      byOperation,
    };
  }
}
