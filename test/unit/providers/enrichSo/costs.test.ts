/** Every row of the reference's credit table (§5.4), as estimate (before) and actual (after). */
import { credits } from '../../../../shared/credits/amount';
import { createEnrichSoCatalog } from '../../../../shared/providers/enrichSo';
import { enrichSo } from '../../../../shared/providers/enrichSo';
import { toCreditNumber } from '../../../../shared/credits/amount';
import { actual, estimate } from './helpers';

/** What a read's `settles` books for its job (in credits), or undefined while the job runs. */
function settlement(key: string, input: Record<string, unknown>, data: unknown, meta: Record<string, unknown> = {}, reserved?: number) {
  const spec = enrichSo.operations.find((o) => o.key === key)!.settles!;
  const s = spec.read({ data, meta, reserved: reserved === undefined ? undefined : credits(reserved) });
  return s && { jobId: spec.jobId(input), charged: toCreditNumber(s.charged), refunded: toCreditNumber(s.refunded) };
}

/** The job id and reservation a submit reports through `reserves`. */
function reservation(key: string, data: unknown) {
  const spec = enrichSo.operations.find((o) => o.key === key)!.reserves!;
  const r = spec.reserved?.(data);
  return { jobId: spec.jobId(data), reserved: r === undefined ? undefined : toCreditNumber(r) };
}

