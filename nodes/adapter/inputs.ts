/** Reading every input item's fields before anything is sent: bad input never costs a credit. */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { EnrichflowClient } from '@enrichflow/core';
import { readFieldValues } from './fields';
import type { OperationPlan } from './operations';
import { nodeError } from './output';

export type ItemInputs = ({ ok: true; input: Record<string, unknown> } | { ok: false; error: unknown })[];

/**
 * Every item's input, checked by the catalog schema before anything is sent. `validateAs`
 * replaces the operation's own check and returns the input to use (batch items: the item
 * operation's validated input).
 */
export function readInputs(
  ctx: IExecuteFunctions,
  client: EnrichflowClient,
  plan: OperationPlan,
  validateAs?: (values: Record<string, unknown>) => Record<string, unknown>,
): ItemInputs {
  return ctx.getInputData().map((_, i) => {
    try {
      const values = readFieldValues(plan.fields, (name, fallback) => ctx.getNodeParameter(name, i, fallback));
      if (!validateAs) client.validate(plan.op.key, values);
      return { ok: true as const, input: validateAs ? validateAs(values) : values };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
}

/** Without Continue On Fail the first bad item stops the node before any paid call. */
export function requireAllValid(ctx: IExecuteFunctions, inputs: ItemInputs): void {
  if (ctx.continueOnFail()) return;
  const bad = inputs.findIndex((x) => !x.ok);
  if (bad >= 0) throw nodeError(ctx.getNode(), (inputs[bad] as { error: unknown }).error, bad);
}
