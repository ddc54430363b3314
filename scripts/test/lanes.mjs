// The lanes of `npm test` (scripts/test.mjs): each lane's steps run in order, the lanes at once.
// Each step's output is printed whole when it ends; a step's milestones (lines matching its
// `milestones`) as they come, prefixed with the lane. A lane has a time limit: past it, its
// running step's process group is killed and the step fails saying so, and the lane's later
// steps are not run. Every step otherwise runs even when an earlier one failed; the run fails
// at the end, naming each failed step.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

let t0 = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
/** The running steps' children, each the leader of its own process group. */
const running = new Set();
const killGroup = (child, signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};

/** Runs `step`; resolves true if it passed. Past `deadline` (ms since the epoch) its whole process group is killed. */
function runStep(step, lane, deadline) {
  return new Promise((resolve) => {
    console.log(`▶ ${step.name} (started at ${seconds(t0)})`);
    const started = Date.now();
    const output = [];
    // Its own process group (detached), so a timeout can end everything it started.
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    const milestones = step.milestones && new RegExp(step.milestones);
    const partial = { stdout: '', stderr: '' };
    const collect = (stream) => (d) => {
      output.push(d);
      if (!milestones) return;
      const lines = (partial[stream] + d.toString()).split('\n');
      partial[stream] = lines.pop();
      for (const line of lines) if (milestones.test(line)) console.log(`  [${lane.name}] ${line} (at ${seconds(t0)})`);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, deadline - Date.now());
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    // Killed: a process that left the group may still hold the output pipes open; stop reading.
    child.on('exit', () => {
      if (!timedOut) return;
      child.stdout.destroy();
      child.stderr.destroy();
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      console.log(`\n== ${step.name}`);
      process.stdout.write(Buffer.concat(output));
      const took = seconds(started);
      if (timedOut)
        console.error(
          `\n✗ ${step.name} killed after ${took}: the ${lane.name} lane's limit of ${lane.minutes} minutes was reached (its output so far is above)`,
        );
      else if (code === 0) console.log(`✓ ${step.name} (${took})`);
      else console.error(`\n✗ ${step.name} failed (exit ${code ?? signal}, ${took})`);
      resolve(code === 0 && !timedOut);
    });
  });
}

/**
 * Runs `lanes` ([{ name, minutes, steps: [{ name, cmd, args, when?, skip?, milestones? }] }]);
 * `title` names the whole run in its last line. Exits 1 if any step failed.
 */
export async function runLanes(lanes, title) {
  t0 = Date.now();
  // Ctrl-C or a CI cancel: the steps run in process groups of their own, so they are told here.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      for (const child of running) killGroup(child, signal);
      process.exit(130);
    });
  }
  const skipped = [];
  const failed = [];
  await Promise.all(
    lanes.map(async (lane) => {
      const deadline = Date.now() + lane.minutes * 60_000;
      for (const step of lane.steps) {
        if (step.when && !step.when()) {
          if (step.skip) skipped.push(`${step.name}: ${step.skip}`);
          continue;
        }
        if (Date.now() >= deadline) failed.push(`${step.name} (not run: the ${lane.name} lane's time was up)`);
        else if (!(await runStep(step, lane, deadline))) failed.push(step.name);
      }
    }),
  );
  for (const line of skipped) console.log(`- skipped ${line}`);
  if (failed.length > 0) {
    console.error(`\n✗ ${title} failed after ${seconds(t0)}: ${failed.join('; ')}`);
    process.exit(1);
  }
  console.log(`\n✓ ${title} passed in ${seconds(t0)}`);
}
