import { credits, ZERO } from '../../shared/credits/amount';
import { BudgetGuard, checkBalance } from '../../shared/credits/budget';
import { runEach } from '../../shared/runEach';
import { BudgetExceededError, InsufficientCreditsError, NotFoundError, ProviderFailureError, TransportError } from '../../shared/errors';

// A made-up key shaped like a live one (assembled so no secret scanner mistakes the file for a leak).
const FAKE_LIVE_KEY = ['sk', 'live', 'abcdefghijklmnopqrstuvwxyz'].join('_');

const TEN = credits(10);

/** A paid call of 10 credits guarded by `guard`; returns what it was sent. */
function paidCall(guard: BudgetGuard, sent: string[]) {
  return async (item: string) => {
    const hold = guard.hold(TEN);
    try {
      sent.push(item);
      hold.settle(TEN);
      return `${item}:done`;
    } finally {
      hold.release();
    }
  };
}

describe('a run with a credit budget', () => {
  it('a budget of 30 stops the run before the fourth call (10 credits each)', async () => {
    const guard = new BudgetGuard(credits(30));
    const sent: string[] = [];
    const outcomes = await runEach(['a', 'b', 'c', 'd', 'e', 'f'], paidCall(guard, sent));

    expect(sent).toEqual(['a', 'b', 'c']);
    expect(guard.spent()).toBe(credits(30));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, false, false]);
    // Nothing silently dropped: every item has an outcome saying what happened.
    expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const [fourth, fifth] = [outcomes[3]!, outcomes[4]!];
    expect(!fourth.ok && fourth.error).toBeInstanceOf(BudgetExceededError);
    expect(!fifth.ok && fifth.error).toBeInstanceOf(BudgetExceededError);
    expect(!fifth.ok && fifth.error.message).toMatch(/Not run: the credit budget was exhausted at item 4/);
  });

  it('holds make concurrent calls safe: four parallel 10-credit calls under a budget of 30 send only three', async () => {
    const guard = new BudgetGuard(credits(30));
    const holds = [];
    let refused = 0;
    for (let i = 0; i < 4; i++) {
      try {
        holds.push(guard.hold(TEN));
      } catch (e) {
        expect(e).toBeInstanceOf(BudgetExceededError);
        refused++;
      }
    }
    expect(holds).toHaveLength(3);
    expect(refused).toBe(1);
    expect(guard.remaining()).toBe(ZERO);
  });

  it('a call that charged nothing (no match) gives its hold back', () => {
    const guard = new BudgetGuard(credits(10));
    guard.hold(TEN).settle(ZERO);
    const hold = guard.hold(TEN);
    hold.release();
    expect(guard.spent()).toBe(ZERO);
    expect(guard.remaining()).toBe(TEN);
  });

  it('settling twice, or releasing after settling, never counts a call twice', () => {
    const guard = new BudgetGuard(credits(100));
    const hold = guard.hold(TEN);
    hold.settle(TEN);
    hold.settle(TEN);
    hold.release();
    expect(guard.spent()).toBe(TEN);
    expect(guard.remaining()).toBe(credits(90));
  });

  it('says how much it would cost and how much is left when it refuses', () => {
    const guard = new BudgetGuard(credits(25));
    guard.hold(TEN).settle(TEN);
    guard.hold(TEN).settle(TEN);
    expect(() => guard.hold(TEN)).toThrow('this call may cost 10 credits but only 5 remain in the budget; not sent');
  });

  it('a batch refund gives credits back to the budget, a surcharge takes more, never below zero spent', () => {
    const guard = new BudgetGuard(credits(100));
    guard.hold(credits(50)).settle(credits(50)); // a 50-credit reservation
    guard.adjust(credits(-20)); // 20 refunded at settlement
    expect(guard.spent()).toBe(credits(30));
    guard.adjust(credits(5));
    expect(guard.remaining()).toBe(credits(65));
    guard.adjust(credits(-1_000));
    expect(guard.spent()).toBe(ZERO);
    expect(guard.remaining()).toBe(credits(100));
  });

  it('without a budget, nothing is refused', () => {
    const guard = new BudgetGuard(undefined);
    for (let i = 0; i < 1_000; i++) guard.hold(credits(1_000)).settle(credits(1_000));
    expect(guard.remaining()).toBeUndefined();
    expect(guard.spent()).toBe(credits(1_000_000));
  });

  it('rejects a budget that is not an amount of micro-credits', () => {
    expect(() => new BudgetGuard(-1 as never)).toThrow(/budget/);
    expect(() => new BudgetGuard(credits(10)).hold(1.5 as never)).toThrow(/estimate/);
  });
});

