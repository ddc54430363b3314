/**
 * The v2 endpoints the sandbox plays. Each handler checks its parameters (400 on bad input),
 * builds a deterministic answer and says what it bills — the most it could bill (checked
 * against the balance first: 403 when short) and what it does bill for this answer.
 */
import { Rng } from '../../kit/random';
import type { EnrichLayerAccount, EnrichLayerSandboxConfig } from './config';
import { companySlug, employeesOf, personProfile, titleMatches } from './data';
import { line, type SandboxBill } from './billing';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RouteCtx {
  q: URLSearchParams;
  seed: number;
  cfg: EnrichLayerSandboxConfig;
  account: EnrichLayerAccount;
  /** Absolute URL of this request without its query (for next_page). */
  selfUrl: string;
}

export interface RouteAnswer {
  body: unknown;
  bill: SandboxBill;
  /** Most this request could bill (checked against the balance before anything is done). */
  max: number;
}

export type Handler = (ctx: RouteCtx) => RouteAnswer;

const need = (q: URLSearchParams, name: string): string => {
  const v = q.get(name);
  if (!v) throw new ApiError(400, `Missing required parameter: ${name}`);
  return v;
};
const includes = (q: URLSearchParams, name: string) => q.get(name) === 'include';
const present = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
const flat = (amount: number, body: unknown): RouteAnswer => ({ body, bill: { lines: { base_cost: amount } }, max: amount });
const freeAnswer = (body: unknown): RouteAnswer => ({ body, bill: { lines: {} }, max: 0 });

/**
 * Rows a listing sends when page_size is absent. The listing pages document 10, but the knowledge
 * base warns some endpoints default to 100 and gives 100 for search: the sandbox plays the costlier
 * reading everywhere, so a client that leaves the page size to the provider is caught paying for it.
 */
export const UNSTATED_PAGE_SIZE = 100;

function pageSizeOf(ctx: RouteCtx, max: number): number {
  const raw = ctx.q.get('page_size');
  const enrichedOnly = ctx.q.get('enrich_profiles') === 'enrich' || ctx.q.get('use_cache') === 'if-recent';
  const size = raw === null ? (enrichedOnly ? 10 : Math.min(UNSTATED_PAGE_SIZE, max)) : Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) throw new ApiError(400, `page_size must be between 1 and ${max}`);
  const enriched = ctx.q.get('enrich_profiles') === 'enrich' || ctx.q.get('use_cache') === 'if-recent';
  if (enriched && size > 10) throw new ApiError(400, 'page_size must be between 1 and 10 when enrich_profiles=enrich or use_cache=if-recent');
  return size;
}

/** One page of `rows` from offset `after`, and the next page's absolute URL (or null). */
function page<T>(ctx: RouteCtx, rows: T[], size: number): { slice: T[]; next: string | null } {
  const after = Number(ctx.q.get('after') ?? 0);
  const slice = rows.slice(after, after + size);
  const end = after + slice.length;
  if (end >= rows.length) return { slice, next: null };
  const q = new URLSearchParams(ctx.q);
  q.set('after', String(end));
  q.set('page_size', String(size));
  return { slice, next: `${ctx.selfUrl}?${q.toString()}` };
}

