// The sources of one n8n package laid out as an n8n node project, so that `n8n-node lint` in
// strict mode (n8n's default lint config with its n8n Cloud rules) checks the package's own
// code: its nodes, their adapter, its credentials — what the bundle was made of, the type-only
// modules that code names, and each swapped module as a one-line re-export of what replaced it.
// The core is a library bundled into the package: it sits in node_modules/@enrichflow/core for
// the imports to resolve and is listed as a bundled devDependency, like any bundled library.
// (n8n's scanner then checks the bundle itself, core included, for imports and timers.)
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { copyAssets, root, SWAPS } from './bundle.mjs';

const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*'(\.\.?\/[^']+)'/g;
const SHARED_STORE_CREDENTIAL = 'enrichflowSharedStoreApi';
const DEFAULT_CONFIG = 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs';

function resolveTs(fromFile, spec) {
  const base = join(dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(join(root, candidate))) return candidate;
  return undefined;
}

/** Copy the package's own sources (under nodes/ and credentials/) into `outDir`; returns their paths. */
export function writeLintSources(outDir, sources, verified) {
  const done = new Set();
  const queue = sources.filter((f) => f.startsWith('nodes/') || f.startsWith('credentials/'));
  while (queue.length) {
    const file = queue.pop();
    if (done.has(file)) continue;
    done.add(file);
    const to = join(outDir, file);
    mkdirSync(dirname(to), { recursive: true });
    const swap = SWAPS[file]?.(verified);
    if (swap) {
      const spec = relative(dirname(file), swap).replace(/\.ts$/, '');
      writeFileSync(
        to,
        `// Built as ${swap} (scripts/n8n/bundle.mjs swaps it in for this package).\nexport * from '${spec.startsWith('.') ? spec : `./${spec}`}';\n`,
      );
      queue.push(swap);
      continue;
    }
    const text = readFileSync(join(root, file), 'utf8');
    // A node class's literal credential list names the Shared Store for n8n's lint in the
    // all-in-one; the verified edition drops that entry when the class is built (editionCredentials).
    writeFileSync(
      to,
      verified
        ? text
            .split('\n')
            .filter((line) => !line.includes(`name: '${SHARED_STORE_CREDENTIAL}'`))
            .join('\n')
        : text,
    );
    for (const [, spec] of text.matchAll(RELATIVE_IMPORT)) {
      const target = resolveTs(file, spec);
      if (target && !done.has(target)) queue.push(target);
    }
  }
  // Icons and codex files beside the sources, as n8n's lint checks the icons exist.
  for (const dir of new Set([...done].filter((f) => f.startsWith('nodes/')).map((f) => dirname(f)))) copyAssets(join(root, dir), join(outDir, dir));
  const core = join(outDir, 'node_modules/@enrichflow/core');
  cpSync(join(root, 'shared'), core, { recursive: true });
  writeFileSync(join(core, 'package.json'), `${JSON.stringify({ name: '@enrichflow/core', private: true, types: 'index.ts', main: 'index.ts' }, null, 2)}\n`);
  writeFileSync(join(outDir, 'eslint.config.mjs'), readFileSync(join(root, DEFAULT_CONFIG)));
  return [...done].sort();
}
