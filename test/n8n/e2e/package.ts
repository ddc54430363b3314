/**
 * The package as users install it, for an e2e test's own n8n home: built and packed (once per
 * jest run, by ./packOnce.ts), installed with its runtime dependencies into
 * `$N8N_USER_FOLDER/.n8n/nodes`, as n8n's community-package installer does.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { N8nHome } from './n8nCli';

const run = promisify(execFile);

export function newHome(port: number, env?: Record<string, string>): N8nHome {
  return { dir: mkdtempSync(path.join(tmpdir(), 'enrichflow-e2e-')), port, env };
}

/**
 * One n8n package (`n8n-nodes-enrichflow`, or a per-provider one) as `npm pack` made it, copied
 * into `dir`: built and packed once per jest run by ./packOnce.ts (the globalSetup).
 */
export function packN8nPackage(dir: string, name = 'n8n-nodes-enrichflow'): string {
  const packed = process.env.ENRICHFLOW_E2E_PACKED;
  if (!packed) throw new Error('the packed n8n packages are missing: run the real-n8n suites with -c test/n8n/e2e/jest.config.js (its globalSetup packs them)');
  const [tarball] = readdirSync(path.join(packed, name)).filter((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`no tarball of ${name} in ${packed}`);
  copyFileSync(path.join(packed, name, tarball), path.join(dir, tarball));
  return path.join(dir, tarball);
}

export async function installPackedPackage(home: N8nHome, names: string[] = ['n8n-nodes-enrichflow']): Promise<void> {
  const packed: string[] = [];
  for (const name of names) packed.push(packN8nPackage(home.dir, name));
  const nodesDir = path.join(home.dir, '.n8n/nodes');
  mkdirSync(nodesDir, { recursive: true });
  writeFileSync(path.join(nodesDir, 'package.json'), '{"name":"installed-nodes","private":true}');
  await run('npm', ['install', ...packed, '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: nodesDir });
}
