/**
 * Custom auth: the provider's API key plus an optional base URL (point it at the sandbox for a
 * free dry run). The connection test is the catalog's free operation; its answer labels the
 * connection (Enrich.so: the organization id from the balance call).
 */
import { credentialFieldNames, credentialTest, type ProviderCatalog } from '../../shared';
import { AUTH_FIELDS } from './context';
import { guarded, isRecord, META_KEY } from './run';
import { spendAuthFields } from './spend';
import type { Z, ZBundle } from './zapier';

/** Answer fields that name an account, best first. */
const ACCOUNT_FIELDS = ['organizationId', 'organization', 'accountName', 'account', 'email', 'name', 'id'];

export function authentication(catalog: ProviderCatalog): Record<string, unknown> {
  // Refuses a catalog whose credential test could spend (or whose settings collide).
  const { op: testOp, input: testInput } = credentialTest(catalog);
  credentialFieldNames(catalog);
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
        helpText: `Leave empty to use ${catalog.baseUrl}. For a free dry run, the Enrichflow sandbox's URL for ${catalog.displayName}. Must be https:// (http:// only on this machine, e.g. the sandbox on 127.0.0.1, or with "Allow Insecure HTTP").`,
      },
      {
        key: AUTH_FIELDS.allowInsecureHttp,
        label: 'Allow Insecure HTTP',
        type: 'boolean',
        required: false,
        default: 'false',
        helpText:
          'Send the API key to an http:// Base URL that is not on this machine. The key then travels in clear text: leave this off unless the endpoint cannot do https.',
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
      ...settingFields(catalog),
      ...spendAuthFields(catalog, META_KEY),
    ],
    test: (z: Z, bundle: ZBundle) =>
      guarded(z, bundle, catalog, { testingAuth: true }, async ({ client }) => {
        const result = await client.call(testOp.key, testInput, { noCache: true });
        return isRecord(result.data) ? result.data : { value: result.data };
      }),
    connectionLabel: (z: Z, bundle: ZBundle) => connectionLabel(catalog, bundle.inputData as Record<string, unknown>),
  };
}

/** The catalog's own settings: extra credential fields (account id …), readings, the request rate. */
function settingFields(catalog: ProviderCatalog): Record<string, unknown>[] {
  const fields: Record<string, unknown>[] = (catalog.credentialFields ?? []).map((field) => ({
    key: field.name,
    label: field.displayName,
    type: field.secret ? 'password' : 'string',
    required: field.required,
    ...(field.default !== undefined ? { default: field.default } : {}),
    helpText: field.description,
  }));
  for (const reading of catalog.readings ?? []) {
    fields.push({
      key: reading.name,
      label: reading.displayName,
      type: 'string',
      required: false,
      // A reading the user may type freely offers no fixed choices (the description names the suggestions).
      ...(reading.other ? {} : { choices: Object.fromEntries(reading.options.map((o) => [o.value, o.name])) }),
      default: reading.default,
      helpText: reading.description,
    });
  }
  if (catalog.rateSetting) {
    fields.push({
      key: AUTH_FIELDS.requestRate,
      label: `Requests per ${catalog.rateSetting.per}`,
      type: 'number',
      required: false,
      default: String(catalog.rateSetting.default),
      helpText: catalog.rateSetting.description,
    });
  }
  return fields;
}

/** `bundle.inputData` here is what the test returned. */
export function connectionLabel(catalog: ProviderCatalog, data: Record<string, unknown> | undefined): string {
  for (const key of ACCOUNT_FIELDS) {
    const v = data?.[key];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return `${catalog.displayName} ${String(v)}`;
  }
  return catalog.displayName;
}
