/**
 * "<operation> (Many Records)": an operation the provider takes many records of per request
 * (`op.records`), as a Zapier create over a line-item group. Each row takes the operation's
 * record fields; the request-level fields (an audit-only switch) are asked once for the whole
 * step. The core sends the rows as few requests and matches every answer back, so the step
 * returns one line per row, in row order: its result or its error, and its credits.
 */
import { coerceFieldValues, describeInputFields, ValidationError, type FieldDescriptor, type OperationSpec, type ProviderCatalog } from '../../shared';
import { costNote, maxCreditsField, toZapierField } from './fields';
import { actionKey, describe, titleCase } from './operations';
import { guarded, isRecord } from './run';
import { outputFieldsFor, sampleFor } from './samples';
import { throttleFor } from './throttle';
import type { Z, ZAction, ZBundle, ZField } from './zapier';

export const ROWS_KEY = 'records';
const ROWS_NOTE_KEY = 'enrichflowRecords';

const SUMMARY_FIELDS: ZField[] = [
  { key: 'summary__records', label: 'Records', type: 'number' },
  { key: 'summary__ok', label: 'Records With a Result', type: 'number' },
  { key: 'summary__errors', label: 'Records Failed', type: 'number' },
  { key: 'creditsCharged', label: 'Credits Charged', type: 'number' },
  { key: `${ROWS_KEY}[]row`, label: 'Row Number', type: 'integer' },
  { key: `${ROWS_KEY}[]status`, label: 'Row Status (ok, error)', type: 'string' },
  { key: `${ROWS_KEY}[]error`, label: 'Row Error', type: 'string' },
  { key: `${ROWS_KEY}[]creditsCharged`, label: 'Row Credits Charged', type: 'number' },
];

export function recordsActionKey(op: OperationSpec): string {
  return `${actionKey(op.key)}_many`;
}

export function recordsAction(catalog: ProviderCatalog, op: OperationSpec): ZAction {
  const requestLevel = new Set(op.records?.requestFields ?? []);
  const all = describeInputFields(op.input);
  const rowFields = all.filter((d) => !requestLevel.has(d.name));
  const stepFields = all.filter((d) => requestLevel.has(d.name));
  const max = op.records!.maxPerRequest;
  const note: ZField = {
    key: ROWS_NOTE_KEY,
    type: 'copy',
    helpText: `**Records:** one row per record; map a line-item field from an earlier step to send a whole list. Rows go to ${catalog.displayName} ${max} per request, and every row gets its own result or error, in row order.`,
  };
  const children = rowFields.map((d) => {
    const { list: _list, ...child } = toZapierField(d);
    return child;
  });
  const sample = sampleFor(op.output);
  return {
    key: recordsActionKey(op),
    noun: titleCase(op.resource),
    display: { label: `${titleCase(op.displayName)} (Many Records)`, description: describe(op) },
    operation: {
      inputFields: [costNote(op), note, { key: ROWS_KEY, label: 'Records', required: true, children }, ...stepFields.map(toZapierField), maxCreditsField()],
      outputFields: [...SUMMARY_FIELDS, ...outputFieldsFor(op.output).map((f) => ({ ...f, key: `${ROWS_KEY}[]${f.key}` }))],
      sample: {
        summary: { records: 1, ok: 1, errors: 0 },
        creditsCharged: 1,
        [ROWS_KEY]: [{ row: 1, status: 'ok', creditsCharged: 1, ...sample }],
      },
      throttle: throttleFor(catalog, op),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, {}, async ({ client }) => {
          const input = (bundle.inputData ?? {}) as Record<string, unknown>;
          const shared = coerceFieldValues(stepFields, pick(input, stepFields));
          const given = rowsOf(input[ROWS_KEY]);
          const rows = given.map(({ row }) => ({ ...coerceFieldValues(rowFields, row), ...shared }));
          if (rows.length === 0)
            throw new ValidationError(`${op.displayName}: add at least one record. Nothing was sent.`, [{ field: ROWS_KEY, rule: 'at least 1 record' }], {
              provider: catalog.id,
            });
          const outcomes = await client.callRecords(op.key, rows);
          const lines = outcomes.map((o) => {
            const row = given[o.index]!.at;
            return o.ok
              ? { row, status: 'ok', creditsCharged: o.value.credits.charged, ...(isRecord(o.value.data) ? o.value.data : { value: o.value.data }) }
              : { row, status: 'error', error: o.error.message, errorKind: o.error.kind, creditsCharged: o.error.charged ?? 0 };
          });
          return {
            summary: { records: lines.length, ok: outcomes.filter((o) => o.ok).length, errors: outcomes.filter((o) => !o.ok).length },
            // The run's ledger: exactly the rows' credits added up.
            creditsCharged: client.summary().charged,
            [ROWS_KEY]: lines,
          };
        }),
    },
  };
}

function pick(input: Record<string, unknown>, fields: FieldDescriptor[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (input[f.name] !== undefined && input[f.name] !== '') out[f.name] = input[f.name];
  return out;
}

/**
 * Zapier sends a line-item group as a list of row objects (a single row may arrive bare).
 * Blank rows (Zapier sends one for an untouched group) are skipped; `at` is the row's number.
 */
function rowsOf(value: unknown): { row: Record<string, unknown>; at: number }[] {
  const list = Array.isArray(value) ? value : isRecord(value) ? [value] : [];
  return list
    .map((row, i) => ({ row, at: i + 1 }))
    .filter(
      (r): r is { row: Record<string, unknown>; at: number } =>
        isRecord(r.row) && Object.values(r.row).some((v) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')),
    );
}
