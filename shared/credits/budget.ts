/**
 * Spending limits checked before a call is sent, and running a list of items so that a limit
 * stops the run cleanly: every item still gets an outcome saying what happened to it.
 */
import {
  AuthError,
  BudgetExceededError,
  EnrichflowError,
  InsufficientCreditsError,
  ProviderFailureError,
  TransportError,
} from '../errors';
import type { Credits } from './amount';
import { ZERO, formatCredits, subCredits } from './amount';

function checkCredits(name: string, value: Credits): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative amount of micro-credits (use credits()), got ${value}`);
  }
}

export interface BudgetHold {
  /** The call finished: count what it actually charged (may differ from the estimate). */
  settle(actual: Credits): void;
  /** The call was not made or charged nothing: give the estimate back. */
  release(): void;
}

/**
 * A run's credit budget. Each call holds its estimate before it is sent, so concurrent calls
 * cannot together overshoot the budget; the hold is then settled or released.
 */
export class BudgetGuard {
  private spentSoFar = 0;
  private held = 0;

  constructor(private readonly budget: Credits | undefined) {
    if (budget !== undefined) checkCredits('budget', budget);
  }

  /** Throws BudgetExceededError (nothing sent) when this call could take the run over budget. */
  hold(estimate: Credits): BudgetHold {
    checkCredits('estimate', estimate);
    if (this.budget !== undefined && this.spentSoFar + this.held + estimate > this.budget) {
      throw new BudgetExceededError(estimate, this.remaining() ?? ZERO);
    }
    this.held += estimate;
    let open = true;
    // Settle/release are idempotent so `try { …; settle(x) } finally { release() }` is safe.
    return {
      settle: (actual: Credits) => {
        checkCredits('actual', actual);
        if (!open) return;
        open = false;
        this.held -= estimate;
        this.spentSoFar += actual;
      },
      release: () => {
        if (!open) return;
        open = false;
        this.held -= estimate;
      },
    };
  }

  /**
   * Money that moved outside a single call: a batch settled for more (+) or refunded part of its
   * reservation (-). Spent never drops below 0, so a refund cannot lift the budget above its cap.
   */
  adjust(delta: Credits): void {
    if (!Number.isSafeInteger(delta)) throw new RangeError(`delta must be integer micro-credits (use credits()), got ${delta}`);
    this.spentSoFar = Math.max(0, this.spentSoFar + delta);
  }

  /** Credits still available to new calls (budget minus spent minus open holds); undefined = no budget. */
  remaining(): Credits | undefined {
    if (this.budget === undefined) return undefined;
    return Math.max(0, this.budget - this.spentSoFar - this.held) as Credits;
  }

  spent(): Credits {
    return this.spentSoFar as Credits;
  }
}

/** Refuse a call the known balance cannot pay for, so no request is sent. */
export function checkBalance(estimate: Credits, lastKnownBalance: Credits | undefined): void {
  if (lastKnownBalance === undefined || lastKnownBalance >= estimate) return;
  const shortfall = subCredits(estimate, lastKnownBalance);
  throw new InsufficientCreditsError(
    estimate,
    lastKnownBalance,
    shortfall,
    `${InsufficientCreditsError.describe(estimate, lastKnownBalance, shortfall)} (last known balance; not sent)`,
  );
}

/**
 * One input item's outcome. `paidEarlier`: a batch row whose charge an earlier delivery (another
 * run reading the same job) already put on an item, so this item carries none of it.
 */
export type ItemOutcome<R> = { index: number; ok: true; value: R; paidEarlier?: boolean } | { index: number; ok: false; error: EnrichflowError };

// Messages of unexpected errors may quote URLs or tokens; keep the gist, drop anything key-like.
function redact(message: string): string {
  return message
    .replace(/(https?:\/\/[^\s?#]+)\?[^\s#]*/gi, '$1?…')
    .replace(/\b(bearer|token|key|authorization|apikey|api_key|x-api-key)\b(\s*[:=]\s*|\s+)\S+/gi, '$1$2[redacted]')
    .replace(/\b[A-Za-z0-9_-]{24,}\b/g, '[redacted]');
}

function asEnrichflowError(error: unknown): EnrichflowError {
  if (error instanceof EnrichflowError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderFailureError(`Unexpected ${name}: ${redact(message)}`);
}

/** Failures that every later item would repeat (and pay for, or send the wrong key again for). */
type RunStopper = BudgetExceededError | InsufficientCreditsError | AuthError;

function notRun(stoppedBy: RunStopper, stoppedAt: number): EnrichflowError {
  if (stoppedBy instanceof AuthError) {
    return new AuthError(`Not run: the API key was refused at item ${stoppedAt + 1}, so it was not sent again (${stoppedBy.message})`, { provider: stoppedBy.provider, status: stoppedBy.status });
  }
  if (stoppedBy instanceof BudgetExceededError) {
    return new BudgetExceededError(
      stoppedBy.estimate,
      stoppedBy.remaining,
      `Not run: the credit budget was exhausted at item ${stoppedAt + 1} (${formatCredits(stoppedBy.remaining)} credits left)`,
    );
  }
  return new InsufficientCreditsError(
    stoppedBy.required,
    stoppedBy.balance,
    stoppedBy.shortfall,
    `Not run: the credit balance ran out at item ${stoppedAt + 1} (${stoppedBy.message})`,
    { provider: stoppedBy.provider },
  );
}

/**
 * Run `fn` on every item (in order, `concurrency` at a time) and return exactly one outcome per
 * item, in input order. A budget or balance failure, or a refused key, stops the run between
 * items: items not yet started get an error of the same class saying they were not run. An abort does the same with
 * an 'aborted' error.
 */
export async function runEach<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  opts: { concurrency?: number; signal?: AbortSignal } = {},
): Promise<ItemOutcome<R>[]> {
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1 (got ${concurrency})`);
  }
  const outcomes: (ItemOutcome<R> | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  let stop: { error: RunStopper; index: number } | undefined;

  const worker = async () => {
    while (stop === undefined && !opts.signal?.aborted && next < items.length) {
      const index = next++;
      try {
        outcomes[index] = { index, ok: true, value: await fn(items[index]!, index) };
      } catch (caught) {
        const error = asEnrichflowError(caught);
        outcomes[index] = { index, ok: false, error };
        if (error instanceof BudgetExceededError || error instanceof InsufficientCreditsError || error instanceof AuthError) stop ??= { error, index };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));

  return outcomes.map((outcome, index) => {
    if (outcome) return outcome;
    const error = stop
      ? notRun(stop.error, stop.index)
      : new TransportError(`Not run: the run was aborted before item ${index + 1}`, 'aborted');
    return { index, ok: false, error };
  });
}
