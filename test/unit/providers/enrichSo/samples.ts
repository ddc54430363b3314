/**
 * One good and one bad input per Enrich.so operation, keyed by operation key. Shared with the
 * sandbox contract tests and the n8n/Zapier adapter tests. Good samples are realistic and, under
 * the sandbox's deterministic rules, find something (no `invalid`/`risky`/`nobody` in emails).
 * Each bad sample breaks exactly one documented rule of `badField`.
 */
export interface EnrichSoSample {
  good: Record<string, unknown>;
  bad: Record<string, unknown>;
  badField: string;
}

const BATCH_ID = '665a1f4e2c3b7800129dce01';
const PHONE_JOB_ID = '665a1f4e2c3b7800129dce02';
const FOLLOWER_BATCH_ID = '665a1f4e2c3b7800129dce03';
// The sandbox's default organization owns this team, so the team samples find it there.
const TEAM_ID = 'team_000001';
const COMPANY = 'https://www.linkedin.com/company/stripe';
const LEAD = { id: 'enc_abc123def456' };

export const enrichSoSamples: Record<string /* op key */, EnrichSoSample> = {
  // email validation
  'emailValidation.validate': { good: { email: 'jane.doe@acme.com' }, bad: { email: 'jane.doe-at-acme.com' }, badField: 'email' },
  'emailValidation.submitBatch': {
    good: { emails: ['jane.doe@acme.com', 'john.smith@globex.com', 'ops@initech.io'] },
    bad: { emails: [] },
    badField: 'emails',
  },
  'emailValidation.getBatchStatus': { good: { batchId: BATCH_ID }, bad: { batchId: '../../wallets/balance' }, badField: 'batchId' },
  'emailValidation.getBatchResults': { good: { batchId: BATCH_ID, page: 1, limit: 100 }, bad: { batchId: BATCH_ID, limit: 5000 }, badField: 'limit' },

  // email finder
  'emailFinder.find': {
    good: { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' },
    bad: { firstName: 'Jane', lastName: 'Doe', domain: 'https://acme.com/about' },
    badField: 'domain',
  },
  'emailFinder.submitBatch': {
    good: {
      leads: [
        { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' },
        { firstName: 'John', lastName: 'Smith', domain: 'globex.com' },
      ],
    },
    bad: { leads: [] },
    badField: 'leads',
  },
  'emailFinder.getBatchStatus': { good: { batchId: BATCH_ID }, bad: { batchId: 'batch 1' }, badField: 'batchId' },
  'emailFinder.getBatchResults': { good: { batchId: BATCH_ID, page: 1, limit: 100 }, bad: { batchId: BATCH_ID, page: 0 }, badField: 'page' },

  // phone finder
  'phoneFinder.find': { good: { email: 'jane.doe@acme.com' }, bad: { email: `${'j'.repeat(250)}@acme.com` }, badField: 'email' },
  'phoneFinder.submitBatch': {
    good: { emails: ['jane.doe@acme.com', 'john.smith@globex.com'], linkedins: ['https://www.linkedin.com/in/janedoe'] },
    bad: { emails: ['jane.doe@acme.com', 'not an email'] },
    badField: 'emails',
  },
  'phoneFinder.getBatchStatus': { good: { jobId: PHONE_JOB_ID }, bad: { jobId: 'batch_abc123' }, badField: 'jobId' },
  'phoneFinder.getBatchResults': { good: { jobId: PHONE_JOB_ID, page: 1, limit: 100 }, bad: { jobId: '665a1f4e2c3b7800129dce0' }, badField: 'jobId' },

  // reverse email lookup
  'reverseLookup.lookup': { good: { email: 'jane.doe@acme.com' }, bad: { email: '' }, badField: 'email' },
  'reverseLookup.submitBatch': { good: { emails: ['jane.doe@acme.com', 'john.smith@globex.com'] }, bad: { emails: 'jane.doe@acme.com' }, badField: 'emails' },
  'reverseLookup.getBatchStatus': { good: { batchId: BATCH_ID }, bad: {}, badField: 'batchId' },
  'reverseLookup.getBatchResults': { good: { batchId: BATCH_ID, page: 1, limit: 100 }, bad: { batchId: BATCH_ID, limit: 0 }, badField: 'limit' },

  // IP to company
  'ipToCompany.lookup': { good: { ip: '8.8.8.8' }, bad: { ip: '999.1.1.1' }, badField: 'ip' },
  'ipToCompany.submitBatch': { good: { ips: ['8.8.8.8', '1.1.1.1'] }, bad: { ips: ['8.8.8.8', 'localhost'] }, badField: 'ips' },
  'ipToCompany.getBatchStatus': { good: { batchId: BATCH_ID }, bad: { batchId: 'a/b' }, badField: 'batchId' },
  'ipToCompany.getBatchResults': { good: { batchId: BATCH_ID, page: 1, limit: 100 }, bad: { batchId: BATCH_ID, limit: 1001 }, badField: 'limit' },

  // company followers
  'companyFollowers.startCountEstimate': {
    good: { companyUrl: COMPANY, departments: ['Engineering', 'Sales'] },
    bad: { companyUrl: 'https://stripe.com' },
    badField: 'companyUrl',
  },
  'companyFollowers.getCountEstimate': { good: { batchId: FOLLOWER_BATCH_ID }, bad: { batchId: '' }, badField: 'batchId' },
  'companyFollowers.startScrape': {
    good: { companyUrl: COMPANY, max_limit: 500, countries: ['United States'], levels: ['Director', 'Vice President'], creditsPerProfile: 1 },
    bad: { companyUrl: COMPANY, max_limit: 60000 },
    badField: 'max_limit',
  },
  'companyFollowers.continueScrape': { good: { batchId: FOLLOWER_BATCH_ID }, bad: { batchId: 'x?y=1' }, badField: 'batchId' },
  'companyFollowers.getProgress': { good: { batchId: FOLLOWER_BATCH_ID }, bad: { batchId: 42 }, badField: 'batchId' },
  'companyFollowers.getResults': {
    good: { batchId: FOLLOWER_BATCH_ID, page: 1, limit: 100 },
    bad: { batchId: FOLLOWER_BATCH_ID, limit: 501 },
    badField: 'limit',
  },
  'companyFollowers.exportCsv': { good: { batchId: FOLLOWER_BATCH_ID }, bad: {}, badField: 'batchId' },
  'companyFollowers.getDailyLimit': { good: {}, bad: { companyUrl: COMPANY }, badField: 'companyUrl' },

  // wallet
  'wallet.getBalance': { good: {}, bad: { email: 'jane.doe@acme.com' }, badField: 'email' },
  'wallet.listTransactions': { good: { page: 1, limit: 50, type: 'deduction' }, bad: { type: 'bonus' }, badField: 'type' },

  // teams
  'team.listMembers': { good: { teamId: TEAM_ID }, bad: { teamId: '../admin' }, badField: 'teamId' },
  'team.invite': {
    good: { teamId: TEAM_ID, email: 'new.hire@acme.com', role: 'member' },
    bad: { teamId: TEAM_ID, email: 'new.hire@acme.com', role: 'owner' },
    badField: 'role',
  },
  'team.listInvitations': { good: { teamId: TEAM_ID }, bad: {}, badField: 'teamId' },
  'team.cancelInvitation': { good: { teamId: TEAM_ID, invitationId: 'inv_8f2c1d' }, bad: { teamId: TEAM_ID }, badField: 'invitationId' },

  // lead finder
  'leadFinder.search': {
    good: { filters: { jobLevel: ['VP'], domain: ['stripe.com'] }, page: 1, pageSize: 25 },
    bad: { filters: {}, pageSize: 101 },
    badField: 'pageSize',
  },
  'leadFinder.count': {
    good: { filters: { jobLevel: ['VP'], countryCode: ['US'] } },
    bad: { filters: { companyName: ['Stripe'], companyNameMode: 'fuzzy' } },
    badField: 'filters',
  },
  'leadFinder.export': {
    good: { filters: { jobLevel: ['VP'] }, maxResults: 100, includeEmail: true },
    bad: { filters: {}, maxResults: 0 },
    badField: 'maxResults',
  },
  'leadFinder.listExportJobs': { good: { page: 1, limit: 20, status: 'completed' }, bad: { limit: 101 }, badField: 'limit' },
  'leadFinder.getExportJob': { good: { jobId: 'ej_a1b2c3d4e5f6a7b8' }, bad: { jobId: 'ej_a1b2/../x' }, badField: 'jobId' },
  'leadFinder.downloadExport': { good: { jobId: 'ej_a1b2c3d4e5f6a7b8' }, bad: {}, badField: 'jobId' },
  'leadFinder.listSavedSearches': { good: {}, bad: { name: 'VPs' }, badField: 'name' },
  'leadFinder.saveSearch': {
    good: { name: 'VPs at fintechs', filters: { jobLevel: ['VP'], industryNaicsCode: ['522320'] } },
    bad: { name: '', filters: {} },
    badField: 'name',
  },
  'leadFinder.deleteSavedSearch': { good: { id: 'ss_5f1c2a9b' }, bad: { id: 'ss 5f1c' }, badField: 'id' },
  'leadFinder.getFilterOptions': { good: {}, bad: { q: 'Str' }, badField: 'q' },
  'leadFinder.suggest': { good: { q: 'Stri', limit: 10 }, bad: { q: 'S' }, badField: 'q' },
  'leadFinder.reveal': {
    good: { leads: [LEAD], fields: ['email'] },
    bad: { leads: Array.from({ length: 26 }, (_, i) => ({ id: `enc_${i}` })) },
    badField: 'leads',
  },
  'leadFinder.enrich': { good: { leads: [LEAD], fields: ['email', 'phone'] }, bad: { leads: [LEAD], fields: ['fax'] }, badField: 'fields' },
  'leadFinder.listRevealJobs': { good: { page: 1, limit: 20 }, bad: { status: 'done' }, badField: 'status' },
  'leadFinder.getRevealJob': { good: { jobId: 'rj_a1b2c3d4e5f6g7h8' }, bad: { jobId: '' }, badField: 'jobId' },
  'leadFinder.unlockNames': { good: { leads: [LEAD] }, bad: { leads: [] }, badField: 'leads' },

  // people search
  'peopleSearch.findEmployees': {
    good: { company_linkedin_url: 'https://www.linkedin.com/company/google/', country: ['United States'], max_results: 10, page: 1 },
    bad: { company_linkedin_url: 'https://www.linkedin.com/company/google/', max_results: 101 },
    badField: 'max_results',
  },
  'peopleSearch.waterfallIcpSearch': {
    good: { company_linkedin_url: 'https://www.linkedin.com/company/google/', max_results: 25, min_score: 50 },
    bad: { company_linkedin_url: 'https://google.com' },
    badField: 'company_linkedin_url',
  },
};
