/**
 * Deterministic people data: company followers, count estimates, Lead Finder leads and
 * People Search employees. Rules tests can rely on (see README):
 *  - a company URL containing `nobody` has no followers/employees; `partial` makes a scrape end
 *    `partial` (continue recovers the gap); `unrecoverable` ends `partial` with a 422 on continue;
 *    a count estimate for a URL containing `fail` fails (and is refunded);
 *  - a Lead Finder filter value containing `nobody` matches no leads; search honours the
 *    filters listed in lead-search.ts (a VP search returns VPs);
 *  - a lead's data is a function of its id, so reveal/unlock/export agree with search.
 */
import { Rng, hash32 } from '../../kit/random';
import { COMPANIES, FIRST_NAMES, JOB_FUNCTIONS, JOB_LEVELS, JOB_TITLES, LAST_NAMES } from './data';
import { choicesOf, companyByCode, searchLeads } from './lead-search';

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Stable key for a JSON value (object keys sorted), for caches and seeds. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const mentionsNobody = (value: unknown) => canonical(value).toLowerCase().includes('nobody');

// ---- company followers ----------------------------------------------------------------------

export type PartialMode = 'recoverable' | 'unrecoverable' | undefined;

export function followerPlan(seed: number, companyUrl: string, maxLimit: number): { deliverable: number; firstRun: number; partial: PartialMode } {
  const url = companyUrl.toLowerCase();
  const available = url.includes('nobody') ? 0 : new Rng(seed, 'followers', url).int(300, 3000);
  const deliverable = Math.min(maxLimit, available);
  const partial: PartialMode = url.includes('unrecoverable') ? 'unrecoverable' : url.includes('partial') ? 'recoverable' : undefined;
  // A partial scrape under-delivers by a fifth (at least one profile when there is anything to get).
  const firstRun = partial && deliverable > 0 ? Math.max(0, Math.min(deliverable - 1, Math.floor(deliverable * 0.8))) : deliverable;
  return { deliverable, firstRun, partial };
}

export function followerProfile(seed: number, companyUrl: string, index: number): Record<string, unknown> {
  const rng = new Rng(seed, 'follower', companyUrl.toLowerCase(), String(index));
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const company = rng.pick(COMPANIES);
  const handle = `${slug(first)}-${slug(last)}-${rng.hex(6)}`;
  return {
    objectURN: `urn:li:member:${100000 + (hash32(handle) % 900000)}`,
    name: `${first} ${last}`,
    firstName: first,
    lastName: last,
    profileUrl: `https://www.linkedin.com/in/${handle}`,
    profilePictureUrl: null,
    title: rng.pick(JOB_TITLES),
    companyName: company.name,
    companyProfileUrl: `https://www.linkedin.com/company/${slug(company.name)}`,
    companyWebsite: `https://${company.domain}`,
    companyDomain: company.domain,
    companyLogoUrl: null,
    companyLocation: `${company.city}, ${company.country}`,
    location: `${company.city}, ${company.state}`,
    summary: null,
    connectionDegree: rng.int(2, 3),
    tenureAtCompany: `${rng.int(1, 9)} years`,
    industry: company.industry,
    isPremium: rng.bool(0.3),
    isOpenProfile: rng.bool(0.2),
    isSaved: false,
    spotlights: [],
  };
}

export interface CountEstimateFilters {
  countries?: string[];
  states?: string[];
  jobTitles?: string[];
  departments?: string[];
  levels?: string[];
}

export function countEstimateResult(seed: number, companyUrl: string, filters: CountEstimateFilters): Record<string, unknown> {
  const rng = new Rng(seed, 'count-estimate', companyUrl.toLowerCase(), canonical(filters));
  const totalCount = companyUrl.toLowerCase().includes('nobody') ? 0 : rng.int(120, 48_000);
  const share = (items: string[]) => {
    const weights = items.map(() => rng.int(1, 10));
    const sum = weights.reduce((a, b) => a + b, 0);
    return items.map((name, i) => {
      const count = Math.floor((totalCount * (weights[i] as number)) / sum);
      return { name, count, percentage: totalCount === 0 ? 0 : Math.round((count * 10000) / totalCount) / 100 };
    });
  };
  return {
    totalCount,
    functionBreakdown: filters.departments?.length
      ? share(filters.departments).map((d, i) => ({ functionName: d.name, functionId: String(i + 1), count: d.count, percentage: d.percentage }))
      : null,
    seniorityBreakdown: filters.levels?.length
      ? share(filters.levels).map((l, i) => ({ seniorityLevel: l.name, seniorityId: String(i + 1), count: l.count, percentage: l.percentage }))
      : null,
    filtersApplied: {
      countries: filters.countries ?? [],
      states: filters.states ?? [],
      jobTitles: filters.jobTitles ?? [],
      departments: filters.departments ?? [],
      levels: filters.levels ?? [],
    },
  };
}

