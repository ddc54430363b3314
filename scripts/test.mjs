#!/usr/bin/env node
// `npm test`: type-check, lint, n8n's scanner, every jest suite, then the end-to-end suites that
// need the real engines (n8n 2.41.1 and the Zapier CLI on Node 24) when their tools are installed.
// `.ci/run` installs the tools first, so CI runs everything; a fresh clone without them still
// runs all the other tests and says plainly what it skipped.
//
// The steps run in three lanes at once: most of the time the tests wait (on n8n booting, on a
// provider's rate window, on a job), and the steps of different lanes share nothing. A lane's
// steps run in order: the lint builds build/n8n and the scanner reads it (the tests that build
// use folders of their own). Each step's output is printed whole when it ends, the real-n8n
// suites' results as they come; a lane past its time limit is killed and fails saying so, so a
// hang cannot use up a CI job's time (./test/lanes.mjs). Every step runs even when an earlier one
// failed (a failing real-n8n suite must not hide the Zapier check's result); the command fails
// at the end, naming each failed step.
import { existsSync } from 'node:fs';
import { runLanes } from './test/lanes.mjs';

const steps = {
  typecheck: { name: 'type-check', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  // n8n's community-node lint in strict mode on each of the six built n8n packages, then the rest of the code.
  lint: { name: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  // n8n's verification scanner (its static analysis) on each packed n8n package.
  scan: { name: "n8n's scanner on the packed n8n packages", cmd: 'npm', args: ['run', '--silent', 'scan:n8n'] },
  // Jest's default on a 2-core machine is one worker; its suites mostly wait (real-time rate
  // windows, jobs, retries), so four at once finish far sooner without crowding each other.
  jest: { name: 'jest (unit, sandbox, integration, acceptance, n8n engine, Zapier app tester)', cmd: 'npx', args: ['jest', '--maxWorkers=4'] },
  n8nE2e: {
    name: 'n8n end to end (real n8n CLI)',
    cmd: 'npm',
    args: ['run', '--silent', 'test:n8n:e2e'],
    // Jest's line for each finished suite.
    milestones: /^(PASS|FAIL) /,
    when: () => existsSync('.tools/n8n/node_modules/n8n'),
    skip: 'the real n8n is not installed: run scripts/n8n/install.sh (or .ci/run) to include it',
  },
  zapier: {
    name: 'Zapier CLI validate + build',
    cmd: 'bash',
    args: ['scripts/zapier/check.sh'],
    when: () => existsSync('.tools/zapier'),
    skip: 'the Zapier CLI is not installed: run scripts/zapier/install.sh (or .ci/run) to include it',
  },
};

// The real-n8n suites are the longest lane, so they start first. Limits: about 4× each lane's
// time on an idle 2-core machine, and twice what a heavily loaded one took.
const lanes = [
  { name: 'real n8n', minutes: 40, steps: [steps.n8nE2e] },
  { name: 'checks', minutes: 30, steps: [steps.typecheck, steps.lint, steps.scan, steps.zapier] },
  { name: 'jest', minutes: 30, steps: [steps.jest] },
];

await runLanes(lanes, 'npm test');
