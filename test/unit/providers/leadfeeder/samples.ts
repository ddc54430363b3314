/**
 * One good and one bad input per Leadfeeder operation, keyed by operation key, shared by the
 * sandbox, integration and adapter tests. Good samples find something in the sandbox's world
 * (companies cmp_0001…cmp_0060, five contacts each, a seeded list and tag per account). Each
 * bad sample breaks exactly one rule of `badField`.
 */
export interface LeadfeederSample {
  good: Record<string, unknown>;
  bad: Record<string, unknown>;
  badField: string;
}

/** The seeded list and tag of the sandbox's first account. */
export const SEEDED_LIST = 'list_sandbox_1_1';
export const SEEDED_TAG = 'tag_sandbox_1_2';

export const leadfeederSamples: Record<string, LeadfeederSample> = {
  'account.list': { good: {}, bad: { account: 'x' }, badField: 'account' },
  'account.get': { good: {}, bad: { id: 'x' }, badField: 'id' },
  'user.me': { good: {}, bad: { email: 'x' }, badField: 'email' },
  'company.get': { good: { id: 'cmp_0002', include: ['lists', 'tags'] }, bad: { id: '../accounts' }, badField: 'id' },
  'company.retrieve': { good: { ids: ['cmp_0003', 'cmp_0004'] }, bad: { ids: [] }, badField: 'ids' },
  'company.search': { good: { search_terms: ['acme'] }, bad: { search_terms: ['acme'], filters: { has_fax: true } }, badField: 'filters' },
  'company.match': { good: { companies: [{ url: 'https://globex-oy.example' }] }, bad: { companies: [{ city: 'Berlin' }] }, badField: 'companies' },
  'contact.get': { good: { id: 'con_0005_1', include: ['company'] }, bad: { id: 'con 1' }, badField: 'id' },
  'contact.retrieve': { good: { ids: ['con_0006_1', 'con_0006_2'] }, bad: { ids: ['con/1'] }, badField: 'ids' },
  'contact.search': { good: { company_ids: ['cmp_0007'], departments: ['sales_department'] }, bad: { emails: ['not-an-email'] }, badField: 'emails' },
  'webVisit.visitorCompanies': {
    good: { start_date: '2026-03-01', end_date: '2026-03-02' },
    bad: { start_date: '1 March 2026', end_date: '2026-03-02' },
    badField: 'start_date',
  },
  'webVisit.search': {
    good: { start_date: '2026-02-20', end_date: '2026-03-02', company_id: 'cmp_0001' },
    bad: { start_date: '2026-03-01', end_date: '2026-02-31' },
    badField: 'end_date',
  },
  'customFeed.list': { good: { include: ['folder'] }, bad: { include: ['owner'] }, badField: 'include' },
  'list.list': { good: {}, bad: { 'page[size]': 500 }, badField: 'page[size]' },
  'list.get': { good: { id: SEEDED_LIST }, bad: { id: '' }, badField: 'id' },
  'list.create': { good: { name: 'Visitors to call' }, bad: { name: '' }, badField: 'name' },
  'list.update': { good: { id: SEEDED_LIST, name: 'Target accounts (renamed)' }, bad: { id: SEEDED_LIST, name: 'x'.repeat(300) }, badField: 'name' },
  'list.delete': { good: { id: 'list_sandbox_1_404' }, bad: { id: 'a.b' }, badField: 'id' },
  'list.items': { good: { id: SEEDED_LIST }, bad: { id: 'a/b' }, badField: 'id' },
  'tag.list': { good: {}, bad: { 'page[size]': 0 }, badField: 'page[size]' },
  'tag.get': { good: { id: SEEDED_TAG }, bad: { id: 'tag?x=1' }, badField: 'id' },
  'tag.create': { good: { name: 'Webinar' }, bad: { name: '   ' }, badField: 'name' },
  'tag.update': { good: { id: SEEDED_TAG, name: 'Hot' }, bad: { id: SEEDED_TAG, extraFields: 'name=x' }, badField: 'extraFields' },
  'tag.delete': { good: { id: 'tag_sandbox_1_404' }, bad: { id: '' }, badField: 'id' },
  'ip.enrich': { good: { ip: '81.2.69.160' }, bad: { ip: '999.1.1.1' }, badField: 'ip' },
};
