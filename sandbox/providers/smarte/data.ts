/**
 * Deterministic SMARTe answers: the same identifiers always give the same record. Identifiers
 * containing `nomatch` find nobody; `nodata` matches a record that has no enrichment data
 * (neither is charged). Everything else matches and delivers data.
 */
import { hash32, Rng } from '../../kit/random';
import type { SmarteSandboxConfig } from './config';

export type Endpoint = 'person' | 'company' | 'email' | 'mobile' | 'funding' | 'technographics';
export type Rec = Record<string, unknown>;

export type Outcome = 'match' | 'nomatch' | 'nodata';

export function outcomeOf(record: Rec): Outcome {
  const text = Object.values(record)
    .filter((v) => typeof v === 'string')
    .join(' ')
    .toLowerCase();
  if (text.includes('nomatch')) return 'nomatch';
  if (text.includes('nodata')) return 'nodata';
  return 'match';
}

function str(record: Rec, key: string): string | undefined {
  const v = record[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

function domainOf(record: Rec): string {
  const website = str(record, 'companyWebsite')
    ?.replace(/^https?:\/\//i, '')
    .replace(/\/.*$/, '')
    .replace(/^www\./i, '');
  const fromEmail = str(record, 'email')?.split('@')[1];
  const fromName = str(record, 'companyName')
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  return (website ?? fromEmail ?? (fromName ? `${fromName}.com` : undefined) ?? `company${hash32(JSON.stringify(record)) % 1000}.com`).toLowerCase();
}

function company(record: Rec, seed: number): Rec {
  const domain = domainOf(record);
  const rng = new Rng(seed, 'smarte-company', domain);
  const name = str(record, 'companyName') ?? cap(domain.split('.')[0] ?? 'Acme');
  return {
    companyId: str(record, 'companyId') ?? `C${rng.hex(15).toUpperCase()}`,
    companyName: name,
    companyWebsite: domain,
    companyLinkedinUrl: `https://www.linkedin.com/company/${domain.split('.')[0]}`,
    companyIndustry: rng.pick(['Software', 'Manufacturing', 'Financial Services', 'Retail', 'Healthcare']),
    companyEmpRange: rng.pick(['11-50', '51-200', '201-500', '501-1000', '1001-5000']),
    companyRevRange: rng.pick(['$1M-$10M', '$10M-$50M', '$50M-$100M', '$100M-$500M']),
    companyCity: rng.pick(['Austin', 'Boston', 'London', 'Berlin', 'Pune']),
    companyCountry: rng.pick(['United States', 'United Kingdom', 'Germany', 'India']),
    companyFoundingYear: String(rng.int(1950, 2020)),
  };
}

function person(record: Rec, seed: number): Rec {
  const local = str(record, 'email')?.split('@')[0]?.split(/[._-]/) ?? str(record, 'linkedinUrl')?.split('/in/')[1]?.split(/[-/]/);
  const full = str(record, 'fullName')?.split(/\s+/);
  const first = str(record, 'firstName') ?? full?.[0] ?? (local?.[0] ? cap(local[0]) : 'Alex');
  const last = str(record, 'lastName') ?? full?.slice(1).join(' ') ?? (local?.[1] ? cap(local[1]) : 'Morgan');
  const c = company(record, seed);
  const rng = new Rng(seed, 'smarte-person', first, last, String(c.companyWebsite));
  return {
    personId: `P${rng.hex(15).toUpperCase()}`,
    firstName: first,
    lastName: last,
    fullName: `${first} ${last}`,
    linkedinUrl: str(record, 'linkedinUrl') ?? `https://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase().replace(/\s+/g, '-')}`,
    currentExperience: [
      {
        experienceId: str(record, 'experienceId') ?? `E${rng.hex(15).toUpperCase()}`,
        email: str(record, 'email') ?? `${first.toLowerCase()}.${last.toLowerCase().replace(/\s+/g, '')}@${c.companyWebsite}`,
        jobTitle: str(record, 'jobTitle') ?? rng.pick(['Head of Sales', 'VP Marketing', 'CTO', 'Account Executive']),
        seniorityLevel: rng.pick(['VP', 'Director', 'Manager', 'C-Level']),
        department: rng.pick(['Sales', 'Marketing', 'Engineering']),
        dataGrade: rng.pick(['A+', 'A', 'A-', 'B']),
        ...c,
      },
    ],
    pastExperience: [],
    mobileNumber: `+1${rng.digits(10)}`,
    directDial: `+1${rng.digits(10)}`,
  };
}

/** The data part of an answer for one record (no bookkeeping fields). */
export function enrichment(endpoint: Endpoint, record: Rec, seed: number): Rec {
  switch (endpoint) {
    case 'person':
      return person(record, seed);
    case 'company':
      return company(record, seed);
    case 'email':
      return { email: (person(record, seed).currentExperience as Rec[])[0]!.email };
    case 'mobile': {
      const p = person(record, seed);
      return { mobileNumber: p.mobileNumber, directDial: p.directDial };
    }
    case 'funding': {
      const c = company(record, seed);
      const rng = new Rng(seed, 'smarte-funding', String(c.companyWebsite));
      return {
        companyId: c.companyId,
        companyName: c.companyName,
        ipoStatus: rng.pick(['Private', 'Public']),
        totalFundingRounds: String(rng.int(1, 8)),
        lastFundingRound: rng.pick(['Seed', 'Series A', 'Series B', 'Series C']),
        lastFundingDate: `20${rng.int(15, 25)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
      };
    }
    case 'technographics': {
      const c = company(record, seed);
      return {
        companyId: c.companyId,
        companyName: c.companyName,
        productName: str(record, 'product') ?? 'Salesforce Sales Cloud',
        vendorName: str(record, 'vendor') ?? 'Salesforce',
        categoryName: str(record, 'category') ?? 'CRM',
      };
    }
  }
}

/** An empty answer's data: every field null (the record matched, nothing to deliver). */
export function emptyOf(endpoint: Endpoint, record: Rec, seed: number): Rec {
  return Object.fromEntries(Object.keys(enrichment(endpoint, record, seed)).map((k) => [k, null]));
}

export function statusWord(cfg: SmarteSandboxConfig, outcome: Outcome): string {
  if (outcome === 'nomatch') return 'No Match';
  return cfg.statusWords === 'v7' ? 'Active' : 'Matched';
}