describe('the known balance', () => {
  it('refuses a call the balance cannot pay for, with required, balance and shortfall', () => {
    expect(() => checkBalance(TEN, credits(4))).toThrow(InsufficientCreditsError);
    try {
      checkBalance(TEN, credits(4));
    } catch (e) {
      expect((e as InsufficientCreditsError).toJSON()).toMatchObject({ required: 10, balance: 4, shortfall: 6 });
      expect((e as Error).message).toMatch(/not sent/);
    }
  });

  it('lets the call through when the balance suffices or is unknown', () => {
    expect(() => checkBalance(TEN, TEN)).not.toThrow();
    expect(() => checkBalance(TEN, undefined)).not.toThrow();
  });
});

describe('running a list of items', () => {
  it('gives each item its own outcome, in input order, even when some fail', async () => {
    const outcomes = await runEach(
      [1, 2, 3, 4],
      async (n) => {
        if (n === 2) throw new NotFoundError('no such person');
        return n * 10;
      },
      { concurrency: 3 },
    );
    expect(outcomes).toEqual([
      { index: 0, ok: true, value: 10 },
      { index: 1, ok: false, error: expect.any(NotFoundError) },
      { index: 2, ok: true, value: 30 },
      { index: 3, ok: true, value: 40 },
    ]);
  });

  it('stops after the balance runs out and marks the rest as not run (same error class)', async () => {
    const started: number[] = [];
    const outcomes = await runEach([0, 1, 2, 3], async (n) => {
      started.push(n);
      if (n === 1) throw new InsufficientCreditsError(TEN, credits(3), credits(7), undefined, { provider: 'enrichso' });
      return n;
    });
    expect(started).toEqual([0, 1]);
    const rest = outcomes.slice(2);
    for (const o of rest) {
      expect(!o.ok && o.error).toBeInstanceOf(InsufficientCreditsError);
      expect(!o.ok && o.error.message).toMatch(/^Not run: the credit balance ran out at item 2/);
      expect(!o.ok && o.error.provider).toBe('enrichso');
    }
  });

  it('lets calls already in flight finish when the budget stops the run', async () => {
    const guard = new BudgetGuard(credits(20));
    const sent: string[] = [];
    const outcomes = await runEach(['a', 'b', 'c', 'd'], paidCall(guard, sent), { concurrency: 2 });
    expect(sent).toEqual(['a', 'b']);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
    expect(outcomes.filter((o) => !o.ok && o.error instanceof BudgetExceededError)).toHaveLength(2);
  });

  it('turns an unexpected error into a provider failure without leaking a key', async () => {
    const [outcome] = await runEach(['x'], async () => {
      throw new Error(`GET https://api.example.test/v1/person?api_key=${FAKE_LIVE_KEY} failed; x-api-key: ${FAKE_LIVE_KEY}`);
    });
    expect(!outcome!.ok && outcome!.error).toBeInstanceOf(ProviderFailureError);
    const message = !outcome!.ok ? outcome!.error.message : '';
    expect(message).toMatch(/^Unexpected Error: GET https:\/\/api\.example\.test\/v1\/person\?… failed/);
    expect(message).not.toContain('sk_live');
  });

  it('marks items not started after an abort as aborted', async () => {
    const controller = new AbortController();
    const outcomes = await runEach(
      [1, 2, 3],
      async (n) => {
        if (n === 1) controller.abort();
        return n;
      },
      { signal: controller.signal },
    );
    expect(outcomes[0]).toEqual({ index: 0, ok: true, value: 1 });
    expect(outcomes.slice(1).map((o) => !o.ok && o.error)).toEqual([expect.any(TransportError), expect.any(TransportError)]);
  });

  it('returns an empty list for no items and rejects a nonsensical concurrency', async () => {
    expect(await runEach([], async () => 1)).toEqual([]);
    await expect(runEach([1], async () => 1, { concurrency: 0 })).rejects.toThrow(/concurrency/);
  });
});
