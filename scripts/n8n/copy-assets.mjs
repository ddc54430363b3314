// Copies what tsc does not emit but n8n loads from beside each node/credential: icons (.svg)
// and codex files (.node.json), from nodes/ and credentials/ into dist/.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wanted = (name) => name.endsWith('.svg') || name.endsWith('.png') || name.endsWith('.node.json');

function copyTree(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const from = join(dir, name);
    if (statSync(from).isDirectory()) copyTree(from);
    else if (wanted(name)) {
      const to = join(root, 'dist', relative(root, from));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
}

copyTree(join(root, 'nodes'));
copyTree(join(root, 'credentials'));
