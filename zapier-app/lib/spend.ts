/**
 * The team's spend limits in a Zapier integration: set on the connection (one provider per
 * integration), held in z.cache under the API key's hash so every Zap using that key counts
 * together, warned about in the task log and on the step's output (`enrichflow.spendWarnings`),
 * and reported by the "Spend Report" search (./spendReport.ts). What z.cache can and cannot promise across Zaps is
 * in docs/spend-limits.md.
 */
import { createHash } from 'node:crypto';
import { type Clock, parseSpendLimits, type ProviderCatalog, type SpendLimiter as Limiter, SpendLimiter, type SpendNotice, type Store } from '../../shared';
import { PROVIDER_IDS } from '../../shared/providers/ids';
import type { ZBundle, ZField } from './zapier';

export const SPEND_FIELDS = { limits: 'spendLimits', warnAt: 'spendWarnAt' } as const;

/** `metaKey`: where a step's output carries its credits (run.ts's META_KEY). */
export function spendAuthFields(catalog: ProviderCatalog, metaKey: string): ZField[] {
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
      helpText: `Past this share of a limit, steps log a warning and add \`${metaKey}.spendWarnings\` to their output (route it to Slack or email with a Filter step). ${catalog.displayName} credits only.`,
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
export function withSpendWarnings<T>(result: T, notices: readonly SpendNotice[], metaKey: string): T {
  const warnings = notices
    .filter((n) => n.kind === 'spend_warning')
    .map((n) => ({ message: n.message, percent: n.percent, left: n.left, resetsAt: n.resetsAt }));
  if (!warnings.length) return result;
  const mark = (record: unknown) => {
    const meta = (record as Record<string, unknown> | null)?.[metaKey];
    if (typeof meta === 'object' && meta !== null) (meta as Record<string, unknown>).spendWarnings = warnings;
  };
  if (Array.isArray(result)) result.forEach(mark);
  else mark(result);
  return result;
}
