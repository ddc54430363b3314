/**
 * The Enrichflow Shared Store credential's spend-limit fields (kept apart from ./spend.ts so the
 * credential file loads nothing but these literals).
 */
import type { INodeProperties } from 'n8n-workflow';

/** The credential fields (Enrichflow Shared Store) that set the limits for every workflow. */
export const spendCredentialProperties: INodeProperties[] = [
  {
    displayName: 'Spend Limits',
    name: 'spendLimits',
    type: 'json',
    default: '[]',
    description:
      'Most credits all workflows together may spend, per provider and period, e.g. [{"provider":"leadfeeder","period":"month","credits":500}]. Fields: provider (leadfeeder, enrichSo, enrichLayer, smarte, influencersClub), period ("day" or "month", UTC), credits, optional workflow (a workflow ID: only its calls count) and startDay (1–28: the month starts on your billing day).',
  },
  {
    displayName: 'Warn At (%)',
    name: 'spendWarnAt',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 100 },
    default: 80,
    description: 'Past this share of a limit, runs add a warning to the node and `_spendWarnings` to their output items',
  },
  {
    displayName: 'Release Held Credits After (Minutes)',
    name: 'spendHoldMinutes',
    type: 'number',
    typeOptions: { minValue: 0.1, numberPrecision: 2 },
    default: 10,
    description: 'A call holds its estimate until it settles; if its worker dies, the hold stops counting after this long',
  },
];
