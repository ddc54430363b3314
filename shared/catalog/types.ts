/**
 * The provider catalog format. A provider is data: every endpoint is one OperationSpec, and
 * both adapters (n8n, Zapier) derive their fields from `input` (a zod schema) so there is
 * never a hand-written copy of a field list.
 */
import type { z } from 'zod';
import type { Credits } from '../credits/amount';
import type { ProviderErrorInfo } from '../errors';
import type { Bill } from './bill';
import type { HttpResponse } from '../transport/types';
import type { MultipartForm } from '../files/multipart';
import type { CapabilitySpec, VerifierSpec } from './capabilities';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How the API key travels. `prefix` is prepended to the key ("Bearer "). */
export interface AuthScheme {
  header: string;
  prefix?: string;
}

/**
 * A provider's rate contract: at most `rate` requests in any `windowMs`; `burst` below the rate
 * caps any one second (for windows longer than a second), above it makes the limit a token
 * bucket of `burst` refilled at the rate (see `rateShape` in ../rateSchedule.ts).
 */
export interface RatePolicy {
  rate: number;
  windowMs: number;
  burst: number;
  /**
   * Further windows the provider evaluates at the same time (EnrichLayer: 300 a minute, measured
   * over 5 minutes): a request is sent only when every window has room.
   */
  windows?: RateWindow[];
  /** A monthly (or other long-period) quota; informational, counted by the ledger. */
  quota?: { requests: number; periodMs: number };
}

/**
 * A cap on requests over a long period (Leadfeeder: 100,000 a month per key), counted in the
 * store so every execution sharing it counts together. Calendar months in UTC.
 */