describe('Enrich.so credit costs', () => {
  it('email validation: 1 credit, nothing when the result is risky', () => {
    const input = { email: 'jane.doe@acme.com' };
    expect(estimate('emailValidation.validate', input)).toBe(1);
    expect(actual('emailValidation.validate', input, { email: input.email, result: 'valid' })).toBe(1);
    expect(actual('emailValidation.validate', input, { email: input.email, result: 'invalid' })).toBe(1);
    expect(actual('emailValidation.validate', input, { email: input.email, result: 'risky' })).toBe(0);
  });

  it("prefers the provider's own creditsUsed over the model", () => {
    expect(actual('emailValidation.validate', { email: 'a@b.co' }, { result: 'valid' }, { creditsUsed: credits(0) })).toBe(0);
    expect(actual('emailFinder.find', { firstName: 'A', lastName: 'B', domain: 'b.co' }, { found: false }, { creditsUsed: credits(10) })).toBe(10);
  });

  it('email finder: 10 credits, nothing when found is false', () => {
    const input = { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' };
    expect(estimate('emailFinder.find', input)).toBe(10);
    expect(actual('emailFinder.find', input, { found: true, email: 'jane.doe@acme.com' })).toBe(10);
    expect(actual('emailFinder.find', input, { found: false })).toBe(0);
  });

  it('reverse email lookup: 10 credits, nothing without a profile', () => {
    const input = { email: 'jane.doe@acme.com' };
    expect(estimate('reverseLookup.lookup', input)).toBe(10);
    expect(actual('reverseLookup.lookup', input, { id: 'p1', displayName: 'Jane Doe' })).toBe(10);
    expect(actual('reverseLookup.lookup', input, {})).toBe(0);
    expect(actual('reverseLookup.lookup', input, null)).toBe(0);
  });

  it('phone finder: 500 credits, nothing when no phone comes back', () => {
    const input = { email: 'jane.doe@acme.com' };
    expect(estimate('phoneFinder.find', input)).toBe(500);
    expect(actual('phoneFinder.find', input, { phones: ['+1 555 0100'] })).toBe(500);
    expect(actual('phoneFinder.find', input, { phones: [] })).toBe(0);
  });

  it('IP to company: 100 credits, nothing without ipDomain', () => {
    expect(estimate('ipToCompany.lookup', { ip: '8.8.8.8' })).toBe(100);
    expect(actual('ipToCompany.lookup', { ip: '8.8.8.8' }, { searchIp: '8.8.8.8', ipDomain: 'google.com' })).toBe(100);
    expect(actual('ipToCompany.lookup', { ip: '8.8.8.8' }, { searchIp: '8.8.8.8', ipDomain: null })).toBe(0);
  });

  it('batch submits reserve per unique item (case-insensitive) and charge nothing until settlement', () => {
    const emails = ['Jane.Doe@acme.com', 'jane.doe@ACME.com ', 'john@globex.com'];
    expect(estimate('emailValidation.submitBatch', { emails })).toBe(2);
    expect(estimate('reverseLookup.submitBatch', { emails })).toBe(20);
    expect(
      estimate('emailFinder.submitBatch', {
        leads: [
          { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' },
          { firstName: 'jane', lastName: 'DOE', domain: 'Acme.com' },
        ],
      }),
    ).toBe(10);
    expect(estimate('ipToCompany.submitBatch', { ips: ['8.8.8.8', '8.8.8.8', '1.1.1.1'] })).toBe(200);
    expect(estimate('phoneFinder.submitBatch', { emails, linkedins: ['https://www.linkedin.com/in/jane'] })).toBe(3 * 500);
    expect(actual('emailValidation.submitBatch', { emails }, { batchId: 'b1', itemCount: 2 }, { creditsReserved: credits(2) })).toBe(0);
  });

  it('bulk phone per-item cost follows the chosen reading of the 10-vs-500 conflict', () => {
    const cheap = createEnrichSoCatalog({ bulkPhoneCreditsPerItem: 10 });
    const op = cheap.operations.find((o) => o.key === 'phoneFinder.submitBatch')!;
    expect(op.cost.estimate(op.input.parse({ emails: ['a@b.co', 'c@d.co'] }))).toBe(credits(20));
    expect(op.description).toContain('10 credits per unique email or profile');
    expect(cheap.batches.find((b) => b.name === 'phoneFinder')!.costPerItem).toBe(credits(10));
    expect(() => createEnrichSoCatalog({ bulkPhoneCreditsPerItem: 0 })).toThrow(/positive/);
  });

  it('batch status and results reads are free: the runner books the settlement once per job', () => {
    expect(estimate('emailValidation.getBatchStatus', { batchId: 'b1' })).toBe(0);
    expect(estimate('emailValidation.getBatchResults', { batchId: 'b1' })).toBe(0);
    expect(
      actual('emailValidation.getBatchResults', { batchId: 'b1' }, { results: [] }, { creditsUsed: credits(45_000), creditsRefunded: credits(5_000) }),
    ).toBe(0);
  });

  it('count estimate: 100 credits, free from cache', () => {
    const input = { companyUrl: 'https://www.linkedin.com/company/stripe' };
    expect(estimate('companyFollowers.startCountEstimate', input)).toBe(100);
    expect(actual('companyFollowers.startCountEstimate', input, { batchId: 'c1', status: 'pending', fromCache: false })).toBe(100);
    expect(actual('companyFollowers.startCountEstimate', input, { batchId: 'c1', status: 'completed', fromCache: true })).toBe(0);
  });

  it('follower scrape: reserves creditsPerProfile × max_limit; the results read carries the settlement, booked once per job', () => {
    const input = { companyUrl: 'https://www.linkedin.com/company/stripe', max_limit: 2000 };
    expect(estimate('companyFollowers.startScrape', input)).toBe(2000);
    expect(estimate('companyFollowers.startScrape', { ...input, creditsPerProfile: 2.5 })).toBe(5000);
    expect(actual('companyFollowers.startScrape', input, { batchId: 'f1' }, { creditsReserved: credits(2000) })).toBe(0);
    expect(reservation('companyFollowers.startScrape', { batchId: 'f1' }).jobId).toBe('f1');
    // The read itself is free; its settlement (booked by the client once per job) is the charge.
    expect(actual('companyFollowers.getResults', { batchId: 'f1', page: 1 }, { data: [] }, { creditsUsed: credits(1800) })).toBe(0);
    expect(settlement('companyFollowers.getResults', { batchId: 'f1' }, { data: [] }, { creditsUsed: credits(1800), creditsRefunded: credits(200) })).toEqual({
      jobId: 'f1',
      charged: 1800,
      refunded: 200,
    });
    expect(
      settlement('companyFollowers.getResults', { batchId: 'f1' }, { data: [] }, { creditsUsed: credits(0), creditsRefunded: credits(0) }),
    ).toBeUndefined();
  });

  it('lead search: by default every result may be paid (the month’s free searches may be used up)', () => {
    expect(estimate('leadFinder.search', { page: 1, pageSize: 100 })).toBe(100);
    expect(estimate('leadFinder.search', { page: 4 })).toBe(25);
    expect(actual('leadFinder.search', { page: 2 }, { results: [{}, {}] }, { creditsUsed: credits(0) })).toBe(0);
    expect(actual('leadFinder.search', { page: 5 }, { results: [{}, {}, {}] })).toBe(3);
  });

  it('lead search with free searches left: the first 3 pages or 75 results are free, whichever comes first', () => {
    const search = enrichSo.withReadings!({ leadSearchFreeSearches: 'left' }).operations.find((o) => o.key === 'leadFinder.search')!;
    const est = (input: Record<string, unknown>) => toCreditNumber(search.cost.estimate(search.input.parse(input)));
    expect(est({ page: 1, pageSize: 100 })).toBe(25);
    expect(est({ page: 3, pageSize: 25 })).toBe(0);
    expect(est({ page: 3, pageSize: 30 })).toBe(15);
    expect(est({ page: 3, pageSize: 100 })).toBe(100);
    expect(est({ page: 4, pageSize: 10 })).toBe(10);
  });

  it('reveal and enrich: 10 per email, 525 per phone, 535 for both, per unique lead', () => {
    const leads = [{ id: 'l1' }, { id: 'l2' }, { id: 'l1' }];
    expect(estimate('leadFinder.reveal', { leads })).toBe(2 * 535);
    expect(estimate('leadFinder.reveal', { leads, fields: ['email'] })).toBe(2 * 10);
    expect(estimate('leadFinder.enrich', { leads, fields: ['phone'] })).toBe(2 * 525);
    // Submitting reserves; the finished job's poll settles: charged what was found, the rest refunded.
    expect(actual('leadFinder.reveal', { leads }, { jobId: 'rj_1', creditsReserved: 1070 })).toBe(0);
    expect(reservation('leadFinder.reveal', { jobId: 'rj_1', creditsReserved: 1070 })).toEqual({ jobId: 'rj_1', reserved: 1070 });
    expect(settlement('leadFinder.getRevealJob', { jobId: 'rj_1' }, { status: 'processing' })).toBeUndefined();
    expect(settlement('leadFinder.getRevealJob', { jobId: 'rj_1' }, { status: 'completed', results: { creditsUsed: 535, creditsRefunded: 535 } })).toEqual({
      jobId: 'rj_1',
      charged: 535,
      refunded: 535,
    });
    // Without a reported charge, the reservation minus the refund is what was spent.
    expect(settlement('leadFinder.getRevealJob', { jobId: 'rj_1' }, { status: 'failed', creditsRefunded: 1070 }, {}, 1070)).toEqual({
      jobId: 'rj_1',
      charged: 0,
      refunded: 1070,
    });
  });

  it('export: per-field per-lead prices × maxResults (or the chosen lead ids)', () => {
    expect(estimate('leadFinder.export', { maxResults: 100 })).toBe(0);
    expect(estimate('leadFinder.export', { maxResults: 100, includeEmail: true })).toBe(1000);
    expect(estimate('leadFinder.export', { maxResults: 100, includePhone: true, includeNames: true })).toBe(52_600);
    expect(estimate('leadFinder.export', { maxResults: 100, includeContactInfo: true, includeEmail: true })).toBe(53_500);
    expect(estimate('leadFinder.export', { includeEmail: true, leadIds: ['a', 'b', 'B'] })).toBe(20);
    expect(estimate('leadFinder.export', { includeNames: true })).toBe(1000);
    expect(actual('leadFinder.export', { includeEmail: true }, { jobId: 'ej_1', creditsReserved: 2500 })).toBe(0);
    expect(reservation('leadFinder.export', { jobId: 'ej_1', creditsReserved: 2500 })).toEqual({ jobId: 'ej_1', reserved: 2500 });
    expect(settlement('leadFinder.getExportJob', { jobId: 'ej_1' }, { status: 'completed', creditsUsed: 2300, creditsRefunded: 200 })).toEqual({
      jobId: 'ej_1',
      charged: 2300,
      refunded: 200,
    });
  });

  it('unlock names: 1 credit per lead', () => {
    expect(estimate('leadFinder.unlockNames', { leads: [{ id: 'a' }, { id: 'b' }] })).toBe(2);
    expect(actual('leadFinder.unlockNames', { leads: [{ id: 'a' }, { id: 'b' }] }, { results: [{ id: 'a', lastName: 'Doe' }] })).toBe(1);
  });

  it('employee finder and waterfall ICP search: 1 credit per result, up to max_results', () => {
    const company = { company_linkedin_url: 'https://www.linkedin.com/company/google/' };
    expect(estimate('peopleSearch.findEmployees', company)).toBe(10);
    expect(estimate('peopleSearch.waterfallIcpSearch', company)).toBe(25);
    expect(actual('peopleSearch.findEmployees', company, { results: [{}, {}, {}, {}] })).toBe(4);
    expect(actual('peopleSearch.waterfallIcpSearch', company, { results: [] })).toBe(0);
  });

  it('everything else is free', () => {
    for (const [key, input] of [
      ['leadFinder.count', {}],
      ['leadFinder.getFilterOptions', {}],
      ['leadFinder.suggest', { q: 'Str' }],
      ['leadFinder.listSavedSearches', {}],
      ['wallet.getBalance', {}],
      ['wallet.listTransactions', {}],
      ['team.listMembers', { teamId: 't1' }],
      ['leadFinder.getRevealJob', { jobId: 'rj_1' }],
      ['companyFollowers.getDailyLimit', {}],
    ] as const) {
      expect({ key, estimate: estimate(key, input), actual: actual(key, input, {}) }).toEqual({ key, estimate: 0, actual: 0 });
    }
  });
});
