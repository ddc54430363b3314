/**
 * Building blocks shared by every Enrich.so endpoint group: lenient readers for response data,
 * input field builders whose messages name the field (they become n8n/Zapier fields), and the
 * small cost-model helpers the groups compose.
 */
import { z } from 'zod';
import type { CostContext, CostModel, HttpMethod, OperationKind, OperationSpec, PaginationSpec, RequestParts, ReservationSpec, SettlementSpec } from '../../catalog/types';
import { type Credits, credits, maxCredits, subCredits, timesCredits, ZERO } from '../../credits/amount';
import { ValidationError } from '../../errors';

export const DAY_MS = 24 * 60 * 60 * 1000;

// ---- reading response data without trusting its shape ----

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `valueAt(data, 'pagination', 'totalPages')`; undefined as soon as a step is missing. */
export function valueAt(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const rec = asRecord(current);
    if (!rec) return undefined;
    current = rec[key];
  }
  return current;
}

export function numberAt(value: unknown, ...path: string[]): number | undefined {
  const v = valueAt(value, ...path);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const v = valueAt(value, ...path);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function arrayAt(value: unknown, ...path: string[]): unknown[] {
  const v = path.length ? valueAt(value, ...path) : value;
  return Array.isArray(v) ? v : [];
}

/**
 * The cache identity of a lookup: Enrich.so treats its inputs case-insensitively (it dedupes
 * batches that way), so `Bob@Acme.com` after `bob@acme.com` is the same, already paid record.
 */
export function caseInsensitiveKey(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = typeof v === 'string' ? v.trim().toLowerCase() : v;
  return out;
}

/** Number of distinct values after trimming and lower-casing (how Enrich.so dedupes batches). */
export function uniqueCount(values: readonly (string | undefined)[]): number {
  const seen = new Set<string>();
  for (const v of values) if (v !== undefined && v.trim() !== '') seen.add(v.trim().toLowerCase());
  return seen.size;
}

/**
 * An output schema for a response's `data`: every field optional and nullable, unknown fields
 * kept, so a provider adding or nulling a field never breaks a workflow.
 */
export function lenient<T extends z.ZodRawShape>(shape: T) {
  const out: Record<string, z.ZodTypeAny> = {};
  for (const [k, v] of Object.entries(shape)) out[k] = (v as z.ZodTypeAny).nullish();
  return z.object(out as { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> }).passthrough();
}

// ---- input fields (messages name the field so the UI error points at it) ----

/** Ids we put into a URL path: no slashes, no dots, nothing that could change the route. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function idField(field: string, help: string) {
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .regex(SAFE_ID, `${field} must be an id of letters, digits, "_" or "-" (at most 100 characters)`)
    .describe(help);
}

export function batchIdField(help = 'The batch id returned when the batch was submitted (usually 24 hex characters, e.g. 665a1f4e2c3b7800129dce01)') {
  return idField('batchId', help);
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

export function webhookUrlField(help = 'Optional URL that Enrich.so calls back (unsigned POST) with each result and on completion. Leave empty to poll instead.') {
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
    throw new ValidationError(`Enrich.so: invalid input — ${fields[0]}: ${rule}. Nothing was sent and no credits were spent.`, [{ field: fields[0], rule }], { provider: 'enrichSo' });
  }
}

/** Input minus fields that are ours (never sent) and undefined values. */
export function without(input: Record<string, unknown>, ...drop: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!drop.includes(k) && v !== undefined) out[k] = v;
  return out;
}

// ---- cost models ----

export const FREE_SUMMARY = 'Free';

/** The provider's own report wins whenever it gives one. */
function reportedOr<I>(ctx: CostContext<I>, fallback: () => Credits): Credits {
  return ctx.meta.creditsUsed ?? fallback();
}

export function free<I>(summary = FREE_SUMMARY): CostModel<I> {
  return { summary, estimate: () => ZERO, actual: (ctx) => reportedOr(ctx, () => ZERO) };
}

/** A fixed price per call that is not charged when `charged(data)` says the call found nothing. */
export function perLookup<I>(amount: number, summary: string, charged: (data: unknown) => boolean): CostModel<I> {
  const price = credits(amount);
  return { summary, estimate: () => price, actual: (ctx) => reportedOr(ctx, () => (charged(ctx.data) ? price : ZERO)) };
}

/** `amount` per unit of `units(input)` (upper bound) and per unit actually returned. */
export function perUnit<I>(amount: number, summary: string, units: (input: I) => number, charged: (ctx: CostContext<I>) => number): CostModel<I> {
  const price = credits(amount);
  return { summary, estimate: (input) => timesCredits(price, units(input)), actual: (ctx) => reportedOr(ctx, () => timesCredits(price, charged(ctx))) };
}

/**
 * A batch submit: the provider reserves `perItem × unique items`. The reservation is reported
 * through meta.creditsReserved (the client holds it against the budget); nothing is charged
 * until the first results read after the job ends settles it, so the submit's actual is 0 —
 * otherwise the ledger would count the reservation and the settlement both.
 */
export function reservation<I>(perItem: number, summary: string, units: (input: I) => number): CostModel<I> {
  const price = credits(perItem);
  return { summary, estimate: (input) => timesCredits(price, units(input)), actual: (ctx) => ctx.meta.creditsUsed ?? ZERO };
}

