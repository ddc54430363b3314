/**
 * The spend report: what each provider and workflow spent, per day, from the shared book — the
 * same rows for the n8n node, the Zapier search and `npm run spend`.
 */
import { type Credits, addCredits, toCreditNumber, ZERO } from '../credits/amount';
import { ValidationError } from '../errors';
import type { Store } from '../store/types';
import { dayKey, spendBookFor } from './book';

export interface SpendRow {
  day: string;
  provider: string;
  /** The workflow (n8n) or Zap (Zapier) id; '' when the run did not say. */
  workflow: string;
  credits: number;
  calls: number;
}

export interface SpendReport {
  from: string;
  to: string;
  rows: SpendRow[];
  byProvider: Record<string, number>;
  byWorkflow: Record<string, number>;
  total: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 400;

function checkDay(field: string, value: string): number {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!DAY.test(value) || !Number.isFinite(ms))
    throw new ValidationError(`${field} must be a date like 2026-12-01 (got "${value}")`, [{ field, rule: 'YYYY-MM-DD' }]);
  return ms;
}

/** Days `from`..`to` (UTC, inclusive); default: this calendar month up to today. */
export function reportDays(opts: { from?: string; to?: string }, now: number): string[] {
  const today = new Date(now).toISOString().slice(0, 10);
  const from = checkDay('from', opts.from || `${today.slice(0, 8)}01`);
  const to = checkDay('to', opts.to || today);
  if (to < from) throw new ValidationError('"to" must not be before "from"', [{ field: 'to', rule: 'on or after from' }]);
  const days: string[] = [];
  for (let t = from; t <= to; t += 24 * 3600_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
    if (days.length > MAX_DAYS)
      throw new ValidationError(`A spend report covers at most ${MAX_DAYS} days`, [{ field: 'from', rule: `at most ${MAX_DAYS} days before "to"` }]);
  }
  return days;
}

export async function spendReport(
  store: Store,
  opts: { from?: string; to?: string; provider?: string; workflow?: string; now?: number; scope?: string } = {},
): Promise<SpendReport> {
  const days = reportDays(opts, opts.now ?? Date.now());
  const book = spendBookFor(store);
  const found = await book.days(days.map((day) => dayKey(day, opts.scope)));
  const rows: SpendRow[] = [];
  const byProvider: Record<string, Credits> = {};
  const byWorkflow: Record<string, Credits> = {};
  let total = ZERO;
  for (const [i, day] of days.entries()) {
    for (const [provider, workflows] of Object.entries(found[i] ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      if (opts.provider && provider !== opts.provider) continue;
      for (const [workflow, row] of Object.entries(workflows).sort(([a], [b]) => a.localeCompare(b))) {
        if (opts.workflow !== undefined && opts.workflow !== '' && workflow !== opts.workflow) continue;
        rows.push({ day, provider, workflow, credits: toCreditNumber(row.credits), calls: row.calls });
        byProvider[provider] = addCredits(byProvider[provider] ?? ZERO, row.credits);
        byWorkflow[workflow] = addCredits(byWorkflow[workflow] ?? ZERO, row.credits);
        total = addCredits(total, row.credits);
      }
    }
  }
  const numbers = (m: Record<string, Credits>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, toCreditNumber(v)]));
  return { from: days[0]!, to: days[days.length - 1]!, rows, byProvider: numbers(byProvider), byWorkflow: numbers(byWorkflow), total: toCreditNumber(total) };
}

/** The report as a plain-text table (npm run spend). */
export function formatSpendTable(report: SpendReport): string {
  const header = ['day', 'provider', 'workflow', 'calls', 'credits'];
  const body = report.rows.map((r) => [r.day, r.provider, r.workflow || '(none)', String(r.calls), String(r.credits)]);
  const footer = [...Object.entries(report.byProvider).map(([p, c]) => ['total', p, '', '', String(c)]), ['total', 'all', '', '', String(report.total)]];
  const all = [header, ...body, ...footer];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [`Spend ${report.from} .. ${report.to}`, line(header), ...body.map(line), ...(body.length ? [] : ['(nothing spent)']), ...footer.map(line)].join('\n');
}
