/**
 * Each integration folder in zapier-app/ is its catalog through buildApp: it passes Zapier's own
 * schema (the definition the runtime serializes, checked by validateAppDefinition), pins
 * zapier-platform-core exactly, and loses no catalog operation on the way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { catalogs, describeInputFields, type ProviderCatalog } from '../../shared';
import { roleOf } from '../../zapier-app/lib';
import { actionKey } from '../../zapier-app/lib/operations';
import { ZapierCacheStore } from '../../zapier-app/lib/store';
import { describeStoreContract } from '../unit/store-contract';
import { appFor, testerFor, zapier } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('zapier-platform-schema');
const root = path.join(__dirname, '../..');
const integrations = fs
  .readdirSync(path.join(root, 'zapier-app'))
  .filter((d) => fs.existsSync(path.join(root, 'zapier-app', d, 'package.json')))
  .map((dir) => {
    const indexJs = fs.readFileSync(path.join(root, 'zapier-app', dir, 'index.js'), 'utf8');
    const provider = /catalogs\.(\w+)/.exec(indexJs)?.[1] ?? '';
    return {
      dir,
      provider,
      waterfall: indexJs.includes('buildWaterfallApp'),
      pkg: JSON.parse(fs.readFileSync(path.join(root, 'zapier-app', dir, 'package.json'), 'utf8')),
    };
  });

it('there is an integration folder per catalog that has one, starting with Enrich.so, and the Waterfall one (test/zapier/waterfall.test.ts)', () => {
  expect(integrations.map((i) => i.provider)).toContain('enrichSo');
  expect(integrations.filter((i) => i.waterfall).map((i) => i.dir)).toEqual(['enrichflow-waterfall']);
  for (const i of integrations.filter((x) => !x.waterfall)) expect(Object.keys(catalogs)).toContain(i.provider);
});

describe.each(integrations.filter((i) => !i.waterfall))('$dir', ({ provider, pkg }) => {
  const catalog = catalogs[provider] as ProviderCatalog;
  const app = appFor(catalog);

  it('pins zapier-platform-core to the exact version the tests run', () => {
    const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies['zapier-platform-core']).toBe('19.1.0');
    expect(rootPkg.devDependencies['zapier-platform-core']).toBe('19.1.0');
  });

  it('passes validateAppDefinition on the definition the runtime serializes', async () => {
    const handler = zapier.createAppHandler(app);
    const definition = (await handler({ command: 'definition', bundle: {} })).results;
    expect(schema.validateAppDefinition(definition).errors).toEqual([]);
    expect((await handler({ command: 'validate', bundle: {} })).results).toEqual([]);
  });

  it('turns every catalog operation into an action', () => {
    for (const op of catalog.operations) {
      const role = roleOf(catalog, op);
      const key = actionKey(op.key);
      if (role === 'search') expect(app.searches[key]).toBeDefined();
      else if (role === 'batchStart') expect(app.creates[`${op.batch}_startBatch`]).toBeDefined();
      else expect(app.creates[key]).toBeDefined();
    }
    for (const b of catalog.batches) expect(app.triggers[`${b.name}_batchCompleted`]).toBeDefined();
  });

  it('derives fields and cost help from the catalog', () => {
    for (const action of [...Object.values(app.searches), ...Object.values(app.creates)]) {
      const note = action.operation.inputFields[0]!;
      expect(note).toEqual(expect.objectContaining({ type: 'copy', helpText: expect.stringMatching(/^\*\*Credits:\*\* ./) }));
    }
    // One worked field per integration: its first operation's cost sentence is the catalog's.
    const first = catalog.operations[0]!;
    const action = app.searches[actionKey(first.key)] ?? app.creates[actionKey(first.key)];
    expect(action?.operation.inputFields[0]!.helpText).toContain(first.cost.summary.slice(0, 20));
    if (provider === 'enrichSo') {
      const email = app.searches.emailValidation_validate!.operation.inputFields.find((f) => f.key === 'email');
      expect(email).toEqual(expect.objectContaining({ required: true, label: 'Email', helpText: expect.stringContaining('validate') }));
      expect(app.searches.emailValidation_validate!.operation.inputFields[0]!.helpText).toMatch(/1 credit per email/);
    } else if (provider === 'leadfeeder') {
      const ids = app.searches.company_retrieve!.operation.inputFields.find((f) => f.key === 'ids');
      expect(ids).toEqual(expect.objectContaining({ required: true, label: 'Ids' }));
      expect(app.searches.company_retrieve!.operation.inputFields[0]!.helpText).toMatch(/1 credit per company not yet subscribed/);
    }
    // Every search's fields are its catalog input's (paging fields are the paginator's: a search
    // reads the first page), labelled and required alike.
    for (const op of catalog.operations.filter((o) => roleOf(catalog, o) === 'search')) {
      const fields = app.searches[actionKey(op.key)]!.operation.inputFields;
      expect(fields[0]!.helpText).toContain(op.cost.summary.slice(0, 40));
      // Every required field is asked for; a field shown (paging fields of lists are not) keeps the catalog's label.
      for (const d of describeInputFields(op.input)) {
        const field = fields.find((f) => f.key === d.name);
        if (d.required) expect(field).toBeDefined();
        if (field) expect(field).toEqual(expect.objectContaining({ label: d.label, required: d.required }));
      }
    }
    if (provider === 'influencersClub') {
      const handle = app.searches.creator_enrichHandleFull!.operation.inputFields.find((f) => f.key === 'handle');
      expect(handle).toEqual(expect.objectContaining({ required: true, label: 'Handle', helpText: expect.stringContaining('YouTube channel ID') }));
      expect(app.searches.creator_enrichHandleFull!.operation.inputFields[0]!.helpText).toMatch(/1 credit per creator; nothing when no data comes back/);
    }
  });

  it('sets throttles from the documented rate limits', () => {
    const { default: general } = catalog.rateLimits;
    expect(app.throttle).toEqual({ window: general.windowMs / 1000, limit: general.rate, scope: ['auth'] });
    for (const op of catalog.operations.filter((o) => o.rateBucket && o.rateBucket !== 'default' && roleOf(catalog, o) !== 'batchStart')) {
      const action = app.searches[actionKey(op.key)] ?? app.creates[actionKey(op.key)];
      expect(action!.operation.throttle).toEqual(
        expect.objectContaining({ limit: catalog.rateLimits[op.rateBucket!]!.rate, key: `${catalog.id}-${op.rateBucket}` }),
      );
    }
  });
});

// The z.cache-backed store behaves like every other Store, on zapier-platform-core's real z.cache.
describeStoreContract('ZapierCacheStore', async (clock) => {
  const run = testerFor(appFor());
  let z: unknown;
  await run(async (zObject: unknown) => {
    z = zObject;
    return {};
  });
  return new ZapierCacheStore(z as never, clock);
});
