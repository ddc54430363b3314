#!/usr/bin/env node
/**
 * No tracked source file past 400 lines (the house rule: a file that long is asking to be split).
 * Usage: node scripts/lint/file-size.mjs [max]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const max = Number(process.argv[2] ?? 400);
const files = execFileSync('git', ['ls-files', '*.ts', '*.mjs', '*.js', '*.cjs'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const long = files
  .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
  .filter((f) => f.lines > max)
  .sort((a, b) => b.lines - a.lines);
if (long.length) {
  for (const f of long) console.error(`${f.file}: ${f.lines} lines (at most ${max}: split it by what its parts are for)`);
  process.exit(1);
}
console.log(`no source file over ${max} lines (${files.length} files)`);
