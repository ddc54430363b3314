/**
 * SMARTe Enrichment API v8 (providers.md §3) as data: six per-type enrichment endpoints, the
 * `apikey` header, many records per request matched by `recordId`, credits from the
 * `credits-deducted` header, and audit-only mode as a free check. What the reference leaves
 * open is a reading the credential can change (settings.ts); the request rate is the credential's.
 */
import { z } from 'zod';
import type { ProviderCatalog } from '../../catalog/types';
import { catalogWithReadings, free, op } from '../../catalog';
import { companyAnswer } from './answers';
import { parseSmarteError, unwrapSmarte } from './envelope';
import { smarteOperations } from './operations';
import { smarteCapabilities } from './capabilities';
import { type SmarteSettings, smarteRateSetting, smarteReadings, smarteSettings } from './settings';

export const SMARTE_BASE_URL = 'https://api.smarte.pro/v8';

/**
 * SMARTe has no free endpoint: the credential test is one audit-only company check (nothing is
 * charged in audit-only mode) — never a paid lookup. Its company is on a reserved domain
 * (`.invalid`, RFC 2606) that no record can match, so even if the audit parameter were wrong
 * (n8n's credential test is fixed when the node loads, before the credential's readings apply)
 * the answer is "no match", which SMARTe does not charge either.
 */
function credentialCheck(settings: SmarteSettings) {
  const probe = { recordId: 'r1', companyWebsite: 'enrichflow-credential-check.invalid' };
  return op({
    resource: 'account',
    operation: 'checkKey',
    displayName: 'Check API key (audit only)',
    about: 'Prove the API key works with one audit-only company check, which SMARTe does not charge.',
    kind: 'lookup',
    method: 'POST',
    path: '/enrich/company',
    input: z.object({}).strict(),
    output: z.array(companyAnswer),
    cost: free('Free: one audit-only check, which SMARTe does not charge'),
    retrySafe: true,
    request: () =>
      settings.auditIn === 'query'
        ? { path: {}, query: { [settings.auditParameter]: settings.auditValue }, body: settings.requestShape === 'object' ? probe : [probe] }
        : {
            path: {},
            query: {},
            body:
              settings.requestShape === 'object'
                ? { ...probe, [settings.auditParameter]: settings.auditValue }
                : [{ ...probe, [settings.auditParameter]: settings.auditValue }],
          },
  });
}

/**
 * The SMARTe catalog, under the default readings; `withReadings` (a credential's choices) gives
 * it for another audit parameter, request shape or chunk size.
 */
export function createSmarteCatalog(): ProviderCatalog {
  return catalogWithReadings(smarteReadings, (chosen) => {
    const settings = smarteSettings(chosen);
    const check = credentialCheck(settings);
    return {
      id: 'smarte',
      displayName: 'SMARTe',
      baseUrl: SMARTE_BASE_URL,
      docsUrl: 'https://docs.smarte.pro',
      auth: { header: 'apikey' },
      rateLimits: { default: { rate: smarteRateSetting.default, windowMs: 60_000, burst: smarteRateSetting.default } },
      rateSetting: smarteRateSetting,
      // §3.4 / the credit-usage page: quote `smarteTransactionId` to SMARTe support.
      supportId: { field: 'smarteTransactionId', label: 'transaction ids' },
      operations: [...smarteOperations(settings), check],
      batches: [],
      webhookEvents: [],
      capabilities: smarteCapabilities,
      credentialTestOp: check.key,
      unwrap: unwrapSmarte,
      parseError: parseSmarteError,
    };
  });
}

export const smarte: ProviderCatalog = createSmarteCatalog();

export { smarteReadings, smarteRateSetting, smarteSettings, type SmarteSettings } from './settings';
export { CREDITS_HEADER, parseSmarteError, unwrapSmarte } from './envelope';
export { deliveredData, isNoMatch } from './answers';
export { missingCompanyIdentifier, missingPersonIdentifier } from './identifiers';
