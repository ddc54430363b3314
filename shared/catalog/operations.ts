/**
 * `op()` turns an operation definition into a catalog entry (key and cost sentence derived, never
 * typed twice), plus the request and paging shapes most catalogs share.
 */
import type { z } from 'zod';
import type {
  CostModel,
  HttpMethod,
  OperationKind,
  OperationSpec,
  PaginationSpec,
  RecordsSpec,
  RecordSubscriptionSpec,
  RequestParts,
  ReservationSpec,
  SettlementSpec,
} from './types';
import { ProviderFailureError } from '../errors';
import { numberAt, stringAt } from './read';
import { without } from './inputs';

/** `S`: an object schema, or one refined with cross-field rules (`z.object(…).superRefine(…)`). */
export type InputSchema = z.AnyZodObject | z.ZodEffects<z.AnyZodObject>;

export interface OpDef<S extends InputSchema, O> {
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
  /** A bucket name of the catalog's `rateLimits`. */
  rateBucket?: string;
  cacheTtlMs?: number;
  cacheKey?(input: z.infer<S>): unknown;
  pagination?: PaginationSpec;
  responseType?: 'json' | 'text' | 'file';
  batch?: string;
  reserves?: ReservationSpec;
  settles?: SettlementSpec<z.infer<S>>;
  /** Whether a lookup's answer found its record (a 200 can be a miss). */
  found?(data: unknown): boolean;
  subscription?: RecordSubscriptionSpec<z.infer<S>>;
  records?: RecordsSpec;
  optionsFrom?: OperationSpec['optionsFrom'];
  priceFrom?: OperationSpec['priceFrom'];
}

/** One catalog entry; the key and the cost sentence of the description are derived, never typed twice. */
export function op<S extends InputSchema, O>(def: OpDef<S, O>): OperationSpec<z.infer<S>, O> {
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

/** The default mapping (no path params): GET/DELETE → query, else JSON body; undefined dropped. */
export function defaultParts(method: HttpMethod, input: Record<string, unknown>): RequestParts {
  const fields = without(input);
  if (method === 'GET' || method === 'DELETE') return { path: {}, query: fields as RequestParts['query'] };
  return { path: {}, query: {}, body: Object.keys(fields).length ? fields : undefined };
}

/** The job id of a submit answer; a submit without one cannot be followed, so it is an error. */
export function submittedJobId(submitData: unknown, noun: string, provider: { id: string; displayName: string }): string {
  const id = stringAt(submitData, 'batchId') ?? stringAt(submitData, 'jobId') ?? stringAt(submitData, 'job_id') ?? stringAt(submitData, 'id');
  if (!id) throw new ProviderFailureError(`${provider.displayName} accepted the ${noun} but its answer carried no job id`, { provider: provider.id });
  return id;
}
