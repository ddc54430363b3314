/**
 * One endpoint of a provider as data: its input and output schemas, where each field travels,
 * what it costs, how it pages, and the constructs it may opt into (subscriptions, records).
 */
import type { z } from 'zod';
import type { Credits } from '../credits/amount';
import type { MultipartForm } from '../files/multipart';
import type { CostModel, ReservationSpec, ResponseMeta, SettlementSpec } from './costModel';
import type { PaginationSpec } from './paginationSpec';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What kind of thing an operation is; adapters map it to a Zapier create/search, an n8n list… */
export type OperationKind =
  | 'lookup' // one paid or free answer about one thing
  | 'list' // paginated list
  | 'action' // changes state (invite, delete, save)
  | 'batchSubmit'
  | 'batchStatus'
  | 'batchResults'
  | 'download'; // non-JSON body (CSV)

export interface RequestParts {
  path: Record<string, string>;
  query: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A `multipart/form-data` body (fields + file parts) instead of JSON; the core encodes it. */
  form?: MultipartForm;
}

/**
 * Where a field's choices come from when the provider lists them (a dictionary endpoint): the
 * adapters turn the field into a dropdown filled by calling `op` (free) with `input(values)`,
 * the values being what the user has set so far (e.g. the platform).
 */
export interface OptionsSource {
  op: string;
  input?(values: Record<string, unknown>): Record<string, unknown>;
  /** Fields whose change reloads the choices. */
  dependsOn?: string[];
  read(data: unknown): { name: string; value: string }[];
}

export interface OperationSpec<I = any, O = any> {
  /** `resource.operation`, unique within the provider, e.g. `emailValidation.validate`. */
  key: string;
  resource: string;
  operation: string;
  displayName: string;
  description: string;
  kind: OperationKind;
  method: HttpMethod;
  /** Path relative to the provider base URL, with `{param}` placeholders. */
  path: string;
  input: z.ZodType<I, z.ZodTypeDef, any>;
  /** The `data` part of the response; lenient (passthrough) to fields added later. */
  output: z.ZodType<O, z.ZodTypeDef, any>;
  /**
   * Where each input field goes. Default: `{name}` in the path takes that field; GET/DELETE put
   * the rest in the query; other methods send the rest as the JSON body.
   */
  request?(input: I): RequestParts;
  cost: CostModel<I>;
  /** Throttle bucket name in the provider's `rateLimits`; default `default`. */
  rateBucket?: string;
  /**
   * True when sending the same request twice cannot charge twice (reads, free calls, calls whose
   * charge the provider dedupes). False for batch submits and other paid calls that are not
   * idempotent: the retry layer then only retries when the answer proves nothing was charged.
   */
  retrySafe: boolean;
  /** Answers can be cached and reused (0 credits) for this long. */
  cacheTtlMs?: number;
  /** What identifies the record in the cache, when inputs that differ (e.g. in case) mean the same record; default the input. */
  cacheKey?(input: I): unknown;
  pagination?: PaginationSpec;
  /**
   * `json` (default), `text` (a file handed to the user as is), or `file`: a downloadable CSV
   * or JSON results file the core parses into records (data = the list of records).
   */
  responseType?: 'json' | 'text' | 'file';
  /** Name of the batch this op belongs to (see BatchSpec). */
  batch?: string;
  /** This call reserves credits for a job (its own cost.actual is then what it charged outright, usually 0). */
  reserves?: ReservationSpec;
  /**
   * Whether a lookup's answer found the record it asked for. Providers answer a miss with a 200
   * (`{}`, `{phones: []}`, `found: false`); adapters then report "nothing found", not a hit.
   */
  found?(data: unknown): boolean;
  /** This read carries a job's settlement, booked once per job. */
  settles?: SettlementSpec<I>;
  /** The records this call retrieves are sold as subscriptions (see RecordSubscriptionSpec). */
  subscription?: RecordSubscriptionSpec<I>;
  /** The provider takes many input records in one request and answers one record each (see RecordsSpec). */
  records?: RecordsSpec;
  /** Fields whose choices the provider lists (dropdowns loaded from the API). */
  optionsFrom?: Record<string, OptionsSource>;
  /**
   * A price the provider lists on a free endpoint (Enrich.so's creditsPerProfile): read once per
   * client before the call is estimated and set into `field` of the input — the larger of the
   * listed price and the input's own, so the estimate stays an upper bound whatever was typed.
   */
  priceFrom?: { op: string; field: string; read(data: unknown): number | undefined };
}

