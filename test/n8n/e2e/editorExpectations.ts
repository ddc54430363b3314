/**
 * What the editor test expects to see, derived from each node's own description (the node
 * classes, generated from the provider catalogs): the fields n8n shows for a resource and
 * operation (n8n-workflow's own display rules), and the cost note of every operation.
 */
import type { INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { packageNodes } from '../packageClasses';

export const PACKAGE = 'n8n-nodes-enrichflow';

/** Every node of the package, by class name (the screenshot's file name). */
export const NODES: Record<string, INodeType> = packageNodes;

/**
 * The operation a user comes to each action node for: its screenshot shows it picked, with its
 * cost note in the open dropdown (a node's first operation is usually a free account call).
 */
export const SHOWCASE: Record<string, { resource: string; operation: string }> = {
  EnrichSo: { resource: 'emailFinder', operation: 'find' },
  EnrichLayer: { resource: 'person', operation: 'getProfile' },
  Leadfeeder: { resource: 'company', operation: 'get' },
  Smarte: { resource: 'person', operation: 'enrich' },
  InfluencersClub: { resource: 'discovery', operation: 'search' },
  EnrichflowWaterfall: { resource: 'email', operation: 'findWork' },
};

/** The cost sentence the adapter appends to every operation's description (nodes/adapter/description.ts). */
export const COST_NOTE = /Cost: \S/;

export interface OperationCase {
  resource: string;
  operation: string;
  /** The option names the UI's dropdowns show. */
  resourceName: string;
  operationName: string;
  /** The option's description, which ends with its cost note. */
  costNote: string;
}

function optionsOf(prop: INodeProperties): INodePropertyOptions[] {
  return (prop.options ?? []) as INodePropertyOptions[];
}

/** Every resource → operation of an action node, in the order its dropdowns list them. */
export function operationCases(description: INodeTypeDescription): OperationCase[] {
  const resource = description.properties.find((p) => p.name === 'resource');
  if (!resource) return [];
  return optionsOf(resource).flatMap((r) => {
    const operation = description.properties.find(
      (p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(String(r.value)),
    );
    return optionsOf(operation!).map((o) => ({
      resource: String(r.value),
      operation: String(o.value),
      resourceName: r.name,
      operationName: o.name,
      costNote: o.description ?? '',
    }));
  });
}

export interface ExpectedField {
  name: string;
  displayName: string;
  type: INodeProperties['type'];
}

/**
 * The top-level parameters n8n shows for these values (defaults filled in, as the editor does
 * when an operation is picked), with n8n-workflow's own displayOptions rules.
 */
export function expectedFields(description: INodeTypeDescription, values: Record<string, string> = {}): ExpectedField[] {
  const node = { typeVersion: 1 };
  const params = NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ?? {};
  return description.properties
    .filter((p) => p.type !== 'hidden' && NodeHelpers.displayParameter(params, p, node, description, params))
    .map((p) => ({ name: p.name, displayName: p.displayName, type: p.type }));
}
