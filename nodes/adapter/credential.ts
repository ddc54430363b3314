/**
 * The n8n credential of a provider, from its catalog: the key (a password field), the base URL
 * (the real service by default; the sandbox for a free dry run), the auth header the catalog
 * names, and a test that calls the catalog's free operation.
 */
import type { IAuthenticateGeneric, ICredentialTestRequest, IDataObject, INodeProperties } from 'n8n-workflow';
import { CREDENTIAL_SETTING_KEYS, credentialFieldNames, credentialTest, defaultRequestParts, type ProviderCatalog } from '@enrichflow/core';

/** What a credential class takes from the catalog; its name, display name, docs URL and icon are literals there (n8n's lint reads them). */
export interface GeneratedCredential {
  properties: INodeProperties[];
  authenticate: IAuthenticateGeneric;
  test: ICredentialTestRequest;
}

export function credentialDescription(catalog: ProviderCatalog): GeneratedCredential {
  credentialFieldNames(catalog);

  // Defaults held in plain names: n8n's lint reads a `default` only as a literal or a name.
  const realBaseUrl = catalog.baseUrl;
  const properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: `Your ${catalog.displayName} API key`,
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: realBaseUrl,
      required: true,
      description: `The ${catalog.displayName} API to call. Keep the default for the real service (paid); point it at the Enrichflow sandbox (e.g. http://127.0.0.1:4010/${sandboxSegment(catalog)}${new URL(catalog.baseUrl).pathname}) for a free dry run. Must be https:// — http:// only on this machine (localhost, 127.0.0.1) or with Allow Insecure HTTP.`,
    },
    {
      displayName: 'Allow Insecure HTTP',
      name: CREDENTIAL_SETTING_KEYS.allowInsecureHttp,
      type: 'boolean',
      default: false,
      description:
        'Whether to send the API key to an http:// Base URL that is not on this machine. The key then travels in clear text: leave this off unless the endpoint cannot do https.',
    },
  ];
  if (catalog.plans) {
    const defaultPlan = catalog.plans.default;
    properties.push({
      displayName: 'Plan',
      name: 'plan',
      type: 'options',
      options: Object.keys(catalog.plans.limits).map((plan) => ({ name: plan[0].toUpperCase() + plan.slice(1), value: plan })),
      default: defaultPlan,
      description: `Your ${catalog.displayName} plan: requests are paced to its published rate limits`,
    });
  }
  properties.push(...settingProperties(catalog));

  const authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { [catalog.auth.header]: `=${catalog.auth.prefix ?? ''}{{$credentials.apiKey}}` } },
  };

  return { properties, authenticate, test: testRequest(catalog) };
}

/** The catalog's own credential settings: extra fields (account id …), readings, the request rate. */
function settingProperties(catalog: ProviderCatalog): INodeProperties[] {
  const properties: INodeProperties[] = (catalog.credentialFields ?? []).map((field) => {
    const fieldDefault = field.default ?? '';
    return {
      displayName: field.displayName,
      name: field.name,
      type: 'string',
      ...(field.secret ? { typeOptions: { password: true } } : {}),
      default: fieldDefault,
      required: field.required,
      description: field.description,
    };
  });
  for (const reading of catalog.readings ?? []) {
    const readingDefault = reading.default;
    if (reading.other) {
      // A word the user types (the provider's own name for it); the options are the suggestions.
      properties.push({ displayName: reading.displayName, name: reading.name, type: 'string', default: readingDefault, description: reading.description });
      continue;
    }
    properties.push({
      displayName: reading.displayName,
      name: reading.name,
      type: 'options',
      options: reading.options.map((o) => ({ name: o.name, value: o.value, ...(o.description ? { description: o.description } : {}) })),
      default: readingDefault,
      description: reading.description,
    });
  }
  if (catalog.rateSetting) {
    const defaultRate = catalog.rateSetting.default;
    properties.push({
      displayName: `Requests per ${catalog.rateSetting.per === 'second' ? 'Second' : 'Minute'}`,
      name: CREDENTIAL_SETTING_KEYS.requestRate,
      type: 'number',
      typeOptions: { minValue: 0 },
      default: defaultRate,
      description: catalog.rateSetting.description,
    });
  }
  return properties;
}

/**
 * The credential test: the catalog's free operation (checked to estimate 0) with its fixed input,
 * carrying the credential's fields where the catalog sends them. Empty optional fields are left out.
 */
function testRequest(catalog: ProviderCatalog): ICredentialTestRequest {
  const { op, input } = credentialTest(catalog);
  const parts = op.request ? op.request(op.input.parse(input)) : defaultRequestParts(op, op.input.parse(input));
  const qs: IDataObject = { ...(parts.query as IDataObject) };
  const headers: IDataObject = {};
  let body = parts.body as IDataObject | undefined;
  const pathFields: Record<string, string> = {};
  for (const field of catalog.credentialFields ?? []) {
    if (field.except?.includes(op.key)) continue;
    const param = field.param ?? field.name;
    const value = `={{$credentials.${field.name}${field.required ? '' : ' || undefined'}}}`;
    if (field.in === 'query') qs[param] = value;
    else if (field.in === 'header') headers[param] = value;
    else if (field.in === 'body' && op.method !== 'GET' && op.method !== 'DELETE') body = { [param]: value, ...body };
    else if (field.in === 'path') pathFields[param] = field.name;
  }
  let url = op.path;
  for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
    const fixed = parts.path[name];
    if (fixed) url = url.replace(`{${name}}`, encodeURIComponent(fixed));
    else if (pathFields[name]) url = url.replace(`{${name}}`, `{{encodeURIComponent($credentials.${pathFields[name]})}}`);
    else throw new Error(`${catalog.id}: the credential test ${op.key} has a path parameter "${name}" neither its input nor the credential fills`);
  }
  if (url.includes('{{')) url = `=${url}`;
  return {
    request: {
      baseURL: INSECURE_AWARE_BASE_URL,
      url,
      method: op.method,
      ...(Object.keys(qs).length ? { qs } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(body !== undefined ? { body } : {}),
    },
  };
}

/**
 * n8n sends the credential test itself, so the core's https rule (baseUrl.ts) is restated here:
 * an http:// Base URL off loopback without "Allow Insecure HTTP" is swapped for a host that can
 * never resolve (RFC 6761 `.invalid`), whose name says why — the key is never sent in clear.
 */
const INSECURE_AWARE_BASE_URL =
  "={{ /^https:\\/\\//i.test($credentials.baseUrl) || $credentials.allowInsecureHttp === true || /^http:\\/\\/(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\])(:\\d+)?(\\/|$)/i.test($credentials.baseUrl) ? $credentials.baseUrl : 'https://base-url-must-be-https-or-allow-insecure-http.invalid' }}";

/** The sandbox serves each provider under a kebab-case prefix (`enrichSo` → `enrich-so`). */
export function sandboxSegment(catalog: Pick<ProviderCatalog, 'id'>): string {
  return catalog.id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
