/**
 * Rules every provider catalog keeps (issue 7, item 10): a credential test never spends (a free
 * read, or a paid operation in a fixed free mode such as audit) — under
 * every reading the catalog offers — and the credential's own settings never collide.
 */
import { credentialFieldNames, credentialTest } from '../../shared/credentials';
import { catalogs } from '../../shared/providers';
import type { ProviderCatalog } from '../../shared/catalog/types';
import { toyCatalog } from './fixtures/toy-catalog';

/** The catalog under every combination of its readings. */
function everyReading(catalog: ProviderCatalog): { label: string; catalog: ProviderCatalog }[] {
  let combos: Record<string, string>[] = [{}];
  for (const reading of catalog.readings ?? []) combos = combos.flatMap((c) => reading.options.map((o) => ({ ...c, [reading.name]: o.value })));
  return combos.map((chosen) => ({
    label: JSON.stringify(chosen),
    catalog: Object.keys(chosen).length && catalog.withReadings ? catalog.withReadings(chosen) : catalog,
  }));
}

describe.each(Object.entries({ ...catalogs, toy: toyCatalog }))('the %s catalog', (_id, base) => {
  it.each(everyReading(base).map((r) => [r.label, r.catalog] as const))('tests a credential for free under readings %s', (_label, catalog) => {
    const { op, input } = credentialTest(catalog);
    const parsed = op.input.parse(input);
    expect(op.cost.estimate(parsed)).toBe(0);
    // Not a paid lookup either: whatever a plain answer says, the model books nothing for it.
    const answered = op.cost.actual?.({ input: parsed, data: {}, response: { status: 200, headers: {}, body: '{}' }, meta: {} });
    expect(answered ?? 0).toBe(0);
    expect(['batchSubmit', 'action']).not.toContain(op.kind);
  });

  it('names each credential setting once', () => {
    expect(() => credentialFieldNames(base)).not.toThrow();
  });
});

describe('a catalog whose credential test would spend is refused', () => {
  it('names the operation and what it would cost', () => {
    expect(() => credentialTest({ ...toyCatalog, credentialTestInput: { email: 'a@b.io' } })).toThrow(
      'toy: the credential test person.lookup would cost 10 credits; it must be free',
    );
  });
});
