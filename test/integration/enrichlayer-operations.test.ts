/**
 * Issue #10: every EnrichLayer operation through the real client against the sandbox, the
 * credits guide's two worked examples as the bill before and after, and a 250-employee Return
 * All whose request count and cost match the sandbox.
 */
import type { CallResult, EnrichflowClient } from '../../shared/client';
import { enrichLayer } from '../../shared/providers/enrichLayer';
import { startLayerEnv, type LayerEnv } from './enrichlayer-helpers';

const GATES = 'https://www.linkedin.com/in/williamhgates';
const MICROSOFT = 'https://www.linkedin.com/company/microsoft';

let env: LayerEnv;
let client: EnrichflowClient;
let walletBefore: number;
const covered = new Set<string>();

function expectSchema(key: string, data: unknown): void {
  const parsed = enrichLayer.operations.find((o) => o.key === key)!.output.safeParse(data);
  expect(parsed.success ? 'matches' : { key, issues: parsed.error.issues }).toBe('matches');
}

async function run(key: string, input: unknown, charged?: number): Promise<CallResult<any>> {
  const result = await client.call<any>(key, input);
  covered.add(key);
  expectSchema(key, result.data);
  if (charged !== undefined) expect({ key, charged: result.credits.charged }).toEqual({ key, charged });
  return result;
}

beforeAll(async () => {
  env = await startLayerEnv({ companies: { 'acme-250': 250 } });
  client = env.client();
  walletBefore = env.balance();
});
afterAll(() => env.close());

describe('the credits guide’s worked examples', () => {
  const allPremium = {
    profile_url: GATES,
    extra: 'include',
    github_profile_id: 'include',
    facebook_profile_id: 'include',
    twitter_profile_id: 'include',
    live_fetch: 'force',
  };

  it('person profile: the estimate is 14, itemised like the API log', async () => {
    expect(await client.quote('person.getProfile', allPremium)).toMatchObject({
      credits: 14,
      bill: { base_cost: 1, extra_data: 1, github_profile_id: 1, facebook_profile_id: 1, twitter_profile_id: 1, live_fetch: 9 },
    });
  });

  it('person profile: the guide’s full request (numbers, salary and skills return nothing) bills 14, read back with the same lines', async () => {
    const seedRequest = { ...allPremium, personal_contact_number: 'include', inferred_salary: 'include', skills: 'include' };
    // Upper bound: the three parameters that may return nothing are counted too, numbers at 2.
    expect(await client.estimate('person.getProfile', seedRequest)).toBe(18);
    const before = env.balance();
    const result = await run('person.getProfile', seedRequest, 14);
    const bill = { base_cost: 1, extra_data: 1, github_profile_id: 1, facebook_profile_id: 1, twitter_profile_id: 1, live_fetch: 9 };
    expect(result.credits.bill).toEqual(bill);
    expect(env.logs().at(-1)).toMatchObject({ credits: 14, breakdown: bill });
    expect(before - env.balance()).toBe(14);
  });

  const listing = { url: MICROSOFT, country: 'ca', boolean_role_search: 'software and engineer', sort_by: 'recently-joined', page_size: 3 } as const;
  const listingBill = { role_search: 10, sort_by: 50, items: 57, items_count: 3, items_breakdown: { base_cost: 3, role_search: 3, sort_by: 10, countries: 3 } };

  it('employee listing: 3 items estimate 117 = role_search 10 + sort_by 50 + items 57', async () => {
    expect(await client.quote('company.listEmployees', listing)).toMatchObject({ credits: 117, bill: listingBill });
  });

  it('employee listing: 3 Canadian software engineers bill 117, read back as the guide itemises it', async () => {
    const before = env.balance();
    const result = await run('company.listEmployees', listing, 117);
    expect(result.data.employees).toHaveLength(3);
    expect(result.credits.bill).toEqual(listingBill);
    expect(env.logs().at(-1)).toMatchObject({ credits: 117, breakdown: listingBill });
    expect(before - env.balance()).toBe(117);
  });
});

describe('Return All on the employee listing', () => {
  it('250 employees at 100 a page: exactly ceil(250 / 100) requests, the reported cost equals the wallet', async () => {
    const before = env.balance();
    const requestsBefore = env.requestCount();
    const walk = await client.list('company.listEmployees', { url: 'https://www.linkedin.com/company/acme-250', employment_status: 'all', page_size: 100 });
    covered.add('company.listEmployees');
    expect(walk.items).toHaveLength(250);
    expect(env.requestCount() - requestsBefore).toBe(Math.ceil(250 / 100));
    expect(walk.credits.charged).toBe(750);
    expect(walk.credits.bill).toEqual({ items: 750, items_count: 250, items_breakdown: { base_cost: 3 } });
    expect(before - env.balance()).toBe(walk.credits.charged);
  });

  it('with enriched profiles the walk pages at 10: 25 requests for 250 employees', async () => {
    const before = env.balance();
    const requestsBefore = env.requestCount();
    const walk = await client.list(
      'company.listEmployees',
      { url: 'https://www.linkedin.com/company/acme-250', employment_status: 'all', enrich_profiles: 'enrich' },
      { pageSize: 100 },
    );
    expect(walk.items).toHaveLength(250);
    expect(env.requestCount() - requestsBefore).toBe(Math.ceil(250 / 10));
    expect(walk.credits.charged).toBe(250 * 4);
    expect(before - env.balance()).toBe(1_000);
  });

  it('a budget stops the walk before the page that would exceed it; what was paid is kept and equals the wallet', async () => {
    const budgeted = env.client({ budget: 100 });
    const before = env.balance();
    const walk = await budgeted.list('company.listEmployees', { url: 'https://www.linkedin.com/company/acme-250', employment_status: 'all', page_size: 10 });
    // Each page of 10 may cost 30: pages 1–3 fit in 100, the fourth would not.
    expect(walk).toMatchObject({ pages: 3, stoppedBy: 'budget', credits: { charged: 90 } });
    expect(walk.items).toHaveLength(30);
    expect(before - env.balance()).toBe(90);
  });
});

