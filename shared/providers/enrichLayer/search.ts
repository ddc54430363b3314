/**
 * Person and company search (§4.5): paged by next_page. Priced 3 credits per result returned
 * (knowledge base) or, under the older SDK's reading, 35 credits per request.
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { arrayAt, enumField, intField, lenient, op, priced, type Pricing, textField, urlField } from '../../catalog';
import { nextPagePaging } from './employees';
import { countryCodes, DEFAULT_PAGE_SIZE, enrichProfiles, type EnrichLayerReadings, useCache } from './common';

const SEARCH_PAGE_MAX = 100;

const boolText = (field: string, help: string) => textField(field, `${help} (boolean search)`, { max: 255 }).optional();
const count = (field: string, help: string) => intField(field, help, { min: 0 }).optional();
const isoDate = (field: string, help: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be a date as YYYY-MM-DD`)
    .describe(help)
    .optional();
const year = (field: string, help: string) => intField(field, help, { min: 1800, max: 2100 }).optional();

const paging = {
  page_size: intField(
    'page_size',
    `Results per page (1–${SEARCH_PAGE_MAX}; left empty, ${DEFAULT_PAGE_SIZE} is sent — EnrichLayer's own default is 100 — and each result is paid; at most 10 with enrich_profiles=enrich)`,
    { min: 1, max: SEARCH_PAGE_MAX },
  ).optional(),
  enrich_profiles: enrichProfiles('result'),
  use_cache: useCache('if-present (default) or if-recent (page_size ≤ 10)'),
};

const companyInput = z.object({
  country: countryCodes('ISO 3166 alpha-2 country, e.g. us'),
  region: boolText('region', 'State, province or region, e.g. Maryland OR "New York"'),
  city: boolText('city', 'City, e.g. "Los Angeles"'),
  type: enumField(
    'type',
    ['EDUCATIONAL', 'GOVERNMENT_AGENCY', 'NON_PROFIT', 'PARTNERSHIP', 'PRIVATELY_HELD', 'PUBLIC_COMPANY', 'SELF_EMPLOYED', 'SELF_OWNED'] as const,
    'Type of company',
  ).optional(),
  follower_count_min: count('follower_count_min', 'Fewest followers'),
  follower_count_max: count('follower_count_max', 'Most followers'),
  name: boolText('name', 'Company name'),
  industry: boolText('industry', 'Industry'),
  primary_industry: boolText('primary_industry', 'Primary industry'),
  specialities: boolText('specialities', 'Specialities'),
  employee_count_category: enumField(
    'employee_count_category',
    ['custom', 'startup', 'small', 'medium', 'large', 'enterprise'] as const,
    'Employee count category',
  ).optional(),
  employee_count_min: count('employee_count_min', 'Fewest employees'),
  employee_count_max: count('employee_count_max', 'Most employees'),
  description: boolText('description', 'Company description'),
  founded_after_year: year('founded_after_year', 'Founded after this year'),
  founded_before_year: year('founded_before_year', 'Founded before this year'),
  funding_amount_min: count('funding_amount_min', 'Least funding raised (USD)'),
  funding_amount_max: count('funding_amount_max', 'Most funding raised (USD)'),
  funding_raised_after: isoDate('funding_raised_after', 'Funding raised after this date (YYYY-MM-DD)'),
  funding_raised_before: isoDate('funding_raised_before', 'Funding raised before this date (YYYY-MM-DD)'),
  ...paging,
});

const personInput = z.object({
  country: countryCodes('ISO 3166 alpha-2 country, e.g. us'),
  first_name: boolText('first_name', 'First name, e.g. Bill OR Mark'),
  last_name: boolText('last_name', 'Last name'),
  education_field_of_study: boolText('education_field_of_study', 'Field of study'),
  education_degree_name: boolText('education_degree_name', 'Degree, e.g. MBA'),
  education_school_name: boolText('education_school_name', 'School name'),
  education_school_profile_url: urlField('education_school_profile_url', 'School profile URL').optional(),
  current_role_title: boolText('current_role_title', 'Current title, e.g. CEO || Founder'),
  past_role_title: boolText('past_role_title', 'Past title'),
  current_role_before: isoDate('current_role_before', 'Started the current role before this date'),
  current_role_after: isoDate('current_role_after', 'Started the current role after this date'),
  current_company_profile_url: urlField('current_company_profile_url', 'Works at this company now (profile URL)').optional(),
  past_company_profile_url: urlField('past_company_profile_url', 'Worked at this company before (profile URL)').optional(),
  current_job_description: boolText('current_job_description', 'Current job description'),
  past_job_description: boolText('past_job_description', 'Past job description'),
  current_company_name: boolText('current_company_name', 'Current company name'),
  past_company_name: boolText('past_company_name', 'Past company name'),
  groups: boolText('groups', 'Group membership'),
  languages: boolText('languages', 'Languages'),
  region: boolText('region', 'Region, state or province'),
  city: boolText('city', 'City'),
  headline: boolText('headline', 'Headline'),
  summary: boolText('summary', 'Summary'),
  industries: boolText('industries', 'Inferred industry'),
  interests: boolText('interests', 'Interests'),
  skills: boolText('skills', 'Skills'),
  ...paging,
});

const resultRow = lenient({ linkedin_profile_url: z.string(), profile_url: z.string(), profile: z.unknown(), last_updated: z.string() });

function searchPricing<I extends { page_size?: number }>(readings: EnrichLayerReadings): Pricing<I> {
  if (readings.searchPricing === 'perRequest') return { perCall: [{ line: 'base_cost', price: 35, note: 'per request' }], footnote: 'nothing on any error' };
  return {
    perCall: [],
    perItem: {
      noun: 'result',
      upTo: (i) => i.page_size ?? DEFAULT_PAGE_SIZE,
      returned: (data) => arrayAt(data, 'results').length,
      charges: [{ line: 'base_cost', price: 3 }],
    },
    footnote: 'nothing on any error',
  };
}

export function searchOperations(readings: EnrichLayerReadings): OperationSpec[] {
  const companies = op({
    resource: 'search',
    operation: 'companies',
    displayName: 'Search companies',
    about: 'Companies matching location, type, size, industry, founding and funding criteria. Return All follows next_page until there is none.',
    kind: 'list',
    method: 'GET',
    path: '/search/company',
    input: companyInput,
    output: lenient({ results: z.array(resultRow), next_page: z.string(), total_result_count: z.number() }),
    cost: priced<z.infer<typeof companyInput>>(searchPricing(readings)),
    retrySafe: false,
    pagination: nextPagePaging('results', SEARCH_PAGE_MAX),
  });
  const people = op({
    resource: 'search',
    operation: 'people',
    displayName: 'Search people',
    about: 'People matching name, education, current and past roles and companies, place and skills. Return All follows next_page until there is none.',
    kind: 'list',
    method: 'GET',
    path: '/search/person',
    input: personInput,
    output: lenient({ results: z.array(resultRow), next_page: z.string(), total_result_count: z.number() }),
    cost: priced<z.infer<typeof personInput>>(searchPricing(readings)),
    retrySafe: false,
    pagination: nextPagePaging('results', SEARCH_PAGE_MAX),
  });
  return [companies, people];
}
