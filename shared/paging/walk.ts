/**
 * A list walk seen whole: its bill before it starts (every page it would ask for, each priced as
 * the walk sends it), its pages, its records and what each cost once it ran, and every item of a
 * free read. The client sends each page through its pipeline; this module plans, walks, adds up
 * and shares out.
 */
import { type Bill, billBreakdown, billTotal, mergeBills } from '../catalog/bill';
import type { OperationSpec, PaginationSpec } from '../catalog/types';
import { type Credits, ZERO, credits, toCreditNumber } from '../credits/amount';
import { BudgetExceededError, EnrichflowError } from '../errors';
import { answerLost } from '../pipeline/answer';
import type { CallCredits, CallResult } from '../pipeline/callResult';
import { effectiveInput, type Quote } from '../pipeline/price';
import { SpendLimitError } from '../spend/limits';
import { walkPageSize } from './pageCaps';
import { paginate, plannedOverlays, type FetchedPage, type PageOverlay } from './paginate';
import { walkStart } from './pageStart';
import { shareWalkPage } from './walkCredits';

/** A list walk: its records, what each record's page cost it, and the walk's total. */
export interface WalkResult {
  items: unknown[];
  /**
   * Each record's share of the page that returned it (0.01 each for 150 creators paid 1.5),
   * exact to the micro-credit: summed over the records they equal `credits`. Empty when the
   * walk was asked for no per-item credits (`perItemCredits: false`).
   */
  itemCredits: CallCredits[];
  pages: number;
  credits: CallCredits;
  /** `budget`: the budget or a spend limit refused the next page; `lostAnswer`: a page's answer was lost after others were paid for. */
  stoppedBy?: 'budget' | 'lostAnswer';
  stopReason?: string;
}

/**
 * The bill before a walk to `limit` items: every page it would ask for, each priced as the
 * walk sends it (its page size, its page number), as an upper bound; without a limit (Return
 * All), the first page's price with `perPage` set.
 */
export function quoteWalkOf(
  op: OperationSpec,
  spec: PaginationSpec,
  parsed: Record<string, unknown>,
  opts: { limit?: number; pageSize?: number },
  plan: string | undefined,
): Quote & { pages?: number; perPage?: boolean } {
  const { start, input: sent } = walkStart(spec, parsed);
  const pageSize = walkPageSize(spec, parsed, opts.pageSize);
  const perPage = opts.limit === undefined;
  const overlays = plannedOverlays(spec, { maxItems: opts.limit ?? Math.min(spec.maxPageSize, pageSize ?? spec.defaultPageSize), pageSize, ...start });
  const ctx = { plan };
  const bills = overlays.map((overlay): Bill => {
    const page = effectiveInput(op, sent, overlay);
    return op.cost.quote?.(page, ctx) ?? { lines: { total: op.cost.estimate(page, ctx) } };
  });
  const bill = mergeBills(bills);
  const quote = { credits: toCreditNumber(billTotal(bill)), source: 'model' as const, reason: op.cost.summary, bill: billBreakdown(bill), pages: bills.length };
  return perPage ? { ...quote, perPage: true } : quote;
}

/** One request of a walk, through the client's whole paid pipeline. */
export type PageCall = (input: unknown, overlay: PageOverlay | undefined, opts: { signal?: AbortSignal; noCache?: boolean }) => Promise<CallResult>;

/**
 * The pages of a walk of `op` to `limit` items (all when undefined), never over-fetching: each
 * page one `call`. An operation without paging answers once, cut to the limit.
 */
export async function* walkPages(
  op: OperationSpec,
  parsed: unknown,
  opts: { limit?: number; pageSize?: number; signal?: AbortSignal },
  call: PageCall,
): AsyncGenerator<{ items: unknown[]; result: CallResult }> {
  if (!op.pagination) {
    const result = await call(parsed, undefined, opts);
    const items = Array.isArray(result.data) ? result.data : [result.data];
    yield { items: opts.limit === undefined ? items : items.slice(0, opts.limit), result };
    return;
  }
  // A walk starts where the input asks, in every paging style (a paid page 4 is not the free page 1).
  const { start, input: sent } = walkStart(op.pagination, parsed);
  let last: CallResult | undefined;
  const fetchPage = async (overlay: PageOverlay) => {
    last = await call(sent, overlay, { signal: opts.signal, noCache: true });
    return { data: last.data, body: last.body };
  };
  const pageSize = walkPageSize(op.pagination, parsed, opts.pageSize);
  for await (const page of paginate(op.pagination, fetchPage, { maxItems: opts.limit, pageSize, ...start })) {
    yield { items: page.items, result: last! };
  }
}