function profileAnswer(ctx: RouteCtx): RouteAnswer {
  const ids = ['profile_url', 'twitter_profile_url', 'facebook_profile_url', 'linkedin_profile_url'].filter((n) => ctx.q.get(n));
  if (ids.length !== 1) throw new ApiError(400, 'Provide exactly one of profile_url, twitter_profile_url, facebook_profile_url');
  const q = ctx.q;
  const p = personProfile(ctx.seed, q.get(ids[0]!)!);
  const extra = p.extra as Record<string, unknown>;
  const lines: Record<string, number> = { base_cost: 1 };
  let max = 1;
  const premium = (name: string, lineName: string, units: number, maxUnits = 1) => {
    if (!includes(q, name)) return;
    max += maxUnits;
    line(lines, lineName, units);
  };
  premium('extra', 'extra_data', ['gender', 'birth_date', 'industry', 'interests'].some((k) => present(p[k])) ? 1 : 0);
  premium('github_profile_id', 'github_profile_id', present(extra.github_profile_id) ? 1 : 0);
  premium('facebook_profile_id', 'facebook_profile_id', present(extra.facebook_profile_id) ? 1 : 0);
  premium('twitter_profile_id', 'twitter_profile_id', present(extra.twitter_profile_id) ? 1 : 0);
  premium('personal_contact_number', 'personal_contact_number', (p.personal_numbers as unknown[]).length, 2);
  premium('personal_email', 'personal_email', (p.personal_emails as unknown[]).length, 2);
  premium('inferred_salary', 'inferred_salary', present(p.inferred_salary) ? 1 : 0);
  if (ctx.cfg.readings.skills === 'billed') premium('skills', 'skills', present(p.skills) ? 1 : 0);
  if (q.get('use_cache') === 'if-recent') {
    max += 1;
    line(lines, 'use_cache', 1);
  }
  if (q.get('live_fetch') === 'force') {
    max += 9;
    line(lines, 'live_fetch', 9);
  }
  // Data not asked for is not returned.
  const body: Record<string, unknown> = { ...p };
  if (!includes(q, 'extra')) for (const k of ['gender', 'birth_date', 'industry', 'interests']) delete body[k];
  body.extra = Object.fromEntries(['github_profile_id', 'facebook_profile_id', 'twitter_profile_id'].filter((k) => includes(q, k)).map((k) => [k, extra[k]]));
  if (!includes(q, 'personal_contact_number')) delete body.personal_numbers;
  if (!includes(q, 'personal_email')) delete body.personal_emails;
  if (!includes(q, 'inferred_salary')) delete body.inferred_salary;
  if (!includes(q, 'skills')) delete body.skills;
  return { body, bill: { lines }, max };
}

