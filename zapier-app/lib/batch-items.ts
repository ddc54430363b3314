/**
 * The items of a "Start <batch>" step, as a Zapier line-item group whose fields are the batch's
 * item operation's (BatchSpec.itemOp: the single lookup whose input is ONE item), so a batch row
 * asks for exactly what the matching search asks for, with the same labels, help and rules.
 * Each row is checked through that operation and turned into the batch item by the catalog
 * (toItem); every bad row is named by its position before anything is sent.
 */
import {
  coerceFieldValues,
  describeInputFields,
  ValidationError,
  type BatchSpec,
  type EnrichflowClient,
  type FieldDescriptor,
  type OperationSpec,
  type ProviderCatalog,
  withThousands,
} from '../../shared';
import { toZapierField } from './fields';
import type { ZField } from './zapier';

export const ITEMS_KEY = 'items';
/** Our note beside the group; prefixed like our other fields so it never meets a catalog field. */
const ITEMS_NOTE_KEY = 'enrichflowItems';
/** Bad rows listed in one error message; the rest are counted. */
const LISTED_ERRORS = 5;

export interface ItemFields {
  itemOp: OperationSpec;
  descriptors: FieldDescriptor[];
  /** The line-item group (children), plus a note on how rows are read. */
  inputFields: ZField[];
}

export function itemOpOf(catalog: ProviderCatalog, spec: BatchSpec): OperationSpec {
  const itemOp = catalog.operations.find((o) => o.key === spec.itemOp);
  if (!itemOp) throw new Error(`${catalog.id}: batch ${spec.name} names itemOp ${spec.itemOp}, which is not in the catalog`);
  return itemOp;
}

export function itemFields(catalog: ProviderCatalog, spec: BatchSpec): ItemFields {
  const itemOp = itemOpOf(catalog, spec);
  const descriptors = describeInputFields(itemOp.input);
  if (descriptors.length === 0) throw new Error(`${catalog.id}: ${spec.itemOp} has no input fields to build batch rows from`);
  // A line-item child cannot be a list or a line-item group itself.
  const children = descriptors.map((d) => {
    const { list: _list, ...child } = toZapierField(d);
    return { ...child, required: descriptors.length === 1 ? true : child.required };
  });
  const single = descriptors.length === 1 ? descriptors[0]!.label.toLowerCase() : undefined;
  const note: ZField = {
    key: ITEMS_NOTE_KEY,
    type: 'copy',
    helpText:
      `**Items:** one row per ${single ?? 'item'} (up to ${withThousands(spec.maxItems)} per job; larger lists run as several jobs). ` +
      'Map a line-item field from an earlier step to send a whole list' +
      (single ? `; a mapped text with one ${single} per line (or comma-separated) also works.` : '.') +
      ` Each row takes the same fields as "${itemOp.displayName}".`,
  };
  return { itemOp, descriptors, inputFields: [note, { key: ITEMS_KEY, label: 'Items', required: true, children }] };
}

/**
 * Rows → batch items, in order. Blank rows are skipped (Zapier sends one for an untouched
 * group). With a one-field item, a value holding several lines or commas is several rows:
 * a mapped list often arrives as one comma-joined text.
 */
export function readItems(client: EnrichflowClient, spec: BatchSpec, fields: ItemFields, inputData: Record<string, unknown> | undefined): unknown[] {
  const rows = rowsOf(inputData?.[ITEMS_KEY], fields.descriptors);
  const items: unknown[] = [];
  const problems: { at: string; path: string; label: string; rule: string }[] = [];
  for (const { row, at, path } of rows) {
    try {
      const input = client.validate<Record<string, unknown>>(spec.itemOp, coerceFieldValues(fields.descriptors, row));
      const item = spec.toItem(input);
      // The submit's own per-item rules, and an item that cannot be matched back to its result.
      client.validate(spec.submitOp, spec.submitInput([item]));
      if (spec.itemKey(item) === '')
        throw new ValidationError('nothing to look up', [{ field: fields.descriptors.map((d) => d.name).join(' or '), rule: 'give a value' }]);
      items.push(item);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues.length ? error.issues : [{ field: '(input)', rule: error.message }]) {
        const root = issue.field.split(/[.[]/)[0] ?? issue.field;
        const label = fields.descriptors.find((d) => d.name === root)?.label ?? root;
        problems.push({ at, path: `${path}.${issue.field}`, label, rule: issue.rule });
      }
    }
  }

  if (problems.length > 0) {
    const badRows = new Set(problems.map((p) => p.at)).size;
    const listed = problems
      .slice(0, LISTED_ERRORS)
      .map((p) => `item ${p.at} (${p.label}): ${p.rule}`)
      .join('; ');
    const more = problems.length > LISTED_ERRORS ? `; and ${problems.length - LISTED_ERRORS} more` : '';
    throw new ValidationError(
      `${spec.displayName}: ${badRows} of ${rows.length} item(s) invalid — ${listed}${more}. Nothing was sent and no credits were spent.`,
      problems.map((p) => ({ field: p.path, rule: p.rule })),
      { provider: client.provider.id },
    );
  }
  if (items.length === 0) {
    throw new ValidationError(`${spec.displayName}: add at least one item. Nothing was sent.`, [{ field: ITEMS_KEY, rule: 'at least 1 item' }], {
      provider: client.provider.id,
    });
  }
  return items;
}

/** A row to check, with where the user put it: `3` (the 3rd row) or `3, value 2` (split from it). */
interface Row {
  row: Record<string, unknown>;
  at: string;
  path: string;
}

function rowsOf(value: unknown, descriptors: FieldDescriptor[]): Row[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  const only = descriptors.length === 1 ? descriptors[0]!.name : undefined;
  const rows: Row[] = [];
  list.forEach((entry, index) => {
    // A bare value in a one-field group is that field (Zapier's CLI and some mappings send it so).
    const row: Record<string, unknown> = isRecord(entry) ? entry : only ? { [only]: entry } : { value: entry };
    const path = `${ITEMS_KEY}[${index}]`;
    if (only && typeof row[only] === 'string') {
      const parts = splitEntries(row[only] as string);
      parts.forEach((part, j) => rows.push({ row: { ...row, [only]: part }, at: parts.length > 1 ? `${index + 1}, value ${j + 1}` : `${index + 1}`, path }));
    } else if (!isBlank(row)) rows.push({ row, at: `${index + 1}`, path });
  });
  return rows;
}

function splitEntries(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function isBlank(row: Record<string, unknown>): boolean {
  return Object.values(row).every((v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === ''));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
