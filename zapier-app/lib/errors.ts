/**
 * The core's one error family → Zapier's error classes, which decide what happens to the zap:
 * ThrottledError re-queues after a delay, HaltedError stops without counting against the zap,
 * ExpiredAuthError asks the user to reconnect (custom auth has nothing to refresh), and
 * z.errors.Error is a failure the user should see and fix. Messages come from the core, which
 * never puts a credential in them.
 */
import { EnrichflowError, InsufficientCreditsError, QuotaExceededError, RateLimitedError, SpendLimitError, ValidationError } from '../../shared';
import { StepDeadlineError } from './step-clock';
import type { Z } from './zapier';

/** Used when a 429 names no delay. */
const DEFAULT_THROTTLE_SECONDS = 60;

export interface ErrorContext {
  /** The authentication test: a bad key fails the connection instead of expiring it. */
  testingAuth?: boolean;
  /** Field keys → labels, to point at the field the user sees. */
  labels?: Record<string, string>;
}

/**
 * The Zapier error for `error`, marked so the platform shows it as it is: zapier-platform-core
 * otherwise appends "What happened" — the URLs called and the start of each answer — which we
 * do not control (middleware.js enrichErrorMessages; see transport.ts).
 */
export function toZapierError(z: Z, error: unknown, ctx: ErrorContext = {}): Error {
  const mapped = mapError(z, error, ctx);
  Object.defineProperty(mapped, 'doNotContextify', { value: true, enumerable: false, configurable: true });
  return mapped;
}

function mapError(z: Z, error: unknown, ctx: ErrorContext): Error {
  if (error instanceof StepDeadlineError) {
    return new z.errors.ThrottledError(
      `The provider asked to wait; Zapier will retry this step. (${error.message})`,
      Math.max(1, Math.ceil(error.waitMs / 1000)),
    );
  }
  if (!(error instanceof EnrichflowError)) return error instanceof Error ? error : new Error(String(error));
  noteCharge(error);

  const status = error.status;
  // A monthly quota used up: retrying in a minute would not help; stop until it resets.
  if (error instanceof QuotaExceededError) return new z.errors.HaltedError(error.message);
  switch (error.kind) {
    case 'rate_limited': {
      const ms = error instanceof RateLimitedError ? error.retryAfterMs : undefined;
      return new z.errors.ThrottledError(error.message, ms === undefined ? DEFAULT_THROTTLE_SECONDS : Math.max(1, Math.ceil(ms / 1000)));
    }
    case 'auth':
      return ctx.testingAuth
        ? new z.errors.Error(`${error.message} — check the API key.`, 'AuthenticationError', status ?? 401)
        : new z.errors.ExpiredAuthError(`${error.message} — reconnect the account with a valid API key.`);
    case 'insufficient_credits':
    case 'budget_exceeded':
      // Not a bug to fix in the zap: halt (the zap stays on) and say what it would take.
      return new z.errors.HaltedError(creditMessage(error));
    case 'validation':
      return new z.errors.Error(validationMessage(error as ValidationError, ctx.labels), 'InvalidData', status ?? 400);
    case 'forbidden':
      return new z.errors.Error(error.message, 'Forbidden', status ?? 403);
    case 'not_found':
      return new z.errors.Error(error.message, 'NotFound', status ?? 404);
    case 'conflict':
      return new z.errors.Error(error.message, 'Conflict', status ?? 409);
    case 'gone':
      return new z.errors.Error(error.message, 'Gone', status ?? 410);
    case 'transport':
      return new z.errors.Error(error.message, 'ProviderUnreachable', status ?? 503);
    default:
      return new z.errors.Error(error.message, 'ProviderError', status ?? 502);
  }
}

/**
 * A failed step has no output to carry its cost: a request the provider still charged (an answer
 * lost on the way, settled from the balance) says what it cost in the message the user reads.
 */
function chargedNote(charged: number): string {
  return ` (the provider charged ${charged} credit(s) for this request)`;
}

function noteCharge(error: EnrichflowError): void {
  if (!error.charged || error.message.endsWith(chargedNote(error.charged))) return;
  Object.defineProperty(error, 'message', { value: `${error.message}${chargedNote(error.charged)}`, writable: true, configurable: true, enumerable: false });
}

function creditMessage(error: EnrichflowError): string {
  if (error instanceof InsufficientCreditsError) {
    const json = error.toJSON();
    // The core's message states required/balance/shortfall when known; make sure of it.
    const known = ['required', 'balance', 'shortfall'].filter((k) => json[k] !== undefined && !error.message.includes(`${k} `));
    const extra = known.map((k) => `${k} ${String(json[k])}`).join(', ');
    return `${error.message}${extra ? ` (${extra})` : ''}. Top up credits, then replay this run.`;
  }
  if (error instanceof SpendLimitError) return `${error.message} Raise the connection's Spend Limits, or replay this run after the reset.`;
  return `${error.message}. Raise "Max Credits" or lower the amount of work.`;
}

function validationMessage(error: ValidationError, labels: Record<string, string> | undefined): string {
  const field = error.field;
  const root = field?.split(/[.[]/)[0];
  const label = root && labels?.[root];
  return label && !error.message.includes(`"${label}"`) ? `${label} (${field}): ${error.message}` : error.message;
}
