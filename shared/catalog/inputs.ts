/**
 * Input field builders. Every message names the field, because the same schema becomes the n8n
 * and Zapier fields and its messages are what the user reads when an input is refused.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';

/**
 * Ids we put into a URL path: no slashes, no dots, nothing that could change the route; they
 * start with a letter or digit, so `__proto__` and friends are not ids.
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/**
 * An id. `pattern` is the provider's documented shape when it has one (Enrich.so batch ids are
 * 24 hex characters); it narrows the generic rule, never widens it.
 */
export function idField(field: string, help: string, documented?: { pattern: RegExp; rule: string }) {
  let s = z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .regex(SAFE_ID, `${field} must be an id of letters, digits, "_" or "-", starting with a letter or digit (at most 100 characters)`);
  if (documented) s = s.regex(documented.pattern, `${field} ${documented.rule}`);
  return s.describe(help);
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
  return s
    .superRefine((url, ctx) => {
      const rule = webUrlRule(url);
      if (rule) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${field} ${rule}` });
    })
    .describe(help);
}

/**
 * Hosts that answer for the machine they run on (cloud instance metadata): a URL the provider
 * will call must not point there. Link-local ranges are checked separately.
 */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', '100.100.100.200', '[fd00:ec2::254]']);

function isLinkLocal(hostname: string): boolean {
  if (/^169\.254\.\d+\.\d+$/.test(hostname)) return true;
  const v6 = hostname.startsWith('[') ? hostname.slice(1, -1).toLowerCase() : undefined;
  if (!v6) return false;
  if (/^fe[89ab][0-9a-f]?:/.test(v6)) return true;
  // IPv4-mapped IPv6 (`::ffff:a9fe:a9fe` is 169.254.169.254).
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(v6);
  const high = mapped ? parseInt(mapped[1], 16) : 0;
  return high >> 8 === 169 && (high & 0xff) === 254;
}

/**
 * Why a URL cannot be handed to a provider, or undefined: it must be absolute http(s), carry no
 * user name or password, contain no whitespace or control characters (a CRLF would split a
 * header), and not point at a link-local or cloud-metadata address.
 */
export function webUrlRule(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001F\u007F-\u009F]/.test(url)) return 'must not contain spaces or control characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a full URL (https://…)';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `must be an http:// or https:// URL (not ${parsed.protocol})`;
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  if (!parsed.hostname) return 'must name a host';
  if (isBlockedHost(parsed.hostname)) return 'must not point at a link-local or cloud metadata address';
  return undefined;
}

/** A link-local or cloud-metadata host (`169.254.169.254`, `metadata.google.internal`, …), as a URL's hostname spells it. */
export function isBlockedHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return isLinkLocal(host) || METADATA_HOSTS.has(host);
}

export const LINKEDIN_COMPANY = {
  pattern: /^https?:\/\/([a-z]{2,3}\.)?linkedin\.com\/company\/[^/?#]+/i,
  rule: 'must be a LinkedIn company URL (https://www.linkedin.com/company/…)',
};

/** An optional callback URL the provider posts to; `help` says what the provider sends. */
export function webhookUrlField(help: string) {
  return urlField('webhookUrl', help).optional();
}

/**
 * A whole number as a message spells it, `25,000`: `toLocaleString('en-US')` would give the same
 * text, but calling it while a catalog loads pulls in ICU's number formatting (~7 MB of memory in
 * every process that loads the catalog).
 */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A whole number within `min..max`; without a documented maximum, within the exact integers (1e308 is not a count). */
export function intField(field: string, help: string, opts: { min: number; max?: number }) {
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return z
    .number({ required_error: `${field} is required`, invalid_type_error: `${field} must be a number` })
    .finite(`${field} must be a finite number`)
    .int(`${field} must be a whole number`)
    .min(opts.min, `${field} must be at least ${opts.min}`)
    .max(max, `${field} must be at most ${max}`)
    .describe(help);
}

/**
 * No provider pages past a million (a job holds at most 500,000 items, at least one per page);
 * a page beyond that is a mistake, not a request.
 */
export const MAX_PAGE = 1_000_000;

export function pageField(help = 'Page number, starting at 1') {
  return intField('page', help, { min: 1, max: MAX_PAGE }).default(1);
}

/**
 * A list field: `min..max` entries, each checked by `item`. `maxSource` says where a maximum the
 * provider does not document comes from, in the message the user reads when it refuses.
 */
export function listField<T extends z.ZodTypeAny>(field: string, item: T, help: string, opts: { min?: number; max: number; maxSource?: string }) {
  let s = z.array(item, { required_error: `${field} is required`, invalid_type_error: `${field} must be a list` });
  if (opts.min) s = s.min(opts.min, `${field} needs at least ${opts.min} ${opts.min === 1 ? 'entry' : 'entries'}`);
  return s.max(opts.max, `${field} accepts at most ${opts.max} entries${opts.maxSource ? ` (${opts.maxSource})` : ''}`).describe(help);
}

export function stringList(field: string, help: string, opts: { max?: number; itemMax?: number } = {}) {
  const item = z
    .string()
    .trim()
    .min(1, `${field} entries must not be empty`)
    .max(opts.itemMax ?? 200, `${field} entries must be at most ${opts.itemMax ?? 200} characters`);
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

/** A cross-field rule: exactly one of `fields` (identifiers that exclude each other). */
export function requireExactlyOne(input: Record<string, unknown>, fields: string[], what: string): void {
  requireOneOf(input, fields, what);
  const given = fields.filter((f) => input[f] !== undefined && input[f] !== null && input[f] !== '');
  if (given.length > 1) {
    const rule = `give only one of ${fields.join(', ')} (${what}); got ${given.join(' and ')}`;
    throw new ValidationError(`invalid input — ${given[1]}: ${rule}. Nothing was sent and no credits were spent.`, [{ field: given[1]!, rule }]);
  }
}

/** Input minus fields that are ours (never sent) and undefined values. */
export function without(input: Record<string, unknown>, ...drop: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!drop.includes(k) && v !== undefined) out[k] = v;
  return out;
}

// A DNS label: letters of any script (internationalised names), digits and inner hyphens —
// punycode labels such as `xn--p1ai` included.
const LABEL = /^(?!-)[\p{L}\p{M}\p{N}-]{1,63}(?<!-)$/u;

/**
 * A bare host name: two labels or more, a top-level label with a letter in it (so not an IP
 * address), and an optional trailing dot (the fully-qualified spelling). The providers document
 * only a length cap, so nothing narrower is refused.
 */
export function isBareDomain(value: string): boolean {
  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /\p{L}/u.test(labels[labels.length - 1]!);
}

export function domainField(field: string, help: string) {
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .min(1, `${field} is required`)
    .max(253, `${field} must be at most 253 characters`)
    .refine(isBareDomain, `${field} must be a bare domain such as acme.com (no https://, no path)`)
    .refine((host) => !isBlockedHost(host), `${field} must not be a link-local or cloud metadata address`)
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
