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
  try {
    host.validate(spec.submitOp, submit);
  } catch (error) {
    // The operation's schema names the field of a one-item job (`emails[0]`); in a list of
    // 500,000 the user needs the item: `items[10007]: emails must be a valid email address`.
    if (error instanceof ValidationError && error.issues?.length) refuse(error.issues.map((issue) => issue.rule).join('; '));
    throw error;
  }
}
