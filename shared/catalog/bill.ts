/**
 * A bill: what a call costs, itemised the way the provider itemises it in its own logs. Flat
 * lines (`base_cost`, `live_fetch`, `sort_by`) are charged once per call; a list priced per
 * item adds `items` (the items' total), `items_count` and `items_breakdown` (one item's lines).
 * The same shape serves the estimate before a call and the charge read back after it.
 */
import { type Credits, ZERO, addCredits, timesCredits, toCreditNumber } from '../credits/amount';

export interface Bill {
  /** Charged once per call, by the provider's line name. */
  lines: Record<string, Credits>;
  /** Charged per item returned: every item carries the same lines. */
  items?: { count: number; each: Record<string, Credits> };
}

/** A bill as a plain object (credits as numbers) for output items and logs. */
export type BillBreakdown = Record<string, number | Record<string, number>>;

export const EMPTY_BILL: Bill = { lines: {} };

function sum(lines: Record<string, Credits>): Credits {
  return addCredits(...Object.values(lines));
}

/** What the per-item part of a bill costs. */
export function itemsTotal(bill: Bill): Credits {
  return bill.items ? timesCredits(sum(bill.items.each), bill.items.count) : ZERO;
}

export function billTotal(bill: Bill): Credits {
  return addCredits(sum(bill.lines), itemsTotal(bill));
}

function numbers(lines: Record<string, Credits>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, amount] of Object.entries(lines)) out[name] = toCreditNumber(amount);
  return out;
}

/**
 * The provider's itemisation: flat lines, then `items`, `items_count`, `items_breakdown` when
 * the call priced items. Zero lines are left out, as a provider leaves out what it did not bill.
 */
export function billBreakdown(bill: Bill): BillBreakdown {
  const out: BillBreakdown = numbers(nonZero(bill.lines));
  if (bill.items) {
    out.items = toCreditNumber(itemsTotal(bill));
    out.items_count = bill.items.count;
    out.items_breakdown = numbers(nonZero(bill.items.each));
  }
  return out;
}

function nonZero(lines: Record<string, Credits>): Record<string, Credits> {
  const out: Record<string, Credits> = {};
  for (const [name, amount] of Object.entries(lines)) if (amount !== ZERO) out[name] = amount;
  return out;
}

/**
 * The bill of several calls of one operation (the pages of a walk): flat lines add up, items
 * add up; each item's breakdown is the same on every page, so the first one stands.
 */
export function mergeBills(bills: readonly Bill[]): Bill {
  const lines: Record<string, Credits> = {};
  let items: Bill['items'];
  for (const bill of bills) {
    for (const [name, amount] of Object.entries(bill.lines)) lines[name] = addCredits(lines[name] ?? ZERO, amount);
    if (bill.items) items = items ? { count: items.count + bill.items.count, each: pickRicher(items.each, bill.items.each) } : { ...bill.items };
  }
  return items ? { lines, items } : { lines };
}

// A page that returned nothing still states its per-item lines; keep the fuller breakdown.
function pickRicher(a: Record<string, Credits>, b: Record<string, Credits>): Record<string, Credits> {
  return Object.keys(b).length > Object.keys(a).length ? b : a;
}
