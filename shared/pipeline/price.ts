/**
 * The price piece: what a call may cost before it is sent (an upper bound, and why), from the
 * operation's cost model — on the input the request really sends, with the price the provider
 * lists where the catalog says to read it (`priceFrom`) — or from the subscription registry.
 */
import { type BillBreakdown, billBreakdown } from '../catalog/bill';
import type { OperationSpec } from '../catalog/types';
import { type Credits, toCreditNumber } from '../credits/amount';
import type { PageOverlay } from '../paging/paginate';
import type { SubscriptionQuote } from '../subscriptions';

/** An estimate with its reason: what a call may cost before it is sent, and why. */
export interface Quote {
  credits: number;
  /** Who decides: the cost model, or the record-subscription registry. */
  source: 'model' | 'subscription';
  reason: string;
  /** The upper bound itemised, when the catalog prices by line. */
  bill?: BillBreakdown;
  /** Requested records already subscribed / not yet subscribed (subscription operations). */
  subscribed?: string[];
  unsubscribed?: string[];
}

/** The quote of a validated input: the registry's where it decides (`sub.credits`), else the cost model's. */
export function quoteOf(op: OperationSpec, input: unknown, plan: string | undefined, sub: SubscriptionQuote | undefined): Quote {
  const ctx = { plan };
  if (sub?.credits !== undefined) {
    return { credits: toCreditNumber(sub.credits), source: 'subscription', reason: sub.reason, subscribed: sub.subscribed, unsubscribed: sub.unsubscribed };
  }
  const credits = toCreditNumber(op.cost.estimate(input, ctx));
  const bill = op.cost.quote?.(input, ctx);
  return {
    credits,
    source: 'model',
    reason: op.cost.summary,
    ...(bill ? { bill: billBreakdown(bill) } : {}),
    ...(sub ? { subscribed: sub.subscribed, unsubscribed: sub.unsubscribed } : {}),
  };
}

/** The cost model's estimate of one request (a page of a walk priced as that page is sent). */
export function estimateOf(op: OperationSpec, input: unknown, overlay: PageOverlay | undefined, plan: string | undefined): Credits {
  return op.cost.estimate(effectiveInput(op, input, overlay), { plan });
}

/** The input a page request really sends, so per-page estimates see the page size. */
export function effectiveInput(op: OperationSpec, input: unknown, overlay: PageOverlay | undefined): unknown {
  // A next-page URL carries its own cursor; the overlay's query still says the page size it asks.
  if (!overlay || typeof input !== 'object' || input === null) return input;
  const merged = { ...(input as Record<string, unknown>), ...overlay.query, ...overlay.body };
  const reparsed = op.input.safeParse(merged);
  return reparsed.success ? reparsed.data : input;
}

/**
 * Prices read from the provider's free price lists, by price-list operation: read once per
 * client (a failed read is asked again next time), and put into inputs that state less.
 */
export class ListedPrices {
  private readonly listed = new Map<string, Promise<number | undefined>>();

  /** `readList` calls the free price-list operation (through the whole pipeline, uncached). */
  constructor(private readonly readList: (op: string) => Promise<{ data: unknown }>) {}

  /** The input with the price the provider lists for it (see `OperationSpec.priceFrom`). */
  async withListedPrice<I>(op: OperationSpec, input: I): Promise<I> {
    const spec = op.priceFrom;
    if (!spec || typeof input !== 'object' || input === null) return input;
    let listed = this.listed.get(spec.op);
    if (!listed) {
      listed = this.readList(spec.op).then((r) => spec.read(r.data));
      this.listed.set(spec.op, listed);
      listed.catch(() => this.listed.delete(spec.op));
    }
    const price = await listed;
    const own = (input as Record<string, unknown>)[spec.field];
    if (price === undefined || (typeof own === 'number' && own >= price)) return input;
    return { ...input, [spec.field]: price };
  }
}
