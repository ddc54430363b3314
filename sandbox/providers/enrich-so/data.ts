/**
 * Deterministic answers for the lookup products. Rules tests can rely on (see README):
 *  - validation: local part containing `invalid` → invalid, `risky` → risky, bad syntax → invalid, else valid;
 *  - finder: lastName starting with `Nobody` → not found, else `first.last@domain`;
 *  - reverse lookup / phones: an email (or profile URL) containing `nobody` → no profile / no phones;
 *  - IP: `10.*` and `192.168.*` → no ipDomain.
 * Everything else (providers, confidence, names, numbers) is seeded from the input.
 */
import { Rng } from '../../kit/random';

export const FIRST_NAMES = [
  'Ava',
  'Liam',
  'Maya',
  'Noah',
  'Sofia',
  'Ethan',
  'Priya',
  'Lucas',
  'Emma',
  'Mateo',
  'Yuki',
  'Omar',
  'Chloe',
  'Aarav',
  'Lena',
  'Diego',
];
export const LAST_NAMES = [
  'Chen',
  'Patel',
  'Garcia',
  'Nguyen',
  'Kim',
  'Silva',
  'Okafor',
  'Rossi',
  'Novak',
  'Haddad',
  'Larsen',
  'Dubois',
  'Kowalski',
  'Tanaka',
  'Moreau',
  'Fischer',
];
export const COMPANIES = [
  {
    name: 'Northwind Labs',
    domain: 'northwind.example',
    industry: 'Software Development',
    city: 'San Francisco',
    state: 'California',
    country: 'United States',
    countryCode: 'US',
  },
  {
    name: 'Bluefin Analytics',
    domain: 'bluefin.example',
    industry: 'Data Infrastructure and Analytics',
    city: 'Austin',
    state: 'Texas',
    country: 'United States',
    countryCode: 'US',
  },
  {
    name: 'Copperleaf Health',
    domain: 'copperleaf.example',
    industry: 'Hospitals and Health Care',
    city: 'Boston',
    state: 'Massachusetts',
    country: 'United States',
    countryCode: 'US',
  },
  { name: 'Harbor & Pine', domain: 'harborpine.example', industry: 'Retail', city: 'London', state: 'England', country: 'United Kingdom', countryCode: 'GB' },
  {
    name: 'Quillstone Finance',
    domain: 'quillstone.example',
    industry: 'Financial Services',
    city: 'Berlin',
    state: 'Berlin',
    country: 'Germany',
    countryCode: 'DE',
  },
  {
    name: 'Tidewater Logistics',
    domain: 'tidewater.example',
    industry: 'Transportation, Logistics, Supply Chain and Storage',
    city: 'Rotterdam',
    state: 'South Holland',
    country: 'Netherlands',
    countryCode: 'NL',
  },
  {
    name: 'Lumen Grove',
    domain: 'lumengrove.example',
    industry: 'Marketing Services',
    city: 'Toronto',
    state: 'Ontario',
    country: 'Canada',
    countryCode: 'CA',
  },
  {
    name: 'Saffron Robotics',
    domain: 'saffron.example',
    industry: 'Automation Machinery Manufacturing',
    city: 'Bengaluru',
    state: 'Karnataka',
    country: 'India',
    countryCode: 'IN',
  },
] as const;
export const JOB_TITLES = [
  'Chief Executive Officer',
  'Chief Technology Officer',
  'VP of Sales',
  'Head of Marketing',
  'Director of Engineering',
  'Product Manager',
  'Senior Software Engineer',
  'Account Executive',
  'Data Scientist',
  'Operations Manager',
];
export const JOB_LEVELS = ['C-Suite', 'VP', 'Director', 'Manager', 'Senior', 'Entry'];
export const JOB_FUNCTIONS = ['Engineering', 'Sales', 'Marketing', 'Operations', 'Finance', 'Product Management', 'Human Resources'];

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export function splitEmail(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return at < 0 ? { local: address, domain: '' } : { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

const EMAIL_SYNTAX = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// ---- email validation -------------------------------------------------------------------

export type Verdict = 'valid' | 'invalid' | 'risky';

export interface EmailValidationResult {
  email: string;
  result: Verdict;
  message: string;
  isCatchAll: boolean;
  isFederated: boolean;
  hasSEG: boolean;
  segProvider?: string;
  provider: 'GOOGLE' | 'MICROSOFT' | 'SMTP';
  confidence: 'definitive' | 'high' | 'medium' | 'low' | 'temporary' | 'none';
}

export function validateEmail(seed: number, address: string): EmailValidationResult {
  const rng = new Rng(seed, 'validate', address.toLowerCase());
  const { local } = splitEmail(address.toLowerCase());
  const provider = rng.pick(['GOOGLE', 'MICROSOFT', 'SMTP'] as const);
  const isFederated = rng.bool(0.1);
  const hasSEG = rng.bool(0.2);
  const seg = hasSEG ? { segProvider: rng.pick(['Proofpoint', 'Mimecast', 'Barracuda']) } : {};
  const answer = (result: Verdict, message: string, isCatchAll: boolean, confidence: EmailValidationResult['confidence']): EmailValidationResult => ({
    email: address,
    result,
    message,
    isCatchAll,
    isFederated,
    hasSEG,
    ...seg,
    provider,
    confidence,
  });
  if (!EMAIL_SYNTAX.test(address)) return answer('invalid', 'The address is not a valid email address', false, 'definitive');
  if (local.includes('invalid')) return answer('invalid', 'The mailbox does not exist', false, rng.pick(['definitive', 'high'] as const));
  if (local.includes('risky')) return answer('risky', "We can't confirm delivery: the domain accepts any address", true, rng.pick(['low', 'medium'] as const));
  return answer('valid', 'The mailbox exists and is accepting mail', false, rng.pick(['definitive', 'high'] as const));
}

// ---- email finder -----------------------------------------------------------------------

export interface FinderInput {
  firstName: string;
  lastName: string;
  domain: string;
}

export interface EmailFinderResult extends FinderInput {
  found: boolean;
  email?: string;
  confidence?: 'high' | 'medium' | 'low';
  isCatchAll?: boolean;
  provider?: string;
  message: string;
}

/** The address the finder would answer; also the webhook `result_id` when nothing is found. */
export function candidateEmail(input: FinderInput): string {
  return `${slug(input.firstName) || 'x'}.${slug(input.lastName) || 'x'}@${input.domain.toLowerCase()}`;
}

export function findEmail(seed: number, input: FinderInput): EmailFinderResult {
  if (input.lastName.toLowerCase().startsWith('nobody')) {
    return { ...input, found: false, message: 'No email found for this person' };
  }
  const email = candidateEmail(input);
  const rng = new Rng(seed, 'finder', email);
  const confidence = rng.pick(['high', 'high', 'medium', 'low'] as const);
  return {
    ...input,
    found: true,
    email,
    confidence,
    isCatchAll: confidence === 'low',
    provider: rng.pick(['GOOGLE', 'MICROSOFT', 'ZOHO', 'SMTP']),
    message: `Email found with ${confidence} confidence`,
  };
}

// ---- reverse email lookup ---------------------------------------------------------------

export interface Profile {
  id: string;
  displayName: string;
  firstName: string;
  lastName: string;
  headline: string;
  summary: string;
  companyName: string;
  location: string;
  photoUrl: string;
  profileUrl: string;
  reportProfileUrl: string;
  connectionCount: number;
  isConnectionCountObfuscated: boolean;
  isPublic: boolean;
  skills: string[];
  locale: { country: string; language: string };
  schools: { educationsCount: number; educationHistory: unknown[] };
  positions: { positionsCount: number; positionHistory: unknown[] };
}

export function namesFromEmail(seed: number, address: string): { firstName: string; lastName: string } {
  const rng = new Rng(seed, 'names', address.toLowerCase());
  const parts = splitEmail(address)
    .local.split(/[._-]+/)
    .filter((p) => /[a-z]/i.test(p));
  const firstName = parts[0] ? capitalize(parts[0].replace(/[^a-z]/gi, '')) : rng.pick(FIRST_NAMES);
  const lastName = parts[1] ? capitalize(parts[1].replace(/[^a-z]/gi, '')) : rng.pick(LAST_NAMES);
  return { firstName, lastName };
}

export function companyForDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  return label.split('-').map(capitalize).join(' ') || 'Unknown';
}

/** undefined = no profile found (not charged). */
export function lookupProfile(seed: number, address: string): Profile | undefined {
  if (address.toLowerCase().includes('nobody')) return undefined;
  const rng = new Rng(seed, 'profile', address.toLowerCase());
  const { firstName, lastName } = namesFromEmail(seed, address);
  const company = companyForDomain(splitEmail(address).domain);
  const title = rng.pick(JOB_TITLES);
  const place = rng.pick(COMPANIES);
  const handle = `${slug(firstName)}${slug(lastName)}${rng.digits(2)}`;
  const connections = rng.int(40, 2400);
  const startYear = rng.int(2012, 2023);
  return {
    id: `ACoAA${rng.hex(14)}`,
    displayName: `${firstName} ${lastName}`,
    firstName,
    lastName,
    headline: `${title} at ${company}`,
    summary: `${title} focused on building great teams at ${company}.`,
    companyName: company,
    location: `${place.city}, ${place.state}`,
    photoUrl: `https://media.sandbox.example/photos/${handle}.jpg`,
    profileUrl: `https://www.linkedin.com/in/${handle}`,
    reportProfileUrl: `https://www.linkedin.com/in/${handle}/report`,
    connectionCount: Math.min(connections, 500),
    isConnectionCountObfuscated: connections > 500,
    isPublic: rng.bool(0.9),
    skills: rng.shuffle(['Leadership', 'SaaS', 'Python', 'Negotiation', 'Analytics', 'Design Systems', 'Go-to-Market']).slice(0, rng.int(2, 5)),
    locale: { country: place.countryCode, language: 'en' },
    schools: {
      educationsCount: 1,
      educationHistory: [
        {
          degreeName: 'B.S.',
          schoolName: `${place.city} University`,
          schoolLocation: place.city,
          startEndDate: { start: { month: 9, year: startYear - 4 }, end: { month: 6, year: startYear } },
        },
      ],
    },
    positions: {
      positionsCount: 1,
      positionHistory: [
        {
          title,
          companyName: company,
          companyLocation: `${place.city}, ${place.state}`,
          startEndDate: { start: { month: rng.int(1, 12), year: startYear }, end: null },
        },
      ],
    },
  };
}

// ---- phones -----------------------------------------------------------------------------

export function findPhones(seed: number, key: string): string[] {
  if (key.toLowerCase().includes('nobody')) return [];
  const rng = new Rng(seed, 'phones', key.toLowerCase());
  const count = rng.int(1, 2);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(`+1${rng.pick(['415', '212', '646', '312', '512'])}${rng.int(2, 9)}${rng.digits(6)}`);
  return out;
}

// ---- IP to company ----------------------------------------------------------------------

export interface IpResult {
  searchIp: string;
  ipDomain?: string;
  ipOrganization?: string;
  ipCountryName?: string;
  ipCountryCode?: string;
  ipRegionName?: string;
  ipCity?: string;
  ipSubContinent?: string;
  ipLatitude?: number;
  ipLongitude?: number;
  ipTimezone?: string;
  ipIsp?: string;
  ipRange?: string;
  ipUsageType?: string;
}

export function ipHasNoCompany(ip: string): boolean {
  return ip.startsWith('10.') || ip.startsWith('192.168.');
}

export function lookupIp(seed: number, ip: string): IpResult {
  if (ipHasNoCompany(ip)) return { searchIp: ip, ipUsageType: 'RSV' };
  const rng = new Rng(seed, 'ip', ip.toLowerCase());
  const company = rng.pick(COMPANIES);
  return {
    searchIp: ip,
    ipDomain: company.domain,
    ipOrganization: company.name,
    ipCountryName: company.country,
    ipCountryCode: company.countryCode,
    ipRegionName: company.state,
    ipCity: company.city,
    ipSubContinent: company.countryCode === 'US' || company.countryCode === 'CA' ? 'Northern America' : 'Europe',
    ipLatitude: Math.round(rng.float() * 180_000 - 90_000) / 1000,
    ipLongitude: Math.round(rng.float() * 360_000 - 180_000) / 1000,
    ipTimezone: 'UTC',
    ipIsp: company.name,
    ipRange: ip.includes('.') ? `${ip.split('.').slice(0, 3).join('.')}.0/24` : `${ip}/64`,
    ipUsageType: 'COM',
  };
}
