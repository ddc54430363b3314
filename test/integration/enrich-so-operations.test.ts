/**
 * Issue #2 acceptance, part 1: every Enrich.so operation of the catalog goes through the real
 * client against the sandbox, returns data matching its output schema and is charged per §5.4.
 * The tests share one sandbox, one client and the ids they chain; the last tests check that
 * every catalog operation was covered and that the wallet moved exactly by summary().charged.
 */
import type { CallResult, EnrichflowClient } from '../../shared/client';
import { fetchBatchResults, getBatchStatus, runBatch } from '../../shared/batch';
import { type Credits, toCreditNumber } from '../../shared/credits/amount';
import { enrichSo } from '../../shared/providers/enrichSo';
import { csvLines, driveWhile, startEnv, TEAM_ID, type Env } from './helpers';

const PARTIAL_COMPANY = 'https://www.linkedin.com/company/partial-dynamics';
const STRIPE = 'https://www.linkedin.com/company/stripe';
const GOOGLE = 'https://www.linkedin.com/company/google/';

let env: Env;
let client: EnrichflowClient;
let walletBefore: number;
let clientBalanceBefore: number;
/** Operation key → number of calls made through the client by this suite. */
const covered = new Map<string, number>();

const opOf = (key: string) => {
  const op = enrichSo.operations.find((o) => o.key === key);
  if (!op) throw new Error(`no catalog operation ${key}`);
  return op;
};

function expectSchema(key: string, data: unknown): void {
  const parsed = opOf(key).output.safeParse(data);
  expect(parsed.success ? 'matches' : { key, issues: parsed.error.issues }).toBe('matches');
}

/** One call through the client: counted as coverage, schema-checked, charge checked when given. */
async function run(key: string, input: unknown, charged?: number): Promise<CallResult<any>> {
  const result = await client.call<any>(key, input);
  covered.set(key, (covered.get(key) ?? 0) + 1);
  expect(result.status).toBe(200);
  expectSchema(key, result.data);
  if (charged !== undefined) expect({ key, charged: result.credits.charged }).toEqual({ key, charged });
  return result;
}

/** A paginated walk through the client (each page schema-checked). */
async function walk(key: string, input: unknown, opts: { limit?: number; pageSize?: number } = {}) {
  const pages: CallResult<any>[] = [];
  const items: any[] = [];
  for await (const page of client.pages(key, input, opts)) {
    covered.set(key, (covered.get(key) ?? 0) + 1);
    expectSchema(key, page.result.data);
    pages.push(page.result);
    items.push(...page.items);
  }
  return { pages, items, charged: pages.reduce((n, p) => n + p.credits.charged, 0) };
}

beforeAll(async () => {
  env = await startEnv();
  client = env.client();
  walletBefore = env.balance();
  clientBalanceBefore = (await client.balance())!;
  covered.set('wallet.getBalance', 1);
});

afterAll(async () => {
  await env?.close();
});

