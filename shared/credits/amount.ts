/**
 * Credit amounts are integers of micro-credits, so that 0.01 + 0.03 + … adds up exactly
 * (influencers.club charges 0.01 per creator; floats drift after a few hundred of those).
 */
export type Credits = number & { readonly __unit: 'micro-credits' };

const SCALE = 1_000_000;

/** From a provider's number of credits (may be fractional, may be a numeric string). */
export function credits(amount: number | string): Credits {
  const n = typeof amount === 'string' ? Number(amount) : amount;
  if (!Number.isFinite(n)) throw new RangeError(`not a credit amount: ${String(amount)}`);
  return Math.round(n * SCALE) as Credits;
}

/** A provider's number when it gave one; undefined (unknown, never 0) when it did not. */
export function optionalCredits(amount: number | undefined): Credits | undefined {
  return amount === undefined ? undefined : credits(amount);
}

export const ZERO = 0 as Credits;

export function toCreditNumber(c: Credits): number {
  return c / SCALE;
}

export function addCredits(...amounts: Credits[]): Credits {
  let total = 0;
  for (const a of amounts) total += a;
  return total as Credits;
}

export function subCredits(a: Credits, b: Credits): Credits {
  return (a - b) as Credits;
}

export function timesCredits(a: Credits, count: number): Credits {
  if (!Number.isInteger(count)) throw new RangeError('count must be an integer');
  return (a * count) as Credits;
}

export function maxCredits(a: Credits, b: Credits): Credits {
  return (a > b ? a : b) as Credits;
}

/** "1.03" — for messages and output items. */
export function formatCredits(c: Credits): string {
  return String(toCreditNumber(c));
}

/**
 * `total` shared by `n` items, exact to the micro-credit: every share is within one micro-credit
 * of the others (the first ones carry the remainder) and the shares sum to `total`.
 */
export function shareCredits(total: Credits, n: number): Credits[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('shares must be a whole number of at least 1');
  const sign = total < 0 ? -1 : 1;
  const magnitude = Math.abs(total);
  const base = Math.floor(magnitude / n);
  const rest = magnitude - base * n;
  return Array.from({ length: n }, (_, i) => (sign * (base + (i < rest ? 1 : 0))) as Credits);
}