export interface RequestQuota {
  requests: number;
  period: 'month';
  /** Share of the quota after which every run is warned (default 0.9). */
  warnAt?: number;
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

/** `rate` requests in any `windowMs`. */
export interface RateWindow {
  rate: number;
  windowMs: number;
}

/** What the provider told us about a call, independent of the data. */
export interface ResponseMeta {
  requestId?: string;
  /** Credits the provider says it charged for this call. */
  creditsUsed?: Credits;
  /** Balance after the call, when the provider reports it. */
  creditsRemaining?: Credits;
  creditsReserved?: Credits;
  creditsRefunded?: Credits;
}

/** What a price may depend on besides the input: the account's plan (credential setting). */
export interface PricingContext {
  plan?: string;
}

export interface CostContext<I> extends PricingContext {
  input: I;
  /** The parsed `data` of the response (after `unwrap`). */
  data: unknown;
  response: HttpResponse;
  meta: ResponseMeta;
}

export interface CostModel<I> {
  /** One line a user reads in the UI: "1 credit per email; not charged when the result is risky". */
  summary: string;
  /**
   * True when the operation never charges, whatever its input (set by `free()`). Only such an
   * operation may back something that runs unattended, such as a polling trigger.
   */
  free?: boolean;
  /** Credits the call may charge, decided from the input (and plan) alone (upper bound). */
  estimate(input: I, ctx?: PricingContext): Credits;
  /** The estimate itemised the way the provider bills (see catalog/bill.ts). */
  quote?(input: I, ctx?: PricingContext): Bill;
  /** The charge itemised the way the provider bills, read from the answer; it sums to `actual`. */
  billed?(ctx: CostContext<I>): Bill;
  /**
   * Credits actually charged. Default: the provider's own report (`meta.creditsUsed`), else the
   * estimate. Override when the provider reports nothing and the model decides (no match → 0).
   */
  actual?(ctx: CostContext<I>): Credits;
}

/**
 * Pagination styles from the reference. Each names where the page cursor goes and how to read
 * the items and "is there more" from a response's data.
 */
export type PaginationSpec = PagingStyle & {
  /**
   * A page-size cap that depends on the input (EnrichLayer: at most 10 when profiles are
   * enriched). Checked against the input's own page size before sending, and applied to walks.
   */
  maxPageSizeFor?(input: any): PageSizeCap | undefined;
};

/** A tighter page-size limit and the input that causes it, for the message the user reads. */
export interface PageSizeCap {
  max: number;
  because: string;
}

type PagingStyle =
  | {
      /** `page` + `limit` (or other names) in the query or body; numbered pages. */
      style: 'page';
      in: 'query' | 'body';
      pageParam: string;
      sizeParam: string;
      firstPage: 0 | 1;
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      /** Total pages if the response says; otherwise a short page ends the walk. */
      totalPages?(data: unknown): number | undefined;
      /** Total items across all pages, when the response states it (pages = ceil(total / size)). */
      totalItems?(data: unknown): number | undefined;
      hasMore?(data: unknown): boolean | undefined;
    }
  | {
      /** influencers.club style: `{paging: {limit, page}}` inside the JSON body. */
      style: 'bodyPaging';
      field: string;
      firstPage: 0 | 1;
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      total?(data: unknown): number | undefined;
      /** Input field holding the page to start from; default the input's own `{field}.page`. */
      startParam?: string;
    }
  | {
      /** Leadfeeder page-number routes: `page[num]`, `page[size]`. */
      style: 'pageNum';
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      pageCount(body: unknown): number | undefined;
      /** Input field holding the page number to start from (sent as `page[num]`, not as itself). */
      startParam?: string;
    }
  | {
      /** Leadfeeder cursor routes: `page[cursor]`, `page[size]`, `meta.pagination.next_cursor`. */
      style: 'cursor';
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      nextCursor(body: unknown): string | null | undefined;
      /** Input field holding a cursor to start from (a walk resumed where an earlier one stopped). */
      startParam?: string;
    }
  | {
      /** EnrichLayer: follow the absolute `next_page` URL until null. */
      style: 'nextUrl';
      sizeParam: string;
      maxPageSize: number;
      defaultPageSize: number;
      items(data: unknown): unknown[];
      nextUrl(body: unknown): string | null | undefined;
      /** Input field holding a next-page URL to start from (a walk resumed where an earlier one stopped). */
      startParam?: string;
    };

/** What kind of thing an operation is; adapters map it to a Zapier create/search, an n8n list… */
export type OperationKind =
  | 'lookup' // one paid or free answer about one thing
  | 'list' // paginated list
  | 'action' // changes state (invite, delete, save)
  | 'batchSubmit'
  | 'batchStatus'
  | 'batchResults'
  | 'download'; // non-JSON body (CSV)

/** A call that reserves credits for a job (reserve-and-settle): the reservation is remembered per job. */
export interface ReservationSpec {
  jobId(data: unknown): string | undefined;
  /** The reserved amount when the provider reports it in the data rather than `meta.creditsReserved`. */
  reserved?(data: unknown): Credits | undefined;
}

/**
 * A read that reports a finished job's settlement. Providers repeat the settlement on every
 * read, so the client books it once per job, when `read` first returns it.
 */
export interface SettlementSpec<I = any> {
  jobId(input: I): string;
  /**
   * The job is charged as it runs (the provider reports a running total, e.g. `credits_used`
   * on every status read, and may pause): `read` returns the total so far at any status and
   * the client books each increase once, instead of one settlement at the end.
   */
  cumulative?: boolean;
  /**
   * True when the refund returns an outright charge (a count estimate that failed), not a
   * reservation: the run was then charged that much less.
   */
  refundsCharge?: boolean;
  /** The settlement once the job is finished, undefined while it runs; `reserved` when known. */
  read(ctx: { data: unknown; meta: ResponseMeta; reserved?: Credits }): { charged: Credits; refunded: Credits } | undefined;
}

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
 * An operation whose request carries an array of input records and whose answer is an array
 * of records in any order. `input` stays the schema of ONE record; the core (shared/records.ts)
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

export type BatchStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'partial' | 'paused';

export interface BatchProgress {
  jobId: string;
  status: BatchStatus;
  /** The provider's own status word. */
  rawStatus: string;
  total?: number;
  processed?: number;
  /** Why a `paused` job stopped, in the provider's words (e.g. insufficient credits). */
  reason?: string;
  /** What the job has charged so far, when the status says (a job charged as it runs). */
  charged?: Credits;
}

/** One batch product: how to submit, watch, read and match its results. */
/** A job started by one operation that calls back to a URL given in its input (see ProviderCatalog.callbackJobs). */
export interface CallbackJobSpec {
  name: string;
  displayName: string;
  /** The operation that starts the job, and its input field that takes the callback URL. */
  startOp: string;
  callbackField: string;
  /** Job id from the start operation's answer. */
  jobId(startData: unknown): string | undefined;
  statusOp: string;
  jobInput(jobId: string): Record<string, unknown>;
  progress(statusData: unknown): BatchProgress;
  resultsOp: string;
  /** What identifies one result, as the per-item callback names it. */
  resultKey(result: unknown): string | undefined;
}

export interface BatchSpec<Item = any> {
  name: string;
  displayName: string;
  submitOp: string;
  statusOp: string;
  resultsOp: string;
  /** The single operation whose input is one item of this batch (its fields and rules). */
  itemOp: string;
  /** One validated `itemOp` input → the item this batch submits. */
  toItem(input: Record<string, unknown>): Item;
  /** Largest number of items one job may carry. */
  maxItems: number;
  /** Build the submit input from a chunk of items (and an optional callback URL). */
  submitInput(items: Item[], webhookUrl?: string): unknown;
  /** Job id from the submit response data. */
  jobId(submitData: unknown): string;
  /** Input for status/results ops for a job (+ page fields for results). */
  jobInput(jobId: string): Record<string, unknown>;
  progress(statusData: unknown): BatchProgress;
  /** The key an input item and its result share (e.g. lower-cased email). */
  itemKey(item: Item): string;
  resultKey(result: unknown): string | undefined;
  /**
   * Results that name no item come in the order their items were submitted (items with nothing
   * found left out): when every item was found, the n-th result is the n-th item's.
   */
  resultsInSubmittedOrder?: boolean;
  /** The result as the user gets it (e.g. a JSON column of a CSV results file parsed); default as read. */
  readResult?(result: unknown): unknown;
  /** Whether a result item counts as found/charged (for reporting). */
  resultCharged?(result: unknown): boolean;
  /** The provider's per-item failure message, when a result item reports one. */
  resultError?(result: unknown): string | undefined;
  /** Per-item cost used to reconcile reservations. */
  costPerItem: Credits;
  /** Provider calls back to a per-job URL when given one. */
  webhook?: { itemEvent: string; completedEvent: string; failedEvent?: string };
  /** Recommended poll interval. */
  pollIntervalMs: number;
  /** Polls back off from `pollIntervalMs` up to this (the provider's recommended range, e.g. 30–60 s). */
  maxPollIntervalMs?: number;
  /** The operation that resumes a `paused` job (input: `jobInput(jobId)`); jobs cannot pause without one. */
  resumeOp?: string;
  /** The provider bills every row, duplicates included: the runner warns, and can drop them. */
  billsDuplicates?: boolean;
}

/** One reservation a provider's own records show (a wallet transaction, a job in its job list). */
export interface TracedReservation {
  /** The job it reserved for, when the record names it. */
  jobId?: string;
  reserved?: Credits;
  /** When it happened (ms since epoch). */
  at?: number;
}

/**
 * Where the provider shows what a batch submit did — its job list or its wallet transactions,
 * newest first — read to resolve a submit whose answer was lost (reset, timeout, garbled body).
 */
export interface SubmitTrace {
  /** A free list operation, newest entries first. */
  op: string;
  input: Record<string, unknown>;
  /** The reservation one entry records; undefined for entries that are not reservations. */
  read(entry: unknown): TracedReservation | undefined;
}

/** A provider callback, normalized. */
export interface NormalizedEvent {
  /** Stable id for dedupe: same callback delivered twice → same id. */
  id: string;
  type: 'batch.item' | 'batch.completed' | 'batch.failed';
  provider: string;
  batch: string;
  jobId: string;
  /** Raw provider event name. */
  event: string;
  occurredAt?: string;
  /** Per-item result (batch.item) or completion summary. */
  data: Record<string, unknown>;
}

export interface WebhookEventSpec {
  /** Provider event name, e.g. `validation.completed`. */
  event: string;
  /** Other names the same event is documented under (where sources disagree). */
  aliases?: string[];
  type: NormalizedEvent['type'];
  batch: string;
  description: string;
  /** Pull the job id and an item id (for per-result events) out of the payload. */
  jobId(payload: any): string | undefined;
  itemId?(payload: any): string | undefined;
}

/**
 * A list watched by polling (n8n polling trigger, Zapier polling trigger): each poll reads the
 * entries of the last window and emits each entry once per window, keyed by `dedupeKey`.
 */
export interface PollSourceSpec {
  /** Stable key (`newVisitorCompany`). */
  key: string;
  /** "New Website Visitor Company". */
  displayName: string;
  description: string;
  /** The list operation polled. */
  op: string;
  /** Input fields of `op` the user may set on the trigger (e.g. a feed id); the rest come from `input`. */
  fields: string[];
  /** The op input for a poll at `now` covering the last `windowMs`, plus the user's fields. */
  input(ctx: { now: number; windowMs: number; fields: Record<string, unknown> }): Record<string, unknown>;
  /** What makes an entry the same entry (a company id); undefined = not emitted. */
  dedupeKey(item: unknown): string | undefined;
  /** Default window length; a user may choose another whole number of days. */
  defaultWindowMs: number;
}

/**
 * A credential field beyond the API key (Leadfeeder's `account_id`): the user sets it once in the
 * credential and the client adds it to every request, where the catalog says it travels.
 */
export interface CredentialField {
  /** Key in the credential and in ClientOptions.credential, e.g. `accountId`. */
  name: string;
  displayName: string;
  description: string;
  /** Where it goes: a query parameter, a JSON body field, a header, or a `{param}` path placeholder. */
  in: 'query' | 'body' | 'header' | 'path';
  /** Its name on the wire (query/body/header name or path placeholder); default `name`. */
  param?: string;
  /** A request that needs it is refused (nothing sent) while it is empty. */
  required: boolean;
  /** Shown as a password and never echoed (a second secret). */
  secret?: boolean;
  default?: string;
  /** Operations that must not carry it (e.g. the call that lists the account ids). */
  except?: string[];
}

/**
 * Where sources disagree (influencers.club: first page 0 or 1), the catalog names the readings and
 * the credential lets the user choose; the default is the provider's own documentation.
 */
export interface ReadingSpec {
  name: string;
  displayName: string;
  description: string;
  options: { value: string; name: string; description?: string }[];
  default: string;
  /**
   * Values beyond `options` the user may type, when the reference does not name the provider's
   * own word (SMARTe's audit-only parameter): any value matching `pattern` is accepted.
   */
  other?: { pattern: RegExp; rule: string };
}

/** The chosen value of every reading of a catalog, by reading name. */
export type Readings = Record<string, string>;

/**
 * The account's request rate is set in the credential (SMARTe: per contract, no public number).
 * Until the user sets it, `default` applies: a conservative number, also the catalog's `rateLimits`.
 */
export interface RateSetting {
  per: 'second' | 'minute';
  default: number;
  description: string;
}

/** The credential test: an operation (and a fixed input, e.g. an audit-mode flag) that costs nothing. */
export interface CredentialTestSpec {
  op: string;
  /** A fixed input for the call (audit mode for providers without a free endpoint). */
  input?: Record<string, unknown>;
}

export interface ProviderCatalog {
  id: string;
  displayName: string;
  /** Real service base URL (credentials default to it). */
  baseUrl: string;
  docsUrl: string;
  auth: AuthScheme;
  rateLimits: Record<string, RatePolicy> & { default: RatePolicy };
  /**
   * The `default` limits count every request, whatever bucket it also counts in (Enrich.so: the
   * plan's burst and per-minute rate cover all endpoints; enrichment has a lower rate of its own).
   * Without it, each bucket is a separate limit.
   */
  defaultLimitsCoverAll?: boolean;
  /**
   * Rate limits by subscription plan, when the provider publishes them: credentials offer the
   * choice and the client throttles to the chosen plan (`rateLimits` is the default plan's).
   */
  plans?: { default: string; limits: Record<string, Record<string, RatePolicy>> };
  operations: OperationSpec[];
  batches: BatchSpec[];
  webhookEvents: WebhookEventSpec[];
  /** The provider's recommended client timeout per request, when it documents one. */
  timeoutMs?: number;
  /**
   * Record subscriptions: how long one lasts (Leadfeeder: 12 months), and the credential field
   * naming the account that owns them (two users' keys on one account share its subscriptions).
   */
  subscriptions?: { ttlMs: number; accountField?: string };
  /** A long-period request quota, counted across runs. */
  requestQuota?: RequestQuota;
  /** Lists a user can watch: each new entry starts a workflow once (see PollSourceSpec). */
  pollSources?: PollSourceSpec[];
  /** A free operation that proves the key works (credential test); it must estimate 0. */
  credentialTestOp: string;
  /** A fixed input for the credential test (an audit-mode flag where no endpoint is free). */
  credentialTestInput?: Record<string, unknown>;
  /** Credential fields beyond the key, and where each travels on the wire. */
  credentialFields?: CredentialField[];
  /** Readings the credential lets the user choose where sources disagree; see `withReadings`. */
  readings?: ReadingSpec[];
  /** This catalog under other readings (complete: every reading named); built by catalogWithReadings. */
  withReadings?(chosen: Readings): ProviderCatalog;
  /** The credential may set the request rate (per-contract limits). */
  rateSetting?: RateSetting;
  /**
   * Jobs that are not batches of items but still call back (a follower scrape of one company):
   * started by one operation whose input takes a callback URL, confirmed through a status and a
   * results operation. Their events start workflows like batch events do.
   */
  callbackJobs?: CallbackJobSpec[];
  /**
   * The id the provider asks customers to quote to its support, carried by each answer record
   * (SMARTe's `smarteTransactionId`): adapters list a run's ids where the user sees the run.
   */
  supportId?: { field: string; label: string };
  /** A free operation that returns the balance, and how to read it (undefined: the answer does not say). */
  balance?: { op: string; read(data: unknown): Credits | undefined };
  /** Where a lost batch submit can be looked up (see SubmitTrace). */
  submitTrace?: SubmitTrace;
  /** What this provider can find for a waterfall goal (see catalog/capabilities.ts). */
  capabilities?: CapabilitySpec[];
  /** Checks of a found value this provider offers to a waterfall (email validation). */
  verifiers?: VerifierSpec[];
  /** Split a successful body into data and meta (envelopes differ per provider). */
  unwrap(body: unknown, response: HttpResponse): { data: unknown; meta: ResponseMeta };
  /** Classify a non-2xx answer (or a 2xx that is really an error). */
  parseError(response: HttpResponse, body: unknown): ProviderErrorInfo;
}
