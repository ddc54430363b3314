// `n8n-node lint` (n8n's community-node lint, strict mode: its default config with the n8n Cloud
// rules, which refuses any local change to that config) in each n8n package built by
// `npm run build`, over the sources that package is made of (scripts/n8n/lintSources.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDir as built, root } from './bundle.mjs';

if (!existsSync(built)) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
let failed = 0;
for (const name of readdirSync(built).sort()) {
  const run = spawnSync('npx', ['--no-install', 'n8n-node', 'lint'], { cwd: join(built, name), encoding: 'utf8' });
  console.log(`${run.status === 0 ? '✓' : '✗'} n8n-node lint (strict) ${name}`);
  if (run.status !== 0) {
    failed++;
    process.stdout.write(run.stdout + run.stderr);
  }
}
process.exit(failed ? 1 : 0);
