/**
 * runEach with several items in flight: outcomes in input order, never more than `concurrency`
 * at once, and with `firstAlone` nothing else starts before the first item has settled, so a
 * refused key stops the run after one call instead of a wave of them.
 */
import { AuthError } from '../../shared/errors';
import { runEach } from '../../shared/runEach';

/** A call that settles when the test says, recording how many are in flight. */
function gatedCalls() {
  const gates: { index: number; settle: (fail?: Error) => void }[] = [];
  let inFlight = 0;
  let peak = 0;
  const fn = (_: unknown, index: number) =>
    new Promise<number>((resolve, reject) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      gates.push({
        index,
        settle: (fail) => {
          inFlight--;
          if (fail) reject(fail);
          else resolve(index);
        },
      });
    });
  const started = () => gates.map((g) => g.index);
  const settle = (index: number, fail?: Error) => gates.find((g) => g.index === index)!.settle(fail);
  return { fn, started, settle, peak: () => peak };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('several at once: never more than the concurrency, outcomes in input order whatever order they settle in', async () => {
  const calls = gatedCalls();
  const run = runEach([0, 1, 2, 3, 4, 5], calls.fn, { concurrency: 3 });
  await tick();
  expect(calls.started()).toEqual([0, 1, 2]);
  calls.settle(2);
  await tick();
  expect(calls.started()).toEqual([0, 1, 2, 3]);
  for (const i of [3, 1, 0]) calls.settle(i);
  await tick();
  for (const i of [5, 4]) calls.settle(i);
  const outcomes = await run;
  expect(outcomes.map((o) => (o.ok ? o.value : -1))).toEqual([0, 1, 2, 3, 4, 5]);
  expect(calls.peak()).toBe(3);
});

test('firstAlone: the others wait for the first item; a refused key there leaves every other item not run', async () => {
  const calls = gatedCalls();
  const run = runEach([0, 1, 2, 3, 4], calls.fn, { concurrency: 4, firstAlone: true });
  await tick();
  expect(calls.started()).toEqual([0]);
  calls.settle(0, new AuthError('refused', { provider: 'toy', status: 401 }));
  const outcomes = await run;
  expect(calls.started()).toEqual([0]);
  expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.message))).toEqual([
    'refused',
    ...Array.from({ length: 4 }, () => 'Not run: the API key was refused at item 1, so it was not sent again (refused)'),
  ]);
});

test('firstAlone: once the first item answered, the rest go several at once', async () => {
  const calls = gatedCalls();
  const run = runEach([0, 1, 2, 3, 4], calls.fn, { concurrency: 3, firstAlone: true });
  await tick();
  calls.settle(0);
  await tick();
  expect(calls.started()).toEqual([0, 1, 2, 3]);
  for (const i of [1, 2, 3]) calls.settle(i);
  await tick();
  calls.settle(4);
  expect((await run).every((o) => o.ok)).toBe(true);
  expect(calls.peak()).toBe(3);
});