/**
 * All items of a walk with the credits it cost, each record carrying its page's share. A budget
 * or spend limit that refuses a later page stops the walk: the pages already paid for are kept.
 */
export async function collectWalk(
  pages: AsyncIterable<{ items: unknown[]; result: CallResult }>,
  billOf: (result: CallResult) => Bill | undefined,
  opts: { perItemCredits?: boolean } = {},
): Promise<WalkResult> {
  // A reader that wants only the items and the walk's total (a 500,000-row batch result) is spared an object per item.
  const perItem = opts.perItemCredits !== false;
  const items: unknown[] = [];
  const itemCredits: CallCredits[] = [];
  /** A page that returned no items: its charge waits for the next item (or the walk's end). */
  let unplaced = { estimated: ZERO, charged: ZERO };
  let pageCount = 0;
  let estimated = ZERO;
  let charged = ZERO;
  let source: CallCredits['source'] = 'model';
  const bills: Bill[] = [];
  let stop: EnrichflowError | undefined;
  try {
    for await (const page of pages) {
      pageCount++;
      items.push(...page.items);
      const pageEstimated = credits(page.result.credits.estimated);
      const pageCharged = credits(page.result.credits.charged);
      estimated = (estimated + pageEstimated) as Credits;
      charged = (charged + pageCharged) as Credits;
      unplaced = { estimated: (unplaced.estimated + pageEstimated) as Credits, charged: (unplaced.charged + pageCharged) as Credits };
      if (page.items.length) {
        if (perItem) itemCredits.push(...shareWalkPage(unplaced, page.items.length, page.result.credits.source));
        unplaced = { estimated: ZERO, charged: ZERO };
      }
      // The provider's report says most, then a charge read from the balance, then the model.
      const paged = page.result.credits.source;
      if (paged === 'provider' || (paged === 'balance' && source === 'model')) source = paged;
      const bill = billOf(page.result);
      if (bill) bills.push(bill);
    }
  } catch (error) {
    // The budget refused the next page, or a page's answer was lost on the way: the pages
    // already paid for are kept, never lost; the lost page's charge (read from the balance) is theirs.
    const refused = error instanceof BudgetExceededError || error instanceof SpendLimitError;
    if (!(refused || (error instanceof EnrichflowError && answerLost(error))) || pageCount === 0) throw error;
    stop = error;
    const lost = credits(stop.charged ?? 0);
    charged = (charged + lost) as Credits;
    unplaced = { ...unplaced, charged: (unplaced.charged + lost) as Credits };
  }
  const walk: CallCredits = { estimated: toCreditNumber(estimated), charged: toCreditNumber(charged), source, fromCache: false };
  if (bills.length) walk.bill = billBreakdown(mergeBills(bills));
  // Pages after the last item that charged anyway (a flat line on an empty page): on the last item.
  if (itemCredits.length && (unplaced.charged !== ZERO || unplaced.estimated !== ZERO)) {
    const last = itemCredits[itemCredits.length - 1]!;
    itemCredits[itemCredits.length - 1] = {
      ...last,
      estimated: toCreditNumber((credits(last.estimated) + unplaced.estimated) as Credits),
      charged: toCreditNumber((credits(last.charged) + unplaced.charged) as Credits),
    };
  }
  const result: WalkResult = { items, itemCredits, pages: pageCount, credits: walk };
  return stop
    ? { ...result, stoppedBy: stop instanceof BudgetExceededError || stop instanceof SpendLimitError ? 'budget' : 'lostAnswer', stopReason: stop.message }
    : result;
}

/** Every item `read` gives, page after page at the largest page size (one read without paging). */
export async function readEveryItem(
  spec: PaginationSpec | undefined,
  read: (overlay: PageOverlay | undefined) => Promise<FetchedPage>,
  pageSize: number | undefined,
): Promise<unknown[]> {
  if (!spec) {
    const { data } = await read(undefined);
    return Array.isArray(data) ? data : [data];
  }
  const items: unknown[] = [];
  for await (const page of paginate(spec, read, { pageSize: pageSize ?? spec.maxPageSize })) items.push(...page.items);
  return items;
}
