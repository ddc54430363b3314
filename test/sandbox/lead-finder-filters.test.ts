/**
 * Lead Finder search honours its filters: "Find VPs" returns VPs (it used to return managers),
 * combined filters narrow together, exclude filters remove, and what a search shows is what a
 * reveal of the same lead finds.
 */
import { harness, type Harness } from './helpers';

describe('Enrich.so sandbox: Lead Finder search honours its filters', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ enrichSo: { itemsPerSecond: 1000 } });
  });
  afterEach(() => h.close());

  const search = async (filters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    (await h.api('POST', '/lead-finder/search', { body: { filters, pageSize: 100, ...extra } })).body.data;

  it('"Find VPs" returns only VPs, on every page', async () => {
    for (const page of [1, 2]) {
      const rows = (await search({ jobLevel: ['VP'] }, { page })).results;
      expect(rows).toHaveLength(100);
      expect(new Set(rows.map((r: { jobLevel: string }) => r.jobLevel))).toEqual(new Set(['VP']));
    }
  });

  it('combined filters narrow together (case-insensitive, one value or a list)', async () => {
    const rows = (
      await search({ jobLevel: 'director', jobFunction: ['Engineering', 'Sales'], countryCode: 'US', employeeCountMin: 100, employeeCountMax: 500 })
    ).results;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.jobLevel).toBe('Director');
      expect(['Engineering', 'Sales']).toContain(r.jobFunction);
      expect(['United States']).toContain(r.countryName);
      expect(r.employeeCount).toBeGreaterThanOrEqual(100);
      expect(r.employeeCount).toBeLessThanOrEqual(500);
    }
  });

  it('company name "contains" mode, domains and exclude filters', async () => {
    const labs = (await search({ companyName: 'labs', companyNameMode: 'contains' })).results;
    expect(new Set(labs.map((r: { companyName: string }) => r.companyName))).toEqual(new Set(['Northwind Labs']));
    const notSales = (await search({ jobFunction: 'Sales' }, { excludeFilters: { jobTitle: ['VP of Sales', 'Account Executive'] } })).results;
    expect(notSales.some((r: { jobTitle: string }) => ['VP of Sales', 'Account Executive'].includes(r.jobTitle))).toBe(false);
    const byDomain = (await search({ domain: ['bluefin.example', 'quillstone.example'] })).results;
    expect(new Set(byDomain.map((r: { domain: string }) => r.domain))).toEqual(new Set(['bluefin.example', 'quillstone.example']));
  });

  it('a real domain the sandbox does not know still finds people there (a dry run with real data)', async () => {
    const rows = (await search({ jobLevel: ['VP'], domain: ['stripe.com'] })).results;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ jobLevel: 'VP', domain: 'stripe.com', companyName: 'Stripe' });
    const acme = (await search({ companyName: 'Acme Robotics' }, { pageSize: 5 })).results;
    expect(new Set(acme.map((r: { companyName: string }) => r.companyName))).toEqual(new Set(['Acme Robotics']));
  });

  it('a filter nothing can match finds nobody (and costs nothing)', async () => {
    expect((await search({ jobLevel: ['Astronaut'] })).pagination.totalResults).toBe(0);
    expect((await search({ countryCode: 'ZZ' })).results).toEqual([]);
    expect((await h.api('POST', '/lead-finder/count', { body: { filters: { jobLevel: ['Astronaut'] } } })).body.data.count).toBe(0);
  });

  it('a revealed lead is the lead the search showed', async () => {
    const rows = (await search({ jobTitle: 'Data Scientist', countryName: 'Germany' }, { pageSize: 3 })).results;
    expect(rows).toHaveLength(3);
    const submit = await h.api('POST', '/lead-finder/reveal', { body: { leads: rows.map((r: { id: string }) => ({ id: r.id })), fields: ['email'] } });
    await h.advance(1000);
    const job = (await h.api('GET', `/lead-finder/reveal-jobs/${submit.body.data.jobId}`)).body.data;
    expect(job.status).toBe('completed');
    const revealed = JSON.stringify(job.results);
    for (const r of rows) {
      expect(r).toMatchObject({ jobTitle: 'Data Scientist', countryName: 'Germany' });
      expect(revealed).toContain(r.id);
    }
    expect(revealed).toContain('Data Scientist');
  });
});
