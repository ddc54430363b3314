/**
 * The real-n8n suites' globalSetup: the n8n packages built once (into a folder of their own, so
 * `npm test` can run these suites beside the lint and the scanner, which read build/n8n) and each
 * packed once; every suite installs its home's packages from these tarballs (./package.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

export default async function packOnce(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrichflow-e2e-packed-'));
  const built = path.join(dir, 'build');
  await run('npm', ['run', '--silent', 'build'], { cwd: ROOT, env: { ...process.env, ENRICHFLOW_N8N_BUILD_DIR: built } });
  await Promise.all(
    readdirSync(built).map((name) => {
      mkdirSync(path.join(dir, name));
      return run('npm', ['pack', '--pack-destination', path.join(dir, name), '--silent'], { cwd: path.join(built, name) });
    }),
  );
  // Read by ./package.ts in the suites and by ./packTeardown.ts.
  process.env.ENRICHFLOW_E2E_PACKED = dir;
}
