/**
 * Duplicate rows in a batch. Some providers bill every row, repeats included
 * (a catalog sets `billsDuplicates`): the runner says so before anything is submitted, and on request submits each distinct
 * item once and gives its repeats the same result — one outcome per input row either way.
 */
import type { BatchSpec } from '../catalog/types';
import type { ItemOutcome } from '../runEach';

export interface DuplicatePlan {
  /** Input indices to submit, in input order. */
  submit: number[];
  /** Repeat index → index of its first occurrence (only when repeats are dropped). */
  copies: Map<number, number>;
  /** How many rows repeat an earlier one. */
  repeats: number;
}

export function planDuplicates(spec: BatchSpec, items: readonly unknown[], valid: readonly number[], drop: boolean): DuplicatePlan {
  const first = new Map<string, number>();
  const copies = new Map<number, number>();
  const submit: number[] = [];
  let repeats = 0;
  for (const index of valid) {
    const key = spec.itemKey(items[index]);
    const seen = key === '' ? undefined : first.get(key);
    if (seen === undefined) {
      if (key !== '') first.set(key, index);
      submit.push(index);
      continue;
    }
    repeats++;
    if (drop) copies.set(index, seen);
    else submit.push(index);
  }
  return { submit, copies, repeats };
}

/** The sentence the user reads before a batch with billed repeats is submitted. */
export function duplicateWarning(spec: BatchSpec, provider: string, plan: DuplicatePlan, dropped: boolean): string | undefined {
  if (!spec.billsDuplicates || plan.repeats === 0) return undefined;
  return dropped
    ? `${plan.repeats} row(s) repeat an earlier one: each distinct ${spec.displayName.toLowerCase()} row is submitted once and its repeats get the same result (${provider} bills every row).`
    : `${plan.repeats} row(s) repeat an earlier one and ${provider} bills every row, repeats included; turn on "drop duplicates" to submit each once.`;
}

/** Repeats take their first occurrence's outcome, under their own index. */
export function copyDuplicateOutcomes(outcomes: (ItemOutcome<unknown> | undefined)[], copies: Map<number, number>): void {
  for (const [index, firstIndex] of copies) {
    const first = outcomes[firstIndex];
    if (!first) continue;
    outcomes[index] = first.ok ? { index, ok: true, value: first.value } : { index, ok: false, error: first.error };
  }
}
