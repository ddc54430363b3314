/**
 * Operation inputs generated from the catalogs themselves: a known-good base (the provider's
 * shared test sample, else an empty input) whose priced fields — every choice, number and yes/no
 * the operation's field list declares — fast-check varies within their documented bounds. A new
 * operation or a new premium parameter is covered without touching this file.
 */
import fc from 'fast-check';
import { describeInputFields, type FieldDescriptor } from '../../../shared/catalog/fields';
import type { OperationSpec } from '../../../shared/catalog/types';
import { pagingFieldNames } from '../../../shared/paging/paginate';
import { enrichLayerSamples } from '../../unit/providers/enrichLayer/samples';
import { enrichSoSamples } from '../../unit/providers/enrichSo/samples';
import { influencersClubSamples } from '../../unit/providers/influencersClub/samples';
import { leadfeederSamples } from '../../unit/providers/leadfeeder/samples';

/** SMARTe has no shared sample file: one identifier set per record type, as its docs combine them. */
const smarteSamples: Record<string, Record<string, unknown>> = {
  'person.enrich': { email: 'jane.doe@acme.io' },
  'company.enrich': { companyWebsite: 'acme.io' },
  'email.enrich': { fullName: 'Jane Doe', companyName: 'Acme' },
  'mobile.enrich': { email: 'jane.doe@acme.io' },
  'funding.enrich': { companyWebsite: 'acme.io' },
  'technographics.enrich': { companyWebsite: 'acme.io' },
};

const good = (samples: Record<string, { good: Record<string, unknown> }>) => Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.good]));

const bases: Record<string, Record<string, Record<string, unknown>>> = {
  enrichLayer: good(enrichLayerSamples),
  enrichSo: good(enrichSoSamples),
  leadfeeder: good(leadfeederSamples),
  influencersClub: influencersClubSamples,
  smarte: smarteSamples,
};

export function baseInput(provider: string, op: OperationSpec): Record<string, unknown> {
  return { ...(bases[provider]?.[op.key] ?? {}) };
}

/** Fields whose value may change the price: choices, numbers, yes/no — not identifiers. */
function variation(field: FieldDescriptor): fc.Arbitrary<unknown> | undefined {
  const leave = fc.constant(undefined);
  if (field.options?.length) return fc.oneof(leave, fc.constantFrom(...field.options.map((o) => o.value)));
  if (field.type === 'boolean') return fc.oneof(leave, fc.boolean());
  if (field.type === 'number') {
    const min = Math.max(field.min ?? 0, 0);
    const max = Math.min(field.max ?? min + 120, min + 120);
    if (!Number.isFinite(min) || max < min) return undefined;
    return fc.oneof(leave, fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
  }
  return undefined;
}

/** Inputs for `op`: the base with its priced fields varied (undefined = left to the default). */
export function inputsFor(provider: string, op: OperationSpec): fc.Arbitrary<Record<string, unknown>> {
  const base = baseInput(provider, op);
  const owned = new Set(op.pagination ? pagingFieldNames(op.pagination) : []);
  const varied: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of describeInputFields(op.input as never)) {
    if (owned.has(field.name) || field.name in base) continue;
    const arb = variation(field);
    if (arb) varied[field.name] = arb;
  }
  return fc.record(varied).map((v) => {
    const input = { ...base };
    for (const [k, value] of Object.entries(v)) if (value !== undefined) input[k] = value;
    return input;
  });
}
