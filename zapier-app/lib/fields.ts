/**
 * Catalog fields → Zapier input fields, and Zapier's inputData → the core's input. Both go
 * through the core's describeInputFields/coerceFieldValues, the same field model n8n uses, so
 * no provider has a hand-written Zapier field list.
 */
import { coerceFieldValues, describeInputFields, type FieldDescriptor, type OperationSpec, withThousands } from '../../shared';
import type { ZField } from './zapier';

/** Our own fields sit beside the operation's; their keys must never collide with its fields. */
export const COST_NOTE_KEY = 'enrichflowCost';
export const MAX_CREDITS_KEY = 'enrichflowMaxCredits';
export const SPREADSHEET_SAFE_KEY = 'enrichflowSpreadsheetSafe';

const HELP_MAX = 1000;

export interface OpFields {
  descriptors: FieldDescriptor[];
  inputFields: ZField[];
  /** key → label, for error messages that point at the field the user sees. */
  labels: Record<string, string>;
}

export function fieldsFor(op: OperationSpec, opts: { omit?: readonly string[]; budget?: boolean } = {}): OpFields {
  const descriptors = describeInputFields(op.input).filter((d) => !opts.omit?.includes(d.name));
  for (const d of descriptors) {
    if (d.name === COST_NOTE_KEY || d.name === MAX_CREDITS_KEY || d.name === SPREADSHEET_SAFE_KEY)
      throw new Error(`${op.key}: field "${d.name}" collides with an Enrichflow field`);
  }
  const inputFields: ZField[] = [costNote(op), ...descriptors.map(toZapierField)];
  if (opts.budget) inputFields.push(maxCreditsField());
  return { descriptors, inputFields, labels: Object.fromEntries(descriptors.map((d) => [d.name, d.label])) };
}

export function costNote(op: OperationSpec): ZField {
  return { key: COST_NOTE_KEY, type: 'copy', helpText: clip(`**Credits:** ${op.cost.summary}.`) };
}

export function maxCreditsField(): ZField {
  return {
    key: MAX_CREDITS_KEY,
    label: 'Max Credits',
    type: 'number',
    required: false,
    helpText: 'Optional. This step stops (halts, nothing sent) when its estimated cost is above this many credits. Leave empty for no limit.',
  };
}

/** Every step's "Spreadsheet-Safe Text" (on unless turned off): see spreadsheetSafe.ts. */
export function spreadsheetSafeField(): ZField {
  return {
    key: SPREADSHEET_SAFE_KEY,
    label: 'Spreadsheet-Safe Text',
    type: 'boolean',
    required: false,
    default: 'true',
    helpText:
      "Neutralise provider text a spreadsheet would run as a formula: text starting with =, +, -, @, a tab or a line break gets a leading ' (plain numbers and phone numbers stay as they are). Keep it on when this data may reach Google Sheets, Excel or a CSV.",
  };
}

/** Off only when the user turned it off (Zapier sends booleans as true/false or their text). */
export function spreadsheetSafeFrom(inputData: Record<string, unknown> | undefined): boolean {
  const raw = inputData?.[SPREADSHEET_SAFE_KEY];
  return !(raw === false || (typeof raw === 'string' && ['false', 'no', '0'].includes(raw.trim().toLowerCase())));
}

export function toZapierField(d: FieldDescriptor): ZField {
  const field: ZField = { key: d.name, label: d.label, required: d.required, helpText: clip(helpFor(d)) };
  switch (d.type) {
    case 'number':
      field.type = 'number';
      break;
    case 'boolean':
      field.type = 'boolean';
      break;
    case 'options':
      field.type = 'string';
      field.choices = choicesOf(d);
      break;
    case 'multiOptions':
      field.type = 'string';
      field.list = true;
      field.choices = choicesOf(d);
      break;
    case 'stringList':
      field.type = 'text';
      field.list = true;
      break;
    case 'json':
      field.type = 'text';
      break;
    default:
      field.type = d.secret ? 'password' : 'string';
  }
  if (d.default !== undefined && d.default !== null && typeof d.default !== 'object') field.default = String(d.default);
  return field;
}

function choicesOf(d: FieldDescriptor): ZField['choices'] {
  return (d.options ?? []).map((o) => ({ value: o.value, label: o.label, sample: o.value }));
}

function helpFor(d: FieldDescriptor): string {
  const parts = [d.description ? sentence(d.description) : `${d.label}.`];
  if (d.min !== undefined && d.max !== undefined) parts.push(`Between ${d.min} and ${d.max}.`);
  else if (d.min !== undefined) parts.push(`At least ${d.min}.`);
  else if (d.max !== undefined) parts.push(`At most ${d.max}.`);
  if (d.type === 'stringList' || d.type === 'multiOptions') {
    const range =
      d.minItems !== undefined || d.maxItems !== undefined ? ` (${d.minItems ?? 0}–${d.maxItems === undefined ? '∞' : withThousands(d.maxItems)} entries)` : '';
    parts.push(`One per line, or comma-separated${range}.`);
  }
  if (d.type === 'json') parts.push('JSON.');
  return parts.join(' ');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

function clip(text: string): string {
  return text.length <= HELP_MAX ? text : `${text.slice(0, HELP_MAX - 1)}…`;
}

/**
 * Zapier inputData → the core's input: list fields also split entries that hold several lines
 * (a mapped text of 500 emails arrives as one entry), then the shared coercion. Unknown keys
 * (our own fields) are dropped; the core's schema names any field it rejects.
 */
export function inputFrom(descriptors: FieldDescriptor[], inputData: Record<string, unknown> | undefined): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const byName = new Map(descriptors.map((d) => [d.name, d]));
  for (const [key, value] of Object.entries(inputData ?? {})) {
    const d = byName.get(key);
    if (!d) continue;
    raw[key] = (d.type === 'stringList' || d.type === 'multiOptions') && Array.isArray(value) ? splitEntries(value) : value;
  }
  return coerceFieldValues(descriptors, raw);
}

function splitEntries(values: unknown[]): unknown[] {
  return values.flatMap((v) =>
    typeof v === 'string'
      ? v
          .split(/[\n,]/)
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [v],
  );
}

/** The optional budget a user set on the step, checked before anything is sent. */
export function budgetFrom(inputData: Record<string, unknown> | undefined): number | undefined {
  const raw = inputData?.[MAX_CREDITS_KEY];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  return Number.isFinite(n) && n >= 0 ? n : Number.NaN;
}
