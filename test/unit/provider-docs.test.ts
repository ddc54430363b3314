/**
 * Where users look for operations and costs — docs/<provider>.md and the README's provider list —
 * says what the catalogs say: the generated blocks equal what `npm run docs` would write now, each
 * provider page has its assumptions table, and the README links every page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogs } from '../../shared/providers';
import { DOC_FILES, expectedFiles, ROOT } from '../../scripts/docs/provider-docs';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('provider docs are generated from the catalogs', () => {
  it('every provider has a page', () => {
    expect(Object.keys(DOC_FILES).sort()).toEqual(Object.keys(catalogs).sort());
  });

  it.each(Object.entries(expectedFiles()))(
    '%s lists the operations and costs the catalog has (run `npm run docs` after changing a catalog)',
    (file, expected) => {
      expect(read(file)).toBe(expected);
    },
  );

  it.each(Object.entries(DOC_FILES))('%s: every operation with its cost line, and an assumptions table', (id, file) => {
    const text = read(file);
    for (const op of catalogs[id]!.operations) expect(text).toContain(op.cost.summary.replace(/\|/g, '\\|'));
    expect(text).toMatch(/## Assumptions\n[^#]*\| Topic \| The reference says \| We chose \| Switch \|/);
  });

  it('the README links each provider page from its provider list', () => {
    const readme = read('README.md');
    for (const [id, file] of Object.entries(DOC_FILES)) expect(readme).toContain(`**[${catalogs[id]!.displayName}](${file})**`);
  });
});

describe('prices the reference has only from vendor code say where they come from', () => {
  it.each(['0.2', '0.8', '0.5', '0.15', '0.03'])('influencers.club %s', (price) => {
    const row = read(DOC_FILES.influencersClub!)
      .split('\n')
      .find((l) => l.startsWith('| Prices of profile'));
    expect(row).toContain(`(${price}`);
    expect(row).toMatch(/vendor MCP's `CREDIT_COSTS`/);
  });
});
