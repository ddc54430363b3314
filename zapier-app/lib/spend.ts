/**
 * The team's spend limits in a Zapier integration: set on the connection (one provider per
 * integration), held in z.cache under the API key's hash so every Zap using that key counts
 * together, warned about in the task log and on the step's output (`enrichflow.spendWarnings`),
 * and reported by the "Spend Report" search. What z.cache can and cannot promise across Zaps is
 * in docs/spend-limits.md.
 */
import { createHash } from 'node:crypto';
import { type Clock, parseSpendLimits, type ProviderCatalog, type SpendLimiter as Limiter, SpendLimiter, type SpendNotice, spendReport, type Store } from '../../shared';
import { PROVIDER_IDS } from '../../shared/providers/ids';
import { COST_NOTE_KEY } from './fields';
import { guarded, META_KEY } from './run';
import type { ZAction, ZBundle, ZField } from './zapier';

export const SPEND_FIELDS = { limits: 'spendLimits', warnAt: 'spendWarnAt' } as const;

export function spendAuthFields(catalog: ProviderCatalog): ZField[] {
  return [
    {
      key: SPEND_FIELDS.limits,
      label: 'Spend Limits',
      type: 'text',
      required: false,
      helpText: `Most credits all Zaps using this API key may spend, as JSON, e.g. [{"period":"month","credits":500}] or [{"period":"day","credits":50,"workflow":"<Zap ID>"}]. period: "day" or "month" (UTC); startDay (1–28) starts the month on your billing day; workflow limits one Zap. Empty: no limit (spend is still reported).`,
    },
    {
      key: SPEND_FIELDS.warnAt,
      label: 'Spend Warning At (%)',
      type: 'integer',
      required: false,
      default: '80',
      helpText: `Past this share of a limit, steps log a warning and add \`${META_KEY}.spendWarnings\` to their output (route it to Slack or email with a Filter step). ${catalog.displayName} credits only.`,
    },
  ];
}

/** The API key's hash: z.cache is shared by every user of the integration, spend is per key. */
export function spendScope(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

export function spendLimiterFor(bundle: ZBundle, catalog: ProviderCatalog, store: Store, clock: Clock, apiKey: string): Limiter {
  const auth = (bundle.authData ?? {}) as Record<string, unknown>;
  const warnAt = Number(auth[SPEND_FIELDS.warnAt] || 80);
  return new SpendLimiter({
    store,
    clock,
    limits: parseSpendLimits(auth[SPEND_FIELDS.limits] ?? '', PROVIDER_IDS, { provider: catalog.id }),
    provider: catalog.id,
    workflow: String((bundle.meta as { zap?: { id?: unknown } } | undefined)?.zap?.id ?? ''),
    warnAt: warnAt > 0 && warnAt <= 100 ? warnAt / 100 : 0.8,
    scope: spendScope(apiKey),
  });
}

/** Put the warnings on the step's records (where each carries the `enrichflow` credits block). */
export function withSpendWarnings<T>(result: T, notices: readonly SpendNotice[]): T {
  const warnings = notices.filter((n) => n.kind === 'spend_warning').map((n) => ({ message: n.message, percent: n.percent, left: n.left, resetsAt: n.resetsAt }));
  if (!warnings.length) return result;
  const mark = (record: unknown) => {
    const meta = (record as Record<string, unknown> | null)?.[META_KEY];
    if (typeof meta === 'object' && meta !== null) (meta as Record<string, unknown>).spendWarnings = warnings;
  };
  if (Array.isArray(result)) result.forEach(mark);
  else mark(result);
  return result;
}

/** The "Spend Report" search: this key's spend per day and Zap, and where its limits stand. */
export function spendReportSearch(catalog: ProviderCatalog): ZAction {
  return {
    key: 'spend_report',
    noun: 'Spend',
    display: { label: 'Spend Report', description: `Credits this ${catalog.displayName} API key spent per day and Zap (from the shared store), and its spend limits. Free.` },
    operation: {
      inputFields: [
        { key: COST_NOTE_KEY, type: 'copy', helpText: `**Credits:** free — reads the shared store, sends nothing to ${catalog.displayName}.` },
        { key: 'from', label: 'From', type: 'string', required: false, helpText: 'First day (UTC, YYYY-MM-DD). Empty: the 1st of this month.' },
        { key: 'to', label: 'To', type: 'string', required: false, helpText: 'Last day (UTC, YYYY-MM-DD). Empty: today.' },
        { key: 'zapId', label: 'Zap ID', type: 'string', required: false, helpText: 'Only this Zap. Empty: every Zap.' },
      ],
      outputFields: [
        { key: 'id', label: 'Report ID' },
        { key: 'total', label: 'Total credits', type: 'number' },
      ],
      sample: { id: `${catalog.id}:2026-12-01..2026-12-04`, from: '2026-12-01', to: '2026-12-04', total: 12, byProvider: { [catalog.id]: 12 }, byWorkflow: { '123456': 12 }, rows: [], limits: [] },
      perform: (z, bundle) =>
        guarded(z, bundle, catalog, { budget: 0 }, async ({ store, spend, apiKey }) => {
          const input = (bundle.inputData ?? {}) as Record<string, unknown>;
          const text = (key: string) => String(input[key] ?? '').trim() || undefined;
          const report = await spendReport(store, { from: text('from'), to: text('to'), workflow: text('zapId'), provider: catalog.id, scope: spendScope(apiKey) });
          const limits = await spend.status();
          return [{ id: `${catalog.id}:${report.from}..${report.to}`, ...report, limits }];
        }),
    },
  };
}
