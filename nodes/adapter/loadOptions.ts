/**
 * Dropdowns loaded from the provider: a catalog operation names, per field, the free operation
 * that lists its choices (`optionsFrom`); the node gets one loadOptions method per such field,
 * which calls that operation through the same client (credential, throttle) and reads the
 * choices out of its answer. No provider code: the catalog says which call and how to read it.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { OperationSpec, ProviderCatalog } from '@enrichflow/core';
import { ADDITIONAL_FIELDS } from './fields';
import { credentialName } from './names';
import { clientFor, type ProviderCredentials } from './runtime';

/** `discovery.search` + `location` → `options_discovery_search_location`. */
export function optionsMethodName(op: Pick<OperationSpec, 'key'>, field: string): string {
  return `options_${op.key.replace(/\W/g, '_')}_${field}`;
}

/** Field → loadOptions method name, for the fields of `op` whose choices come from the API. */
export function optionsMethodsOf(op: OperationSpec | undefined): Record<string, { method: string; dependsOn: string[] }> {
  const out: Record<string, { method: string; dependsOn: string[] }> = {};
  for (const [field, source] of Object.entries(op?.optionsFrom ?? {}))
    out[field] = { method: optionsMethodName(op!, field), dependsOn: source.dependsOn ?? [] };
  return out;
}

type Loader = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

export function loadOptionsMethods(catalog: ProviderCatalog): Record<string, Loader> {
  const methods: Record<string, Loader> = {};
  for (const op of catalog.operations) {
    for (const [field, source] of Object.entries(op.optionsFrom ?? {})) {
      methods[optionsMethodName(op, field)] = async function (this: ILoadOptionsFunctions) {
        const values: Record<string, unknown> = {};
        for (const name of source.dependsOn ?? []) {
          const v = this.getCurrentNodeParameter(name) ?? (this.getCurrentNodeParameter(ADDITIONAL_FIELDS) as Record<string, unknown> | undefined)?.[name];
          if (v !== undefined && v !== '') values[name] = v;
        }
        const client = clientFor(this as never, catalog, (await this.getCredentials(credentialName(catalog))) as ProviderCredentials);
        const result = await client.call(source.op, source.input ? source.input(values) : {});
        return source.read(result.data).map((o) => ({ name: o.name, value: o.value }));
      };
    }
  }
  return methods;
}
