/**
 * A long list (a 500,000-email batch) checked in slices: zod parses an array by allocating a
 * few hundred bytes of bookkeeping per entry and holds all of it until the array ends, about
 * 165 MB for 500,000 emails. Checked a slice at a time, the same rules give the same issues
 * (paths point at the entry in the whole list) and the bookkeeping never outlives a slice.
 */
import { z } from 'zod';
import { parseWithSchema } from './catalog/schemaParse';

/** Entries checked at once; a list this short or shorter is parsed whole. */
export const LIST_SLICE = 5_000;

export type Parsed<I> = { success: true; data: I } | { success: false; error: { issues: z.ZodIssue[] } };

/** The array a top-level field holds, through optional/nullable/default wrappers. */
function arrayOf(schema: z.ZodTypeAny | undefined): z.ZodArray<z.ZodTypeAny> | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s._def.innerType;
  if (!(s instanceof z.ZodArray)) return undefined;
  // A minimum past one slice could not be checked on the first slice alone.
  return (s._def.minLength?.value ?? 0) > LIST_SLICE ? undefined : s;
}

/** What the whole list breaks of its length rules (the first slice already met the minimum). */
function lengthIssues(field: string, list: readonly unknown[], array: z.ZodArray<z.ZodTypeAny>): z.ZodIssue[] {
  const { maxLength, exactLength } = array._def;
  const limit = exactLength ?? maxLength;
  if (!limit || list.length <= limit.value) return [];
  return [
    {
      code: 'too_big',
      maximum: limit.value,
      type: 'array',
      inclusive: true,
      exact: exactLength !== null,
      message: limit.message ?? `${field} accepts at most ${limit.value} entries`,
      path: [field],
    },
  ];
}

/** `schema.safeParse(input)`, with every top-level list longer than a slice checked slice by slice. */
export function safeParseLongLists<I>(schema: z.ZodType<I>, input: unknown): Parsed<I> {
  if (!(schema instanceof z.ZodObject) || typeof input !== 'object' || input === null || Array.isArray(input)) return parseWithSchema(schema, input);
  const given = input as Record<string, unknown>;
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  const long = Object.keys(given).filter((k) => Array.isArray(given[k]) && (given[k] as unknown[]).length > LIST_SLICE && arrayOf(shape[k]));
  if (long.length === 0) return parseWithSchema(schema, input);
  // Every other field, and each list's first slice, exactly as the whole schema reads them.
  const head: Record<string, unknown> = { ...given };
  for (const k of long) head[k] = (given[k] as unknown[]).slice(0, LIST_SLICE);
  const first = schema.safeParse(head);
  const issues: z.ZodIssue[] = first.success ? [] : [...first.error.issues];
  const data: Record<string, unknown> = first.success ? { ...(first.data as Record<string, unknown>) } : {};
  for (const k of long) {
    const list = given[k] as unknown[];
    const array = arrayOf(shape[k])!;
    issues.push(...lengthIssues(k, list, array));
    const rest = z.array(array.element);
    // The parsed list is the core's own, sized once (growing it entry by entry left ~3 copies' worth of garbage).
    const out = new Array<unknown>(list.length);
    if (first.success) (data[k] as unknown[]).forEach((entry, i) => (out[i] = entry));
    for (let start = LIST_SLICE; start < list.length; start += LIST_SLICE) {
      const slice = rest.safeParse(list.slice(start, start + LIST_SLICE));
      if (slice.success) {
        if (issues.length === 0) slice.data.forEach((entry, i) => (out[start + i] = entry));
      } else {
        for (const issue of slice.error.issues) issues.push({ ...issue, path: [k, (issue.path[0] as number) + start, ...issue.path.slice(1)] });
      }
    }
    data[k] = out;
  }
  return issues.length > 0 ? { success: false, error: { issues } } : { success: true, data: data as I };
}
