/**
 * Every search and create of the Enrich.so integration, run through createAppTester against the
 * sandbox with the shared sample inputs (shaped as Zapier sends them), ids chained from the
 * actions that create them. The last test fails when an action exists that no test ran.
 */
import { catalogs, describeInputFields } from '../../shared';
import type { Sandbox } from '../../sandbox/server';
import { actionKey } from '../../zapier-app/lib/operations';
import { enrichSoSamples } from '../unit/providers/enrichSo/samples';
import { appFor, bundle, eventually, expectNoKey, sampleRows, startEnrichSo, testerFor } from './helpers';

const catalog = catalogs.enrichSo!;
const app = appFor(catalog);
const run = testerFor(app);
const exercised = new Set<string>();
let sandbox: Sandbox;
let teamId: string;

beforeAll(async () => {
  // Every action in one minute is more than the plan's 300 requests: a roomier limit keeps this
  // suite about the actions (429 handling has its own tests in errors.test.ts).
  sandbox = await startEnrichSo({ rateLimits: { default: { rate: 3000, burst: 100 }, bulkSubmit: { rate: 200, burst: 50 } } });
  teamId = sandbox.providers.enrichSo.config().accounts[0]!.teamId;
});
afterAll(() => sandbox.close());

/** The sample input as Zapier hands it over: JSON fields typed as text, lists as arrays. */
function zapierInput(opKey: string, input: Record<string, unknown>): Record<string, unknown> {
  const op = catalog.operations.find((o) => o.key === opKey)!;
  const types = new Map(describeInputFields(op.input).map((d) => [d.name, d.type]));
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, types.get(k) === 'json' ? JSON.stringify(v) : v]));
}

async function act(opKey: string, override: Record<string, unknown> = {}): Promise<any> {
  const key = actionKey(opKey);
  const kind = app.searches[key] ? 'searches' : 'creates';
  const action = app[kind][key];
  if (!action) throw new Error(`no Zapier action for ${opKey}`);
  exercised.add(`${kind}.${key}`);
  const input = zapierInput(opKey, { ...(enrichSoSamples[opKey]?.good ?? {}), ...override });
  const result = await run(action.operation.perform, bundle(sandbox, input));
  expectNoKey(result, sandbox.providers.enrichSo.apiKey);
  if (kind === 'searches') expect(Array.isArray(result)).toBe(true);
  else expect(result).toEqual(expect.any(Object));
  return result;
}

async function failing(opKey: string, override: Record<string, unknown>): Promise<{ code: string; message: string }> {
  const error = await act(opKey, override).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeDefined();
  return JSON.parse(error!.message);
}

describe('single lookups answer as searches, with what they spent', () => {
  it.each(['emailValidation.validate', 'emailFinder.find', 'phoneFinder.find', 'reverseLookup.lookup', 'ipToCompany.lookup'])('%s', async (opKey) => {
    const [record] = await act(opKey);
    expect(record.enrichflow).toEqual(expect.objectContaining({ creditsCharged: expect.any(Number), fromCache: false }));
    expect(record.enrichflow.creditsCharged).toBeGreaterThan(0);
  });

  it('an email finder miss is an empty search result, and costs nothing', async () => {
    const result = await act('emailFinder.find', { firstName: 'Jane', lastName: 'Nobody', domain: 'acme.com' });
    expect(result).toEqual([]);
  });
});

