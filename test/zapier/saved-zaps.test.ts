/**
 * Saved Zaps keep working: every integration is held to the committed snapshot of its major
 * version (test/zapier/field-snapshots/). Adding actions, fields, choices or output fields
 * passes; renaming or removing what a Zap uses fails unless the integration's major version goes up.
 *
 * Record additions (and a new major version) with: UPDATE_SNAPSHOTS=1 npx jest test/zapier/saved-zaps.test.ts
 * It refuses to record a breaking change within a major version.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogs, providers } from '../../shared';
import { buildApp } from '../../zapier-app/lib';
import { zapBreaks, zapSnapshot, type ZapSnapshot } from './savedZaps';
import { appFor, zapier } from './helpers';

const APPS = path.join(__dirname, '..', '..', 'zapier-app');
const SNAPSHOTS = path.join(__dirname, 'field-snapshots');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const RECORD = 'UPDATE_SNAPSHOTS=1 npx jest test/zapier/saved-zaps.test.ts';

/** Each provider's integration (zapier-app/<slug>/): its package (name, version) and its app. */
const integrations = providers.map(({ manifest, catalog }) => {
  const pkg = JSON.parse(readFileSync(path.join(APPS, manifest.slug, 'package.json'), 'utf8')) as { name: string; version: string };
  return { dir: manifest.slug, pkg, app: buildApp(catalog, { version: pkg.version, platformVersion: zapier.version }) };
});

const snapshotFile = (app: string, major: number) => path.join(SNAPSHOTS, `${app}.v${major}.json`);

function brokenZaps(dir: string, app: string, major: number, breaks: string[]): Error {
  return new Error(
    [
      `Zaps built on ${app} ${major}.x would break:`,
      ...breaks.map((b) => `  - ${b}`),
      `Keep what they use (add beside it instead of renaming), or make it version ${major + 1}.0.0 in zapier-app/${dir}/package.json:`,
      `Zaps stay on ${major}.x until you migrate them (zapier migrate), so the change must not reach ${major}.x.`,
      `Then record version ${major + 1}: ${RECORD}`,
    ].join('\n'),
  );
}

describe('Zaps built on any published version of an integration keep working', () => {
  it('finds every integration', () => {
    expect(integrations.map((i) => i.pkg.name).sort()).toEqual(expect.arrayContaining(['enrichflow-zapier-enrich-so', 'enrichflow-zapier-enrichlayer']));
  });

  for (const { dir, pkg, app } of integrations) {
    it(`${pkg.name}: every action, field key, choice and output field a Zap uses is still there`, () => {
      const current = zapSnapshot(app, pkg.name);
      const file = snapshotFile(pkg.name, current.major);
      const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ZapSnapshot) : undefined;
      if (saved) {
        const breaks = zapBreaks(saved, current);
        if (breaks.length > 0) throw brokenZaps(dir, pkg.name, current.major, breaks);
      }
      if (UPDATE && JSON.stringify(saved) !== JSON.stringify(current)) {
        mkdirSync(SNAPSHOTS, { recursive: true });
        writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
      }
    });
  }
});

describe('published integrations', () => {
  it('no integration with Zaps built on it has disappeared', () => {
    const live = new Set(integrations.map((i) => i.pkg.name));
    const gone = readdirSync(SNAPSHOTS)
      .map((f) => f.replace(/\.v\d+\.json$/, ''))
      .filter((name) => !live.has(name));
    expect(gone).toEqual([]);
  });
});

describe('what counts as breaking a Zap', () => {
  const base = zapSnapshot(appFor(catalogs.enrichSo!), 'enrichSo');
  const action = Object.keys(base.searches)[0]!;
  const edited = (edit: (s: ZapSnapshot) => void): ZapSnapshot => {
    const copy = structuredClone(base);
    edit(copy);
    return copy;
  };

  it('adding an action, an input field or an output field breaks nothing', () => {
    const added = edited((s) => {
      s.creates.newThing = { inputFields: [{ key: 'name', type: 'string' }], outputFields: ['id'] };
      s.searches[action]!.inputFields.push({ key: 'extra', type: 'string' });
      s.searches[action]!.outputFields.push('extra');
    });
    expect(zapBreaks(base, added)).toEqual([]);
  });

  it('a renamed field key, a changed type, a removed action or output field break it', () => {
    const field = base.searches[action]!.inputFields[0]!;
    const broken = edited((s) => {
      s.searches[action]!.inputFields[0] = { ...field, key: `${field.key}Renamed` };
      s.searches[action]!.outputFields = [];
      const [first] = Object.keys(s.creates);
      delete s.creates[first!];
    });
    const breaks = zapBreaks(base, broken);
    expect(breaks).toEqual(
      expect.arrayContaining([
        `${action}: input field "${field.key}" was removed or renamed`,
        `create "${Object.keys(base.creates)[0]}" was removed or renamed`,
      ]),
    );
    expect(breaks.some((b) => b.includes('output field'))).toBe(true);
    const retyped = edited((s) => {
      s.authentication[0] = { ...s.authentication[0]!, type: 'integer' };
    });
    expect(zapBreaks(base, retyped)).toEqual([expect.stringMatching(/^authentication field ".+" changed type from .+ to integer$/)]);
  });

  it('says what to do when an integration would break its Zaps', () => {
    const message = brokenZaps('enrich-so', 'enrichflow-zapier-enrich-so', 1, ['x']).message;
    expect(message).toContain('version 2.0.0 in zapier-app/enrich-so/package.json');
    expect(message).toContain(RECORD);
  });
});
