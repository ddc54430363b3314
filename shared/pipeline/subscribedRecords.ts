/**
 * The subscriptions piece, for providers whose catalog declares `subscriptions` (a record paid
 * for once is free to fetch again until its subscription ends): the registry prices the call
 * instead of the cost model, calls for the same record run one after the other so the second is
 * priced after the first registered it, and what an answer subscribed is registered.
 */
import type { OperationSpec, ResponseMeta } from '../catalog/types';
import { type Credits, ZERO, timesCredits } from '../credits/amount';
import { RecordLocks, type SubscriptionQuote, type SubscriptionRegistry } from '../subscriptions';

/** An answer as the operation's `subscription` reads it. */
export interface SubscribedAnswer {
  data: unknown;
  meta: ResponseMeta;
  /** The input the request really sent (a page's size included). */
  input: unknown;
}

export class SubscribedRecords {
  private readonly recordLocks = new RecordLocks();

  constructor(private readonly registry: SubscriptionRegistry) {}

  /** What the registry says a call of `op` costs, for operations that subscribe records. */
  quote(op: OperationSpec, input: unknown): Promise<SubscriptionQuote> | undefined {
    return op.subscription ? this.registry.quote(op.subscription, input) : undefined;
  }

  /**
   * Run a call of a subscription operation with its records locked, priced by the registry then:
   * a subscribed record is sent (fresh data) rather than answered from a cache.
   */
  locked<R>(op: OperationSpec, input: unknown, call: (sub: SubscriptionQuote | undefined) => Promise<R>): Promise<R> {
    const keys = op.subscription!.requested(input as never).map((id) => `${op.subscription!.recordType}:${id}`);
    return this.recordLocks.run(keys, async () => call(await this.quote(op, input)));
  }

  /** The records the call subscribed, as the registry will remember them. */
  registerAnswer(op: OperationSpec, answer: SubscribedAnswer, charged: Credits, sub: SubscriptionQuote): Promise<void> {
    return this.registry.registerAnswer(op.subscription!, answer, charged, sub.unsubscribed);
  }

  /**
   * A garbled answer was processed: the records a retrieval asked for are subscribed now (the
   * next balance says what that cost), so fetching them again is not booked twice.
   */
  async answerProcessed(op: OperationSpec, input: unknown): Promise<void> {
    if (op.subscription?.mode !== 'retrieve') return;
    await this.registry.register(op.subscription.recordType, op.subscription.requested(input as never)).catch(() => undefined);
  }
}

/**
 * What the registry says a subscription call charged when the provider does not report it:
 * each requested record that was not subscribed and came back (found) started a subscription.
 */
export function subscriptionCharge(op: OperationSpec, sub: SubscriptionQuote | undefined, returned: string[]): Credits | undefined {
  if (!sub || !op.subscription) return undefined;
  if (op.subscription.mode === 'retrieve') {
    const found = new Set(returned);
    return timesCredits(op.subscription.perRecord ?? ZERO, sub.unsubscribed.filter((id) => found.has(id)).length);
  }
  return sub.credits === ZERO ? ZERO : undefined;
}
