/**
 * Enrich.so's own facts shared by its endpoint groups: the batch id's shape, what its callbacks
 * send, how a Lead Finder worker job settles. Everything generic is in shared/catalog.
 */
import type { SettlementSpec } from '../../catalog/types';
import { credits, maxCredits, subCredits, ZERO } from '../../credits/amount';
import { idField, webhookUrlField as callbackUrlField } from '../../catalog/inputs';
import { numberAt, stringAt } from '../../catalog/read';

export const PROVIDER = { id: 'enrichSo', displayName: 'Enrich.so' } as const;

export function batchIdField(help = 'The batch id returned when the batch was submitted (usually 24 hex characters, e.g. 665a1f4e2c3b7800129dce01)') {
  return idField('batchId', help);
}

export function webhookUrlField(
  help = 'Optional URL that Enrich.so calls back (unsigned POST) with each result and on completion. Leave empty to poll instead.',
) {
  return callbackUrlField(help);
}

/**
 * A finished Lead Finder job (reveal, enrich, export): the provider's worker charged what it
 * found and refunded the rest of the reservation (`creditsUsed` / `creditsRefunded`, at the
 * top level or inside `results`).
 */
export const workerJobSettlement: SettlementSpec<{ jobId: string }> = {
  jobId: (input) => input.jobId,
  read: ({ data, reserved }) => {
    const status = stringAt(data, 'status');
    if (status !== 'completed' && status !== 'failed') return undefined;
    const refunded = credits(numberAt(data, 'results', 'creditsRefunded') ?? numberAt(data, 'creditsRefunded') ?? 0);
    const used = numberAt(data, 'results', 'creditsUsed') ?? numberAt(data, 'creditsUsed');
    const charged = used !== undefined ? credits(used) : reserved !== undefined ? maxCredits(ZERO, subCredits(reserved, refunded)) : ZERO;
    return { charged, refunded };
  },
};
