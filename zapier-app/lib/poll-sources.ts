/**
 * A catalog's `pollSources` as Zapier polling triggers ("New Website Visitor Company"): each
 * poll returns the entries of the last window with an `id` of entry + window, so Zapier's own
 * dedupe fires each entry once per window.
 */
import { describeInputFields, pollEntries, type PollSourceSpec, type ProviderCatalog, windowFromDays } from '../../shared';
import { inputFrom, toZapierField } from './fields';
import { guarded } from './run';
import type { Z, ZAction, ZBundle, ZField } from './zapier';

const DAY_MS = 24 * 3600_000;
export const WINDOW_KEY = 'windowDays';

export function pollSourceTrigger(catalog: ProviderCatalog, spec: PollSourceSpec): ZAction {
  const op = catalog.operations.find((o) => o.key === spec.op);
  if (!op) throw new Error(`${catalog.id}: poll source ${spec.key} polls ${spec.op}, which is not in the catalog`);
  const descriptors = describeInputFields(op.input)
    .filter((f) => spec.fields.includes(f.name))
    .map((f) => ({ ...f, required: false }));
  const windowField: ZField = {
    key: WINDOW_KEY,
    label: 'Window (Days)',
    type: 'integer',
    required: false,
    default: String(Math.round(spec.defaultWindowMs / DAY_MS)),
    helpText: 'Each poll looks this many days back; an entry triggers once per window.',
  };
  return {
    key: spec.key,
    noun: spec.displayName.replace(/^New\s+/i, ''),
    display: { label: spec.displayName, description: spec.description.length > 1000 ? `${spec.description.slice(0, 999)}…` : spec.description },
    operation: {
      type: 'polling',
      inputFields: [windowField, ...descriptors.map(toZapierField)],
      outputFields: [{ key: 'id', label: 'Trigger ID (entry and window)', type: 'string' }],
      sample: { id: 'cmp_0001:2026-03-02T00:00:00.000Z', window: '2026-03-02T00:00:00.000Z', company: { id: 'cmp_0001', name: 'Acme Oy' } },
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { labels: Object.fromEntries(descriptors.map((d) => [d.name, d.label])) }, async ({ client }) => {
          const input = bundle.inputData as Record<string, unknown>;
          const windowMs = windowFromDays(input[WINDOW_KEY], spec);
          const { entries } = await pollEntries(client, spec, { now: Date.now(), windowMs, fields: inputFrom(descriptors, input) });
          return entries.map((e) => ({ ...e.item, id: e.id, entryId: e.item.id, window: e.window }));
        }),
    },
  };
}
