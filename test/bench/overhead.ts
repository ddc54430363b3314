/**
 * 4. Overhead: a free call through the core ÷ the same request sent with raw undici, per
 * provider (overheadWorker.ts measures). The worker runs as an esbuild bundle of the core,
 * the sandbox and undici — the form the n8n packages and the Zapier app ship the core in
 * (scripts/n8n/bundle.mjs, scripts/zapier/prepare.sh) — in a fresh process, so neither tsx's
 * per-module loading nor what earlier groups left in the bench process weighs on either side.
 * The n8n execution's overhead is group 7 (n8n.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Row } from './common';

const run = promisify(execFile);

export async function overhead(): Promise<Row[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'enrichflow-overhead-'));
  try {
    const outfile = path.join(dir, 'overhead.js');
    await build({
      entryPoints: [path.join(__dirname, 'overheadWorker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    const { stdout } = await run(process.execPath, [outfile], { maxBuffer: 16 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Row[];
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    if (stderr) process.stderr.write(`overhead worker failed:\n${stderr.split('\n').slice(-30).join('\n')}\n`);
    const last =
      stderr
        .split('\n')
        .filter((l) => l && !/^\s+at /.test(l))
        .at(-1) ?? (error as Error).message;
    return [
      {
        group: '4. Overhead',
        case: 'core call ÷ raw undici (every provider)',
        ratio: Number.NaN,
        target: '≤ 1.10',
        met: false,
        note: `not measured: ${last.slice(0, 160)}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
