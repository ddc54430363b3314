/**
 * "Find or Create" pairs declared in hints.ts: a search that reads a whole list operation and
 * keeps the entries whose field matches the user's value, paired with the create that makes
 * such an entry. Zapier runs the create only when the search finds nothing.
 */
import { describeInputFields, labelFor, type FieldDescriptor, type OperationSpec, type ProviderCatalog } from '../../shared';
import { z as zod } from 'zod';
import { fieldsFor, inputFrom, MAX_CREDITS_KEY, toZapierField } from './fields';
import type { ListSearchHint, ProviderHints } from './hints';
import { actionKey, mayCharge } from './operations';
import { guarded, isRecord } from './run';
import { outputFieldsFor, sampleFor } from './samples';
import { throttleFor } from './throttle';
import type { Z, ZAction, ZBundle, ZSearchOrCreate } from './zapier';

export function listSearchKey(hint: ListSearchHint): string {
  return `${actionKey(hint.list)}_by_${actionKey(hint.by)}`;
}

/** The schema of one entry of a list operation's answer, when its output is a plain array. */
function entrySchema(op: OperationSpec): zod.ZodTypeAny | undefined {
  return op.output instanceof zod.ZodArray ? (op.output.element as zod.ZodTypeAny) : undefined;
}

function operation(catalog: ProviderCatalog, key: string, why: string): OperationSpec {
  const op = catalog.operations.find((o) => o.key === key);
  if (!op) throw new Error(`${catalog.id}: hints name ${why} ${key}, which is not in the catalog`);
  return op;
}

/** A search over a list operation, matching one field of its entries. */
export function listSearchAction(catalog: ProviderCatalog, hint: ListSearchHint): ZAction {
  const op = operation(catalog, hint.list, 'the list');
  if (op.kind !== 'list') throw new Error(`${catalog.id}: ${hint.list} is a ${op.kind}, not a list to search`);
  // A paid list gets the Max Credits field like any other paid search.
  const fields = fieldsFor(op, { budget: mayCharge(op) });
  if (fields.descriptors.some((d) => d.name === hint.by)) throw new Error(`${catalog.id}: ${hint.list} already takes a "${hint.by}" input`);
  const entry = entrySchema(op);
  const described = entry ? describeInputFields(entry).find((d) => d.name === hint.by) : undefined;
  const by: FieldDescriptor = {
    ...(described ?? { name: hint.by, label: labelFor(hint.by), type: 'string' as const }),
    required: true,
    description: `Finds the entry whose ${(described?.label ?? hint.by).toLowerCase()} is this value (case and surrounding spaces ignored)`,
  };
  return {
    key: listSearchKey(hint),
    noun: labelFor(op.resource),
    display: { label: hint.label, description: hint.description },
    operation: {
      inputFields: [
        ...fields.inputFields.filter((f) => f.key !== MAX_CREDITS_KEY),
        toZapierField(by),
        ...fields.inputFields.filter((f) => f.key === MAX_CREDITS_KEY),
      ],
      outputFields: entry ? outputFieldsFor(entry) : [{ key: 'id', label: 'ID', type: 'string' }],
      sample: entry ? sampleFor(entry) : { id: '665a1f4e2c3b7800129dce01' },
      throttle: throttleFor(catalog, op),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { labels: { ...fields.labels, [by.name]: by.label } }, async ({ client }) => {
          const inputData = (bundle.inputData ?? {}) as Record<string, unknown>;
          const wanted = normalized(inputData[hint.by]);
          if (wanted === '') throw new z.errors.Error(`${by.label} (${hint.by}) is required to search ${op.displayName.toLowerCase()}`, 'InvalidData', 400);
          const listed = await client.list(op.key, inputFrom(fields.descriptors, inputData));
          return listed.items.filter((item) => isRecord(item) && normalized(item[hint.by]) === wanted);
        }),
    },
  };
}

function normalized(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '';
}

/**
 * The searches and pairs a provider's hints declare. Checked here so a hint that names a missing
 * operation, or a create that cannot take the searched value, fails the build, not a user's zap.
 */
export function searchOrCreatesFor(catalog: ProviderCatalog, hints: ProviderHints | undefined): { searches: ZAction[]; pairs: ZSearchOrCreate[] } {
  const searches: ZAction[] = [];
  const pairs: ZSearchOrCreate[] = [];
  for (const hint of hints?.searchOrCreates ?? []) {
    const create = operation(catalog, hint.create, 'the create');
    if (create.kind !== 'action') throw new Error(`${catalog.id}: ${hint.create} is a ${create.kind}, not a create`);
    if (!describeInputFields(create.input).some((d) => d.name === hint.search.by)) {
      throw new Error(`${catalog.id}: ${hint.create} takes no "${hint.search.by}", so it cannot create what ${listSearchKey(hint.search)} looks for`);
    }
    const search = listSearchAction(catalog, hint.search);
    searches.push(search);
    // Zapier wants the pair keyed like its search.
    pairs.push({ key: search.key, display: { label: hint.label, description: hint.description }, search: search.key, create: actionKey(create.key) });
  }
  return { searches, pairs };
}
