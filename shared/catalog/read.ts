/**
 * Reading provider answers without trusting their shape: every reader returns undefined (or an
 * empty list) as soon as a step is missing, so a provider renaming or nulling a field degrades a
 * result instead of crashing a run. Also the small identity helpers batches and caches share.
 */
import { z } from 'zod';
import { eachFirstOccurrence } from './distinct';

export const DAY_MS = 24 * 60 * 60 * 1000;

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `valueAt(data, 'pagination', 'totalPages')`; undefined as soon as a step is missing. */
export function valueAt(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const rec = asRecord(current);
    if (!rec) return undefined;
    current = rec[key];
  }
  return current;
}

export function numberAt(value: unknown, ...path: string[]): number | undefined {
  const v = valueAt(value, ...path);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const v = valueAt(value, ...path);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function arrayAt(value: unknown, ...path: string[]): unknown[] {
  const v = path.length ? valueAt(value, ...path) : value;
  return Array.isArray(v) ? v : [];
}

/**
 * The cache identity of a lookup for providers that treat inputs case-insensitively: `Bob@Acme.com`
 * after `bob@acme.com` is the same, already paid record.
 */
export function caseInsensitiveKey(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = typeof v === 'string' ? v.trim().toLowerCase() : v;
  return out;
}

/** Number of distinct values after trimming and lower-casing (how providers dedupe batches). */
export function uniqueCount(values: readonly (string | undefined)[]): number {
  return eachFirstOccurrence(values, normalizeKey);
}

/** Trimmed, lower-cased text; '' for anything else (a batch item key). */
export const normalizeKey = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/** Keep the first of each duplicate key (what a deduping provider would charge once anyway). */
export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const out: T[] = [];
  eachFirstOccurrence(items, key, (item) => out.push(item));
  return out;
}

/**
 * A batch's texts as the provider takes them: trimmed, the first of each key kept, in one pass.
 * A list with nothing to trim or drop comes back as it is (the request's validation makes the
 * copy the core sends from); otherwise one list of exactly the kept texts.
 */
export function distinctTrimmed(items: readonly string[], key: (item: string) => string): readonly string[] {
  let out: string[] | undefined;
  let kept = 0;
  // Trimmed before keyed, so an entry that is not text fails here as it would in a plain map.
  eachFirstOccurrence(
    items,
    (item) => key(item.trim()),
    (item, index) => {
      const text = item.trim();
      if (!out && (index !== kept || text !== item)) {
        out = new Array<string>(items.length);
        for (let i = 0; i < kept; i++) out[i] = items[i]!;
      }
      if (out) out[kept] = text;
      kept++;
    },
  );
  if (!out) return kept === items.length ? items : items.slice(0, kept);
  out.length = kept;
  return out;
}

/**
 * An output schema for a response's `data`: every field optional and nullable, unknown fields
 * kept, so a provider adding or nulling a field never breaks a workflow.
 */
export function lenient<T extends z.ZodRawShape>(shape: T) {
  const out: Record<string, z.ZodTypeAny> = {};
  for (const [k, v] of Object.entries(shape)) out[k] = (v as z.ZodTypeAny).nullish();
  return z.object(out as { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> }).passthrough();
}
