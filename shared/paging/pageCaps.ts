/**
 * Page sizes that depend on the input: a provider may allow 200 rows per page, but only 10 when
 * each row is an enriched profile. The cap is checked before anything is sent (a clear error,
 * nothing spent) and applied when a walk chooses its page size.
 */
import type { OperationSpec, PageSizeCap, PaginationSpec } from '../catalog/types';
import { ValidationError } from '../errors';

function sizeParamOf(spec: PaginationSpec): string | undefined {
  return spec.style === 'page' || spec.style === 'nextUrl' ? spec.sizeParam : undefined;
}

/** The tightest page size this input allows: the input-dependent cap, else the style's own maximum. */
export function pageSizeCap(spec: PaginationSpec, input: unknown): PageSizeCap | undefined {
  return spec.maxPageSizeFor?.(input);
}

/** Refuse an input whose own page size is above the cap its other fields impose. */
export function checkPageSizeCap(providerName: string, op: OperationSpec, input: unknown): void {
  const spec = op.pagination;
  if (!spec) return;
  const cap = pageSizeCap(spec, input);
  const param = sizeParamOf(spec);
  if (!cap || !param) return;
  const asked = (input as Record<string, unknown> | undefined)?.[param];
  if (typeof asked !== 'number' || asked <= cap.max) return;
  const rule = `must be at most ${cap.max} when ${cap.because}`;
  throw new ValidationError(
    `${providerName} "${op.displayName}": invalid input — ${param}: ${rule} (got ${asked}). Nothing was sent and no credits were spent.`,
    [{ field: param, rule }],
  );
}

/**
 * The page size a walk asks for: the caller's, else the one the input states, else the style's
 * default — never above the input-dependent cap (the style's maximum is applied by paginate).
 */
export function walkPageSize(spec: PaginationSpec, input: unknown, explicit: number | undefined): number | undefined {
  const param = sizeParamOf(spec);
  const stated = param ? (input as Record<string, unknown> | undefined)?.[param] : undefined;
  const cap = pageSizeCap(spec, input)?.max;
  const chosen = explicit ?? (typeof stated === 'number' ? stated : undefined);
  if (cap === undefined) return chosen;
  return Math.min(chosen ?? spec.defaultPageSize, cap);
}

/**
 * A single call of a paged operation sends the page size its estimate assumed: left empty, the
 * provider would choose its own default (EnrichLayer's search: 100 rows, each paid for) where
 * the estimate counted the catalog's default. Inputs whose schema has no page size stay as they are.
 */
export function withSentPageSize<I>(op: OperationSpec, input: I): I {
  const spec = op.pagination;
  const param = spec && sizeParamOf(spec);
  if (!spec || !param || typeof input !== 'object' || input === null || (input as Record<string, unknown>)[param] !== undefined) return input;
  const size = Math.min(walkPageSize(spec, input, undefined) ?? spec.defaultPageSize, spec.maxPageSize);
  const filled = op.input.safeParse({ ...(input as Record<string, unknown>), [param]: size });
  return filled.success ? (filled.data as I) : input;
}
