/**
 * Per-parameter pricing: a call priced as named lines, each switched on by the input (a premium
 * parameter set to include), priced per unit (possibly by plan), and billed only for what the
 * answer actually carries — "parameters that return nothing are not billed". A list can add
 * lines charged per item returned. From one description come the estimate (an upper bound:
 * every asked-for line at its most units), the bill read back, and the summary the UI shows.
 */
import type { CostContext, CostModel, PricingContext } from './types';
import { type Bill, billTotal } from './bill';
import { type Credits, credits, timesCredits } from '../credits/amount';
import { arrayAt, valueAt } from './read';

/** A price per unit: a number, or one that depends on the account's plan. */
export type Price = number | PlanPrice;

/** A per-plan price; `otherwise` for plans not named and when the plan is not known. */
export interface PlanPrice {
  plans: Record<string, number>;
  otherwise: number;
}

export interface Charge<I> {
  /** The provider's name for the line in its bill (`base_cost`, `extra_data`, `live_fetch`). */
  line: string;
  price: Price;
  /** Whether the input asks for this line at all; default always. */
  when?(input: I): boolean;
  /** Units billed, read from the answer (0 = returned nothing, not billed); default 1. */
  billed?(data: unknown, input: I): number;
  /** Most units the call can bill, decided before it; default 1. */
  upTo?(input: I): number;
  /** How the line reads in the cost formula ("if extra=include and data is returned"). */
  note?: string;
}

export interface PerItemPricing<I> {
  /** Singular noun of what is priced per item ("employee"). */
  noun: string;
  /** Most items the call can return (the page size asked for). */
  upTo(input: I): number;
  /** Items the answer returned. */
  returned(data: unknown): number;
  /** Lines charged for every item; a line's `billed` is not consulted per item. */
  charges: Charge<I>[];
}

export interface Pricing<I> {
  /** Lines charged once per call. */
  perCall: Charge<I>[];
  perItem?: PerItemPricing<I>;
  /** Appended to the generated formula (e.g. "nothing on any error"). */
  footnote?: string;
}

/** A price from the plan's table, or `otherwise` for any other (or unknown) plan. */
export function byPlan(plans: Record<string, number>, otherwise: number): PlanPrice {
  return { plans, otherwise };
}

/** `when` for a parameter set to one of `values`. */
export function param<I>(field: string, ...values: unknown[]): (input: I) => boolean {
  return (input) => values.includes((input as Record<string, unknown>)[field]);
}

/** `when` for a parameter given at all (a filter with any value). */
export function given<I>(field: string): (input: I) => boolean {
  return (input) => {
    const v = (input as Record<string, unknown>)[field];
    return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  };
}

function present(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).some(present);
  return true;
}

/** `billed`: 1 when any of the paths carries data (a non-empty value), else 0. */
export function ifReturned(...paths: string[][]): (data: unknown) => number {
  return (data) => (paths.some((path) => present(valueAt(data, ...path))) ? 1 : 0);
}

/** `billed`: one unit per entry of the list at `path` (per number, per email returned). */
export function perEntry(...path: string[]): (data: unknown) => number {
  return (data) => arrayAt(data, ...path).filter(present).length;
}

function priceOf(price: Price, plan: string | undefined): Credits {
  if (typeof price === 'number') return credits(price);
  const named = plan !== undefined && Object.prototype.hasOwnProperty.call(price.plans, plan);
  return credits(named ? price.plans[plan]! : price.otherwise);
}

function estimateLines<I>(charges: Charge<I>[], input: I, plan: string | undefined): Record<string, Credits> {
  const lines: Record<string, Credits> = {};
  for (const c of charges) if (c.when?.(input) ?? true) lines[c.line] = timesCredits(priceOf(c.price, plan), c.upTo?.(input) ?? 1);
  return lines;
}

function billedLines<I>(charges: Charge<I>[], ctx: CostContext<I>): Record<string, Credits> {
  const lines: Record<string, Credits> = {};
  for (const c of charges) {
    if (!(c.when?.(ctx.input) ?? true)) continue;
    const units = c.billed ? c.billed(ctx.data, ctx.input) : 1;
    if (units > 0) lines[c.line] = timesCredits(priceOf(c.price, ctx.plan), units);
  }
  return lines;
}

function priceText(price: Price): string {
  if (typeof price === 'number') return String(price);
  const named = Object.entries(price.plans).map(([plan, n]) => `${n} on ${plan}`);
  return `${[...named, `${price.otherwise} on other plans`].join(', ')}`;
}

function formula<I>(charges: Charge<I>[]): string {
  return charges.map((c) => `${c.line} ${priceText(c.price)}${c.note ? ` (${c.note})` : ''}`).join(' + ');
}

/** The cost formula a user reads in the operation's description. */
export function pricingSummary<I>(pricing: Pricing<I>): string {
  const parts: string[] = [];
  if (pricing.perCall.length) parts.push(formula(pricing.perCall));
  if (pricing.perItem) parts.push(`per ${pricing.perItem.noun} returned: ${formula(pricing.perItem.charges)}`);
  const text = parts.join('; ') || 'Free';
  return pricing.footnote ? `${text}; ${pricing.footnote}` : text;
}

/**
 * A cost model from per-parameter pricing. The provider's own report (meta.creditsUsed), when it
 * gives one, still wins for the total; the bill is then the model's itemisation of the answer.
 */
export function priced<I>(pricing: Pricing<I>, summary = pricingSummary(pricing)): CostModel<I> {
  const quote = (input: I, ctx: PricingContext = {}): Bill => {
    const bill: Bill = { lines: estimateLines(pricing.perCall, input, ctx.plan) };
    if (pricing.perItem) bill.items = { count: pricing.perItem.upTo(input), each: estimateLines(pricing.perItem.charges, input, ctx.plan) };
    return bill;
  };
  const billed = (ctx: CostContext<I>): Bill => {
    const bill: Bill = { lines: billedLines(pricing.perCall, ctx) };
    if (pricing.perItem) {
      const each = estimateLines(pricing.perItem.charges, ctx.input, ctx.plan);
      bill.items = { count: pricing.perItem.returned(ctx.data), each };
    }
    return bill;
  };
  return {
    summary,
    quote,
    billed,
    estimate: (input, ctx) => billTotal(quote(input, ctx)),
    actual: (ctx) => ctx.meta.creditsUsed ?? billTotal(billed(ctx)),
  };
}
