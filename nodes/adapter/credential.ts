/**
 * The n8n credential of a provider, from its catalog: the key (a password field), the base URL
 * (the real service by default; the sandbox for a free dry run), the auth header the catalog
 * names, and a test that calls the catalog's free operation.
 */
import type { IAuthenticateGeneric, ICredentialTestRequest, IDataObject, INodeProperties } from 'n8n-workflow';
import type { ProviderCatalog } from '../../shared';

/** What a credential class takes from the catalog; its name, display name, docs URL and icon are literals there (n8n's lint reads them). */
export interface GeneratedCredential {
  properties: INodeProperties[];
  authenticate: IAuthenticateGeneric;
  test: ICredentialTestRequest;
}

export function credentialDescription(catalog: ProviderCatalog): GeneratedCredential {
  const testOp = catalog.operations.find((op) => op.key === catalog.credentialTestOp);
  if (!testOp) throw new Error(`${catalog.id}: credentialTestOp "${catalog.credentialTestOp}" is not in the catalog`);
  if (testOp.path.includes('{')) throw new Error(`${catalog.id}: the credential test operation must have a fixed path`);

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
      default: catalog.baseUrl,
      required: true,
      description: `The ${catalog.displayName} API to call. Keep the default for the real service (paid); point it at the Enrichflow sandbox (e.g. http://127.0.0.1:4010/${sandboxSegment(catalog)}${new URL(catalog.baseUrl).pathname}) for a free dry run.`,
    },
  ];
  if (catalog.plans) {
    properties.push({
      displayName: 'Plan',
      name: 'plan',
      type: 'options',
      options: Object.keys(catalog.plans.limits).map((plan) => ({ name: plan[0].toUpperCase() + plan.slice(1), value: plan })),
      default: catalog.plans.default,
      description: `Your ${catalog.displayName} plan: requests are paced to its published rate limits`,
    });
  }

  const authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { [catalog.auth.header]: `=${catalog.auth.prefix ?? ''}{{$credentials.apiKey}}` } },
  };

  // The test must be free: the catalog's credentialTestOp is a free read (Enrich.so: wallet balance).
  // A check with a fixed request (SMARTe: one audit-only record) sends that body and query too.
  const fixed = testOp.request?.({});
  const test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: testOp.path,
      method: testOp.method,
      ...(fixed?.body !== undefined ? { body: fixed.body as IDataObject } : {}),
      ...(fixed && Object.keys(fixed.query).length ? { qs: fixed.query as IDataObject } : {}),
    },
  };

  return { properties, authenticate, test };
}

/** The sandbox serves each provider under a kebab-case prefix (`enrichSo` → `enrich-so`). */
export function sandboxSegment(catalog: Pick<ProviderCatalog, 'id'>): string {
  return catalog.id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
