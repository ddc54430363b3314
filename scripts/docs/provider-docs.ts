/**
 * The operations and their costs, as users read them in docs/<provider>.md and the README,
 * generated from the catalogs so they cannot drift: `npm run docs` rewrites the marked blocks,
 * and test/unit/provider-docs.test.ts fails when a block differs from what the catalog says.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OperationSpec, ProviderCatalog } from '../../shared/catalog/types';
import { catalogs } from '../../shared/providers';

export const ROOT = path.resolve(__dirname, '../..');

/** Each provider's page under docs/. */
export const DOC_FILES: Record<string, string> = {
  influencersClub: 'docs/influencers-club.md',
  leadfeeder: 'docs/leadfeeder.md',
  smarte: 'docs/smarte.md',
  enrichLayer: 'docs/enrichlayer.md',
  enrichSo: 'docs/enrich-so.md',
};

const START = '<!-- operations: generated from the catalog by `npm run docs`; do not edit -->';
const END = '<!-- /operations -->';

/** `emailValidation` → "Email validation" (how n8n's Resource dropdown groups them). */
function resourceLabel(resource: string): string {
  const words = resource.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return (words.charAt(0).toUpperCase() + words.slice(1)).replace(/\bip\b/gi, 'IP');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function byResource(catalog: ProviderCatalog): Map<string, OperationSpec[]> {
  const groups = new Map<string, OperationSpec[]>();
  for (const op of catalog.operations) groups.set(op.resource, [...(groups.get(op.resource) ?? []), op]);
  return groups;
}

/** The doc's table: every operation, its endpoint and its cost line (the one n8n and Zapier show). */
export function operationsTable(catalog: ProviderCatalog): string {
  const rows = catalog.operations.map(
    (op) => `| ${resourceLabel(op.resource)} | ${cell(op.displayName)} | \`${op.method} ${op.path}\` | ${cell(op.cost.summary)} |`,
  );
  return ['| Resource | Operation | Endpoint | Cost |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README's line for a provider: its doc, then each resource with its operations. */
export function readmeLine(catalog: ProviderCatalog): string {
  const parts = [...byResource(catalog)].map(
    ([resource, ops]) => `${resourceLabel(resource)}: ${ops.map((op) => op.displayName.charAt(0).toLowerCase() + op.displayName.slice(1)).join(', ')}`,
  );
  return `- **[${catalog.displayName}](${DOC_FILES[catalog.id]})** — ${catalog.operations.length} operations. ${parts.join('; ')}.`;
}

export function readmeBlock(): string {
  return Object.keys(DOC_FILES)
    .map((id) => readmeLine(catalogs[id]!))
    .join('\n');
}

/** `text` with its generated block replaced by `block`; throws when the markers are missing. */
export function withBlock(text: string, block: string, file: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} has no generated-operations markers (${START} … ${END})`);
  return `${text.slice(0, start)}${START}\n${block}\n${text.slice(end)}`;
}

/** Every file the generator owns, as it should read now. */
export function expectedFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, file] of Object.entries(DOC_FILES)) {
    out[file] = withBlock(readFileSync(path.join(ROOT, file), 'utf8'), operationsTable(catalogs[id]!), file);
  }
  out['README.md'] = withBlock(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), readmeBlock(), 'README.md');
  return out;
}

if (require.main === module) {
  for (const [file, text] of Object.entries(expectedFiles())) {
    const target = path.join(ROOT, file);
    if (readFileSync(target, 'utf8') !== text) {
      writeFileSync(target, text);
      console.log(`updated ${file}`);
    } else console.log(`${file} is up to date`);
  }
}
