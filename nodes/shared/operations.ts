/**
 * How each catalog operation behaves as an n8n operation. Decided from the catalog alone
 * (kind, pagination, batch), so a new provider's operations need no n8n code:
 * - `single`: one call per input item;
 * - `list`: a paginated read, Return All / Limit, one output item per record;
 * - `batch`: all input items become one provider job (Start, or Wait for Completion);
 * - `download`: a file answer (CSV), returned as binary data.
 */
import { type BatchSpec, describeInputFields, type FieldDescriptor, type OperationSpec, type PaginationSpec, type ProviderCatalog } from '../../shared';

export type OperationMode = 'single' | 'list' | 'batch' | 'download';

export interface OperationPlan {
  op: OperationSpec;
  mode: OperationMode;
  /** The fields the user fills in (pagination fields removed for lists; one item's fields for batches). */
  fields: FieldDescriptor[];
  batch?: BatchItemPlan;
}

export interface BatchItemPlan {
  spec: BatchSpec;
  /** Turns one input item's field values into the batch's item. */
  toItem(values: Record<string, unknown>): unknown;
}

/** Fields the paginator owns: the user sets Return All / Limit instead. */
function pagingFields(p: PaginationSpec): string[] {
  switch (p.style) {
    case 'page':
      return [p.pageParam, p.sizeParam];
    case 'bodyPaging':
      return [p.field];
    case 'nextUrl':
      return [p.sizeParam];
    case 'pageNum':
      return ['page[num]', 'page[size]'];
    case 'cursor':
      return ['page[cursor]', 'page[size]'];
  }
}

/**
 * The fields of ONE batch item. The catalog's BatchSpec has no item schema yet (asked for in
 * .notes/n8n-needs.md), so they come from the batch's single-lookup operation of the same
 * resource: a lookup with one field means the item is that value, otherwise the field object.
 */
function batchItemPlan(catalog: ProviderCatalog, spec: BatchSpec): { fields: FieldDescriptor[]; plan: BatchItemPlan } | undefined {
  const submit = catalog.operations.find((o) => o.key === spec.submitOp);
  const single = catalog.operations.find((o) => o.resource === submit?.resource && o.kind === 'lookup' && !o.batch);
  if (!single) return undefined;
  const fields = describeInputFields(single.input);
  if (fields.length === 0) return undefined;
  const lone = fields.length === 1 ? fields[0].name : undefined;
  return {
    fields,
    plan: { spec, toItem: (values) => (lone ? values[lone] : values) },
  };
}

export function planOperation(catalog: ProviderCatalog, op: OperationSpec): OperationPlan {
  const spec = op.kind === 'batchSubmit' && op.batch ? catalog.batches.find((b) => b.name === op.batch && b.submitOp === op.key) : undefined;
  if (spec) {
    const item = batchItemPlan(catalog, spec);
    if (item) return { op, mode: 'batch', fields: item.fields, batch: item.plan };
  }
  const fields = describeInputFields(op.input);
  if (op.pagination) {
    const hidden = new Set(pagingFields(op.pagination));
    return { op, mode: 'list', fields: fields.filter((f) => !hidden.has(f.name)) };
  }
  if (op.kind === 'download' || op.responseType === 'text') return { op, mode: 'download', fields };
  return { op, mode: 'single', fields };
}

export function planCatalog(catalog: ProviderCatalog): OperationPlan[] {
  return catalog.operations.map((op) => planOperation(catalog, op));
}
