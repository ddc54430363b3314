/**
 * The package as users install it, for an e2e test's own n8n home: built, packed and
 * installed with its runtime dependencies into `$N8N_USER_FOLDER/.n8n/nodes`, as n8n's
 * community-package installer does.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { N8nHome } from './n8nCli';

const ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

export function newHome(port: number, env?: Record<string, string>): N8nHome {
  return { dir: mkdtempSync(path.join(tmpdir(), 'enrichflow-e2e-')), port, env };
}

export async function installPackedPackage(home: N8nHome): Promise<void> {
  await run('npm', ['run', 'build'], { cwd: ROOT });
  const packed = (await run('npm', ['pack', '--pack-destination', home.dir, '--silent'], { cwd: ROOT })).stdout.trim().split('\n').pop()!;
  const nodesDir = path.join(home.dir, '.n8n/nodes');
  mkdirSync(nodesDir, { recursive: true });
  writeFileSync(path.join(nodesDir, 'package.json'), '{"name":"installed-nodes","private":true}');
  await run('npm', ['install', path.join(home.dir, packed), '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: nodesDir });
}
