// One n8n package's dist/: a CommonJS bundle of its node and credential classes with the core
// inside (`dist/enrichflow.js`), a one-line file per class where n8n loads it from, the icons and
// codex files beside the nodes. n8n-workflow stays external: n8n provides it.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export { buildDir } from './buildDir.mjs';

/**
 * Module swaps for the n8n bundles (the files the n8n-only code stands in for, for lint too):
 * the verified edition leaves out the Shared Store, and with it the Redis client; the all-in-one
 * loads the Redis store from its own file, only when Redis is chosen. (The core's standalone
 * platform, Node's timers and undici, is no swap: the nodes pass n8n's `sleep` and `fetch` to
 * every client they build, so the bundler leaves the defaults out.)
 */
export const SWAPS = {
  'nodes/adapter/edition.ts': (verified) => (verified ? 'nodes/adapter/edition.verified.ts' : undefined),
  'shared/store/redis.ts': (verified) => (verified ? 'nodes/adapter/redis.verified.ts' : undefined),
};

function swapPlugin(verified, { redisExternal }) {
  return {
    name: 'enrichflow-n8n-swaps',
    setup(b) {
      // The nodes import the core as `@enrichflow/core` (tsconfig paths); the core imports itself
      // relatively. The core's modules have no side effects (a test holds it: no bare imports),
      // so esbuild may leave out what a package does not use — other providers' catalogs included.
      const resolveSource = (target) => {
        if (target === 'shared/store/redis.ts' && !verified && redisExternal) return { path: './store/redis.js', external: true };
        const file = SWAPS[target]?.(verified) ?? (existsSync(join(root, target)) ? target : target.replace(/\.ts$/, '/index.ts'));
        return { path: join(root, file), sideEffects: !file.startsWith('shared/') };
      };
      b.onResolve({ filter: /^@enrichflow\/core(\/|$)/ }, (args) => resolveSource(`shared${args.path.slice('@enrichflow/core'.length)}.ts`));
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        // A provider's manifest.json: data, nothing to swap.
        if (args.path.endsWith('.json')) return { path: join(args.resolveDir, args.path), sideEffects: false };
        const target = relative(root, join(args.resolveDir, args.path)) + '.ts';
        return SWAPS[target] || target.startsWith('shared/') ? resolveSource(target) : undefined;
      });
      // Only the core's standalone transport uses undici, and the nodes never reach it: let
      // esbuild drop it (it cannot know undici is free of side effects).
      b.onResolve({ filter: /^undici$/ }, () => ({ path: require.resolve('undici'), sideEffects: false }));
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['n8n-workflow'],
  legalComments: 'inline',
  logLevel: 'warning',
  metafile: true,
};

/** Icons and codex files, which n8n (and its lint) read from beside each node. */
export function copyAssets(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isFile() && /\.(svg|png)$|\.node\.json$/.test(entry.name)) {
      mkdirSync(to, { recursive: true });
      cpSync(join(from, entry.name), join(to, entry.name));
    }
  }
}

/** The node and credential classes of a package: `{ kind, dir, file, className, source }`. */
export function classesOf(providerDirs, credentialNames) {
  const out = [];
  for (const dir of providerDirs) {
    for (const file of readdirSync(join(root, 'nodes', dir))
      .filter((f) => f.endsWith('.node.ts'))
      .sort()) {
      out.push({
        kind: 'nodes',
        dir: `nodes/${dir}`,
        file: file.replace(/\.ts$/, '.js'),
        className: file.replace(/\.node\.ts$/, ''),
        source: `nodes/${dir}/${file}`,
      });
    }
  }
  for (const name of credentialNames) {
    out.push({ kind: 'credentials', dir: 'credentials', file: `${name}.credentials.js`, className: name, source: `credentials/${name}.credentials.ts` });
  }
  return out;
}

/** Build `outDir/dist`; returns the project sources the bundles were made of. */
export async function bundlePackage({ outDir, classes, providerDirs, verified }) {
  const dist = join(outDir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const barrel = classes.map((c) => `export { ${c.className} } from './${c.source.replace(/\.ts$/, '')}';`).join('\n');
  const results = [
    await build({
      ...common,
      stdin: { contents: barrel, resolveDir: root, loader: 'ts', sourcefile: 'enrichflow.ts' },
      outfile: join(dist, 'enrichflow.js'),
      plugins: [swapPlugin(verified, { redisExternal: true })],
    }),
  ];
  if (!verified) {
    results.push(
      await build({
        ...common,
        entryPoints: [join(root, 'shared/store/redis.ts')],
        outfile: join(dist, 'store/redis.js'),
        plugins: [swapPlugin(verified, { redisExternal: false })],
      }),
    );
  }
  for (const c of classes) {
    const file = join(dist, c.dir, c.file);
    mkdirSync(dirname(file), { recursive: true });
    const bundle = relative(dirname(file), join(dist, 'enrichflow.js'));
    writeFileSync(file, `"use strict";\nmodule.exports = { ${c.className}: require("./${bundle}").${c.className} };\n`);
  }
  for (const dir of providerDirs) copyAssets(join(root, 'nodes', dir), join(dist, 'nodes', dir));
  const sources = new Set(results.flatMap((r) => Object.keys(r.metafile.inputs)));
  return [...sources].filter((f) => !f.startsWith('node_modules/') && f !== 'enrichflow.ts');
}
