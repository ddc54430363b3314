#!/usr/bin/env node
// `npm test`: type-check, lint, n8n's scanner, every jest suite, then the end-to-end suites that
// need the real engines (n8n 2.41.1 and the Zapier CLI on Node 24) when their tools are installed.
// `.ci/run` installs the tools first, so CI runs everything; a fresh clone without them still
// runs all the other tests and says plainly what it skipped.
//
// The steps run in three lanes at once: most of the time the tests wait (on n8n booting, on a
// provider's rate window, on a job), and the steps of different lanes share nothing. A lane's
// steps run in order: the lint builds build/n8n and the scanner reads it (the tests that build
// use folders of their own). Each step's output is printed whole when it ends.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

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

// The real-n8n suites are the longest lane, so they start first.
const lanes = [[steps.n8nE2e], [steps.typecheck, steps.lint, steps.scan, steps.zapier], [steps.jest]];

const t0 = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

function runStep(step) {
  return new Promise((resolve) => {
    console.log(`▶ ${step.name} (started at ${seconds(t0)})`);
    const started = Date.now();
    const output = [];
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      console.log(`\n== ${step.name}`);
      process.stdout.write(Buffer.concat(output));
      const took = seconds(started);
      if (code === 0) console.log(`✓ ${step.name} (${took})`);
      else console.error(`\n✗ ${step.name} failed (exit ${code ?? signal}, ${took})`);
      resolve(code === 0);
    });
  });
}

// Every step runs even when an earlier one failed (a failing real-n8n suite must not hide the
// Zapier check's result); the command fails at the end, naming each failed step.
const skipped = [];
const failed = [];
await Promise.all(
  lanes.map(async (lane) => {
    for (const step of lane) {
      if (step.when && !step.when()) {
        if (step.skip) skipped.push(`${step.name}: ${step.skip}`);
        continue;
      }
      if (!(await runStep(step))) failed.push(step.name);
    }
  }),
);
for (const line of skipped) console.log(`- skipped ${line}`);
if (failed.length > 0) {
  console.error(`\n✗ npm test failed after ${seconds(t0)}: ${failed.join('; ')}`);
  process.exit(1);
}
console.log(`\n✓ npm test passed in ${seconds(t0)}`);
