/** One good and one bad input per EnrichLayer operation (the bad one names the field it breaks). */
const GATES = 'https://www.linkedin.com/in/williamhgates';
const MICROSOFT = 'https://www.linkedin.com/company/microsoft';
const SCHOOL = 'https://www.linkedin.com/school/sandbox-university';

export interface Sample {
  good: Record<string, unknown>;
  bad: Record<string, unknown>;
  badField: string;
}

export const enrichLayerSamples: Record<string, Sample> = {
  'company.getProfile': { good: { url: MICROSOFT, categories: 'include' }, bad: { url: 'microsoft' }, badField: 'url' },
  'company.lookup': { good: { company_domain: 'accenture.com' }, bad: { company_domain: 'https://accenture.com' }, badField: 'company_domain' },
  'company.lookupById': { good: { id: '1441' }, bad: { id: 'abc' }, badField: 'id' },
  'company.getProfilePicture': { good: { company_profile_url: MICROSOFT }, bad: { company_profile_url: 'nope' }, badField: 'company_profile_url' },
  'company.listEmployees': { good: { url: MICROSOFT, country: 'ca' }, bad: { url: MICROSOFT, country: 'Canada' }, badField: 'country' },
  'company.getEmployeeCount': { good: { url: MICROSOFT }, bad: { url: MICROSOFT, at_date: '31/12/2023' }, badField: 'at_date' },
  'company.searchEmployees': {
    good: { company_profile_url: MICROSOFT, keyword_boolean: 'engineer' },
    bad: { company_profile_url: MICROSOFT, keyword_boolean: 'x'.repeat(300) },
    badField: 'keyword_boolean',
  },
  'person.getProfile': { good: { profile_url: GATES, extra: 'include' }, bad: { profile_url: GATES, live_fetch: 'always' }, badField: 'live_fetch' },
  'person.lookup': {
    good: { first_name: 'Bill', company_domain: 'gatesfoundation.org' },
    bad: { first_name: 'B'.repeat(101), company_domain: 'gatesfoundation.org' },
    badField: 'first_name',
  },
  'person.getProfilePicture': { good: { person_profile_url: GATES }, bad: { person_profile_url: 'gates' }, badField: 'person_profile_url' },
  'person.lookupRole': { good: { company_name: 'enrichlayer', role: 'ceo' }, bad: { company_name: 'enrichlayer', role: 'r'.repeat(201) }, badField: 'role' },
  'contact.reverseEmailLookup': { good: { email: 'bill@gatesfoundation.org' }, bad: { email: 'bill' }, badField: 'email' },
  'contact.reversePhoneLookup': { good: { phone_number: '+14155552671' }, bad: { phone_number: '415-555' }, badField: 'phone_number' },
  'contact.lookupWorkEmail': { good: { profile_url: GATES }, bad: { profile_url: 'gates' }, badField: 'profile_url' },
  'contact.getPersonalNumbers': {
    good: { profile_url: 'https://www.linkedin.com/in/grace', page_size: 1 },
    bad: { profile_url: GATES, page_size: 0 },
    badField: 'page_size',
  },
  'contact.getPersonalEmails': {
    good: { profile_url: 'https://www.linkedin.com/in/someone-else' },
    bad: { profile_url: GATES, email_validation: 'strict' },
    badField: 'email_validation',
  },
  'contact.checkDisposableEmail': { good: { email: 'x@mailinator.com' }, bad: { email: 'x' }, badField: 'email' },
  'school.getProfile': { good: { url: SCHOOL }, bad: { url: 'school' }, badField: 'url' },
  'school.listStudents': { good: { school_url: SCHOOL }, bad: { school_url: SCHOOL, student_status: 'alumni' }, badField: 'student_status' },
  'job.getProfile': { good: { url: 'https://www.linkedin.com/jobs/view/3667167926/' }, bad: { url: 'job' }, badField: 'url' },
  'job.search': { good: { search_id: '2790400', keyword: 'engineer' }, bad: { search_id: 'microsoft' }, badField: 'search_id' },
  'job.getCount': { good: { search_id: '2790400' }, bad: { when: 'last-year' }, badField: 'when' },
  'search.companies': { good: { country: 'us' }, bad: { founded_after_year: 1500 }, badField: 'founded_after_year' },
  'search.people': { good: { country: 'us', current_role_title: 'CEO' }, bad: { current_role_after: 'yesterday' }, badField: 'current_role_after' },
  'meta.getCreditBalance': { good: {}, bad: { extra: 'x' }, badField: 'extra' },
};