describe('account, lead finder and people search', () => {
  it('wallet balance and transactions', async () => {
    const [balance] = await act('wallet.getBalance');
    expect(balance.organizationId).toEqual(expect.any(String));
    const transactions = await act('wallet.listTransactions');
    expect(transactions.length).toBeGreaterThan(0);
  });

  it('lead finder: search, count, options, suggest, unlock names', async () => {
    expect((await act('leadFinder.search')).length).toBeGreaterThan(0);
    expect((await act('leadFinder.count'))[0].count).toEqual(expect.any(Number));
    expect((await act('leadFinder.getFilterOptions')).length).toBe(1);
    expect((await act('leadFinder.suggest'))[0].values.length).toBeGreaterThan(0);
    expect((await act('leadFinder.unlockNames')).results.length).toBeGreaterThan(0);
  });

  it('lead finder export: start, follow, list, download the CSV', async () => {
    const job = await act('leadFinder.export');
    const done = await eventually(async () => {
      const [j] = await act('leadFinder.getExportJob', { jobId: job.jobId });
      return j?.status === 'completed' ? j : undefined;
    }, 20_000);
    expect(done.jobId).toBe(job.jobId);
    expect((await act('leadFinder.listExportJobs')).map((j: any) => j.jobId)).toContain(job.jobId);
    const [csv] = await act('leadFinder.downloadExport', { jobId: job.jobId });
    expect(String(csv.value)).toMatch(/,/);
  });

  it('lead finder saved searches: save, list, delete', async () => {
    const saved = await act('leadFinder.saveSearch');
    expect((await act('leadFinder.listSavedSearches')).map((s: any) => s.id)).toContain(saved.id);
    expect((await act('leadFinder.deleteSavedSearch', { id: saved.id })).deleted).toBe(true);
  });

  it('lead finder reveal and enrich jobs', async () => {
    const reveal = await act('leadFinder.reveal');
    await act('leadFinder.enrich');
    const [job] = await act('leadFinder.getRevealJob', { jobId: reveal.jobId });
    expect(job.jobId).toBe(reveal.jobId);
    expect((await act('leadFinder.listRevealJobs')).map((j: any) => j.jobId)).toContain(reveal.jobId);
  });

  it('people search', async () => {
    expect((await act('peopleSearch.findEmployees')).length).toBeGreaterThan(0);
    expect((await act('peopleSearch.waterfallIcpSearch'))[0].results.length).toBeGreaterThan(0);
  });

  it('team: members, invite, list and cancel the invitation', async () => {
    expect((await act('team.listMembers', { teamId })).length).toBeGreaterThan(0);
    const invitation = await act('team.invite', { teamId });
    expect((await act('team.listInvitations', { teamId })).map((i: any) => i.id)).toContain(invitation.id);
    // The "Find Pending Invitation" search (hints.ts) matches the email whatever its case.
    exercised.add('searches.team_listInvitations_by_email');
    const found = await run(
      app.searches.team_listInvitations_by_email!.operation.perform,
      bundle(sandbox, { teamId, email: ` ${invitation.email.toUpperCase()} ` }),
    );
    expect(found.map((i: any) => i.id)).toEqual([invitation.id]);
    await act('team.cancelInvitation', { teamId, invitationId: invitation.id });
  });
});

describe('company followers', () => {
  it('count estimate, scrape, progress, results, CSV, daily limit', async () => {
    // Scrapes are hundreds of followers; a fast sandbox keeps the test about behaviour, not waiting.
    sandbox.providers.enrichSo.configure({ itemsPerSecond: 2000 });
    const estimate = await act('companyFollowers.startCountEstimate');
    expect((await act('companyFollowers.getCountEstimate', { batchId: estimate.batchId }))[0].batchId).toBe(estimate.batchId);
    const scrape = await act('companyFollowers.startScrape');
    await eventually(async () => (await act('companyFollowers.getProgress', { batchId: scrape.batchId }))[0]?.done === true, 20_000);
    expect((await act('companyFollowers.getResults', { batchId: scrape.batchId })).length).toBeGreaterThan(0);
    expect(String((await act('companyFollowers.exportCsv', { batchId: scrape.batchId }))[0].value)).toMatch(/,/);
    expect((await act('companyFollowers.getDailyLimit'))[0].status).toBe('approved');
    // Continuing a scrape that is not partial is refused by the provider, and said so.
    const refused = await failing('companyFollowers.continueScrape', { batchId: scrape.batchId });
    expect(refused.code).toBe('Conflict');
    sandbox.providers.enrichSo.configure({ itemsPerSecond: 50 });
  });
});

describe('batch products: start, status, results', () => {
  it.each(catalog.batches.map((b) => b.name))('%s', async (name) => {
    const spec = catalog.batches.find((b) => b.name === name)!;
    const start = app.creates[`${name}_startBatch`]!;
    exercised.add(`creates.${name}_startBatch`);
    const started = await run(start.operation.perform, bundle(sandbox, { items: sampleRows(enrichSoSamples[spec.submitOp]!.good), waitForResults: false }));
    expect(started).toEqual(expect.objectContaining({ status: 'submitted', delivery: 'none', jobId: expect.any(String) }));
    const idInput = spec.jobInput(started.jobId);
    await eventually(async () => (await act(spec.statusOp, idInput))[0]?.status === 'completed', 20_000);
    const results = await act(spec.resultsOp, idInput);
    expect(results.resultCount).toBe(results.results.length);
    expect(results.results.length).toBeGreaterThan(0);
    // The first read settles the reservation; a second read is free.
    expect(results.creditsCharged).toBeGreaterThan(0);
    const again = await act(spec.resultsOp, idInput);
    expect(again).toEqual(expect.objectContaining({ creditsCharged: 0, resultCount: results.resultCount }));
  });
});

it('Spend Report: what this key spent, free', async () => {
  exercised.add('searches.spend_report');
  const before = sandbox.providers.enrichSo.requests().length;
  const [report] = await run(app.searches.spend_report!.operation.perform, bundle(sandbox, {}));
  expect(report).toMatchObject({ id: expect.stringMatching(/^enrichSo:/), total: expect.any(Number), rows: expect.any(Array) });
  expect(sandbox.providers.enrichSo.requests().length).toBe(before);
});

it('every search and create of the integration ran above', () => {
  const all = [...Object.keys(app.searches).map((k) => `searches.${k}`), ...Object.keys(app.creates).map((k) => `creates.${k}`)];
  expect(all.filter((k) => !exercised.has(k))).toEqual([]);
});
