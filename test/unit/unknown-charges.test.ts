/**
 * One balance read settles the charges of answers lost on the way (credits/reconcile.ts). It can
 * tell them apart only when none charged, all charged in full, or there is one: otherwise each
 * gets its share in proportion to what it could have cost, marked shared, and the shares add up
 * to what the balance says, to the micro-credit.
 */
import fc from 'fast-check';
import { type Credits, credits } from '../../shared/credits/amount';
import { splitUnexplained } from '../../shared/credits/reconcile';

const c = (n: number) => credits(n);

it('one lost answer, none charged, or all charged in full: each charge is exact', () => {
  expect(splitUnexplained(c(0.5), [c(1)])).toEqual({ charged: [c(0.5)], shared: false });
  expect(splitUnexplained(c(0), [c(1), c(2)])).toEqual({ charged: [c(0), c(0)], shared: false });
  expect(splitUnexplained(c(3), [c(1), c(2)])).toEqual({ charged: [c(1), c(2)], shared: false });
  // More than they all could cost (spending elsewhere on the account): each at most its estimate.
  expect(splitUnexplained(c(5), [c(1), c(2)])).toEqual({ charged: [c(1), c(2)], shared: false });
});

it('two lost answers that cost 1 of their 2 together: half each, marked shared', () => {
  expect(splitUnexplained(c(1), [c(1), c(1)])).toEqual({ charged: [c(0.5), c(0.5)], shared: true });
});

it('shares add up to what the balance says, each within its estimate', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 2, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (upTo, part) => {
      const most = upTo.reduce((s, u) => s + u, 0);
      const unexplained = Math.floor(most * part) as Credits;
      const { charged } = splitUnexplained(unexplained, upTo as Credits[]);
      expect(charged.reduce((s, x) => s + x, 0)).toBe(Math.min(unexplained, most));
      charged.forEach((x, i) => expect(x >= 0 && x <= upTo[i]!).toBe(true));
    }),
    { seed: 3 },
  );
});
