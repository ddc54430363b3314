import { harness, type Harness } from './helpers';

const filters = { jobTitle: ['VP of Sales'], countryCode: 'US' };

describe('Enrich.so sandbox: Lead Finder', () => {
  let h: Harness;
  const balance = () => h.sandbox.providers.enrichSo.wallet().balance;
  beforeEach(async () => {
    h = await harness({ enrichSo: { itemsPerSecond: 10 } });
  });
  afterEach(() => h.close());

  it('search pages are free for pages 1–3, then cost 1 credit per result', async () => {
    const first = await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 10 } });
    const total = first.body.data.pagination.totalResults;
    expect(first.body.data.pagination).toEqual({
      page: 1,
      pageSize: 10,
      totalResults: total,
      totalPages: Math.ceil(total / 10),
      hasMore: true,
      isApproximate: false,
      searchedTotalResult: total,
    });
    expect(first.body.data.results).toHaveLength(10);
    expect(first.body.data.results[0]).toMatchObject({
      id: expect.stringMatching(/^ld_[0-9a-f]{24}$/),
      firstName: expect.any(String),
      lastName: expect.stringMatching(/^.\*\*\*$/),
    });
    expect(first.body.meta.creditsUsed).toBe(0);
    expect((await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 10, page: 3 } })).body.meta.creditsUsed).toBe(0);
    const fourth = await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 10, page: 4 } });
    expect(fourth.body.meta).toMatchObject({ creditsUsed: 10, creditsRemaining: 1_000_000 - 10 });
    // Same filters, same leads.
    expect((await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 10 } })).body.data.results).toEqual(first.body.data.results);
    expect((await h.api('POST', '/lead-finder/count', { body: { filters } })).body.data).toEqual({
      count: total,
      searchType: 'people',
      isApproximate: false,
      searchedTotalResult: total,
    });
    expect((await h.api('POST', '/lead-finder/search', { body: { filters: { companyName: 'Nobody Inc' } } })).body.data.pagination.totalResults).toBe(0);
    expect((await h.api('POST', '/lead-finder/search', { body: { filters, page: 41 } })).status).toBe(400);
    expect((await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 101 } })).body.detail).toBe(
      'body/pageSize Number must be less than or equal to 100',
    );
    expect((await h.api('POST', '/lead-finder/search', { body: { filters, excludeFilters: { city: 'x' } } })).status).toBe(400);
    expect((await h.api('POST', '/lead-finder/search', { body: {} })).body.detail).toBe('body/filters Required');
  });

  it('unlocks full last names at 1 credit per lead', async () => {
    const rows = (await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 3 } })).body.data.results;
    const res = await h.api('POST', '/lead-finder/unlock-names', { body: { leads: rows.map((r: { id: string }) => ({ id: r.id })) } });
    expect(res.body.meta).toMatchObject({ creditsUsed: 3 });
    expect(res.body.data.results[0]).toEqual({ id: rows[0].id, lastName: expect.stringMatching(/^[A-Z][a-z]+$/) });
    const again = (await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 3 } })).body.data.results;
    expect(again[0].lastName).toBe(res.body.data.results[0].lastName);
    expect((await h.api('POST', '/lead-finder/unlock-names', { body: { leads: [] } })).status).toBe(400);
  });

  it('exports: reserves per field per lead, settles in the worker with refunds for missing fields, CSV with 409/410', async () => {
    const submit = await h.api('POST', '/lead-finder/export', { body: { filters, maxResults: 20, includeEmail: true, includeNames: true, name: 'VPs' } });
    expect(submit.body.data).toEqual({
      jobId: expect.stringMatching(/^ej_[0-9a-f]{16}$/),
      status: 'pending',
      estimatedRows: 20,
      estimatedCredits: 220,
      creditsReserved: 220,
      message: expect.any(String),
    });
    const id = submit.body.data.jobId;
    expect((await h.api('GET', `/lead-finder/export-jobs/${id}/download`)).status).toBe(409);
    await h.advance(1000);
    expect((await h.api('GET', `/lead-finder/export-jobs/${id}`)).body.data).toMatchObject({
      status: 'processing',
      phase: 'enriching',
      processedRows: 10,
      progress: 50,
    });
    await h.advance(1000);
    const done = (await h.api('GET', `/lead-finder/export-jobs/${id}`)).body.data;
    expect(done).toMatchObject({
      jobId: id,
      name: 'VPs',
      status: 'completed',
      totalRows: 20,
      processedRows: 20,
      error: null,
      completedAt: '2026-03-02T10:00:02.000Z',
      downloadUrl: `${h.base}/lead-finder/export-jobs/${id}/download`,
    });
    expect(done.creditsUsed + done.creditsRefunded).toBe(220);
    expect(balance()).toBe(1_000_000 - done.creditsUsed);

    const csv = await h.api('GET', `/lead-finder/export-jobs/${id}/download`);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('id,firstName,lastName,jobTitle,companyName,domain,linkedinUrl,city,countryName,emailAddress');
    expect(lines).toHaveLength(21);
    const withoutEmail = lines.slice(1).filter((l) => l.endsWith(',')).length;
    expect(done.creditsRefunded).toBe(withoutEmail * 10);

    const list = await h.api('GET', '/lead-finder/export-jobs', { query: { status: 'completed' } });
    expect(list.body.data).toMatchObject({ total: 1, page: 1, limit: 20, jobs: [{ jobId: id, status: 'completed' }] });
    await h.advance(24 * 3600_000 + 1);
    expect((await h.api('GET', `/lead-finder/export-jobs/${id}/download`)).status).toBe(410);
  });

  it('reveal: reserved per lead, charged in the worker, repeat reveals free; enrich needs fields', async () => {
    const rows = (await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 4 } })).body.data.results;
    const leads = rows.map((r: { id: string }) => ({ id: r.id }));
    const submit = await h.api('POST', '/lead-finder/reveal', { body: { leads } });
    expect(submit.body.data).toMatchObject({
      jobId: expect.stringMatching(/^rj_/),
      status: 'pending',
      totalLeads: 4,
      fields: ['email', 'phone'],
      creditsReserved: 4 * 535,
    });
    const id = submit.body.data.jobId;
    expect((await h.api('GET', `/lead-finder/reveal-jobs/${id}`)).body.data).toMatchObject({
      status: 'pending',
      jobType: 'reveal',
      progress: { processed: 0, total: 4 },
    });
    await h.advance(1000);
    const poll = (await h.api('GET', `/lead-finder/reveal-jobs/${id}`)).body.data;
    expect(poll.status).toBe('completed');
    expect(poll.results.revealed[0]).toMatchObject({
      id: leads[0].id,
      firstName: rows[0].firstName,
      linkedinUrl: expect.any(String),
      domain: expect.any(String),
    });
    expect(poll.results).toMatchObject({ alreadyRevealed: 0, newlyRevealed: 4 });
    expect(poll.results.creditsUsed + poll.results.creditsRefunded).toBe(4 * 535);
    const missingEmail = poll.results.revealed.filter((c: { emailAddress: string | null }) => c.emailAddress === null).length;
    const missingPhone = poll.results.revealed.filter((c: { phone: string | null }) => c.phone === null).length;
    expect(poll.results.creditsRefunded).toBe(missingEmail * 10 + missingPhone * 525);

    const found = poll.results.revealed.filter((c: { emailAddress: string | null }) => c.emailAddress).map((c: { id: string }) => ({ id: c.id }));
    const repeat = await h.api('POST', '/lead-finder/enrich', { body: { leads: found, fields: ['email'] } });
    expect(repeat.body.data.creditsReserved).toBe(0);
    expect((await h.api('POST', '/lead-finder/enrich', { body: { leads } })).body.detail).toBe('body/fields Required');
    expect((await h.api('POST', '/lead-finder/reveal', { body: { leads: Array.from({ length: 26 }, (_, i) => ({ id: `ld_${i}` })) } })).status).toBe(400);

    const list = await h.api('GET', '/lead-finder/reveal-jobs');
    expect(list.body.data.total).toBe(2);
    expect(list.body.data.jobs[1]).toMatchObject({ jobId: id, jobType: 'reveal', total: 4, processed: 4, status: 'completed' });
  });

  it('reveal without enough credits is accepted and then fails in the worker (no 402)', async () => {
    h.sandbox.providers.enrichSo.wallet().setBalance(100);
    const submit = await h.api('POST', '/lead-finder/reveal', { body: { leads: [{ id: 'ld_aaaaaaaaaaaaaaaaaaaaaaaa' }], fields: ['phone'] } });
    expect(submit.status).toBe(200);
    expect(submit.body.data.creditsReserved).toBe(0);
    await h.advance(1000);
    expect((await h.api('GET', `/lead-finder/reveal-jobs/${submit.body.data.jobId}`)).body.data).toMatchObject({
      status: 'failed',
      error: 'Insufficient credits',
      creditsRefunded: 0,
    });
    expect(balance()).toBe(100);
  });

  it('saved searches, filter options and suggestions', async () => {
    const created = await h.api('POST', '/lead-finder/saved', { body: { name: 'US VPs', filters } });
    expect(created.body.data).toEqual({
      id: expect.any(String),
      name: 'US VPs',
      filters,
      createdAt: '2026-03-02T10:00:00.000Z',
      updatedAt: '2026-03-02T10:00:00.000Z',
    });
    expect((await h.api('GET', '/lead-finder/saved')).body.data).toEqual([created.body.data]);
    expect((await h.api('DELETE', `/lead-finder/saved/${created.body.data.id}`)).body.data).toEqual({ deleted: true });
    expect((await h.api('DELETE', `/lead-finder/saved/${created.body.data.id}`)).status).toBe(404);
    expect((await h.api('POST', '/lead-finder/saved', { body: { name: '', filters } })).status).toBe(400);

    const options = (await h.api('GET', '/lead-finder/filter-options')).body.data;
    expect(options.jobLevel).toContain('Director');
    expect(Object.values(options).every((v) => Array.isArray(v))).toBe(true);
    const suggest = await h.api('GET', '/lead-finder/suggest', { query: { q: 'north', limit: 3 } });
    expect(suggest.body.data.values).toEqual(['Northwind Labs', 'North Labs', 'North Group']);
    expect((await h.api('GET', '/lead-finder/suggest')).status).toBe(400);
    // §5.5: `q` of at least 2 characters, 20 suggestions unless `limit` says otherwise.
    expect((await h.api('GET', '/lead-finder/suggest', { query: { q: 'n' } })).body.detail).toMatch(/^querystring\/q /);
    expect((await h.api('GET', '/lead-finder/suggest', { query: { q: 'no' } })).body.data.values).toHaveLength(20);
  });
});
