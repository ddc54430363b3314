/**
 * The "Spend Report" search of every integration: what this API key spent per day and Zap, from
 * the spend book in z.cache, and where its limits stand (see ./spend.ts).
 */
import { type ProviderCatalog, spendReport } from '../../shared';
import { COST_NOTE_KEY } from './fields';
import { guarded } from './run';
import { spendScope } from './spend';
import type { ZAction } from './zapier';

export function spendReportSearch(catalog: ProviderCatalog): ZAction {
  return {
    key: 'spend_report',
    noun: 'Spend',
    display: {
      label: 'Spend Report',
      description: `Credits this ${catalog.displayName} API key spent per day and Zap (from the shared store), and its spend limits. Free.`,
    },
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
      sample: {
        id: `${catalog.id}:2026-12-01..2026-12-04`,
        from: '2026-12-01',
        to: '2026-12-04',
        total: 12,
        byProvider: { [catalog.id]: 12 },
        byWorkflow: { '123456': 12 },
        rows: [],
        limits: [],
      },
      perform: (z, bundle) =>
        guarded(z, bundle, catalog, { budget: 0 }, async ({ store, spend, apiKey }) => {
          const input = (bundle.inputData ?? {}) as Record<string, unknown>;
          const text = (key: string) => String(input[key] ?? '').trim() || undefined;
          const report = await spendReport(store, {
            from: text('from'),
            to: text('to'),
            workflow: text('zapId'),
            provider: catalog.id,
            scope: spendScope(apiKey),
          });
          const limits = await spend.status();
          return [{ id: `${catalog.id}:${report.from}..${report.to}`, ...report, limits }];
        }),
    },
  };
}
