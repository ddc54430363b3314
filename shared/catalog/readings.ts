/**
 * Readings: where a provider's sources disagree, the catalog is built for one reading of them.
 * A catalog made by `catalogWithReadings` is its default reading, and `withReadings(chosen)`
 * rebuilds it for another, so an operation, its paging or its cost can depend on a reading
 * through plain closures — the core never learns what a reading means.
 */
import { ValidationError } from '../errors';
import type { ProviderCatalog, ReadingSpec, Readings } from './types';

/** Every reading of `specs`, each the value chosen in `given` or its default; unknown names or values are refused. */
export function resolveReadings(displayName: string, specs: readonly ReadingSpec[], given: Partial<Readings> = {}): Readings {
  const known = new Map(specs.map((spec) => [spec.name, spec]));
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && given[name] !== '' && !known.has(name)) {
      const names = specs.map((s) => s.name).join(', ') || 'none';
      throw new ValidationError(`${displayName} has no reading "${name}" (readings: ${names})`, [{ field: name, rule: `one of ${names}` }]);
    }
  }
  const chosen: Readings = {};
  for (const spec of specs) {
    const value = given[spec.name];
    if (value === undefined || value === '') {
      chosen[spec.name] = spec.default;
      continue;
    }
    const values = spec.options.map((o) => o.value);
    if (spec.other && !values.includes(value)) {
      if (!spec.other.pattern.test(value))
        throw new ValidationError(`${displayName}: ${spec.displayName} ${spec.other.rule} (got "${value}")`, [{ field: spec.name, rule: spec.other.rule }]);
    } else if (!values.includes(value)) {
      throw new ValidationError(`${displayName}: ${spec.displayName} must be one of ${values.join(', ')} (got "${value}")`, [
        { field: spec.name, rule: `one of ${values.join(', ')}` },
      ]);
    }
    chosen[spec.name] = value;
  }
  return chosen;
}

/**
 * A catalog that depends on readings: `build(chosen)` gets every reading resolved. The result is
 * the default reading's catalog; `withReadings` gives the catalog for any other choice.
 */
export function catalogWithReadings(readings: ReadingSpec[], build: (chosen: Readings) => Omit<ProviderCatalog, 'readings' | 'withReadings'>): ProviderCatalog {
  for (const spec of readings) {
    if (!spec.options.some((o) => o.value === spec.default))
      throw new RangeError(`reading "${spec.name}": its default "${spec.default}" is not one of its options`);
  }
  const make = (chosen: Readings): ProviderCatalog => {
    const catalog: ProviderCatalog = { ...build(chosen), readings, withReadings: (next) => make(resolveReadings(catalog.displayName, readings, next)) };
    return catalog;
  };
  return make(resolveReadings('catalog', readings));
}

/** The catalog under the chosen readings (itself when it declares none or nothing is chosen). */
export function applyReadings(catalog: ProviderCatalog, given: Partial<Readings> | undefined): { catalog: ProviderCatalog; readings: Readings } {
  const specs = catalog.readings ?? [];
  const chosen = resolveReadings(catalog.displayName, specs, given ?? {});
  const asked = Object.values(given ?? {}).some((v) => v !== undefined && v !== '');
  if (!asked || !catalog.withReadings) return { catalog, readings: chosen };
  return { catalog: catalog.withReadings(chosen), readings: chosen };
}
