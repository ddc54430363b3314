/**
 * Companies (§4.5): profile with its add-ons, resolve by name or domain, resolve a numeric id,
 * profile picture and employee count.
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { defaultParts, domainField, enumField, free, ifReturned, lenient, op, param, priced, requireOneOf, textField } from '../../catalog';
import { companyUrl, countryCodes, enrichProfile, toggle, useCache } from './common';

const addOn = (field: string, what: string) => toggle(field, `include: ${what} (+1 credit if returned)`);

const profileInput = z.object({
  url: companyUrl('url'),
  categories: addOn('categories', 'the categories'),
  funding_data: addOn('funding_data', 'the funding rounds'),
  exit_data: addOn('exit_data', 'the investment portfolio exits'),
  acquisitions: addOn('acquisitions', 'the acquisitions'),
  extra: addOn('extra', 'extra details (ranking, contact email and phone, social accounts, IPO status)'),
  use_cache: useCache('if-present (default); if-recent: no older than 29 days (+1 credit)'),
  fallback_to_cache: enumField('fallback_to_cache', ['on-error', 'never'] as const, 'on-error (default) or never').optional(),
});
type ProfileInput = z.infer<typeof profileInput>;

const addOnLine = (field: keyof ProfileInput & string, returned: string) => ({
  line: field,
  price: 1,
  when: param<ProfileInput>(field, 'include'),
  billed: ifReturned([returned]),
  note: `${field}=include, if returned`,
});

const getProfile = op({
  resource: 'company',
  operation: 'getProfile',
  displayName: 'Get company profile',
  about: 'Structured data of a company profile; add-ons (categories, funding, exits, acquisitions, extra) cost only when they return data.',
  kind: 'lookup',
  method: 'GET',
  path: '/company',
  input: profileInput,
  output: lenient({
    name: z.string(),
    website: z.string(),
    industry: z.string(),
    company_size: z.array(z.unknown()),
    company_size_on_linkedin: z.number(),
    hq: z.unknown(),
    founded_year: z.number(),
    specialities: z.array(z.string()),
    search_id: z.string(),
    categories: z.array(z.string()),
    funding_data: z.array(z.unknown()),
    exit_data: z.array(z.unknown()),
    acquisitions: z.unknown(),
    extra: z.unknown(),
  }),
  cost: priced<ProfileInput>({
    perCall: [
      { line: 'base_cost', price: 1 },
      addOnLine('categories', 'categories'),
      addOnLine('funding_data', 'funding_data'),
      addOnLine('exit_data', 'exit_data'),
      addOnLine('acquisitions', 'acquisitions'),
      addOnLine('extra', 'extra'),
      { line: 'use_cache', price: 1, when: param('use_cache', 'if-recent'), note: 'use_cache=if-recent' },
    ],
    footnote: 'nothing on any error',
  }),
  retrySafe: false,
});

const resolveInput = z.object({
  company_domain: domainField('company_domain', 'Company website domain, e.g. accenture.com (give this or company_name)').optional(),
  company_name: textField('company_name', 'Company name, e.g. Accenture (give this or company_domain)', { max: 200 }).optional(),
  company_location: countryCodes('ISO 3166 alpha-2 country of the company, e.g. sg'),
  enrich_profile: enrichProfile(),
});

const resolve = op({
  resource: 'company',
  operation: 'lookup',
  displayName: 'Look up company',
  about: "Find a company's profile URL from its name or domain.",
  kind: 'lookup',
  method: 'GET',
  path: '/company/resolve',
  input: resolveInput,
  output: lenient({ url: z.string(), profile: z.unknown(), last_updated: z.string() }),
  cost: priced<z.infer<typeof resolveInput>>({ perCall: [{ line: 'base_cost', price: 2 }], footnote: 'nothing on any error' }),
  request: (input) => {
    requireOneOf(input, ['company_domain', 'company_name'], 'which company');
    return defaultParts('GET', input);
  },
  retrySafe: false,
});

const resolveId = op({
  resource: 'company',
  operation: 'lookupById',
  displayName: 'Look up company by ID',
  about: "Find a company's profile URL from its internal numeric id.",
  kind: 'lookup',
  method: 'GET',
  path: '/company/resolve-id',
  input: z.object({
    id: z
      .string()
      .trim()
      .regex(/^\d{1,20}$/, 'id must be a numeric company id, e.g. 1441')
      .describe("The company's numeric id, e.g. 1441"),
  }),
  output: lenient({ url: z.string() }),
  cost: free(),
  retrySafe: true,
});

const picture = op({
  resource: 'company',
  operation: 'getProfilePicture',
  displayName: 'Get company profile picture',
  about: "The URL of a company's profile picture.",
  kind: 'lookup',
  method: 'GET',
  path: '/company/profile-picture',
  input: z.object({ company_profile_url: companyUrl('company_profile_url') }),
  output: lenient({ tmp_profile_pic_url: z.string() }),
  cost: free(),
  retrySafe: true,
});

const countInput = z.object({
  url: companyUrl('url'),
  coy_name_match: enumField('coy_name_match', ['include', 'exclude'] as const, 'include (default): also count profiles matched by company name').optional(),
  use_cache: useCache('if-present (default) or if-recent'),
  employment_status: enumField('employment_status', ['current', 'past', 'all'] as const, 'current (default), past or all').optional(),
  estimated_employee_count: toggle('estimated_employee_count', 'include: the count the company states on its profile'),
  at_date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'at_date must be a date as YYYY-MM-DD')
    .describe('Count as of this date (YYYY-MM-DD)')
    .optional(),
});

const employeeCount = op({
  resource: 'company',
  operation: 'getEmployeeCount',
  displayName: 'Get employee count',
  about: 'How many employees a company has (current, past or all), optionally as of a date.',
  kind: 'lookup',
  method: 'GET',
  path: '/company/employees/count',
  input: countInput,
  output: lenient({ total_employee: z.number(), linkedin_employee_count: z.number(), linkdb_employee_count: z.number() }),
  cost: priced<z.infer<typeof countInput>>({ perCall: [{ line: 'base_cost', price: 1 }], footnote: 'nothing on any error' }),
  retrySafe: false,
});

export const companyOperations: OperationSpec[] = [getProfile, resolve, resolveId, picture, employeeCount];
