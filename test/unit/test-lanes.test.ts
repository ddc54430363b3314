/**
 * `npm test`'s lanes (scripts/test/lanes.mjs): a step that hangs is killed with everything it
 * started when its lane's time is up, and the run fails saying which step and why, instead of
 * waiting for CI's own limit; a long step's milestones show while it runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LANES = path.resolve(__dirname, '../../scripts/test/lanes.mjs');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'enrichflow-lanes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `lanes` (JSON) through runLanes, as scripts/test.mjs does: its exit code and what it printed. */
function runLanes(lanes: unknown, onOutput: (printed: string) => void = () => undefined): Promise<{ code: number | null; out: string }> {
  const code = `import(${JSON.stringify(LANES)}).then((m) => m.runLanes(${JSON.stringify(lanes)}, 'the run'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const take = (d: Buffer) => {
    out += d.toString();
    onOutput(out);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((resolve) => child.on('close', (exit) => resolve({ code: exit, out })));
}

/** Alive = has a /proc entry that is not a zombie (a killed process waits to be reaped a moment). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

test('a hung step is killed with the processes it started when its lane is out of time; the run fails naming it; other lanes finish', async () => {
  const pidFile = path.join(dir, 'grandchild.pid');
  // A step that starts a child of its own, then hangs.
  const hang = `sleep 300 & echo $! > ${pidFile}; echo started; wait`;
  const { code, out } = await runLanes([
    {
      name: 'slow',
      minutes: 0.05,
      steps: [
        { name: 'hanging step', cmd: 'bash', args: ['-c', hang] },
        { name: 'after it', cmd: 'true', args: [] },
      ],
    },
    { name: 'other', minutes: 1, steps: [{ name: 'quick step', cmd: 'bash', args: ['-c', 'echo quick done'] }] },
  ]);
  expect(code).toBe(1);
  expect(out).toMatch(/✗ hanging step killed after \d+ s: the slow lane's limit of 0\.05 minutes was reached \(its output so far is above\)/);
  expect(out).toContain('started');
  expect(out).toMatch(/✓ quick step/);
  expect(out).toMatch(/✗ the run failed after \d+ s: hanging step; after it \(not run: the slow lane's time was up\)/);
  const grandchild = Number(readFileSync(pidFile, 'utf8'));
  // Killed with its group: gone within moments (bounded), not after its 300 s.
  for (const until = Date.now() + 5000; alive(grandchild) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  expect(alive(grandchild)).toBe(false);
}, 30_000);

test("a step's milestones are printed while it runs, with the lane's name; its whole output when it ends", async () => {
  // The step goes on only once the run has shown its first milestone: shown at the end only, it would never end.
  const go = path.join(dir, 'go');
  const script = `echo "PASS first.e2e.ts"; while [ ! -e ${go} ]; do sleep 0.1; done; echo noise; echo "FAIL second.e2e.ts" >&2`;
  const { code, out } = await runLanes(
    [{ name: 'e2e', minutes: 1, steps: [{ name: 'suites', cmd: 'bash', args: ['-c', script], milestones: '^(PASS|FAIL) ' }] }],
    (printed) => {
      if (/^ {2}\[e2e\] PASS first\.e2e\.ts \(at \d+ s\)$/m.test(printed)) writeFileSync(go, '');
    },
  );
  expect(code).toBe(0);
  expect(out).toMatch(/^ {2}\[e2e\] FAIL second\.e2e\.ts \(at \d+ s\)$/m);
  expect(out).not.toMatch(/\[e2e\] noise/);
  expect(out).toMatch(/== suites\nPASS first\.e2e\.ts\nnoise\nFAIL second\.e2e\.ts/);
  expect(out).toMatch(/✓ suites \(\d+ s\)/);
});
