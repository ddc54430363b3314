/**
 * Duplicate rows in a batch. Some providers bill every row, repeats included
 * (a catalog sets `billsDuplicates`): the runner says so before anything is submitted, and on request submits each distinct
 * item once and gives its repeats the same result — one outcome per input row either way.
 */
import type { BatchSpec } from '../catalog/types';
import { indexByKey } from '../catalog/distinct';
import type { ItemOutcome } from '../runEach';

export interface DuplicatePlan {
  /** How many submittable rows repeat an earlier one. */
  repeats: number;
  /** Input index of each dropped repeat's first occurrence, -1 for every other row; undefined when none is dropped. */
  copyOf?: Int32Array;
}

/**
 * The repeats among the rows `submittable` keeps (all when undefined), for a provider that bills
 * them; a row whose key is '' repeats nothing. Keys are found through one Int32Array, not a Map.
 */
export function planDuplicates(spec: BatchSpec, items: readonly unknown[], submittable: Uint8Array | undefined, drop: boolean): DuplicatePlan {
  if (!spec.billsDuplicates) return { repeats: 0 };
  const keyAt = (item: unknown, index: number) => {
    if (submittable && !submittable[index]) return undefined;
    const key = spec.itemKey(item);
    return key === '' ? undefined : key;
  };
  const index = indexByKey(items, keyAt);
  let repeats = 0;
  let copyOf: Int32Array | undefined;
  for (let i = 0; i < items.length; i++) {
    const key = keyAt(items[i], i);
    const first = key === undefined ? i : index.find(key);
    if (first === i) continue;
    repeats++;
    if (!drop) continue;
    copyOf ??= new Int32Array(items.length).fill(-1);
    copyOf[i] = first;
  }
  return { repeats, copyOf };
}

/** The sentence the user reads before a batch with billed repeats is submitted. */
export function duplicateWarning(spec: BatchSpec, provider: string, plan: DuplicatePlan): string | undefined {
  if (!spec.billsDuplicates || plan.repeats === 0) return undefined;
  return plan.copyOf
    ? `${plan.repeats} row(s) repeat an earlier one: each distinct ${spec.displayName.toLowerCase()} row is submitted once and its repeats get the same result (${provider} bills every row).`
    : `${plan.repeats} row(s) repeat an earlier one and ${provider} bills every row, repeats included; turn on "drop duplicates" to submit each once.`;
}

/** Repeats take their first occurrence's outcome, under their own index. */
export function copyDuplicateOutcomes(outcomes: (ItemOutcome<unknown> | undefined)[], copyOf: Int32Array | undefined): void {
  if (!copyOf) return;
  for (let index = 0; index < copyOf.length; index++) {
    if (copyOf[index]! < 0) continue;
    const first = outcomes[copyOf[index]!];
    if (!first) continue;
    outcomes[index] = first.ok ? { index, ok: true, value: first.value } : { index, ok: false, error: first.error };
  }
}
