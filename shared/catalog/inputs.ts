/**
 * Input field builders. Every message names the field, because the same schema becomes the n8n
 * and Zapier fields and its messages are what the user reads when an input is refused.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';

/** Ids we put into a URL path: no slashes, no dots, nothing that could change the route. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function idField(field: string, help: string) {
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .regex(SAFE_ID, `${field} must be an id of letters, digits, "_" or "-" (at most 100 characters)`)
    .describe(help);
}


/** The id of a job a provider returned when it was submitted. */
export function jobIdField(field: string, help: string) {
  return idField(field, help);
}

export function emailField(field: string, help: string) {
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .min(1, `${field} is required`)
    .max(254, `${field} must be at most 254 characters`)
    .email(`${field} must be a valid email address`)
    .describe(help);
}

export function textField(field: string, help: string, opts: { min?: number; max: number }) {
  const min = opts.min ?? 1;
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .min(min, min === 1 ? `${field} must not be empty` : `${field} must be at least ${min} characters`)
    .max(opts.max, `${field} must be at most ${opts.max} characters`)
    .describe(help);
}

export function urlField(field: string, help: string, opts: { max?: number; mustMatch?: { pattern: RegExp; rule: string } } = {}) {
  let s = z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .max(opts.max ?? 2048, `${field} must be at most ${opts.max ?? 2048} characters`)
    .url(`${field} must be a full URL (https://…)`);
  if (opts.mustMatch) s = s.regex(opts.mustMatch.pattern, `${field} ${opts.mustMatch.rule}`);
  return s.describe(help);
}

export const LINKEDIN_COMPANY = { pattern: /^https?:\/\/([a-z]{2,3}\.)?linkedin\.com\/company\/[^/?#]+/i, rule: 'must be a LinkedIn company URL (https://www.linkedin.com/company/…)' };

/** An optional callback URL the provider posts to; `help` says what the provider sends. */
export function webhookUrlField(help: string) {
  return urlField('webhookUrl', help).optional();
}

export function intField(field: string, help: string, opts: { min: number; max?: number }) {
  let s = z
    .number({ required_error: `${field} is required`, invalid_type_error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(opts.min, `${field} must be at least ${opts.min}`);
  if (opts.max !== undefined) s = s.max(opts.max, `${field} must be at most ${opts.max}`);
  return s.describe(help);
}

export function pageField(help = 'Page number, starting at 1') {
  return intField('page', help, { min: 1 }).default(1);
}

/** A list field: `min..max` entries, each checked by `item`. */
export function listField<T extends z.ZodTypeAny>(field: string, item: T, help: string, opts: { min?: number; max: number }) {
  let s = z.array(item, { required_error: `${field} is required`, invalid_type_error: `${field} must be a list` });
  if (opts.min) s = s.min(opts.min, `${field} needs at least ${opts.min} ${opts.min === 1 ? 'entry' : 'entries'}`);
  return s.max(opts.max, `${field} accepts at most ${opts.max} entries`).describe(help);
}

export function stringList(field: string, help: string, opts: { max?: number; itemMax?: number } = {}) {
  const item = z.string().trim().min(1, `${field} entries must not be empty`).max(opts.itemMax ?? 200, `${field} entries must be at most ${opts.itemMax ?? 200} characters`);
  return listField(field, item, help, { max: opts.max ?? 1000 }).optional();
}

export function enumField<const T extends readonly [string, ...string[]]>(field: string, values: T, help: string) {
  return z.enum(values, { errorMap: () => ({ message: `${field} must be one of: ${values.join(', ')}` }) }).describe(help);
}

/** A cross-field rule a flat z.object cannot state; checked before anything is sent. */
export function requireOneOf(input: Record<string, unknown>, fields: string[], what: string): void {
  const present = fields.some((f) => {
    const v = input[f];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '';
  });
  if (!present) {
    const rule = `give at least one of ${fields.join(' or ')} (${what})`;
    throw new ValidationError(`invalid input — ${fields[0]}: ${rule}. Nothing was sent and no credits were spent.`, [{ field: fields[0], rule }]);
  }
}

/** Input minus fields that are ours (never sent) and undefined values. */
export function without(input: Record<string, unknown>, ...drop: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!drop.includes(k) && v !== undefined) out[k] = v;
  return out;
}

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function domainField(field: string, help: string) {
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .min(1, `${field} is required`)
    .max(253, `${field} must be at most 253 characters`)
    .regex(HOSTNAME, `${field} must be a bare domain such as acme.com (no https://, no path)`)
    .describe(help);
}


/**
 * Input of an operation that takes none. Strict, so a field meant for another operation is
 * reported ("Unrecognized key(s) in object: 'email'") instead of silently dropped.
 */
export const noInput = z.object({}).strict();

export function booleanField(field: string, help: string) {
  return z.boolean({ required_error: `${field} is required`, invalid_type_error: `${field} must be true or false` }).describe(help);
}
