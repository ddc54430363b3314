/**
 * Issue #2 acceptance, part 1 (continued): Enrich.so's company followers, Lead Finder, people
 * search, wallet and team operations go through the real client against the sandbox, return data
 * matching their output schemas and are charged per §5.4 (see enrich-so-suite.ts).
 */
import { checkCoverageAndBooks, env, run, toNumber, useEnrichSoSuite, walk } from './enrich-so-suite';
import { csvLines, TEAM_ID } from './helpers';

const PARTIAL_COMPANY = 'https://www.linkedin.com/company/partial-dynamics';
const STRIPE = 'https://www.linkedin.com/company/stripe';
const GOOGLE = 'https://www.linkedin.com/company/google/';

useEnrichSoSuite();

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

checkCoverageAndBooks('prospecting');
