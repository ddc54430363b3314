/**
 * One error family for every provider. Adapters map `kind` to their platform's errors
 * (n8n NodeApiError / Zapier ThrottledError, …); messages never contain the API key.
 */
import type { Credits } from './credits/amount';
import { formatCredits } from './credits/amount';

export type ErrorKind =
  | 'auth'
  | 'forbidden'
  | 'validation'
  | 'insufficient_credits'
  | 'budget_exceeded'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'provider'
  | 'transport';

/** What a provider's error answer says, before it becomes an EnrichflowError. */
export interface ProviderErrorInfo {
  kind: ErrorKind;
  status: number;
  message: string;
  code?: string;
  requestId?: string;
  /** Field-level problems (`body/email`, `filters.engagement_percent`). */
  field?: string;
  retryAfterMs?: number;
  required?: Credits;
  balance?: Credits;
  shortfall?: Credits;
  /** True when the provider's answer proves nothing was charged (e.g. 429 before processing). */
  notCharged?: boolean;
}

export class EnrichflowError extends Error {
  readonly kind: ErrorKind;
  readonly provider?: string;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** The provider's answer proves nothing was charged (its documented no-charge statuses). */
  readonly notCharged: boolean;
  /**
   * The provider answered with its own error document: it received the request and refused it,
   * so a submit that failed this way reserved nothing (unlike a reset, a timeout or a garbled 2xx).
   */
  readonly answered: boolean;
  /**
   * Credits the failed request charged that are booked on this item (an answer the provider
   * charged for that matched no record), so per-item credits still add up to the ledger.
   */
  charged?: number;
  /** Who decided `charged` when it is not the provider's report: 'balance' for a lost answer settled from the balance. */
  chargedSource?: 'balance';
  /** `charged` is this item's share of a charge one balance settled for several answers lost at once (see CallCredits.shared). */
  chargeShared?: true;

  constructor(
    kind: ErrorKind,
    message: string,
    opts: {
      provider?: string;
      status?: number;
      code?: string;
      requestId?: string;
      retryable?: boolean;
      notCharged?: boolean;
      answered?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.provider = opts.provider;
    this.status = opts.status;
    this.code = opts.code;
    this.requestId = opts.requestId;
    this.retryable = opts.retryable ?? false;
    this.notCharged = opts.notCharged ?? false;
    this.answered = opts.answered ?? false;
  }

  /** A plain object for output items and logs. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { kind: this.kind, message: this.message };
    for (const k of ['provider', 'status', 'code', 'requestId', 'charged'] as const) if (this[k] !== undefined) out[k] = this[k];
    return out;
  }
}

export class AuthError extends EnrichflowError {
  constructor(message: string, opts: ConstructorParameters<typeof EnrichflowError>[2] = {}) {
    super('auth', message, opts);
  }
}

export class ForbiddenError extends EnrichflowError {
  constructor(message: string, opts: ConstructorParameters<typeof EnrichflowError>[2] = {}) {
    super('forbidden', message, opts);
  }
}

/** Bad input. Thrown before any request when our own schema rejects it. */
export class ValidationError extends EnrichflowError {
  readonly field?: string;
  readonly issues: { field: string; rule: string }[];
  constructor(message: string, issues: { field: string; rule: string }[] = [], opts: ConstructorParameters<typeof EnrichflowError>[2] = {}) {
    super('validation', message, opts);
    this.issues = issues;
    this.field = issues[0]?.field;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, issues: this.issues };
  }
}

export class InsufficientCreditsError extends EnrichflowError {
  constructor(
    readonly required: Credits | undefined,
    readonly balance: Credits | undefined,
    readonly shortfall: Credits | undefined,
    message?: string,
    opts: ConstructorParameters<typeof EnrichflowError>[2] = {},
  ) {
    super('insufficient_credits', message ?? InsufficientCreditsError.describe(required, balance, shortfall), opts);
  }
  static describe(required?: Credits, balance?: Credits, shortfall?: Credits): string {
    const parts: string[] = [];
    if (required !== undefined) parts.push(`required ${formatCredits(required)}`);
    if (balance !== undefined) parts.push(`balance ${formatCredits(balance)}`);
    if (shortfall !== undefined) parts.push(`shortfall ${formatCredits(shortfall)}`);
    return `Insufficient credits${parts.length ? `: ${parts.join(', ')}` : ''}`;
  }
  override toJSON(): Record<string, unknown> {
    const n = (c?: Credits) => (c === undefined ? undefined : Number(formatCredits(c)));
    return { ...super.toJSON(), required: n(this.required), balance: n(this.balance), shortfall: n(this.shortfall) };
  }
}

/** Our own budget guard refused the call: nothing was sent. */
export class BudgetExceededError extends EnrichflowError {
  constructor(
    readonly estimate: Credits,
    readonly remaining: Credits,
    message?: string,
  ) {
    super(
      'budget_exceeded',
      message ??
        `Credit budget exceeded: this call may cost ${formatCredits(estimate)} credits but only ${formatCredits(remaining)} remain in the budget; not sent`,
    );
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), estimate: Number(formatCredits(this.estimate)), remaining: Number(formatCredits(this.remaining)) };
  }
}

