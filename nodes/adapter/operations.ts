/**
 * How each catalog operation behaves as an n8n operation. Decided from the catalog alone
 * (kind, pagination, batch), so a new provider's operations need no n8n code:
 * - `single`: one call per input item;
 * - `list`: a paginated read, Return All / Limit, one output item per record;
 * - `batch`: all input items become one provider job (Start, or Wait for Completion);
 * - `download`: a file answer (CSV), returned as binary data;
 * - `records`: the provider takes many records per request: all items go out as few
 *   requests, each answer back on its own item.
 */
import { type BatchSpec, describeInputFields, type FieldDescriptor, type OperationSpec, pagingFieldNames, type ProviderCatalog } from '@enrichflow/core';

export type OperationMode = 'single' | 'list' | 'batch' | 'download' | 'records';

export interface OperationPlan {
  op: OperationSpec;
  mode: OperationMode;
  /** The fields the user fills in (pagination fields removed for lists; one item's fields for batches). */
  fields: FieldDescriptor[];
  batch?: BatchItemPlan;
}

export interface BatchItemPlan {
  spec: BatchSpec;
  /** The single operation whose input is ONE batch item: its fields and rules are the node's. */
  itemOp: OperationSpec;
}

/** The catalog names the operation whose input is one item of the batch (`BatchSpec.itemOp`). */
function batchItemOp(catalog: ProviderCatalog, spec: BatchSpec): OperationSpec {
  const itemOp = catalog.operations.find((o) => o.key === spec.itemOp);
  if (!itemOp) throw new Error(`${catalog.id}: batch "${spec.name}" names itemOp "${spec.itemOp}", which is not in the catalog`);
  return itemOp;
}

export function planOperation(catalog: ProviderCatalog, op: OperationSpec): OperationPlan {
  const spec = op.kind === 'batchSubmit' && op.batch ? catalog.batches.find((b) => b.name === op.batch && b.submitOp === op.key) : undefined;
  if (spec) {
    const itemOp = batchItemOp(catalog, spec);
    return { op, mode: 'batch', fields: describeInputFields(itemOp.input), batch: { spec, itemOp } };
  }
  const fields = describeInputFields(op.input);
  // A results file (or any paginated read) is a list: one output item per record, Return All / Limit.
  if (op.pagination || op.responseType === 'file') {
    const hidden = new Set(op.pagination ? pagingFieldNames(op.pagination) : []);
    return { op, mode: 'list', fields: fields.filter((f) => !hidden.has(f.name)) };
  }
  // A list answered in one page (no paging) still gives one n8n item per record.
  if (op.kind === 'list') return { op, mode: 'list', fields };
  if (op.kind === 'download' || op.responseType === 'text') return { op, mode: 'download', fields };
  if (op.records) {
    // Request-wide switches (an audit-only check) are first-class: shown beside the operation, not under Additional Fields.
    const requestWide = new Set(op.records.requestFields ?? []);
    return { op, mode: 'records', fields: fields.map((f) => (requestWide.has(f.name) ? { ...f, required: true } : f)) };
  }
  return { op, mode: 'single', fields };
}

export function planCatalog(catalog: ProviderCatalog): OperationPlan[] {
  return catalog.operations.map((op) => planOperation(catalog, op));
}