describe('every other operation against the sandbox', () => {
  it('companies', async () => {
    const profile = await run('company.getProfile', { url: MICROSOFT, categories: 'include', acquisitions: 'include' });
    // acquisitions came back empty: not billed.
    expect(profile.credits).toMatchObject({ estimated: 3, charged: 2, bill: { base_cost: 1, categories: 1 } });
    await run('company.lookup', { company_domain: 'accenture.com' }, 2);
    await run('company.lookupById', { id: '1441' }, 0);
    await run('company.getProfilePicture', { company_profile_url: MICROSOFT }, 0);
    const count = await run('company.getEmployeeCount', { url: MICROSOFT }, 1);
    expect(count.data.total_employee).toBe(120);
    const search = await run('company.searchEmployees', { company_profile_url: MICROSOFT, keyword_boolean: 'engineer', page_size: 5 }, 10);
    expect(search.data.employees.length).toBeGreaterThan(0);
  });

  it('people', async () => {
    await run('person.lookup', { first_name: 'Bill', company_domain: 'gatesfoundation.org' }, 2);
    await run('person.getProfilePicture', { person_profile_url: GATES }, 0);
    await run('person.lookupRole', { company_name: 'enrichlayer', role: 'ceo' }, 3);
    const plain = await run('person.getProfile', { profile_url: 'https://www.linkedin.com/in/someone-else' }, 1);
    expect(plain.credits.bill).toEqual({ base_cost: 1 });
  });

  it('contacts: personal numbers and emails bill per entry returned', async () => {
    await run('contact.reverseEmailLookup', { email: 'bill@gatesfoundation.org' }, 3);
    await run('contact.reversePhoneLookup', { phone_number: '+14155552671' }, 3);
    await run('contact.lookupWorkEmail', { profile_url: GATES }, 3);
    const numbers = await run('contact.getPersonalNumbers', { profile_url: 'https://www.linkedin.com/in/grace', page_size: 1 });
    // Two numbers on file, page_size 1: one returned, one billed.
    expect(numbers.data.numbers).toHaveLength(1);
    expect(numbers.credits).toMatchObject({ estimated: 1, charged: 1, bill: { personal_contact_number: 1 } });
    const emails = await run('contact.getPersonalEmails', { profile_url: 'https://www.linkedin.com/in/someone-else' });
    expect(emails.data.emails).toHaveLength(2);
    expect(emails.credits).toMatchObject({ charged: 2, bill: { personal_email: 2 } });
    const gates = await run('contact.getPersonalNumbers', { profile_url: GATES }, 0);
    expect(gates.data.numbers).toEqual([]);
    await run('contact.checkDisposableEmail', { email: 'x@mailinator.com' }, 0);
  });

  it('schools, jobs, search and the balance', async () => {
    await run('school.getProfile', { url: 'https://www.linkedin.com/school/sandbox-university', live_fetch: 'force' }, 10);
    const students = await run('school.listStudents', { school_url: 'https://www.linkedin.com/school/sandbox-university', page_size: 5 }, 15);
    expect(students.data.next_page).toEqual(expect.stringContaining('after=5'));
    await run('job.getProfile', { url: 'https://www.linkedin.com/jobs/view/3667167926/' }, 2);
    await run('job.search', { search_id: '2790400', keyword: 'engineer' }, 2);
    await run('job.getCount', { search_id: '2790400' }, 2);
    await run('search.companies', { country: 'us', page_size: 4 }, 12);
    await run('search.people', { country: 'us', current_role_title: 'CEO', page_size: 2 }, 6);
    const balance = await run('meta.getCreditBalance', {}, 0);
    expect(balance.data.credit_balance).toBe(env.balance());
    expect(await client.balance()).toBe(env.balance());
  });

  it('covered every operation of the catalog, and the ledger equals the wallet', () => {
    expect([...covered].sort()).toEqual(enrichLayer.operations.map((o) => o.key).sort());
    expect(enrichLayer.operations).toHaveLength(25);
    expect(client.summary().charged + 90).toBe(walletBefore - env.balance());
  });
});
