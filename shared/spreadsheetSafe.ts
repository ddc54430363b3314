/**
 * Spreadsheet formula injection (CSV injection, OWASP): a cell whose text starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
 * formula — `=HYPERLINK(…)` phones home, `=cmd|' /C calc'!A0` runs a program. Provider data is
 * not ours to trust, so text that would start a formula is prefixed with a single quote, which
 * the spreadsheet shows as plain text (and hides).
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain number or phone number (`-12.5`, `+1 (555) 010-2000`): a spreadsheet cannot run it. */
const NUMBER_LIKE = /^[+-]?[\d\s().\-/]*\d[\d\s().\-/]*$/;

/** OWASP's rule for a CSV cell we write: any of the six leading characters is neutralised. */
export function csvSafeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The same rule for output item text, except that a plain number or phone number stays as it is
 * (a leading `+` or `-` there starts no formula a spreadsheet could run).
 */
export function spreadsheetSafeText(text: string): string {
  if (!FORMULA_START.test(text)) return text;
  if ((text[0] === '+' || text[0] === '-') && NUMBER_LIKE.test(text)) return text;
  return `'${text}`;
}

/** Every string in `value` (not keys) made spreadsheet-safe; untouched values keep their identity. */
export function spreadsheetSafeData<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return spreadsheetSafeText(value) as T;
  if (value === null || typeof value !== 'object' || depth > 256) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = spreadsheetSafeData(v, depth + 1);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = spreadsheetSafeData(v, depth + 1);
    if (r !== v) changed = true;
    out[k] = r;
  }
  return (changed ? out : value) as T;
}
