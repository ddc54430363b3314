// Import cycles among a folder's TypeScript modules: two modules that need each other cannot be
// understood, tested or moved apart. Type imports count too (a module that names another's types
// depends on its shape); `--runtime` counts only the imports that load a module at run time.
// `node scripts/lint/cycles.mjs shared` lists them; `--strict` exits 1 when there is one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');
export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sourcesIn(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourcesIn(file);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [file] : [];
  });
}

function resolve(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => existsSync(f) && statSync(f).isFile());
}

function isTypeOnly(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false; // a side-effect import loads the module
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
  }
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  return false;
}

/** Each module's run-time imports within the folder. */
export function importGraph(dir, { runtime = false } = {}) {
  const graph = new Map();
  for (const file of sourcesIn(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const targets = new Set();
    for (const node of source.statements) {
      if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier || (runtime && isTypeOnly(node))) continue;
      const target = resolve(file, node.moduleSpecifier.text);
      if (target && target.startsWith(dir)) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected groups of two or more modules (and modules importing themselves), paths relative to the root, sorted. */
export function importCycles(dir, opts = {}) {
  const graph = importGraph(path.resolve(dir), opts);
  let index = 0;
  const stack = [];
  const meta = new Map();
  const cycles = [];
  const visit = (v) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!meta.has(w)) {
        visit(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
    if (meta.get(v).low === meta.get(v).index) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || graph.get(v)?.has(v)) cycles.push(group.map((f) => path.relative(ROOT, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!meta.has(v)) visit(v);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const runtime = args.includes('--runtime');
  const dirs = args.filter((a) => !a.startsWith('--'));
  const cycles = (dirs.length ? dirs : ['shared']).flatMap((d) => importCycles(path.resolve(ROOT, d), { runtime }));
  for (const group of cycles) console.log(`import cycle: ${group.join(' ↔ ')}`);
  if (cycles.length === 0) console.log('no import cycles');
  if (strict && cycles.length > 0) process.exit(1);
}
