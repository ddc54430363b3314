/**
 * Custom auth: the provider's API key plus an optional base URL (point it at the sandbox for a
 * free dry run). The connection test is the catalog's free operation; its answer labels the
 * connection (Enrich.so: the organization id from the balance call).
 */
import type { ProviderCatalog } from '../../shared';
import { AUTH_FIELDS } from './context';
import { guarded, isRecord } from './run';
import type { Z, ZBundle } from './zapier';

/** Answer fields that name an account, best first. */
const ACCOUNT_FIELDS = ['organizationId', 'organization', 'accountName', 'account', 'email', 'name', 'id'];

export function authentication(catalog: ProviderCatalog): Record<string, unknown> {
  const testOp = catalog.operations.find((o) => o.key === catalog.credentialTestOp);
  if (!testOp) throw new Error(`${catalog.id}: credentialTestOp ${catalog.credentialTestOp} is not an operation`);
  return {
    type: 'custom',
    fields: [
      {
        key: AUTH_FIELDS.apiKey,
        label: 'API Key',
        type: 'password',
        required: true,
        helpText: `Your ${catalog.displayName} API key (${catalog.docsUrl}). It is sent only to ${catalog.displayName} in the "${catalog.auth.header}" header.`,
      },
      {
        key: AUTH_FIELDS.baseUrl,
        label: 'Base URL',
        type: 'string',
        required: false,
        helpText: `Leave empty to use ${catalog.baseUrl}. For a free dry run, the Enrichflow sandbox's URL for ${catalog.displayName}.`,
      },
      ...(catalog.plans
        ? [
            {
              key: AUTH_FIELDS.plan,
              label: 'Plan',
              type: 'string',
              required: false,
              choices: Object.keys(catalog.plans.limits),
              default: catalog.plans.default,
              helpText: `Your ${catalog.displayName} plan: requests are paced to its published rate limits.`,
            },
          ]
        : []),
    ],
    test: (z: Z, bundle: ZBundle) =>
      guarded(z, bundle, catalog, { testingAuth: true }, async ({ client }) => {
        const result = await client.call(testOp.key, {}, { noCache: true });
        return isRecord(result.data) ? result.data : { value: result.data };
      }),
    connectionLabel: (z: Z, bundle: ZBundle) => connectionLabel(catalog, bundle.inputData as Record<string, unknown>),
  };
}

/** `bundle.inputData` here is what the test returned. */
export function connectionLabel(catalog: ProviderCatalog, data: Record<string, unknown> | undefined): string {
  for (const key of ACCOUNT_FIELDS) {
    const v = data?.[key];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return `${catalog.displayName} ${String(v)}`;
  }
  return catalog.displayName;
}
