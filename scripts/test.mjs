#!/usr/bin/env node
// `npm test`: type-check, every jest suite, then the end-to-end suites that need the real
// engines (n8n 2.41.1 and the Zapier CLI on Node 24) when their tools are installed.
// `.ci/run` installs the tools first, so CI runs everything; a fresh clone without them still
// runs all the other tests and says plainly what it skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  { name: 'type-check', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  // n8n's community-node lint in strict mode on each of the six built n8n packages, then the rest of the code.
  { name: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  // n8n's verification scanner (its static analysis) on each packed n8n package.
  { name: "n8n's scanner on the packed n8n packages", cmd: 'npm', args: ['run', '--silent', 'scan:n8n'] },
  { name: 'jest (unit, sandbox, integration, acceptance, n8n engine, Zapier app tester)', cmd: 'npx', args: ['jest'] },
  {
    name: 'n8n end to end (real n8n CLI)',
    cmd: 'npm',
    args: ['run', '--silent', 'test:n8n:e2e'],
    when: () => existsSync('.tools/n8n/node_modules/n8n'),
    skip: 'the real n8n is not installed: run scripts/n8n/install.sh (or .ci/run) to include it',
  },
  {
    name: 'Zapier CLI validate + build',
    cmd: 'bash',
    args: ['scripts/zapier/check.sh'],
    when: () => existsSync('.tools/zapier'),
    skip: 'the Zapier CLI is not installed: run scripts/zapier/install.sh (or .ci/run) to include it',
  },
];

// Every step runs even when an earlier one failed (a failing real-n8n suite must not hide the
// Zapier check's result); the command fails at the end, naming each failed step.
const skipped = [];
const failed = [];
for (const step of steps) {
  if (step.when && !step.when()) {
    if (step.skip) skipped.push(`${step.name}: ${step.skip}`);
    continue;
  }
  console.log(`\n== ${step.name}`);
  const started = Date.now();
  const run = spawnSync(step.cmd, step.args, { stdio: 'inherit' });
  const took = `${((Date.now() - started) / 1000).toFixed(0)} s`;
  if (run.status === 0) console.log(`✓ ${step.name} (${took})`);
  else {
    console.error(`\n✗ ${step.name} failed (exit ${run.status ?? run.signal}, ${took})`);
    failed.push(step.name);
  }
}
for (const line of skipped) console.log(`- skipped ${line}`);
if (failed.length > 0) {
  console.error(`\n✗ npm test failed: ${failed.join('; ')}`);
  process.exit(1);
}
