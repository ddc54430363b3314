/**
 * Lead Finder search that honours its filters. A lead's data is a function of its id (so
 * reveal, unlock and export agree with search); the id therefore carries the choices a filter
 * can constrain — job level, function and title, company, first and last name, employee count —
 * in its first hex digits, and a search only mints ids whose choices pass its filters and
 * exclude filters. "Find VPs" returns VPs.
 *
 * Honoured (exact, case-insensitive; one value or a list): firstName, lastName, jobTitle,
 * jobLevel, jobFunction, companyName (with companyNameMode exact|contains), domain, countryCode,
 * countryName, city, stateName, employeeCountMin/Max; excludeFilters jobTitle and domain. Other
 * documented filters are accepted and do not narrow the sandbox's data. A domain or exact
 * company name the sandbox's company list lacks (`stripe.com`) gets a made-up company at that
 * domain, so a dry run with real domains finds people there.
 */

export interface SandboxCompany {
  name: string;
  domain: string;
  industry: string;
  city: string;
  state: string;
  country: string;
  countryCode: string;
}

/** Company codes below this are the fixed list; from it on, companies made up for a search. */
const MADE_UP = 0x80;
const madeUp: SandboxCompany[] = [];

const stem = (domain: string) => domain.split('.')[0]!.replace(/[^a-z0-9]/gi, '');
const titleCase = (s: string) => s.replace(/\b\w/g, (c) => c.toUpperCase());

/** The made-up company at `domain` (one per domain, located like one of the fixed companies). */
function madeUpCompany(domain: string, name?: string): number {
  const known = madeUp.findIndex((c) => c.domain === domain);
  if (known >= 0) return MADE_UP + known;
  const place = COMPANIES[hash32(domain) % COMPANIES.length]!;
  const company = { ...place, name: name ?? titleCase(stem(domain)), domain };
  // The code space is one byte: past 128 made-up companies the oldest slots are reused.
  const slot = madeUp.length < 0x100 - MADE_UP ? madeUp.push(company) - 1 : hash32(domain) % (0x100 - MADE_UP);
  madeUp[slot] = company;
  return MADE_UP + slot;
}

/** The company a code stands for. */
export function companyByCode(code: number): SandboxCompany {
  return (code >= MADE_UP ? madeUp[code - MADE_UP] : undefined) ?? COMPANIES[code % COMPANIES.length]!;
}
import { Rng, hash32 } from '../../kit/random';
import { COMPANIES, FIRST_NAMES, JOB_FUNCTIONS, JOB_LEVELS, JOB_TITLES, LAST_NAMES } from './data';

/** The id-encoded choices, in id order, each two hex digits (employee count takes four). */
export interface LeadChoices {
  level: number;
  jobFunction: number;
  title: number;
  company: number;
  first: number;
  last: number;
  employees: number;
}

const ID = /^ld_([0-9a-f]{24})$/;
const EMPLOYEES_MIN = 11;
const EMPLOYEES_MAX = 25_000;

/** The choices an `ld_` id carries, or undefined for other ids (their data is drawn from the id's hash). */
export function choicesOf(id: string): LeadChoices | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  const byte = (i: number) => parseInt(m[1].slice(i * 2, i * 2 + 2), 16);
  return {
    level: byte(0) % JOB_LEVELS.length,
    jobFunction: byte(1) % JOB_FUNCTIONS.length,
    title: byte(2) % JOB_TITLES.length,
    company: byte(3) >= MADE_UP && madeUp[byte(3) - MADE_UP] ? byte(3) : byte(3) % COMPANIES.length,
    first: byte(4) % FIRST_NAMES.length,
    last: byte(5) % LAST_NAMES.length,
    employees: EMPLOYEES_MIN + (parseInt(m[1].slice(12, 16), 16) % (EMPLOYEES_MAX - EMPLOYEES_MIN + 1)),
  };
}

const lower = (v: unknown) => String(v).trim().toLowerCase();
function wanted(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map(lower);
}

/** Indexes of `values` a filter allows (all when the filter is absent). */
function allowed(values: readonly string[], include: unknown, exclude?: unknown, contains = false): number[] {
  const yes = wanted(include);
  const no = wanted(exclude) ?? [];
  return values
    .map((v, i) => [lower(v), i] as const)
    .filter(([v]) => (!yes || yes.some((w) => (contains ? v.includes(w) : v === w))) && !no.includes(v))
    .map(([, i]) => i);
}

