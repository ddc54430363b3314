/**
 * What n8n's community-node lint cannot see in generated descriptions (docs/n8n.md lists the
 * rules turned off for that reason): every parameter has a default of its own type, option
 * defaults are among the options, the credential's literals agree with the catalog, and the
 * package registers every node and credential class it ships.
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { catalogs } from '../../shared';
import { EnrichflowSharedStoreApi } from '../../credentials/EnrichflowSharedStoreApi.credentials';
import { EnrichSoApi } from '../../credentials/EnrichSoApi.credentials';
import { nodeCredentials, sharedStoreMethods, sharedStoreProperty } from '../../nodes/adapter/sharedStore';
import { EnrichSo } from '../../nodes/EnrichSo/EnrichSo.node';
import { EnrichSoBatchTrigger } from '../../nodes/EnrichSo/EnrichSoBatchTrigger.node';
import { EnrichSoTrigger } from '../../nodes/EnrichSo/EnrichSoTrigger.node';
import { credentialName } from '../../nodes/adapter/names';

const catalog = catalogs.enrichSo;
const nodes: INodeTypeDescription[] = [new EnrichSo().description, new EnrichSoTrigger().description, new EnrichSoBatchTrigger().description];
const credential = new EnrichSoApi();

/** Why a parameter's default does not fit it, or undefined when it does. */
function defaultProblem(p: INodeProperties): string | undefined {
  const d = p.default;
  if (d === undefined) return 'no default';
  const values = (p.options ?? []).map((o) => (o as INodePropertyOptions).value);
  switch (p.type) {
    case 'options':
      return values.includes(d as string) ? undefined : `default ${JSON.stringify(d)} is not an option`;
    case 'multiOptions':
      return Array.isArray(d) && d.every((v) => values.includes(v as string)) ? undefined : `default ${JSON.stringify(d)} is not a list of options`;
    case 'number':
      return typeof d === 'number' ? undefined : 'default is not a number';
    case 'boolean':
      return typeof d === 'boolean' ? undefined : 'default is not a boolean';
    case 'collection':
    case 'fixedCollection':
      return typeof d === 'object' && d !== null && !Array.isArray(d) ? undefined : 'default is not an object';
    default:
      return typeof d === 'string' ? undefined : `default of a ${p.type} is not a string`;
  }
}

function problems(props: INodeProperties[], where: string): string[] {
  return props.flatMap((p) => {
    const own = defaultProblem(p);
    const nested = p.type === 'collection' ? problems((p.options ?? []) as INodeProperties[], `${where} › ${p.name}`) : [];
    const fixed =
      p.type === 'fixedCollection' ? ((p.options ?? []) as INodePropertyCollection[]).flatMap((c) => problems(c.values, `${where} › ${p.name}.${c.name}`)) : [];
    return [...(own ? [`${where} › ${p.name}: ${own}`] : []), ...nested, ...fixed];
  });
}

test.each(nodes.map((n) => [n.displayName, n] as const))('every parameter of %s has a default of its own type', (_name, description) => {
  expect(problems(description.properties, description.name)).toEqual([]);
});

test('every credential field has a default of its own type; the Base URL defaults to the real service', () => {
  expect(problems(credential.properties, credential.name)).toEqual([]);
  expect(credential.properties.find((p) => p.name === 'baseUrl')?.default).toBe(catalog.baseUrl);
  // The provider publishes per-plan limits: the credential offers them, defaulting to the catalog's.
  const plan = credential.properties.find((p) => p.name === 'plan');
  expect(plan?.options?.map((o) => (o as { value: string }).value)).toEqual(Object.keys(catalog.plans!.limits));
  expect(plan?.default).toBe(catalog.plans!.default);
});

test("the credential's literals (read by n8n's lint) agree with the catalog", () => {
  expect(credential.name).toBe(credentialName(catalog));
  expect(credential.displayName).toBe(`${catalog.displayName} API`);
  expect(credential.documentationUrl).toBe(catalog.docsUrl);
  // Every node takes the provider's credential, and the shared store's when Redis is selected.
  for (const node of nodes) expect(node.credentials).toEqual(nodeCredentials(credential.name));
  expect(nodeCredentials(credential.name)[1]).toMatchObject({
    name: new EnrichflowSharedStoreApi().name,
    testedBy: Object.keys(sharedStoreMethods.credentialTest ?? {})[0],
  });
  for (const node of nodes) expect(node.properties).toContainEqual(sharedStoreProperty);
});

test('each resource shows one Operation parameter, and every catalog operation is one of its options with its cost', () => {
  const action = nodes[0];
  for (const op of catalog.operations) {
    const operations = action.properties.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(op.resource));
    expect(operations).toHaveLength(1);
    const option = (operations[0].options as INodePropertyOptions[]).find((o) => o.value === op.operation);
    // First, and once: n8n clamps the dropdown's line to two rows.
    expect(option?.description?.startsWith(`Cost: ${op.cost.summary}.`)).toBe(true);
    expect(option?.description?.split('Cost: ')).toHaveLength(2);
  }
});

test('no label the user reads spells the product "N8n" (the lint title-cases option names, so labels avoid the name)', () => {
  const labels: string[] = [];
  const walk = (props: readonly (INodeProperties | INodePropertyOptions | INodePropertyCollection)[]) => {
    for (const p of props) {
      labels.push(String((p as INodeProperties).displayName ?? (p as INodePropertyOptions).name ?? ''));
      if ('options' in p && Array.isArray(p.options)) walk(p.options as INodeProperties[]);
      if ('values' in p && Array.isArray(p.values)) walk(p.values as INodeProperties[]);
    }
  };
  for (const node of nodes) walk(node.properties);
  expect(labels.filter((l) => /N8n/.test(l))).toEqual([]);
  expect((sharedStoreProperty.options as INodePropertyOptions[]).map((o) => o.name)).toContain('In Memory (This Process Only)');
});
