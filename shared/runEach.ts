/**
 * Running a list of items so that a spending limit or a refused key stops the run cleanly:
 * every item still gets an outcome saying what happened to it.
 */
import { AuthError, BudgetExceededError, EnrichflowError, InsufficientCreditsError, ProviderFailureError, TransportError } from './errors';
import { formatCredits } from './credits/amount';

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
    return new AuthError(`Not run: the API key was refused at item ${stoppedAt + 1}, so it was not sent again (${stoppedBy.message})`, {
      provider: stoppedBy.provider,
      status: stoppedBy.status,
    });
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
 * an 'aborted' error. `firstAlone`: the first item runs before any other starts, so a refused key
 * or an empty wallet is found by one request rather than by a whole wave of them.
 */
export async function runEach<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  opts: { concurrency?: number; signal?: AbortSignal; firstAlone?: boolean } = {},
): Promise<ItemOutcome<R>[]> {
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1 (got ${concurrency})`);
  }
  const outcomes: (ItemOutcome<R> | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  let stop: { error: RunStopper; index: number } | undefined;
  let firstSettled = () => {};
  const first = opts.firstAlone ? new Promise<void>((resolve) => (firstSettled = resolve)) : undefined;

  const worker = async (_: unknown, n: number) => {
    if (n > 0) await first;
    while (stop === undefined && !opts.signal?.aborted && next < items.length) {
      const index = next++;
      try {
        outcomes[index] = { index, ok: true, value: await fn(items[index]!, index) };
      } catch (caught) {
        const error = asEnrichflowError(caught);
        outcomes[index] = { index, ok: false, error };
        if (error instanceof BudgetExceededError || error instanceof InsufficientCreditsError || error instanceof AuthError) stop ??= { error, index };
      } finally {
        if (index === 0) firstSettled();
      }
    }
    firstSettled();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));

  return outcomes.map((outcome, index) => {
    if (outcome) return outcome;
    const error = stop ? notRun(stop.error, stop.index) : new TransportError(`Not run: the run was aborted before item ${index + 1}`, 'aborted');
    return { index, ok: false, error };
  });
}