interface Plan {
  level: number[];
  jobFunction: number[];
  title: number[];
  company: number[];
  first: number[];
  last: number[];
  employees: [number, number];
}

function plan(filters: Record<string, unknown>, exclude: Record<string, unknown>): Plan | undefined {
  const contains = lower(filters.companyNameMode ?? 'exact') === 'contains';
  const candidates = COMPANIES.map((_, i) => i);
  for (const domain of wanted(filters.domain) ?? []) if (!COMPANIES.some((c) => c.domain === domain)) candidates.push(madeUpCompany(domain));
  if (!contains) {
    for (const name of Array.isArray(filters.companyName) ? filters.companyName : filters.companyName ? [filters.companyName] : []) {
      const text = String(name).trim();
      if (text && !COMPANIES.some((c) => c.name.toLowerCase() === text.toLowerCase()))
        candidates.push(madeUpCompany(`${text.toLowerCase().replace(/[^a-z0-9]/g, '') || 'company'}.com`, text));
    }
  }
  const companies = candidates.filter((code) => {
    const c = companyByCode(code);
    const ok = (field: unknown, value: string, partial = false) => allowed([value], field, undefined, partial).length > 0;
    return (
      ok(filters.companyName, c.name, contains) &&
      ok(filters.domain, c.domain) &&
      !(wanted(exclude.domain) ?? []).includes(c.domain) &&
      ok(filters.countryCode, c.countryCode) &&
      ok(filters.countryName, c.country) &&
      ok(filters.city, c.city) &&
      ok(filters.stateName, c.state)
    );
  });
  const min = Math.max(EMPLOYEES_MIN, Number(filters.employeeCountMin ?? EMPLOYEES_MIN));
  const max = Math.min(EMPLOYEES_MAX, Number(filters.employeeCountMax ?? EMPLOYEES_MAX));
  const p: Plan = {
    level: allowed(JOB_LEVELS, filters.jobLevel),
    jobFunction: allowed(JOB_FUNCTIONS, filters.jobFunction),
    title: allowed(JOB_TITLES, filters.jobTitle, exclude.jobTitle),
    company: companies,
    first: allowed(FIRST_NAMES, filters.firstName),
    last: allowed(LAST_NAMES, filters.lastName),
    employees: [Math.ceil(min), Math.floor(max)],
  };
  const empty = [p.level, p.jobFunction, p.title, p.company, p.first, p.last].some((s) => s.length === 0) || !(p.employees[0] <= p.employees[1]);
  return empty ? undefined : p;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** An id whose choices are drawn (by `rng`) from what the plan allows. */
function mint(p: Plan, rng: Rng): string {
  const pick = (options: number[], size: number, below = 0x100) => {
    const i = options[rng.int(0, options.length - 1)]!;
    if (i >= below) return i;
    // Any byte (below `below`) that reduces to `i` modulo `size`: keep the spread of ids wide.
    return i + size * rng.int(0, Math.floor((below - 1 - i) / size));
  };
  const employees = rng.int(p.employees[0], p.employees[1]) - EMPLOYEES_MIN;
  return `ld_${hex2(pick(p.level, JOB_LEVELS.length))}${hex2(pick(p.jobFunction, JOB_FUNCTIONS.length))}${hex2(pick(p.title, JOB_TITLES.length))}${hex2(pick(p.company, COMPANIES.length, MADE_UP))}${hex2(pick(p.first, FIRST_NAMES.length))}${hex2(pick(p.last, LAST_NAMES.length))}${employees.toString(16).padStart(4, '0')}${rng.hex(8)}`;
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** How many leads a search matches, and the id of the n-th one (`key` makes the search stable). */
export function searchLeads(
  seed: number,
  key: string,
  filters: unknown,
  excludeFilters: unknown,
  matchesNothing: boolean,
): { total: number; idAt(index: number): string } {
  const p = matchesNothing ? undefined : plan(asRecord(filters), asRecord(excludeFilters));
  const total = p ? new Rng(seed, 'lead-search', key).int(40, 2400) : 0;
  return { total, idAt: (index) => mint(p!, new Rng(seed, 'lead-id', key, String(index))) };
}
