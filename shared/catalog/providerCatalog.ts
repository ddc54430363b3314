/**
 * A provider as data: its operations, batches, events and limits, its credential fields and
 * readings, and how its answers are unwrapped and its errors classified.
 */
import type { Credits } from '../credits/amount';
import type { ProviderErrorInfo } from '../errors';
import type { HttpResponse } from '../transport/types';
import type { CapabilitySpec, VerifierSpec } from './capabilities';
import type { ResponseMeta } from './costModel';
import type { WebhookEventSpec, PollSourceSpec } from './eventSpecs';
import type { BatchSpec, CallbackJobSpec, SubmitTrace } from './jobSpecs';
import type { OperationSpec } from './operationSpec';
import type { RatePolicy, RateSetting, RequestQuota } from './ratePolicy';

/** How the API key travels. `prefix` is prepended to the key ("Bearer "). */
export interface AuthScheme {
  header: string;
  prefix?: string;
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
