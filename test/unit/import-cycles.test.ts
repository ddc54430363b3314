/**
 * No module of the core, the adapters or the sandbox needs a module that needs it back
 * (scripts/lint/cycles.mjs, run with --strict by `npm run lint`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function cyclesIn(...args: string[]): string[] {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/lint/cycles.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0 && !args.includes('--strict')) throw new Error(run.stderr);
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('import cycle: '))
    .map((line) => line.slice('import cycle: '.length));
}

describe('import cycles', () => {
  it('shared/ has none', () => {
    expect(cyclesIn('shared')).toEqual([]);
  });

  it('the n8n and Zapier adapters and the sandbox have none', () => {
    expect(cyclesIn('nodes', 'zapier-app/lib', 'sandbox')).toEqual([]);
  });

  it('finds a cycle, through type imports too unless asked for run-time imports only, and --strict fails on it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cycles-'));
    writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    writeFileSync(path.join(dir, 'b.ts'), "import type { C } from './c';\nimport { a } from './a';\nexport const b = a;\nexport type B = C;\n");
    writeFileSync(path.join(dir, 'c.ts'), "import type { B } from './b';\nexport type C = B | 1;\n");
    const named = (cycle: string) => cycle.replace(/[^ ↔]*\/(\w\.ts)/g, '$1');
    expect(cyclesIn(dir).map(named)).toEqual(['a.ts ↔ b.ts ↔ c.ts']);
    expect(cyclesIn('--runtime', dir).map(named)).toEqual(['a.ts ↔ b.ts']);
    expect(spawnSync(process.execPath, [path.join(ROOT, 'scripts/lint/cycles.mjs'), '--strict', dir]).status).toBe(1);
  });
});
