/**
 * CSV as providers take and give it (RFC 4180): the core writes the upload file from input
 * items — users never hand-write one — and reads result files back into records. Fields that
 * hold a comma, a quote, a line break or edge spaces are quoted, quotes doubled, so a handle
 * like `"a,b"` reaches the provider as one value and one row.
 */

import { csvSafeCell } from '../spreadsheetSafe';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export interface CsvOptions {
  /** 'keep' writes formula-starting text as it is: only for a stand-in provider (the sandbox) playing what a real one sends. */
  formulas?: 'neutralise' | 'keep';
}

/** One cell: formula-starting text neutralised (OWASP, spreadsheetSafe.ts), then quoted where needed. */
export function csvField(value: unknown, opts: CsvOptions = {}): string {
  const raw = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const text = opts.formulas === 'keep' ? raw : csvSafeCell(raw);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, CRLF-separated (the RFC's line break). */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[], opts: CsvOptions = {}): string {
  const cell = (v: unknown) => csvField(v, opts);
  const lines = [header.map(cell).join(',')];
  for (const row of rows) lines.push(row.map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A one-column file (`handle` / `email` uploads). */
export function singleColumnCsv(column: string, values: readonly unknown[]): string {
  return toCsv(
    [column],
    values.map((v) => [v]),
  );
}

/** Bytes the text takes on the wire (UTF-8), for the provider's file-size cap. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Rows of fields; quoted fields may hold commas, doubled quotes and line breaks. A BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Records keyed by the header line's names (a results file). */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((name, k) => [name, r[k] ?? ''])));
}