function employeesAnswer(ctx: RouteCtx): RouteAnswer {
  const q = ctx.q;
  const slug = companySlug(need(q, 'url'));
  const size = pageSizeOf(ctx, ctx.cfg.readings.pageSizeMax);
  const status = q.get('employment_status') ?? 'current';
  const countries = (q.get('country') ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const role = q.get('boolean_role_search') ?? q.get('role_search');
  if (role && role.length > 255) throw new ApiError(400, 'boolean_role_search must be at most 255 characters');
  const sort = q.get('sort_by') ?? 'none';
  let rows = employeesOf(ctx.seed, slug, ctx.cfg.companies[slug] ?? ctx.cfg.defaultEmployees).filter(
    (e) =>
      (status === 'all' || (status === 'current') === e.current) &&
      (countries.length === 0 || countries.includes(e.country)) &&
      (!role || titleMatches(role, e.title)),
  );
  if (sort === 'recently-joined') rows = [...rows].sort((a, b) => b.joined.localeCompare(a.joined) || a.index - b.index);
  if (sort === 'oldest') rows = [...rows].sort((a, b) => a.joined.localeCompare(b.joined) || a.index - b.index);
  const { slice, next } = page(ctx, rows, size);
  const enrich = q.get('enrich_profiles') === 'enrich';
  const lines: Record<string, number> = {};
  const each: Record<string, number> = { base_cost: 3 };
  line(lines, 'role_search', 10, !!role);
  line(each, 'role_search', ctx.cfg.readings.roleSearchPerResult, !!role);
  line(lines, 'sort_by', 50, sort !== 'none');
  line(each, 'sort_by', 10, sort !== 'none');
  line(each, 'countries', 3, countries.length > 0);
  line(each, 'enrich_profiles', 1, enrich);
  line(each, 'use_cache', ctx.account.plan === 'growth' ? 1 : 2, q.get('use_cache') === 'if-recent');
  line(lines, 'resolve_numeric_id', 2, q.get('resolve_numeric_id') === 'true');
  const perItem = Object.values(each).reduce((a, b) => a + b, 0);
  const employees = slice.map((e) => ({
    profile_url: e.profileUrl,
    profile: enrich ? { full_name: e.name, occupation: e.title, country: e.country.toUpperCase() } : null,
    last_updated: '2026-01-15T08:00:00Z',
  }));
  return {
    body: { employees, next_page: next },
    bill: { lines, items: { count: employees.length, each } },
    max: Object.values(lines).reduce((a, b) => a + b, 0) + perItem * size,
  };
}

function employeeSearchAnswer(ctx: RouteCtx): RouteAnswer {
  const q = ctx.q;
  const slug = companySlug(need(q, 'company_profile_url'));
  const keyword = need(q, 'keyword_boolean');
  const size = pageSizeOf(ctx, ctx.cfg.readings.pageSizeMax);
  const rows = employeesOf(ctx.seed, slug, ctx.cfg.companies[slug] ?? ctx.cfg.defaultEmployees).filter((e) => e.current && titleMatches(keyword, e.title));
  const { slice, next } = page(ctx, rows, size);
  return {
    body: { employees: slice.map((e) => ({ profile_url: e.profileUrl, profile: null, last_updated: '2026-01-15T08:00:00Z' })), next_page: next },
    bill: { lines: { base_cost: 10 } },
    max: 10,
  };
}

function searchAnswer(kind: 'person' | 'company') {
  return (ctx: RouteCtx): RouteAnswer => {
    const size = pageSizeOf(ctx, 100);
    const rows = Array.from({ length: 37 }, (_, i) => ({
      [kind === 'person' ? 'linkedin_profile_url' : 'linkedin_profile_url']:
        `https://www.linkedin.com/${kind === 'person' ? 'in' : 'company'}/${kind}-result-${i}`,
      profile: null,
      last_updated: '2026-01-15T08:00:00Z',
    }));
    const { slice, next } = page(ctx, rows, size);
    const perRequest = ctx.cfg.readings.searchPricing === 'perRequest';
    return {
      body: { results: slice, next_page: next, total_result_count: rows.length },
      bill: perRequest ? { lines: { base_cost: 35 } } : { lines: {}, items: { count: slice.length, each: { base_cost: 3 } } },
      max: perRequest ? 35 : 3 * size,
    };
  };
}

function contactList(field: 'personal_numbers' | 'personal_emails', key: 'numbers' | 'emails', lineName: string): Handler {
  return (ctx) => {
    const id = ['profile_url', 'twitter_profile_url', 'facebook_profile_url'].map((n) => ctx.q.get(n)).find(Boolean);
    if (!id) throw new ApiError(400, 'Provide one of profile_url, twitter_profile_url, facebook_profile_url');
    const limit = Number(ctx.q.get('page_size') ?? 0);
    const all = personProfile(ctx.seed, id)[field] as string[];
    const found = limit > 0 ? all.slice(0, limit) : all;
    const body = key === 'emails' ? { emails: found, invalid_emails: [] } : { numbers: found };
    return { body, bill: { lines: found.length ? { [lineName]: found.length } : {} }, max: limit > 0 ? limit : 2 };
  };
}

const rngFor = (ctx: RouteCtx, ...parts: string[]) => new Rng(ctx.seed, ...parts);

export const routes: Record<string, Handler> = {
  '/credit-balance': () => ({ body: {}, bill: { lines: {} }, max: 0 }),
  '/profile': profileAnswer,
  '/company/employees': employeesAnswer,
  '/company/employee/search': employeeSearchAnswer,
  '/company': (ctx) => {
    const slug = companySlug(need(ctx.q, 'url'));
    const body: Record<string, unknown> = {
      name: slug[0]!.toUpperCase() + slug.slice(1),
      website: `https://${slug}.example`,
      industry: 'Software',
      search_id: String(1000 + ((slug.length * 7919) % 9000)),
      company_size_on_linkedin: ctx.cfg.companies[slug] ?? ctx.cfg.defaultEmployees,
    };
    const lines: Record<string, number> = { base_cost: 1 };
    let max = 1;
    const addOns: Record<string, unknown> = {
      categories: ['software'],
      funding_data: [{ funding_type: 'Series A', money_raised: 5_000_000 }],
      exit_data: [],
      acquisitions: null,
      extra: { ipo_status: 'Private' },
    };
    for (const [name, value] of Object.entries(addOns)) {
      if (!includes(ctx.q, name)) continue;
      max += 1;
      body[name] = value;
      line(lines, name, 1, present(value));
    }
    if (ctx.q.get('use_cache') === 'if-recent') {
      max += 1;
      line(lines, 'use_cache', 1);
    }
    return { body, bill: { lines }, max };
  },
  '/company/resolve': (ctx) => {
    const name = ctx.q.get('company_name') ?? ctx.q.get('company_domain');
    if (!name) throw new ApiError(400, 'Provide company_name or company_domain');
    return flat(2, {
      url: `https://www.linkedin.com/company/${name
        .toLowerCase()
        .replace(/\..*$/, '')
        .replace(/[^a-z0-9]+/g, '-')}`,
      last_updated: '2026-01-15T08:00:00Z',
    });
  },
  '/company/resolve-id': (ctx) => freeAnswer({ url: `https://www.linkedin.com/company/company-${need(ctx.q, 'id')}` }),
  '/company/profile-picture': (ctx) => freeAnswer({ tmp_profile_pic_url: `https://media.example/${companySlug(need(ctx.q, 'company_profile_url'))}.png` }),
  '/company/employees/count': (ctx) => {
    const slug = companySlug(need(ctx.q, 'url'));
    const n = ctx.cfg.companies[slug] ?? ctx.cfg.defaultEmployees;
    return flat(1, { total_employee: n, linkedin_employee_count: n, linkdb_employee_count: n });
  },
  '/profile/resolve': (ctx) =>
    flat(2, {
      url: `https://www.linkedin.com/in/${need(ctx.q, 'first_name').toLowerCase()}-${need(ctx.q, 'company_domain').toLowerCase().replace(/\..*$/, '')}`,
      name_similarity_score: 0.9,
    }),
  '/person/profile-picture': (ctx) =>
    freeAnswer({ tmp_profile_pic_url: `https://media.example/p/${encodeURIComponent(need(ctx.q, 'person_profile_url')).length}.png` }),
  '/find/company/role': (ctx) =>
    flat(3, { linkedin_profile_url: `https://www.linkedin.com/in/${need(ctx.q, 'role').toLowerCase()}-of-${need(ctx.q, 'company_name').toLowerCase()}` }),
  '/profile/resolve/email': (ctx) => flat(3, { profile_url: `https://www.linkedin.com/in/${need(ctx.q, 'email').split('@')[0]}`, similarity_score: 0.8 }),
  '/resolve/phone': (ctx) => flat(3, { profile_url: `https://www.linkedin.com/in/phone-${need(ctx.q, 'phone_number').slice(-4)}` }),
  '/profile/email': (ctx) => flat(3, { email: `${need(ctx.q, 'profile_url').split('/').filter(Boolean).pop()}@work.example`, status: 'email_found' }),
  '/contact-api/personal-contact': contactList('personal_numbers', 'numbers', 'personal_contact_number'),
  '/contact-api/personal-email': contactList('personal_emails', 'emails', 'personal_email'),
  '/disposable-email': (ctx) =>
    freeAnswer({ is_disposable_email: /mailinator|tempmail/i.test(need(ctx.q, 'email')), is_free_email: /gmail|yahoo|outlook/i.test(ctx.q.get('email')!) }),
  '/school': (ctx) => {
    need(ctx.q, 'url');
    const lines: Record<string, number> = { base_cost: 1 };
    let max = 1;
    if (ctx.q.get('use_cache') === 'if-recent') {
      max += 1;
      line(lines, 'use_cache', 1);
    }
    if (ctx.q.get('live_fetch') === 'force') {
      max += 9;
      line(lines, 'live_fetch', 9);
    }
    return { body: { name: 'Sandbox University', website: 'https://university.example', follower_count: 12000 }, bill: { lines }, max };
  },
  // The reference (§4.5) writes this one path with its trailing slash.
  '/school/students/': (ctx) => {
    need(ctx.q, 'school_url');
    const size = pageSizeOf(ctx, ctx.cfg.readings.pageSizeMax);
    const rows = Array.from({ length: 23 }, (_, i) => ({
      profile_url: `https://www.linkedin.com/in/student-${i}`,
      profile: null,
      last_updated: '2026-01-15T08:00:00Z',
    }));
    const { slice, next } = page(ctx, rows, size);
    return { body: { students: slice, next_page: next }, bill: { lines: {}, items: { count: slice.length, each: { base_cost: 3 } } }, max: 3 * size };
  },
  '/job': (ctx) =>
    flat(2, {
      title: 'Software Engineer',
      job_description: 'Build things.',
      employment_type: 'Full-time',
      seniority_level: 'Mid-Senior level',
      url: need(ctx.q, 'url'),
    }),
  '/company/job': (ctx) => {
    const rng = rngFor(ctx, 'jobs', ctx.q.get('search_id') ?? '');
    return flat(2, {
      job: Array.from({ length: rng.int(1, 5) }, (_, i) => ({
        company: 'Sandbox',
        job_title: `Engineer ${i + 1}`,
        job_url: `https://www.linkedin.com/jobs/view/${1000 + i}`,
        list_date: '2026-01-10',
        location: 'Toronto',
      })),
      next_page_no: null,
      next_page_api_url: null,
    });
  },
  '/company/job/count': (ctx) => flat(2, { count: rngFor(ctx, 'jobcount', ctx.q.get('search_id') ?? '').int(0, 40) }),
  '/search/company': searchAnswer('company'),
  '/search/person': searchAnswer('person'),
};
