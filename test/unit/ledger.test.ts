import { credits, formatCredits, timesCredits, ZERO } from '../../shared/credits/amount';
import { Ledger, type LedgerEntry } from '../../shared/credits/ledger';

const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  provider: 'enrichso',
  operation: 'emailValidation.validate',
  estimated: credits(1),
  charged: credits(1),
  source: 'provider',
  at: 0,
  ...over,
});

describe('the run ledger', () => {
  it('adds up what a run spent, per operation, with cache hits counted apart', () => {
    const ledger = new Ledger({ runId: 'run-1' });
    ledger.record(entry({ requestId: 'req-1' }));
    ledger.record(entry({ charged: ZERO, source: 'model' })); // `risky`: not charged
    ledger.record(entry({ charged: ZERO, estimated: ZERO, source: 'cache' }));
    for (let i = 0; i < 300; i++) {
      ledger.record(entry({ provider: 'influencersclub', operation: 'discovery.search', estimated: credits(0.01), charged: credits(0.01) }));
    }

    const totals = ledger.totals();
    expect(ledger.runId).toBe('run-1');
    expect(totals.calls).toBe(303);
    expect(totals.fromCache).toBe(1);
    expect(formatCredits(totals.charged)).toBe('4');
    expect(formatCredits(totals.estimated)).toBe('5');
    expect(totals.byOperation).toEqual({
      'enrichso:emailValidation.validate': { calls: 3, charged: credits(1) },
      'influencersclub:discovery.search': { calls: 300, charged: timesCredits(credits(0.01), 300) },
    });
  });

  it('tracks batch reservations and refunds', () => {
    const ledger = new Ledger();
    ledger.record(entry({ operation: 'emailFinder.bulkSubmit', estimated: credits(500), charged: ZERO, reserved: credits(500) }));
    ledger.record(entry({ operation: 'emailFinder.settle', estimated: ZERO, charged: credits(430), refunded: credits(70) }));
    expect(ledger.totals()).toMatchObject({ reserved: credits(500), refunded: credits(70), charged: credits(430) });
  });

  it('remembers the balance at the start and the latest one', () => {
    const ledger = new Ledger();
    expect(ledger.lastKnownBalance).toBeUndefined();
    expect(ledger.totals().balanceBefore).toBeUndefined();
    ledger.noteBalance(credits(100));
    ledger.noteBalance(credits(97));
    ledger.noteBalance(credits(95.5));
    expect(ledger.lastKnownBalance).toBe(credits(95.5));
    expect(ledger.totals()).toMatchObject({ balanceBefore: credits(100), balanceAfter: credits(95.5) });
  });

  it('keeps entries as receipts: later changes to the recorded object do not rewrite history', () => {
    const ledger = new Ledger();
    const e = entry({});
    ledger.record(e);
    e.charged = credits(99);
    expect(ledger.entries()[0]!.charged).toBe(credits(1));
    expect(Object.isFrozen(ledger.entries()[0])).toBe(true);
    // Entries booked after a first look are receipts too.
    const later = entry({});
    ledger.record(later);
    const [, second] = ledger.entries();
    expect(Object.isFrozen(second)).toBe(true);
    expect(() => {
      'use strict';
      (second as { charged: number }).charged = 5;
    }).toThrow(TypeError);
    later.charged = credits(7);
    expect(ledger.entries()[1]!.charged).toBe(credits(1));
  });

  it('gives every run its own id', () => {
    expect(new Ledger().runId).not.toBe(new Ledger().runId);
  });

  it('refuses a fractional amount, which would mean plain credits were passed instead of micro-credits', () => {
    const ledger = new Ledger();
    expect(() => ledger.record(entry({ charged: 0.5 as never }))).toThrow(/charged/);
    expect(ledger.entries()).toHaveLength(0);
  });
});
