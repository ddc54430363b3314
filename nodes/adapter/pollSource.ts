/**
 * The polling trigger of a catalog's `pollSources` ("New Website Visitor Company"): each poll
 * reads the entries of the last window and emits each one once per window. The ids already
 * emitted live in the workflow's static data, so they survive restarts; they are kept two
 * windows, long enough that a late poll in the next window cannot repeat them.
 */
import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { describeInputFields, pollEntries, pollSourceOf, type ProviderCatalog, windowFromDays } from '@enrichflow/core';
import type { GeneratedDescription } from './description';
import { fieldProperties, readFieldValues } from './fields';
import { credentialName } from './names';
import { clientFor, type ProviderCredentials } from './runtime';
import { type VersionOptions, versionFields } from './versions';
import { spreadsheetSafeJson, spreadsheetSafeProperty } from './output';

const DAY_MS = 24 * 3600_000;
/** A manual test shows at most this many entries. */
const MANUAL_SAMPLE = 10;

function sourceFields(catalog: ProviderCatalog, key: string) {
  const spec = pollSourceOf(catalog, key);
  const op = catalog.operations.find((o) => o.key === spec.op);
  if (!op) throw new Error(`${catalog.id}: poll source ${spec.key} polls ${spec.op}, which is not in the catalog`);
  return describeInputFields(op.input)
    .filter((f) => spec.fields.includes(f.name))
    .map((f) => ({ ...f, required: false }));
}

/** Everything the catalog decides; the node file adds its UI literals (see GeneratedDescription). */
export function pollSourceTriggerDescription(catalog: ProviderCatalog, { versions }: VersionOptions = {}): GeneratedDescription {
  const sources = catalog.pollSources ?? [];
  if (sources.length === 0) throw new Error(`${catalog.id} declares no pollSources`);
  // Defaults held in plain names: n8n's lint reads a `default` only as a literal or a name.
  const firstSource = sources[0]!.key;
  const properties: INodeProperties[] = [
    {
      displayName: 'Event',
      name: 'event',
      type: 'options',
      noDataExpression: true,
      required: true,
      default: firstSource,
      options: sources.map((s) => ({ name: s.displayName, value: s.key, description: s.description })),
    },
  ];
  for (const spec of sources) {
    properties.push({
      displayName: 'Window (Days)',
      name: 'windowDays',
      type: 'number',
      typeOptions: { minValue: 1, maxValue: 31 },
      default: Math.max(1, Math.round(spec.defaultWindowMs / DAY_MS)),
      description: 'Each poll looks at this many days back; an entry starts the workflow once per window',
      displayOptions: { show: { event: [spec.key] } },
    });
    properties.push(...fieldProperties(sourceFields(catalog, spec.key), { event: [spec.key] }, 'Optional filters'));
  }
  properties.push(spreadsheetSafeProperty);
  return {
    displayName: `${catalog.displayName} Trigger`,
    name: `${catalog.id}Trigger`,
    group: ['trigger'],
    ...versionFields(versions),
    description: `Starts the workflow on new ${catalog.displayName} entries, by polling (${sources.map((s) => s.displayName).join(', ')})`,
    defaults: { name: `${catalog.displayName} Trigger` },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: credentialName(catalog), required: true }],
    properties,
  };
}

export async function pollSourceTrigger(ctx: IPollFunctions, catalog: ProviderCatalog): Promise<INodeExecutionData[][] | null> {
  const key = ctx.getNodeParameter('event') as string;
  const spec = pollSourceOf(catalog, key);
  const now = Date.now();
  let windowMs: number;
  let fields: Record<string, unknown>;
  try {
    windowMs = windowFromDays(ctx.getNodeParameter('windowDays', Math.round(spec.defaultWindowMs / DAY_MS)), spec);
    fields = readFieldValues(sourceFields(catalog, key), (name, fallback) => ctx.getNodeParameter(name, fallback));
  } catch (error) {
    throw new NodeOperationError(ctx.getNode(), (error as Error).message);
  }
  const client = clientFor(ctx, catalog, (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials);
  const { entries } = await pollEntries(client, spec, { now, windowMs, fields });
  const manual = ctx.getMode() === 'manual';
  const state = ctx.getWorkflowStaticData('node');
  const seen = (state.seen ??= {}) as Record<string, number>;
  for (const [id, until] of Object.entries(seen)) if (until <= now) delete seen[id];

  // A manual test shows what the trigger would emit now, and remembers nothing.
  const fresh = manual ? entries.slice(0, MANUAL_SAMPLE) : entries.filter((e) => seen[e.id] === undefined);
  if (!manual) for (const e of fresh) seen[e.id] = now + 2 * windowMs;
  const out: IDataObject[] = fresh.map((e) => ({ ...(e.item as IDataObject), _trigger: { event: spec.key, id: e.id, window: e.window } }));
  return out.length ? [ctx.helpers.returnJsonArray(spreadsheetSafeJson(out, ctx.getNodeParameter('spreadsheetSafe', true)))] : null;
}
