/**
 * Deterministic fake data: the same company always has the same employees, the same profile
 * URL the same person. One fixture follows the credits guide's worked example exactly: the
 * williamhgates profile carries extra data and the three profile ids, but no personal numbers,
 * no salary and no skills, so its full premium request bills 14 credits.
 */
import { Rng } from '../../kit/random';

const FIRST = ['Ava', 'Liam', 'Noah', 'Mia', 'Ethan', 'Zoe', 'Ravi', 'Chloe', 'Mateo', 'Yuki', 'Omar', 'Lena'];
const LAST = ['Tremblay', 'Singh', 'Nguyen', 'Martin', 'Roy', 'Smith', 'Garcia', 'Chen', 'Kowalski', 'Haddad'];
const TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Staff Engineer',
  'Engineering Manager',
  'Product Manager',
  'Designer',
  'Account Executive',
  'Recruiter',
  'Data Scientist',
  'Co-Founder',
];
const COUNTRIES = ['ca', 'us', 'gb', 'in', 'de'];

export interface Employee {
  index: number;
  profileUrl: string;
  name: string;
  title: string;
  country: string;
  current: boolean;
  joined: string;
}

export function companySlug(url: string): string {
  const m = url.match(/\/company\/([^/?#]+)/i);
  return (m?.[1] ?? url).toLowerCase();
}

export function profileSlug(url: string): string {
  const m = url.match(/\/(?:in|pub)\/([^/?#]+)/i) ?? url.match(/\.com\/([^/?#]+)/i);
  return (m?.[1] ?? url).toLowerCase();
}

export function employeesOf(seed: number, slug: string, count: number): Employee[] {
  return Array.from({ length: count }, (_, index) => {
    const rng = new Rng(seed, 'employee', slug, String(index));
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    return {
      index,
      profileUrl: `https://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase()}-${slug}-${index}`,
      name: `${first} ${last}`,
      title: rng.pick(TITLES),
      country: rng.pick(COUNTRIES),
      current: rng.bool(0.85),
      joined: `20${String(rng.int(10, 25)).padStart(2, '0')}-${String(rng.int(1, 12)).padStart(2, '0')}-01`,
    };
  });
}

/** A person profile; what premium data exists is decided per person (and by the fixture). */
export function personProfile(seed: number, url: string): Record<string, unknown> {
  const slug = profileSlug(url);
  if (slug === 'williamhgates') return billGates(url);
  const rng = new Rng(seed, 'profile', slug);
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const has = (p: number) => rng.bool(p);
  return {
    public_identifier: slug,
    first_name: first,
    last_name: last,
    full_name: `${first} ${last}`,
    headline: rng.pick(TITLES),
    occupation: rng.pick(TITLES),
    country: 'CA',
    country_full_name: 'Canada',
    city: 'Toronto',
    follower_count: rng.int(10, 5000),
    experiences: [{ company: 'Acme', title: rng.pick(TITLES), starts_at: { day: 1, month: 1, year: 2020 }, ends_at: null }],
    education: [],
    gender: has(0.7) ? rng.pick(['female', 'male']) : null,
    birth_date: null,
    industry: has(0.7) ? 'Computer Software' : null,
    interests: [],
    extra: {
      github_profile_id: has(0.5) ? `${slug}-gh` : null,
      facebook_profile_id: has(0.3) ? `${slug}.fb` : null,
      twitter_profile_id: has(0.4) ? `${slug}_x` : null,
    },
    personal_numbers: Array.from({ length: rng.int(0, 2) }, (_, i) => `+1416555${String(1000 + i + rng.int(0, 8000)).padStart(4, '0')}`),
    personal_emails: Array.from({ length: rng.int(0, 2) }, (_, i) => `${first.toLowerCase()}.${last.toLowerCase()}${i || ''}@example.com`),
    inferred_salary: has(0.5) ? { min: 90_000, max: 140_000 } : null,
    skills: has(0.6) ? ['TypeScript', 'Distributed Systems'] : [],
  };
}

function billGates(url: string): Record<string, unknown> {
  return {
    public_identifier: 'williamhgates',
    profile_url: url,
    first_name: 'Bill',
    last_name: 'Gates',
    full_name: 'Bill Gates',
    headline: 'Chair, Gates Foundation and Founder, Breakthrough Energy',
    occupation: 'Co-chair at Bill & Melinda Gates Foundation',
    country: 'US',
    country_full_name: 'United States of America',
    city: 'Seattle',
    follower_count: 35_000_000,
    experiences: [{ company: 'Gates Foundation', title: 'Co-chair', starts_at: { day: 1, month: 1, year: 2000 }, ends_at: null }],
    education: [{ school: 'Harvard University', degree_name: null, field_of_study: null }],
    gender: 'male',
    birth_date: { day: 28, month: 10, year: 1955 },
    industry: 'Philanthropy',
    interests: ['climate', 'global health'],
    extra: { github_profile_id: 'gatesbill', facebook_profile_id: 'BillGates', twitter_profile_id: 'BillGates' },
    personal_numbers: [],
    personal_emails: [],
    inferred_salary: null,
    skills: [],
  };
}

/** A boolean title expression: OR of AND-groups of words or quoted phrases, case-insensitive. */
export function titleMatches(expression: string, title: string): boolean {
  const t = title.toLowerCase();
  return expression.split(/\s+OR\s+|\s*\|\|\s*/i).some((alt) =>
    alt
      .split(/\s+AND\s+|\s*&&\s*/i)
      .map((term) => term.replace(/[()"]/g, '').trim().toLowerCase())
      .filter((term) => term !== '')
      .every((term) => t.includes(term)),
  );
}
