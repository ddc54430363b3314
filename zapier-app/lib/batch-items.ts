/**
 * The "Start batch" create shows the submit operation's fields (emails, leads, …) but the core's
 * startBatch takes items. BatchSpec says items → input (submitInput), not the way back, so the
 * items are read off the input's list fields and the catalog's own submitInput must rebuild the
 * same lists from them before anything is sent; otherwise the action refuses to run.
 * (Asked of the core: BatchSpec.itemsFromInput — see .notes/zapier-needs.md.)
 */
import { canonicalJson, ValidationError, type BatchSpec } from '../../shared';

/** Input fields submitInput adds only when given a callback URL (e.g. `webhookUrl`). */
export function callbackFields(spec: BatchSpec): string[] {
  const without = Object.keys(asRecord(spec.submitInput([], undefined)));
  return Object.keys(asRecord(spec.submitInput([], 'https://callback.invalid/'))).filter((k) => !without.includes(k));
}

export function itemsFromInput(spec: BatchSpec, input: Record<string, unknown>, providerId: string): unknown[] {
  const skip = new Set(callbackFields(spec));
  const fields = Object.keys(input).filter((k) => !skip.has(k) && !isEmpty(input[k]));
  const lists = fields.filter((k) => Array.isArray(input[k]));
  const items =
    lists.length === 1
      ? [...(input[lists[0]!] as unknown[])]
      : lists.flatMap((k) => (input[k] as unknown[]).map((v) => ({ [singular(k)]: v })));

  const rebuilt = asRecord(spec.submitInput(items, undefined));
  const lost = fields.filter((k) => !sameEntries(input[k], rebuilt[k]));
  if (lost.length > 0) {
    throw new ValidationError(
      `${spec.displayName}: the catalog cannot rebuild field(s) ${lost.join(', ')} from batch items; nothing was sent`,
      lost.map((field) => ({ field, rule: 'not expressible as batch items' })),
      { provider: providerId },
    );
  }
  return items;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0);
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

/** Same entries, ignoring order, case and the duplicates the provider removes anyway. */
function sameEntries(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return canonicalJson(a) === canonicalJson(b);
  const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : canonicalJson(v).toLowerCase());
  const x = new Set(a.map(norm));
  const y = new Set(b.map(norm));
  return x.size === y.size && [...x].every((v) => y.has(v));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