/**
 * Records a provider sells as subscriptions (Leadfeeder: the first retrieval of a company costs
 * 1 credit and makes it free for 12 months). The client keeps a registry in the store, keyed by
 * provider, account, record type and id, so a later retrieval is known to be free before it is
 * sent — by any operation, in any run sharing the store.
 */
export interface RecordSubscriptionSpec<I = any> {
  /** `company`, `contact`: records of one type share one registry. */
  recordType: string;
  /**
   * - `retrieve`: the call pays `perRecord` for each requested record not yet subscribed, and
   *   subscribes it (detail, multi-id retrieve);
   * - `freeWhenSubscribed`: free when every requested record is subscribed, else the cost model
   *   decides (signals, financials, news of a company);
   * - `register`: the answer's records are subscribed already (website visitors); never charged
   *   by this registry.
   */
  mode: 'retrieve' | 'freeWhenSubscribed' | 'register';
  /** Ids of the records the input asks for (empty for `register`). */
  requested(input: I): string[];
  /** Ids of the records the answer shows subscribed now (found ones), registered after the call. */
  returned(ctx: { data: unknown; meta: ResponseMeta; input: I }): string[];
  /**
   * `whenCharged`: the answer's records count as subscribed only when the provider's reported
   * charge pays for every one the registry does not know yet (a free or unreported answer
   * subscribes nothing). Default `always`.
   */
  registers?: 'always' | 'whenCharged';
  /**
   * When the answer's subscriptions started, if not now (website visitors: at the visit, at the
   * latest the first day asked for): their 12 months run from then, not from when we saw them.
   */
  since?(ctx: { input: I; now: number }): number;
  /**
   * Records of another kind the call may bring in (Leadfeeder `include`): each may start a
   * subscription, so the estimate counts at most `most(input)` of them; they are registered only
   * when the provider's reported charge pays for them.
   */
  related?: { recordType: string; most(input: I): number; ids(ctx: { data: unknown; input: I }): string[] };
  /** Price of one new subscription (`retrieve`). */
  perRecord?: Credits;
}

/**
 * An operation whose request carries an array of input records and whose answer is an array
 * of records in any order. `input` stays the schema of ONE record; the core (shared/pipeline/records.ts)
 * chunks many records into few requests and matches each answer back to its input by
 * `matchKey`, so every input item gets its own result or error and its own share of the cost.
 */
export interface RecordsSpec {
  /** Most records one request may carry. */
  maxPerRequest: number;
  /**
   * The field an input record and its answer share (e.g. `recordId`). The caller's own value
   * travels when it is a non-empty text unique within the request (the provider's support sees
   * the CRM id); otherwise the core sets its own, and the caller's value is given back.
   */
  matchKey: string;
  /** Other spellings of the match key the provider may answer with (SMARTe v7: `recordID`). */
  matchKeyAliases?: string[];
  /** How an answer names itself to the provider's support (a transaction id), for reports of answers that matched nothing. */
  answerLabel?(answer: unknown): string | undefined;
  /**
   * A request meant to be free (an audit-only check): the advice to show when the provider
   * charged for it anyway — the run stops at once, since every further request would be charged too.
   */
  chargedWhenFree?(shared: Record<string, unknown>): string | undefined;
  /**
   * Input fields that belong to the request, not to a record (an audit-only switch): records
   * that differ in them go in separate requests; they are removed from the records.
   */
  requestFields?: string[];
  /**
   * The request for one chunk: the records (match key set, request fields removed) and the
   * request fields' shared values. Default: the JSON body is the array of records.
   */
  request?(records: Record<string, unknown>[], shared: Record<string, unknown>): RequestParts;
  /** The answer records in the response data. Default: the data when it is an array, else the data as one record. */
  answers?(data: unknown): unknown[];
  /** A cost the provider states inside one answer record, when it does. */
  recordCredits?(answer: unknown): Credits | undefined;
  /** A failure the provider reports inside one answer record: that input item gets it as its error. */
  recordError?(answer: unknown): string | undefined;
}
