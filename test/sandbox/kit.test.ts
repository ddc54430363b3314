import { ProgressJob } from '../../sandbox/kit/jobs';
import { Rng } from '../../sandbox/kit/random';
import { SlidingWindowLimiter } from '../../sandbox/kit/rate-limiter';
import { Router } from '../../sandbox/kit/router';
import { InsufficientCreditsError, Wallet } from '../../sandbox/kit/wallet';

describe('sandbox kit', () => {
  describe('Wallet', () => {
    let n = 0;
    const wallet = (balance: number) => new Wallet({ organizationId: 'org', balance, now: () => 0, newId: () => `tx${++n}` });

    it('adds fractional credits exactly', () => {
      const w = wallet(1);
      for (let i = 0; i < 100; i++) w.deduct(0.01, 'creator');
      expect(w.balance).toBe(0);
      expect(() => w.deduct(0.01, 'one more')).toThrow(InsufficientCreditsError);
    });

    it('reserves, settles once, and records every movement', () => {
      const w = wallet(100);
      w.reserve('job', 40, 'reserve');
      expect(w.balance).toBe(60);
      expect(w.settle('job', 25, 'settle')).toMatchObject({ reserved: 40, charged: 25, refunded: 15 });
      expect(w.settle('job', 0, 'settle again')).toMatchObject({ charged: 25, refunded: 15 });
      expect(w.balance).toBe(75);
      expect(w.transactions().map((t) => [t.type, t.amount, t.balanceAfter])).toEqual([
        ['deduction', -40, 60],
        ['refund', 15, 75],
      ]);
      expect(() => w.settle('nope', 1, 'x')).toThrow();
    });

    it('refuses a reservation it cannot cover and reports the shortfall', () => {
      const w = wallet(50);
      try {
        w.reserve('big', 100, 'x');
        throw new Error('should have thrown');
      } catch (e) {
        expect(e).toBeInstanceOf(InsufficientCreditsError);
        expect((e as InsufficientCreditsError).shortfall).toBe(50);
      }
      expect(w.balance).toBe(50);
      expect(w.reserved('big')).toBeUndefined();
    });
  });

  describe('SlidingWindowLimiter', () => {
    it('holds `burst` per any 1000 ms and `rate` per any window', () => {
      let t = 0;
      const limiter = new SlidingWindowLimiter(() => t);
      const rule = { rate: 4, windowMs: 5000, burst: 2 };
      const take = () => limiter.take([{ key: 'k', rule }])!;
      expect([take().allowed, take().allowed, take().allowed]).toEqual([true, true, false]);
      t = 999;
      expect(take().allowed).toBe(false);
      t = 1000;
      expect(take().allowed).toBe(true);
      expect(take().allowed).toBe(true);
      t = 2500;
      const refused = take();
      expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSec: 3 });
      t = 5000;
      expect(take().allowed).toBe(true);
    });

    it('counts a window holding thousands of requests exactly, and a clock set back keeps its order', () => {
      let t = 0;
      const limiter = new SlidingWindowLimiter(() => t);
      const rule = { rate: 3000, windowMs: 60_000, burst: 1_000_000 };
      const take = () => limiter.take([{ key: 'k', rule }])!;
      for (let i = 0; i < 3000; i++, t += 10) expect(take().allowed).toBe(true);
      // The first stamp (t = 0) frees the window at 60 000, 30 s from now.
      expect(take()).toMatchObject({ allowed: false, remaining: 0, retryAfterSec: 30 });
      t = 60_000;
      expect(take()).toMatchObject({ allowed: true, remaining: 0, resetSec: 1 });
      t = 59_000; // set back: the stamp lands in order, and the window still holds 3,000
      expect(take().allowed).toBe(false);
      t = 70_000; // 1,999 stamps from 10 010 on, and 60 000
      expect(take()).toMatchObject({ allowed: true, remaining: 999 });
    });

    it('records nothing when any bucket refuses', () => {
      const limiter = new SlidingWindowLimiter(() => 0);
      const loose = { key: 'loose', rule: { rate: 10, windowMs: 1000, burst: 10 } };
      const tight = { key: 'tight', rule: { rate: 1, windowMs: 1000, burst: 1 } };
      limiter.take([tight]);
      expect(limiter.take([loose, tight])!.allowed).toBe(false);
      expect(limiter.take([loose])!.remaining).toBe(9);
    });
  });

  it('Router prefers literal segments and decodes params', () => {
    const r = new Router<string, null>().add('GET', '/a/{id}', 'param', null).add('GET', '/a/limit', 'literal', null);
    expect(r.match('GET', '/a/limit')?.handler).toBe('literal');
    expect(r.match('GET', '/a/x%20y')).toMatchObject({ handler: 'param', params: { id: 'x y' } });
    expect(r.match('POST', '/a/limit')).toBeUndefined();
  });

  it('ProgressJob derives progress from the clock and applies side effects once', () => {
    const seen: number[] = [];
    class Job extends ProgressJob {
      completedAt = -1;
      protected override onItems(from: number, to: number) {
        for (let i = from; i < to; i++) seen.push(i);
      }
      protected override onComplete(at: number) {
        this.completedAt = at;
      }
    }
    const job = new Job({ createdAt: 1000, total: 5, itemsPerSecond: 4, queueDelayMs: 500 });
    expect(job.processedAt(1499)).toBe(0);
    expect(job.processedAt(2000)).toBe(2);
    job.advance(2000);
    job.advance(2000);
    expect(seen).toEqual([0, 1]);
    expect(job.itemDoneAt(4)).toBe(2750);
    job.advance(10_000);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(job.completedAt).toBe(2750);
    job.extend(2, 10_000);
    expect(job.processedAt(11_000)).toBe(7);
  });

  it('Rng gives the same sequence for the same seed and input', () => {
    expect(new Rng(1, 'x').hex(24)).toBe(new Rng(1, 'x').hex(24));
    expect(new Rng(1, 'x').hex(24)).not.toBe(new Rng(2, 'x').hex(24));
  });
});
