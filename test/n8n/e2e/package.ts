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

/** Build the n8n packages and pack one (`n8n-nodes-enrichflow`, or a per-provider one) into `dir`. */
export async function packN8nPackage(dir: string, name = 'n8n-nodes-enrichflow'): Promise<string> {
  await run('npm', ['run', 'build'], { cwd: ROOT });
  const packed = (await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: path.join(ROOT, 'build/n8n', name) })).stdout.trim().split('\n').pop()!;
  return path.join(dir, packed);
}

export async function installPackedPackage(home: N8nHome, names: string[] = ['n8n-nodes-enrichflow']): Promise<void> {
  const packed: string[] = [];
  for (const name of names) packed.push(await packN8nPackage(home.dir, name));
  const nodesDir = path.join(home.dir, '.n8n/nodes');
  mkdirSync(nodesDir, { recursive: true });
  writeFileSync(path.join(nodesDir, 'package.json'), '{"name":"installed-nodes","private":true}');
  await run('npm', ['install', ...packed, '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: nodesDir });
}
