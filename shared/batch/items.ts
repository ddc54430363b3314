/**
 * One batch item checked before anything is submitted: plain bounded JSON (the rules every
 * input obeys), then the submit operation's own rules as a one-item job. A value the catalog's
 * `submitInput` cannot even read (an object where an email belongs) is a validation error on
 * that item, never a crash.
 */
import type { BatchSpec } from '../catalog/types';
import { valueSafetyIssue } from '../catalog/wireSafe';
import type { BatchHost } from './host';
import { EnrichflowError, ValidationError } from '../errors';

export function checkBatchItem(host: BatchHost, spec: BatchSpec, item: unknown, index: number): void {
  const field = `items[${index}]`;
  const unsafe = valueSafetyIssue(item, field);
  const refuse = (rule: string): never => {
    throw new ValidationError(`${spec.displayName}: invalid item — ${field}: ${rule}. Nothing was sent and no credits were spent.`, [{ field, rule }], {
      provider: host.provider.displayName,
    });
  };
  if (unsafe) refuse(unsafe.rule);
  let submit: unknown;
  try {
    submit = spec.submitInput([item]);
  } catch (error) {
    if (error instanceof EnrichflowError) throw error;
    refuse(`is not a ${spec.displayName} item`);
  }
  host.validate(spec.submitOp, submit);
}
