/**
 * The bill before anything is sent: one call's upper-bound estimate, itemised when the catalog
 * prices by line, and a walk's — every page it would ask for, at the page size it would choose.
 */
import { type Bill, type BillBreakdown, billBreakdown, billTotal, mergeBills } from './catalog/bill';
import type { OperationSpec, PricingContext } from './catalog/types';
import { toCreditNumber } from './credits/amount';
import { walkPageSize } from './pageCaps';
import { choosePageSize } from './paginate';

/** A cost before the call: the upper-bound total and, when the catalog prices by line, its lines. */
export interface Quote {
  credits: number;
  bill?: BillBreakdown;
}

/** A walk's quote: `pages` it would send; `perPage` when the walk has no limit (one page's price). */
export type WalkQuote = Quote & { pages?: number; perPage?: boolean };

export function quoteCall(op: OperationSpec, input: unknown, ctx: PricingContext): Quote {
  const total = toCreditNumber(op.cost.estimate(input, ctx));
  const bill = op.cost.quote?.(input, ctx);
  return bill ? { credits: total, bill: billBreakdown(bill) } : { credits: total };
}

export function quoteWalk(op: OperationSpec, input: Record<string, unknown>, ctx: PricingContext, opts: { limit?: number; pageSize?: number }): WalkQuote {
  const spec = op.pagination;
  const sizeParam = spec && (spec.style === 'page' || spec.style === 'nextUrl') ? spec.sizeParam : undefined;
  if (!spec || !sizeParam) return quoteCall(op, input, ctx);
  const size = choosePageSize(spec, { maxItems: opts.limit, pageSize: walkPageSize(spec, input, opts.pageSize) });
  const pageQuote = (rows: number): Bill => {
    const page = { ...input, [sizeParam]: rows };
    return op.cost.quote?.(page, ctx) ?? { lines: { total: op.cost.estimate(page, ctx) } };
  };
  if (opts.limit === undefined) {
    const bill = pageQuote(size);
    return { credits: toCreditNumber(billTotal(bill)), bill: billBreakdown(bill), pages: 1, perPage: true };
  }
  // Full pages, then the last one asking only for what is missing (as the walk does).
  const full = Math.floor(opts.limit / size);
  const rest = opts.limit % size;
  const bill = mergeBills([...Array.from({ length: full }, () => pageQuote(size)), ...(rest ? [pageQuote(rest)] : [])]);
  return { credits: toCreditNumber(billTotal(bill)), bill: billBreakdown(bill), pages: full + (rest ? 1 : 0) };
}