describe('Enrich.so single lookups (§5.4: charged only when something is found)', () => {
  it('validates an email: valid costs 1, risky costs 0, a repeat is answered from the cache without a request', async () => {
    const valid = await run('emailValidation.validate', { email: 'jane.doe@acme.com' }, 1);
    expect(valid.data).toMatchObject({ email: 'jane.doe@acme.com', result: 'valid' });
    expect(valid.credits.source).toBe('provider');
    expect(valid.requestId).toMatch(/^req_[0-9a-f]{24}$/);

    const risky = await run('emailValidation.validate', { email: 'maybe.risky@acme.com' }, 0);
    expect(risky.data.result).toBe('risky');

    const mark = env.requests().length;
    const again = await run('emailValidation.validate', { email: 'jane.doe@acme.com' }, 0);
    expect(again.credits.fromCache).toBe(true);
    expect(env.requestsSince(mark)).toHaveLength(0);
  });

  it('finds an email: found costs 10, not found costs 0', async () => {
    const found = await run('emailFinder.find', { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' }, 10);
    expect(found.data).toMatchObject({ found: true, email: 'jane.doe@acme.com' });
    const missing = await run('emailFinder.find', { firstName: 'John', lastName: 'Nobody', domain: 'globex.com' }, 0);
    expect(missing.data.found).toBe(false);
  });

  it('finds phones: phones cost 500, no phones cost 0', async () => {
    const found = await run('phoneFinder.find', { email: 'jane.doe@acme.com' }, 500);
    expect(found.data.phones.length).toBeGreaterThan(0);
    const none = await run('phoneFinder.find', { linkedin: 'https://www.linkedin.com/in/nobody-at-all' }, 0);
    expect(none.data.phones).toEqual([]);
  });

  it('looks up a profile by email: a profile costs 10, none costs 0', async () => {
    const found = await run('reverseLookup.lookup', { email: 'jane.doe@acme.com' }, 10);
    expect(found.data).toMatchObject({ firstName: expect.any(String), profileUrl: expect.stringContaining('linkedin.com/in/') });
    const none = await run('reverseLookup.lookup', { email: 'nobody.here@acme.com' }, 0);
    expect(none.data.firstName).toBeUndefined();
  });

  it('maps an IP to a company: a domain costs 100, no ipDomain costs 0', async () => {
    const found = await run('ipToCompany.lookup', { ip: '8.8.8.8' }, 100);
    expect(found.data).toMatchObject({ searchIp: '8.8.8.8', ipDomain: expect.any(String) });
    const none = await run('ipToCompany.lookup', { ip: '10.0.0.7' }, 0);
    expect(none.data.ipDomain ?? undefined).toBeUndefined();
  });
});

/**
 * The five reserve-and-settle products: submit (reserve, 0 charged) → status → results. The
 * batch runner's fetchBatchResults books the settlement once; a second direct read is free.
 */
const BATCHES = [
  {
    name: 'emailValidation',
    input: { emails: ['jane.doe@acme.com', 'JANE.DOE@ACME.COM', 'risky.one@globex.com', 'john.smith@globex.com'] },
    idParam: 'batchId',
    unique: 3,
    perItem: 1,
    initial: 'queued',
    settled: 2, // risky refunded
    results: 3,
  },
  {
    name: 'emailFinder',
    input: { leads: [{ firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' }, { firstName: 'John', lastName: 'Nobody', domain: 'globex.com' }] },
    idParam: 'batchId',
    unique: 2,
    perItem: 10,
    initial: 'queued',
    settled: 10,
    results: 2,
  },
  {
    name: 'phoneFinder',
    input: { emails: ['jane.doe@acme.com', 'nobody@acme.com'], linkedins: ['https://www.linkedin.com/in/janedoe'] },
    idParam: 'jobId',
    unique: 3,
    perItem: 500,
    initial: 'queued',
    settled: 1000,
    results: 3,
  },
  {
    name: 'reverseLookup',
    input: { emails: ['jane.doe@acme.com', 'nobody@acme.com'] },
    idParam: 'batchId',
    unique: 2,
    perItem: 10,
    initial: 'queued',
    settled: 10,
    results: 1, // not-found emails are omitted
  },
  {
    name: 'ipToCompany',
    input: { ips: ['8.8.8.8', '10.1.2.3'] },
    idParam: 'batchId',
    unique: 2,
    perItem: 100,
    initial: 'processing', // the IP status list has no `queued`
    settled: 100,
    results: 2,
  },
] as const;

describe.each(BATCHES)('Enrich.so $name batch: submit → status → results', (b) => {
  let jobId: string;

  it(`reserves ${b.perItem} per unique item on submit and charges nothing yet`, async () => {
    const before = env.balance();
    const submitted = await run(`${b.name}.submitBatch`, b.input, 0);
    jobId = submitted.data.batchId;
    expect(jobId).toMatch(/^[0-9a-f]{24}$/);
    expect(toNumber(submitted.meta.creditsReserved)).toBe(b.unique * b.perItem);
    expect(submitted.credits.estimated).toBe(b.unique * b.perItem);
    expect(env.balance()).toBe(before - b.unique * b.perItem);
  });

  it('reports progress, then completion, for free', async () => {
    const early = await run(`${b.name}.getBatchStatus`, { [b.idParam]: jobId }, 0);
    expect(early.data).toMatchObject({ batchId: jobId, status: b.initial });
    await env.advance(1000);
    const done = await run(`${b.name}.getBatchStatus`, { [b.idParam]: jobId }, 0);
    expect(done.data).toMatchObject({ status: 'completed', totalItems: b.unique });
    expect(await getBatchStatus(client, b.name, jobId)).toMatchObject({ status: 'completed', total: b.unique, processed: b.unique });
  });

  it(`settles on the first results read (${b.settled} charged), later reads are free`, async () => {
    const before = env.balance();
    const read = await fetchBatchResults(client, b.name, jobId);
    expect(read.results).toHaveLength(b.results);
    expect(read.credits.charged).toBe(b.settled);
    expect(env.balance()).toBe(before + b.unique * b.perItem - b.settled); // the refund came back

    const again = await run(`${b.name}.getBatchResults`, { [b.idParam]: jobId, page: 1, limit: 100 }, 0);
    expect(toNumber(again.meta.creditsUsed)).toBe(b.settled); // the cached settlement, not a new charge
    expect(again.data.results).toHaveLength(b.results);
    expect(env.balance()).toBe(before + b.unique * b.perItem - b.settled);
  });
});

describe('Enrich.so batch runner end to end', () => {
  it('runs a finder batch by polling, matches results to items and books the settlement once', async () => {
    const leads = [
      { firstName: 'Ada', lastName: 'Lovelace', domain: 'analytical.io' },
      { firstName: 'Alan', lastName: 'Nobody', domain: 'bletchley.io' },
    ];
    const before = env.balance();
    const charged = client.summary().charged;
    const run = await driveWhile(env, runBatch(client, 'emailFinder', leads, { pollIntervalMs: 5 }));
    expect(run.jobs).toEqual([expect.objectContaining({ status: 'completed', reused: false })]);
    expect(run.outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(run.outcomes[0]).toMatchObject({ value: { found: true, email: 'ada.lovelace@analytical.io' } });
    expect(run.outcomes[1]).toMatchObject({ value: { found: false } });
    expect(client.summary().charged - charged).toBe(10);
    expect(env.balance()).toBe(before - 10);
  });
});

describe('Enrich.so company followers', () => {
  let creditsPerProfile: number;
  let estimateId: string;
  let scrapeId: string;

  it('reads the daily limit and creditsPerProfile for free', async () => {
    const limit = await run('companyFollowers.getDailyLimit', {}, 0);
    expect(limit.data).toMatchObject({ status: 'approved', dailyLimit: expect.any(Number), dailyRemaining: expect.any(Number) });
    creditsPerProfile = limit.data.creditsPerProfile;
    expect(creditsPerProfile).toBeGreaterThan(0);
  });

  it('charges 100 for a count estimate, polls it for free, and answers a repeat from cache for 0', async () => {
    const input = { companyUrl: STRIPE, departments: ['Engineering', 'Sales'] };
    const started = await run('companyFollowers.startCountEstimate', input, 100);
    expect(started.data).toMatchObject({ status: 'pending', fromCache: false });
    estimateId = started.data.batchId;

    const pending = await run('companyFollowers.getCountEstimate', { batchId: estimateId }, 0);
    expect(['pending', 'in_progress']).toContain(pending.data.status);
    await env.advance(3000);
    const done = await run('companyFollowers.getCountEstimate', { batchId: estimateId }, 0);
    expect(done.data.status).toBe('completed');
    expect(done.data.data ?? done.data).toMatchObject({ totalCount: expect.any(Number) });

    const cached = await run('companyFollowers.startCountEstimate', input, 0);
    expect(cached.data).toMatchObject({ fromCache: true, batchId: estimateId, status: 'completed' });
  });

  it('starts a scrape that reserves creditsPerProfile × max_limit and ends partial', async () => {
    const before = env.balance();
    const started = await run('companyFollowers.startScrape', { companyUrl: PARTIAL_COMPANY, max_limit: 200, creditsPerProfile }, 0);
    scrapeId = started.data.batchId;
    expect(toNumber(started.meta.creditsReserved)).toBe(200 * creditsPerProfile);
    expect(started.credits.estimated).toBe(200 * creditsPerProfile);
    expect(env.balance()).toBe(before - 200 * creditsPerProfile);

    const early = await run('companyFollowers.getProgress', { batchId: scrapeId }, 0);
    expect(early.data.done).toBe(false);
    await env.advance(5000);
    const partial = await run('companyFollowers.getProgress', { batchId: scrapeId }, 0);
    expect(partial.data).toMatchObject({ done: true, partial: true, processed: 160 });
  });

  it('continues the partial scrape, which then completes', async () => {
    const cont = await run('companyFollowers.continueScrape', { batchId: scrapeId }, 0);
    expect(cont.data).toMatchObject({ batchId: scrapeId });
    const gap = cont.data.estimatedAdditional as number;
    expect(gap).toBe(40);
    expect(toNumber(cont.meta.creditsReserved)).toBe(gap * creditsPerProfile);
    await env.advance(5000);
    const done = await run('companyFollowers.getProgress', { batchId: scrapeId }, 0);
    expect(done.data).toMatchObject({ done: true, partial: false, processed: 200 });
  });

  it('settles every delivered profile on the first results read, then exports the CSV for free', async () => {
    const before = env.balance();
    const read = await walk('companyFollowers.getResults', { batchId: scrapeId }, { pageSize: 100 });
    expect(read.items).toHaveLength(200);
    expect(read.pages).toHaveLength(2);
    expect(read.items[0]).toMatchObject({ profileUrl: expect.stringContaining('linkedin.com/in/'), name: expect.any(String) });
    expect(read.charged).toBe(200 * creditsPerProfile);
    // Both runs settle now: the first run's unused reservation (40 profiles) comes back.
    expect(env.balance()).toBe(before + 40 * creditsPerProfile);

    const csv = await run('companyFollowers.exportCsv', { batchId: scrapeId }, 0);
    const lines = csvLines(csv.data);
    expect(lines[0]).toMatch(/^objectURN,name,firstName,lastName,profileUrl/);
    expect(lines).toHaveLength(201);
  });
});

describe('Enrich.so wallet and teams (free)', () => {
  it('lists wallet transactions of one type', async () => {
    const tx = await run('wallet.listTransactions', { page: 1, limit: 50, type: 'deduction' }, 0);
    expect(tx.data.transactions.length).toBeGreaterThan(0);
    for (const t of tx.data.transactions) expect(t).toMatchObject({ type: 'deduction', amount: expect.any(Number) });
    expect(tx.data.pagination).toMatchObject({ page: 1, limit: 50 });
  });

  it('lists members, invites, lists invitations and cancels the invitation by its real id', async () => {
    const members = await run('team.listMembers', { teamId: TEAM_ID }, 0);
    expect(members.data).toEqual([expect.objectContaining({ role: 'owner', email: expect.any(String) })]);

    const invited = await run('team.invite', { teamId: TEAM_ID, email: 'new.hire@acme.com', role: 'member' }, 0);
    expect(invited.data).toMatchObject({ id: expect.any(String), email: 'new.hire@acme.com', role: 'member', status: 'pending' });
    const listed = await run('team.listInvitations', { teamId: TEAM_ID }, 0);
    expect(listed.data.map((i: { id: string }) => i.id)).toContain(invited.data.id);

    const cancelled = await run('team.cancelInvitation', { teamId: TEAM_ID, invitationId: invited.data.id }, 0);
    expect(cancelled.data).toMatchObject({ success: true });
    const after = await run('team.listInvitations', { teamId: TEAM_ID }, 0);
    expect(after.data.map((i: { id: string }) => i.id)).not.toContain(invited.data.id);
  });
});

describe('Enrich.so Lead Finder', () => {
  const filters = { jobLevel: ['VP'], domain: ['stripe.com'] };
  let leadIds: string[];
  let exportId: string;

  it('serves filter options, suggestions and counts for free', async () => {
    const options = await run('leadFinder.getFilterOptions', {}, 0);
    expect(options.data.jobLevel).toEqual(expect.arrayContaining(['VP']));
    const suggest = await run('leadFinder.suggest', { q: 'Stri', limit: 5 }, 0);
    expect(suggest.data.values).toHaveLength(5);
    const count = await run('leadFinder.count', { filters }, 0);
    expect(count.data.count).toBeGreaterThan(100);
  });

  it('searches pages 1–3 for free (no over-fetch), then charges 1 credit per result on page 4', async () => {
    const mark = env.requests().length;
    const free = await walk('leadFinder.search', { filters }, { limit: 75, pageSize: 25 });
    expect(free.items).toHaveLength(75);
    expect(free.pages).toHaveLength(3);
    expect(free.charged).toBe(0);
    expect(env.requestsSince(mark).filter((r) => r.path.endsWith('/lead-finder/search'))).toHaveLength(3);
    leadIds = free.items.slice(0, 3).map((r: { id: string }) => r.id);

    const page4 = await run('leadFinder.search', { filters, page: 4, pageSize: 25 }, 25);
    expect(page4.data.results).toHaveLength(25);
    expect(page4.data.pagination).toMatchObject({ page: 4, pageSize: 25 });
  });

  it('saves, lists and deletes a saved search by its real id', async () => {
    const saved = await run('leadFinder.saveSearch', { name: 'VPs at Stripe', filters }, 0);
    const id = saved.data.id as string;
    expect(saved.data).toMatchObject({ name: 'VPs at Stripe', filters });
    const listed = await run('leadFinder.listSavedSearches', {}, 0);
    expect(listed.data.map((s: { id: string }) => s.id)).toContain(id);
    const deleted = await run('leadFinder.deleteSavedSearch', { id }, 0);
    expect(deleted.data).toEqual({ deleted: true });
    const after = await run('leadFinder.listSavedSearches', {}, 0);
    expect(after.data.map((s: { id: string }) => s.id)).not.toContain(id);
  });

  it('unlocks last names at 1 credit per lead', async () => {
    const unlocked = await run('leadFinder.unlockNames', { leads: leadIds.map((id) => ({ id })) }, 3);
    expect(unlocked.data.results).toHaveLength(3);
    for (const r of unlocked.data.results) expect(r.lastName).not.toMatch(/\*/);
  });

  it('reveals emails and enriches phones as jobs, polled for free', async () => {
    // Submitting reserves (charged 0); the finished job's first poll books the settlement.
    const revealed = await run('leadFinder.reveal', { leads: leadIds.map((id) => ({ id })), fields: ['email'] }, 0);
    expect(revealed.data).toMatchObject({ jobId: expect.stringMatching(/^rj_/), status: 'pending', totalLeads: 3, creditsReserved: 30 });
    const pending = await run('leadFinder.getRevealJob', { jobId: revealed.data.jobId }, 0);
    expect(pending.data.status).toBe('pending');
    await env.advance(1000);
    const done = await run('leadFinder.getRevealJob', { jobId: revealed.data.jobId });
    expect(done.data).toMatchObject({ status: 'completed', jobType: 'reveal' });
    expect(done.data.results.revealed).toHaveLength(3);
    expect(done.credits.charged).toBe(done.data.results.creditsUsed);
    expect(done.data.results.creditsUsed + done.data.results.creditsRefunded).toBe(30);
    await run('leadFinder.getRevealJob', { jobId: revealed.data.jobId }, 0); // polling again books nothing

    const enriched = await run('leadFinder.enrich', { leads: leadIds.map((id) => ({ id })), fields: ['phone'] }, 0);
    expect(enriched.data).toMatchObject({ jobId: expect.stringMatching(/^rj_/), creditsReserved: 3 * 525 });
    await env.advance(1000);
    const enrichDone = await run('leadFinder.getRevealJob', { jobId: enriched.data.jobId });
    expect(enrichDone.data).toMatchObject({ status: 'completed', jobType: 'enrich' });
    expect(enrichDone.credits.charged).toBe(enrichDone.data.results.creditsUsed);

    const jobs = await run('leadFinder.listRevealJobs', { page: 1, limit: 20 }, 0);
    expect(jobs.data.jobs.map((j: { jobId: string }) => j.jobId)).toEqual(expect.arrayContaining([revealed.data.jobId, enriched.data.jobId]));
  });

  it('exports leads with emails: reserve on submit, poll the job, download the CSV, list the job', async () => {
    const started = await run('leadFinder.export', { filters, maxResults: 50, includeEmail: true, name: 'Stripe VPs' }, 0);
    exportId = started.data.jobId;
    expect(started.data).toMatchObject({ jobId: expect.stringMatching(/^ej_/), status: 'pending', estimatedRows: 50, creditsReserved: 500 });
    const pending = await run('leadFinder.getExportJob', { jobId: exportId }, 0);
    expect(pending.data.status).toBe('pending');
    await env.advance(2000);
    const done = await run('leadFinder.getExportJob', { jobId: exportId });
    expect(done.data).toMatchObject({ status: 'completed', totalRows: 50, downloadUrl: expect.stringContaining(exportId) });
    expect(done.credits.charged).toBe(done.data.creditsUsed);
    expect(done.data.creditsUsed + done.data.creditsRefunded).toBe(500);

    const csv = await run('leadFinder.downloadExport', { jobId: exportId }, 0);
    const lines = csvLines(csv.data);
    expect(lines[0]).toContain('emailAddress');
    expect(lines).toHaveLength(51);

    const listed = await run('leadFinder.listExportJobs', { page: 1, limit: 20, status: 'completed' }, 0);
    expect(listed.data.jobs.map((j: { jobId: string }) => j.jobId)).toContain(exportId);
  });
});

describe('Enrich.so People Search (1 credit per result, 0 when none)', () => {
  it('finds employees', async () => {
    const found = await run('peopleSearch.findEmployees', { company_linkedin_url: GOOGLE, max_results: 10, page: 1 }, 10);
    expect(found.data.results).toHaveLength(10);
    expect(found.data.results_length).toBe(10);
    const none = await run('peopleSearch.findEmployees', { company_linkedin_url: 'https://www.linkedin.com/company/nobody-inc/', max_results: 10 }, 0);
    expect(none.data.results).toEqual([]);
  });

  it('runs a waterfall ICP search', async () => {
    const found = await run('peopleSearch.waterfallIcpSearch', { company_linkedin_url: GOOGLE, max_results: 25, min_score: 50 });
    expect(found.data.results.length).toBeGreaterThan(0);
    expect(found.credits.charged).toBe(found.data.results.length);
    for (const r of found.data.results) expect(r.score).toBeGreaterThanOrEqual(50);
    await run('peopleSearch.waterfallIcpSearch', { company_linkedin_url: 'https://www.linkedin.com/company/nobody-inc/' }, 0);
  });
});

describe('Enrich.so coverage and the books', () => {
  it('covered every operation of the catalog (a new operation without a test fails here)', () => {
    const catalogKeys = enrichSo.operations.map((o) => o.key).sort();
    expect(catalogKeys).toHaveLength(52);
    expect([...covered.keys()].sort()).toEqual(catalogKeys);
  });

  it("moved the wallet by exactly summary().charged over the suite's paid calls", async () => {
    await env.advance(5000); // let every job finish (and settle itself where the worker charges)
    const clientBalanceAfter = (await client.balance())!;
    const summary = client.summary();
    const walletDelta = walletBefore - env.balance();
    expect(clientBalanceBefore).toBe(walletBefore);
    expect(clientBalanceBefore - clientBalanceAfter).toBe(walletDelta);
    expect({ walletDelta, byOperation: summary.byOperation }).toEqual({ walletDelta: summary.charged, byOperation: summary.byOperation });
  });
});

function toNumber(c: Credits | undefined): number | undefined {
  return c === undefined ? undefined : toCreditNumber(c);
}
