import type { z } from 'zod';
import type { OperationSpec } from './catalog/types';
import { wireSafetyIssue } from './catalog/wireSafe';
import { ValidationError } from './errors';
import { type Parsed, safeParseLongLists } from './validateLists';

/** `['leads', 3, 'domain']` → `leads[3].domain`, the way a user would point at the field. */
function fieldPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** Check an input against the operation's schema before anything is sent or spent. */
export function validateInput<I>(providerName: string, op: OperationSpec<I>, input: unknown): I {
  // No input at all means "no fields"; `null` is a mistake upstream and is refused, not read as {}.
  const given = input === undefined ? {} : input;
  const unsafe = wireSafetyIssue(given);
  if (unsafe) refuse(providerName, op, [unsafe]);
  let result: Parsed<I>;
  try {
    result = safeParseLongLists(op.input as z.ZodType<I>, given);
  } catch {
    // Input that changes under a second read (a getter or Proxy that throws only now).
    refuse(providerName, op, [{ field: '(input)', rule: 'could not be read (a getter or proxy failed): give plain JSON data' }]);
  }
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    // An unknown field has an empty path; the field the user got wrong is the key itself.
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    return { field: fieldPath(path) || '(input)', rule: issue.message };
  });
  refuse(providerName, op, issues);
}

function refuse(providerName: string, op: OperationSpec, issues: { field: string; rule: string }[]): never {
  const listed = issues
    .slice(0, 5)
    .map((i) => `${i.field}: ${i.rule}`)
    .join('; ');
  const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : '';
  throw new ValidationError(`${providerName} "${op.displayName}": invalid input — ${listed}${more}. Nothing was sent and no credits were spent.`, issues, {
    provider: providerName,
  });
}
