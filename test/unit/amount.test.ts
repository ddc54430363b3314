import { addCredits, credits, formatCredits, timesCredits, ZERO } from '../../shared/credits/amount';

describe('credit amounts', () => {
  it('add 0.01 a thousand times to exactly 10 (no float drift)', () => {
    let total = ZERO;
    for (let i = 0; i < 1000; i++) total = addCredits(total, credits(0.01));
    expect(total).toBe(credits(10));
    expect(formatCredits(total)).toBe('10');
  });

  it('accept the numeric strings providers send and multiply by counts', () => {
    expect(credits('0.03')).toBe(credits(0.03));
    expect(formatCredits(timesCredits(credits(0.03), 7))).toBe('0.21');
    expect(() => credits('abc')).toThrow(RangeError);
  });
});
