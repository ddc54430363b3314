/**
 * The sandbox's world: deterministic companies (with contacts in several departments) and the
 * days each company visited the website, all derived from the seed so runs repeat exactly.
 */
import { hash32 } from '../../kit/random';

export const DAY_MS = 24 * 3600_000;
const NAMES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent'];
const SUFFIX = ['Oy', 'GmbH', 'Ltd', 'Inc', 'AB', 'BV'];
const COUNTRIES = [
  { city: 'Helsinki', country: 'Finland', code: 'FI' },
  { city: 'Berlin', country: 'Germany', code: 'DE' },
  { city: 'London', country: 'United Kingdom', code: 'GB' },
  { city: 'Austin', country: 'United States', code: 'US' },
];
const DEPARTMENTS = ['sales_department', 'marketing_department', 'it_department', 'finance_department', 'sales_department'];
const POSITIONS: Record<string, string> = {
  sales_department: 'Head of Sales',
  marketing_department: 'Marketing Manager',
  it_department: 'CTO',
  finance_department: 'CFO',
};

export interface Company {
  id: string;
  index: number;
  attributes: Record<string, unknown>;
}

export interface Contact {
  id: string;
  companyId: string;
  department: string;
  attributes: Record<string, unknown>;
}

export class World {
  readonly companies: Company[] = [];
  readonly contacts: Contact[] = [];
  private readonly byId = new Map<string, Company>();
  private readonly contactById = new Map<string, Contact>();

  constructor(
    private readonly seed: number,
    count: number,
  ) {
    for (let i = 0; i < count; i++) {
      const id = `cmp_${String(i + 1).padStart(4, '0')}`;
      const name = `${NAMES[i % NAMES.length]} ${SUFFIX[Math.floor(i / NAMES.length) % SUFFIX.length]}${i >= NAMES.length * SUFFIX.length ? ` ${i}` : ''}`;
      const place = COUNTRIES[hash32(`${seed}:place:${i}`) % COUNTRIES.length]!;
      const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
      const company: Company = {
        id,
        index: i,
        attributes: {
          name,
          url: `https://${domain}`,
          alternative_urls: [],
          address: { city: place.city, country: place.country, country_code: place.code },
          industries: { industry: [{ name: ['Software', 'Manufacturing', 'Retail'][i % 3] }] },
          employee_count: 10 + (hash32(`${seed}:emp:${i}`) % 5000),
          logo_url: `https://${domain}/logo.png`,
          vat_id: `${place.code}${String(10_000_000 + i)}`,
        },
      };
      this.companies.push(company);
      this.byId.set(id, company);
      for (let c = 0; c < 5; c++) {
        const department = DEPARTMENTS[(i + c) % DEPARTMENTS.length]!;
        const contact: Contact = {
          id: `con_${String(i + 1).padStart(4, '0')}_${c + 1}`,
          companyId: id,
          department,
          attributes: {
            first_name: ['Ada', 'Linus', 'Grace', 'Ken', 'Barbara'][c],
            last_name: name.split(' ')[0],
            email: `${['ada', 'linus', 'grace', 'ken', 'barbara'][c]}@${domain}`,
            position: POSITIONS[department],
            department,
          },
        };
        this.contacts.push(contact);
        this.contactById.set(contact.id, contact);
      }
    }
  }

  company(id: string): Company | undefined {
    return this.byId.get(id);
  }

  contact(id: string): Contact | undefined {
    return this.contactById.get(id);
  }

  /** Whether the company visited on this UTC day (day number since the epoch): 2/3 of companies, about one day in four. */
  visitedOn(company: Company, day: number): boolean {
    if (company.index >= Math.ceil((this.companies.length * 2) / 3)) return false;
    return hash32(`${this.seed}:visit:${company.index}:${day}`) % 4 === 0;
  }

  /** Visit days of a company within [fromDay, toDay]. */
  visitDays(company: Company, fromDay: number, toDay: number): number[] {
    const days: number[] = [];
    for (let d = fromDay; d <= toDay; d++) if (this.visitedOn(company, d)) days.push(d);
    return days;
  }

  /** Visited within the 12 months before `now`: website visitors are subscribed automatically. */
  visitedWithinYear(company: Company, now: number): boolean {
    const today = Math.floor(now / DAY_MS);
    return this.visitDays(company, today - 364, today).length > 0;
  }
}

export const dayOf = (isoDate: string): number => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
export const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