// ---- Lead Finder ------------------------------------------------------------------------------

export interface Lead {
  id: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  jobLevel: string;
  jobFunction: string;
  companyName: string;
  domain: string;
  city: string;
  stateName: string;
  countryName: string;
  linkedinUrl: string;
  employeeCount: number;
  industry: string;
  /** null = no email on file (a reveal refunds it). */
  emailAddress: string | null;
  /** null = no phone on file (a reveal refunds it). */
  phone: string | null;
  cellphone: string | null;
}

export function leadFromId(seed: number, id: string): Lead {
  const rng = new Rng(seed, 'lead', id);
  // Search ids carry the choices a filter can constrain (lead-search.ts); other ids draw them.
  const drawn = {
    first: rng.int(0, FIRST_NAMES.length - 1),
    last: rng.int(0, LAST_NAMES.length - 1),
    company: rng.int(0, COMPANIES.length - 1),
  };
  const chosen = choicesOf(id);
  const firstName = FIRST_NAMES[chosen?.first ?? drawn.first]!;
  const lastName = LAST_NAMES[chosen?.last ?? drawn.last]!;
  const company = companyByCode(chosen?.company ?? drawn.company);
  const hasEmail = rng.bool(0.85);
  const hasPhone = rng.bool(0.6);
  const digits = rng.digits(7);
  const title = rng.int(0, JOB_TITLES.length - 1);
  const level = rng.int(0, JOB_LEVELS.length - 1);
  const jobFunction = rng.int(0, JOB_FUNCTIONS.length - 1);
  const employees = rng.int(11, 25_000);
  return {
    id,
    firstName,
    lastName,
    jobTitle: JOB_TITLES[chosen?.title ?? title]!,
    jobLevel: JOB_LEVELS[chosen?.level ?? level]!,
    jobFunction: JOB_FUNCTIONS[chosen?.jobFunction ?? jobFunction]!,
    companyName: company.name,
    domain: company.domain,
    city: company.city,
    stateName: company.state,
    countryName: company.country,
    linkedinUrl: `https://www.linkedin.com/in/${slug(firstName)}-${slug(lastName)}-${id.slice(-6)}`,
    employeeCount: chosen?.employees ?? employees,
    industry: company.industry,
    emailAddress: hasEmail ? `${slug(firstName)}.${slug(lastName)}@${company.domain}` : null,
    phone: hasPhone ? `+1415${digits}` : null,
    cellphone: hasPhone && rng.bool(0.5) ? `+1646${rng.digits(7)}` : null,
  };
}

/** How many leads a search matches, and the id of the n-th one. */
export function leadSearch(seed: number, filters: unknown, excludeFilters: unknown): { total: number; idAt(index: number): string } {
  return searchLeads(seed, canonical({ filters, excludeFilters }), filters, excludeFilters, mentionsNobody(filters));
}

/** A search row: the last name stays masked until unlocked. */
export function previewRow(lead: Lead, unlocked: boolean): Record<string, unknown> {
  return {
    id: lead.id,
    firstName: lead.firstName,
    lastName: unlocked ? lead.lastName : `${lead.lastName[0]}***`,
    emailDomain: lead.domain,
    linkedinUrl: lead.linkedinUrl,
    jobTitle: lead.jobTitle,
    jobFunction: lead.jobFunction,
    jobLevel: lead.jobLevel,
    companyName: lead.companyName,
    city: lead.city,
    stateName: lead.stateName,
    countryName: lead.countryName,
    domain: lead.domain,
    employeeCount: lead.employeeCount,
    industryNaicsDescription: lead.industry,
  };
}

// ---- People Search ----------------------------------------------------------------------------

export function employeeCount(seed: number, companyUrl: string): number {
  return companyUrl.toLowerCase().includes('nobody') ? 0 : new Rng(seed, 'employees', companyUrl.toLowerCase()).int(5, 320);
}

export function employee(seed: number, companyUrl: string, index: number): Record<string, unknown> {
  const rng = new Rng(seed, 'employee', companyUrl.toLowerCase(), String(index));
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const place = rng.pick(COMPANIES);
  const title = rng.pick(JOB_TITLES);
  return {
    first_name: first,
    last_name: last,
    full_name: `${first} ${last}`,
    headline: `${title} | ${place.industry}`,
    about_me: null,
    location: {
      city: place.city,
      state_code: null,
      country: place.country,
      country_code: place.countryCode,
      continent: place.countryCode === 'US' || place.countryCode === 'CA' ? 'North America' : 'Europe',
    },
    linkedin_url: `https://www.linkedin.com/in/${slug(first)}-${slug(last)}-${rng.hex(6)}`,
    job_title: title,
    job_level: rng.pick(JOB_LEVELS),
    job_function: rng.pick(JOB_FUNCTIONS),
    job_is_current: true,
    education: null,
    skills: null,
    certifications: null,
  };
}
