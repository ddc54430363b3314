/**
 * Lead Finder filters. The provider accepts ~135 optional fields; the common ones are typed
 * here (so bad values are caught before the call) and the rest pass through unchanged.
 * Multi-select fields take one value or a list, as the provider does.
 */
import { z } from 'zod';

const text = (help: string) => z.string().trim().min(1).max(500).describe(help).optional();
const multi = (help: string, max = 1000) =>
  z
    .union([z.string().trim().min(1).max(500), z.array(z.string().trim().min(1).max(500)).max(max)])
    .describe(help)
    .optional();
const atLeast0 = (help: string) => z.number().min(0).describe(help).optional();

export const leadFilters = z
  .object({
    firstName: text('First name (exact match)'),
    lastName: text('Last name (exact match)'),
    city: text('Person city (exact match)'),
    stateName: multi('State or province names'),
    stateCode: multi('State or province codes'),
    countryName: multi('Country names, e.g. United States'),
    countryCode: multi('Country codes, e.g. US, DE'),
    continent: multi('Continents'),
    jobTitle: multi('Job titles (exact match)'),
    jobFunction: multi("Job functions, e.g. ['Engineering', 'Marketing']"),
    jobLevel: multi("Job levels, e.g. ['C-Suite', 'VP', 'Director']"),
    jobLocationCountry: multi('Job location countries'),
    jobIsCurrent: z.boolean().describe('Only current positions').optional(),
    companyName: multi('Company names (use Suggest company names for exact spellings)'),
    companyNameMode: z.enum(['exact', 'contains']).describe('How companyName matches: exact or contains').optional(),
    domain: multi('Company domains, e.g. stripe.com (at most 500)', 500),
    emailDomain: text('Email domain (exact match)'),
    linkedinUrl: text('LinkedIn profile URL (exact match)'),
    skills: multi('Skills (exact match)'),
    employeeCountMin: atLeast0('Fewest employees'),
    employeeCountMax: atLeast0('Most employees'),
    revenueMin: atLeast0('Lowest revenue'),
    revenueMax: atLeast0('Highest revenue'),
    foundedOn: z.number().int().min(1600).max(2100).describe('Founded year, e.g. 2020').optional(),
    headquartersCountry: multi('Headquarters countries'),
    locationCountry: multi('Organization location countries'),
    industrySicCode: multi('SIC industry codes'),
    industrySicDescription: multi('SIC industry descriptions'),
    industryNaicsCode: multi('NAICS industry codes'),
    industryNaicsDescription: multi('NAICS industry descriptions'),
    lastFundingTypeOrg: multi("Last funding types, e.g. ['Series A', 'Series B']"),
    totalFundingAmountOrg: atLeast0('Least total funding'),
  })
  .passthrough()
  .describe('Lead Finder filters as JSON, e.g. {"jobLevel": ["VP"], "domain": ["stripe.com"]}; about 135 fields are accepted (see Get filter options)');

export type LeadFilters = z.infer<typeof leadFilters>;