/**
 * A read that reports its job's settlement in meta.creditsUsed: the read charges nothing
 * itself — the settlement is booked once per job through the operation's `settles`.
 */
export function settledRead<I>(summary: string): CostModel<I> {
  return { summary, estimate: () => ZERO, actual: () => ZERO };
}

/** A submit whose answer names the job its reservation is held for. */
export const reservesJob: ReservationSpec = {
  jobId: (data) => stringAt(data, 'batchId') ?? stringAt(data, 'jobId'),
  reserved: (data) => {
    const n = numberAt(data, 'creditsReserved');
    return n === undefined ? undefined : credits(n);
  },
};

/**
 * A read that carries its job's settlement in meta (creditsUsed / creditsRefunded) once the job
 * has ended; `ended` says when that is (before it, the provider reports 0 and settles nothing).
 */
export function settlesFromMeta(idParam: string, ended: (data: unknown) => boolean): SettlementSpec {
  return {
    jobId: (input) => String((input as Record<string, unknown>)[idParam]),
    read: ({ data, meta }) => (ended(data) ? { charged: meta.creditsUsed ?? ZERO, refunded: meta.creditsRefunded ?? ZERO } : undefined),
  };
}

/**
 * A finished Lead Finder job (reveal, enrich, export): the provider's worker charged what it
 * found and refunded the rest of the reservation (`creditsUsed` / `creditsRefunded`, at the
 * top level or inside `results`).
 */
export const workerJobSettlement: SettlementSpec<{ jobId: string }> = {
  jobId: (input) => input.jobId,
  read: ({ data, reserved }) => {
    const status = stringAt(data, 'status');
    if (status !== 'completed' && status !== 'failed') return undefined;
    const refunded = credits(numberAt(data, 'results', 'creditsRefunded') ?? numberAt(data, 'creditsRefunded') ?? 0);
    const used = numberAt(data, 'results', 'creditsUsed') ?? numberAt(data, 'creditsUsed');
    const charged = used !== undefined ? credits(used) : reserved !== undefined ? maxCredits(ZERO, subCredits(reserved, refunded)) : ZERO;
    return { charged, refunded };
  },
};

// ---- operations ----

export interface OpDef<S extends z.AnyZodObject, O> {
  resource: string;
  operation: string;
  displayName: string;
  /** What the operation does, one or two sentences; the cost sentence is appended. */
  about: string;
  kind: OperationKind;
  method: HttpMethod;
  path: string;
  input: S;
  output: z.ZodType<O, z.ZodTypeDef, any>;
  /** Generic cost helpers need the input type spelled (`reservation<z.infer<typeof input>>`): TS cannot infer it here. */
  cost: CostModel<z.infer<S>>;
  retrySafe: boolean;
  request?(input: z.infer<S>): RequestParts;
  rateBucket?: 'default' | 'enrichment' | 'bulkSubmit';
  cacheTtlMs?: number;
  cacheKey?(input: z.infer<S>): unknown;
  pagination?: PaginationSpec;
  responseType?: 'json' | 'text';
  batch?: string;
  reserves?: ReservationSpec;
  settles?: SettlementSpec<z.infer<S>>;
}

/** One catalog entry; the key and the cost sentence of the description are derived, never typed twice. */
export function op<S extends z.AnyZodObject, O>(def: OpDef<S, O>): OperationSpec<z.infer<S>, O> {
  const { about, ...rest } = def;
  return {
    ...rest,
    key: `${def.resource}.${def.operation}`,
    description: `${about.trim()} Cost: ${def.cost.summary}.`,
  };
}

/** `page` style pagination for a GET with `page` + a size parameter in the query. */
export function queryPages(
  sizeParam: string,
  max: number,
  def: number,
  items: (data: unknown) => unknown[],
  totalPages?: (data: unknown) => number | undefined,
  totalItems?: (data: unknown) => number | undefined,
): PaginationSpec {
  return { style: 'page', in: 'query', pageParam: 'page', sizeParam, firstPage: 1, maxPageSize: max, defaultPageSize: def, items, totalPages, totalItems };
}

/** Total pages from `total` and `limit` when the provider gives counts instead of pages. */
export function pagesFromTotal(data: unknown, totalKey = 'total', limitKey = 'limit'): number | undefined {
  const total = numberAt(data, totalKey);
  const limit = numberAt(data, limitKey);
  return total !== undefined && limit ? Math.ceil(total / limit) : undefined;
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

/** The default mapping (no path params): GET/DELETE → query, else JSON body; undefined dropped. */
export function defaultParts(method: HttpMethod, input: Record<string, unknown>): RequestParts {
  const fields = without(input);
  if (method === 'GET' || method === 'DELETE') return { path: {}, query: fields as RequestParts['query'] };
  return { path: {}, query: {}, body: Object.keys(fields).length ? fields : undefined };
}

/**
 * Input of an operation that takes none. Strict, so a field meant for another operation is
 * reported ("Unrecognized key(s) in object: 'email'") instead of silently dropped.
 */
export const noInput = z.object({}).strict();