export class RateLimitedError extends EnrichflowError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    opts: ConstructorParameters<typeof EnrichflowError>[2] = {},
  ) {
    super('rate_limited', message, { retryable: true, ...opts });
  }
}

export class NotFoundError extends EnrichflowError {
  constructor(message: string, opts: ConstructorParameters<typeof EnrichflowError>[2] = {}) {
    super('not_found', message, opts);
  }
}

export class ConflictError extends EnrichflowError {
  constructor(message: string, opts: ConstructorParameters<typeof EnrichflowError>[2] = {}) {
    super('conflict', message, opts);
  }
}

export class GoneError extends EnrichflowError {
  constructor(message: string, opts: ConstructorParameters<typeof EnrichflowError>[2] = {}) {
    super('gone', message, opts);
  }
}

/** 5xx, malformed bodies and other failures on the provider's side. */
export class ProviderFailureError extends EnrichflowError {
  constructor(message: string, opts: ConstructorParameters<typeof EnrichflowError>[2] = {}) {
    super('provider', message, opts);
  }
}

/** The request never got an answer: connection reset, timeout, abort. */
export class TransportError extends EnrichflowError {
  constructor(
    message: string,
    readonly reason: 'reset' | 'timeout' | 'aborted' | 'network',
    opts: ConstructorParameters<typeof EnrichflowError>[2] = {},
  ) {
    super('transport', message, { retryable: reason !== 'aborted', ...opts });
  }
}

/** Turn a classified provider answer into the matching error class. */
export function errorFromInfo(provider: string, info: ProviderErrorInfo, answered = false): EnrichflowError {
  const opts = { provider, status: info.status, code: info.code, requestId: info.requestId, notCharged: info.notCharged, answered };
  const msg = `${provider}: ${info.message}`;
  switch (info.kind) {
    case 'auth':
      return new AuthError(msg, opts);
    case 'forbidden':
      return new ForbiddenError(msg, opts);
    case 'validation':
      return new ValidationError(msg, info.field ? [{ field: info.field, rule: info.message }] : [], opts);
    case 'insufficient_credits':
      return new InsufficientCreditsError(
        info.required,
        info.balance,
        info.shortfall,
        `${provider}: ${InsufficientCreditsError.describe(info.required, info.balance, info.shortfall)}${info.message ? ` (${info.message})` : ''}`,
        opts,
      );
    case 'rate_limited':
      return new RateLimitedError(msg, info.retryAfterMs, opts);
    case 'not_found':
      return new NotFoundError(msg, opts);
    case 'conflict':
      return new ConflictError(msg, opts);
    case 'gone':
      return new GoneError(msg, opts);
    case 'transport':
      return new TransportError(msg, 'network', opts);
    default:
      return new ProviderFailureError(msg, { ...opts, retryable: info.status >= 500 || info.status === 0 });
  }
}

/** Default classification by HTTP status, used when a body says nothing more specific. */
export function kindFromStatus(status: number): ErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'insufficient_credits';
  if (status === 403) return 'forbidden';
  if (status === 400 || status === 422) return 'validation';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 410) return 'gone';
  if (status === 429) return 'rate_limited';
  return 'provider';
}
