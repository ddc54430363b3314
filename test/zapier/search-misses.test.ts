/**
 * A search that finds nothing says so: Enrich.so answers a miss with a 200 — `{}` for a reverse
 * lookup, `{phones: []}` for a phone search, no `ipDomain` for an IP — and the Zapier search
 * returns [] (Zapier's "nothing found"), not a hit built from an empty answer.
 */
import type { Sandbox } from '../../sandbox/server';
import { actionKey } from '../../zapier-app/lib/operations';
import { appFor, bundle, startEnrichSo, testerFor } from './helpers';

const app = appFor();
const run = testerFor(app);
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startEnrichSo();
});
afterAll(() => sandbox.close());

const search = (opKey: string, input: Record<string, unknown>) => run(app.searches[actionKey(opKey)]!.operation.perform, bundle(sandbox, input));

describe('Zapier searches report a miss as nothing found', () => {
  it.each([
    ['reverseLookup.lookup', { email: 'nobody@acme.com' }],
    ['phoneFinder.find', { email: 'nobody@acme.com' }],
    ['emailFinder.find', { firstName: 'Ada', lastName: 'Nobody', domain: 'acme.com' }],
  ])('%s: a miss is []', async (opKey, input) => {
    const before = sandbox.providers.enrichSo.wallet().balance;
    expect(await search(opKey, input)).toEqual([]);
    expect(sandbox.providers.enrichSo.wallet().balance).toBe(before); // and it cost nothing
  });

  it.each([
    ['reverseLookup.lookup', { email: 'ada@acme.com' }],
    ['phoneFinder.find', { email: 'ada@acme.com' }],
  ])('%s: a hit is one record', async (opKey, input) => {
    const found = await search(opKey, input);
    expect(found).toHaveLength(1);
  });
});
