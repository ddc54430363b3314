/**
 * The gate that keeps a client's paid calls apart from the balance reads that say whose a charge
 * is (shared/credits/balanceBracket.ts): paid calls run together; a measurement waits for those
 * in flight and keeps new ones out; neither side waits forever.
 */
import { BalanceGate } from '../../shared/credits/balanceBracket';

/** A piece of work the test ends when it likes; `log` says when each started and ended. */
function work(log: string[], name: string) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  return {
    run: async () => {
      log.push(`${name} starts`);
      await ended;
      log.push(`${name} ends`);
    },
    end,
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

it('paid calls run together; a measurement waits for them, and a paid call asked meanwhile waits for the measurement', async () => {
  const gate = new BalanceGate();
  const log: string[] = [];
  const [a, b, m, c] = [work(log, 'paid a'), work(log, 'paid b'), work(log, 'measured'), work(log, 'paid c')];
  const all = [gate.paid(a.run), gate.paid(b.run), gate.exclusive(m.run), gate.paid(c.run)];
  await turn();
  expect(log).toEqual(['paid a starts', 'paid b starts']);
  a.end();
  await turn();
  expect(log).not.toContain('measured starts');
  b.end();
  await turn();
  expect(log.slice(3)).toEqual(['paid b ends', 'measured starts']);
  m.end();
  await turn();
  expect(log.slice(5)).toEqual(['measured ends', 'paid c starts']);
  c.end();
  await Promise.all(all);
});

it('paid calls that waited for a measurement go before the next measurement; measurements take turns in order', async () => {
  const gate = new BalanceGate();
  const log: string[] = [];
  const [m1, p, m2] = [work(log, 'measured 1'), work(log, 'paid'), work(log, 'measured 2')];
  const all = [gate.exclusive(m1.run), gate.paid(p.run), gate.exclusive(m2.run)];
  await turn();
  m1.end();
  await turn();
  expect(log).toEqual(['measured 1 starts', 'measured 1 ends', 'paid starts']);
  p.end();
  await turn();
  m2.end();
  await Promise.all(all);
  expect(log.slice(3)).toEqual(['paid ends', 'measured 2 starts', 'measured 2 ends']);
});

it('a paid call that fails still lets the measurement waiting for it go', async () => {
  const gate = new BalanceGate();
  const failing = gate.paid(() => Promise.reject(new Error('lost')));
  const measured = gate.exclusive(async () => 'measured');
  await expect(failing).rejects.toThrow('lost');
  await expect(measured).resolves.toBe('measured');
});

it('tells a paid call, when it books, whether another was on its way beside it (the balance its answer reports would hold that one too)', async () => {
  const gate = new BalanceGate();
  const quietWhenBooked: Record<string, boolean> = {};
  const log: string[] = [];
  const call = (name: string, wait?: Promise<void>) =>
    gate.paid(async () => {
      const quiet = gate.quiet(true);
      await wait;
      quietWhenBooked[name] = quiet();
    });
  await call('alone');
  const a = work(log, 'a');
  const first = call('first', a.run());
  await turn();
  // A second goes in while the first is on its way, and is booked first: neither was alone.
  await call('second');
  a.end();
  await first;
  expect(quietWhenBooked).toEqual({ alone: true, second: false, first: false });
  // A free call (outside the gate) sent while none is on its way, and none goes in before its answer.
  const free = gate.quiet(false);
  expect(free()).toBe(true);
  await call('later');
  expect(free()).toBe(false);
});

it('a paid call cancelled while it waits for a measurement leaves at once, sent nothing, and the others go as before', async () => {
  const gate = new BalanceGate();
  const log: string[] = [];
  const [m, p] = [work(log, 'measured'), work(log, 'paid')];
  const measuring = gate.exclusive(m.run);
  await turn();
  const cancel = new AbortController();
  const cancelled = gate.paid(async () => log.push('cancelled one sent'), cancel.signal);
  const waiting = gate.paid(p.run);
  cancel.abort();
  await expect(cancelled).rejects.toMatchObject({ reason: 'aborted' });
  // Cancelled before it asked: refused at once too.
  await expect(gate.paid(async () => log.push('sent'), AbortSignal.abort())).rejects.toMatchObject({ reason: 'aborted' });
  expect(log).toEqual(['measured starts']);
  m.end();
  await turn();
  p.end();
  await Promise.all([measuring, waiting]);
  expect(log).toEqual(['measured starts', 'measured ends', 'paid starts', 'paid ends']);
});
