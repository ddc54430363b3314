/**
 * "Find or Create" pairs from zapier-app/lib/hints.ts: Enrich.so's "Find Pending Invitation"
 * (a search over the invitations list, by email) paired with "Invite Team Member". Zapier runs
 * the create only when the search finds nothing; findOrCreate below does what Zapier does.
 */
import type { Sandbox } from '../../sandbox/server';
import { catalogs } from '../../shared';
import { buildApp } from '../../zapier-app/lib';
import { appFor, bundle, requestCount, startEnrichSo, testerFor, zapier } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('zapier-platform-schema');
const catalog = catalogs.enrichSo!;
const app = appFor(catalog);
const run = testerFor(app);
const PAIR = 'team_listInvitations_by_email';
let sandbox: Sandbox;
let teamId: string;

beforeAll(async () => {
  sandbox = await startEnrichSo();
  teamId = sandbox.providers.enrichSo.config().accounts[0]!.teamId;
});
afterAll(() => sandbox.close());

const invites = () => requestCount(sandbox, '/invitations', 'POST');

async function findOrCreate(input: Record<string, unknown>): Promise<{ record: any; created: boolean }> {
  const pair = app.searchOrCreates![PAIR]!;
  const [found] = await run(app.searches[pair.search]!.operation.perform, bundle(sandbox, input));
  if (found) return { record: found, created: false };
  return { record: await run(app.creates[pair.create]!.operation.perform, bundle(sandbox, input)), created: true };
}

it("declares the pair, keyed like its search, and Zapier's schema accepts it", async () => {
  expect(app.searchOrCreates).toEqual({
    [PAIR]: { key: PAIR, display: expect.objectContaining({ label: 'Find or Invite Team Member' }), search: PAIR, create: 'team_invite' },
  });
  const search = app.searches[PAIR]!;
  expect(search.display.label).toBe('Find Pending Invitation');
  expect(search.operation.inputFields.map((f) => [f.key, f.required])).toEqual([
    ['enrichflowCost', undefined],
    ['teamId', true],
    ['email', true],
    ['enrichflowSpreadsheetSafe', false],
  ]);
  const definition = (await zapier.createAppHandler(app)({ command: 'definition', bundle: {} })).results;
  expect(definition.searchOrCreates[PAIR]).toEqual(expect.objectContaining({ search: PAIR, create: 'team_invite' }));
  expect(schema.validateAppDefinition(definition).errors).toEqual([]);
});

it('not found: invites once; found (any case): no second invitation', async () => {
  const sent = invites();
  const first = await findOrCreate({ teamId, email: 'first.hire@acme.com', role: 'member' });
  expect(first.created).toBe(true);
  expect(first.record).toEqual(expect.objectContaining({ email: 'first.hire@acme.com', id: expect.any(String) }));
  expect(invites()).toBe(sent + 1);

  const again = await findOrCreate({ teamId, email: 'First.Hire@ACME.com', role: 'admin' });
  expect(again).toEqual({ record: expect.objectContaining({ id: first.record.id }), created: false });
  expect(invites()).toBe(sent + 1);
});

it('an invitation made elsewhere is found, and another email is not', async () => {
  const made = await run(app.creates.team_invite!.operation.perform, bundle(sandbox, { teamId, email: 'made.elsewhere@acme.com' }));
  const sent = invites();
  const found = await findOrCreate({ teamId, email: 'made.elsewhere@acme.com' });
  expect(found).toEqual({ record: expect.objectContaining({ id: made.id }), created: false });
  expect(await run(app.searches[PAIR]!.operation.perform, bundle(sandbox, { teamId, email: 'someone.else@acme.com' }))).toEqual([]);
  expect(invites()).toBe(sent);
});

it('a hint naming a missing operation, or a create that cannot take the searched field, fails the build', () => {
  const build = (hint: object) => () => buildApp(catalog, { version: '1.0.0', platformVersion: zapier.version, hints: { searchOrCreates: [hint as never] } });
  const search = { list: 'team.listInvitations', by: 'email', label: 'Find', description: 'Finds.' };
  expect(build({ search: { ...search, list: 'team.nope' }, create: 'team.invite', label: 'x', description: 'x' })).toThrow(
    /team\.nope, which is not in the catalog/,
  );
  expect(build({ search, create: 'team.cancelInvitation', label: 'x', description: 'x' })).toThrow(/takes no "email"/);
});
