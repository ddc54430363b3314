/** People search: employees of a company, and a cascading ICP search (1 credit per result). */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { LINKEDIN_COMPANY, arrayAt, intField, lenient, listField, numberAt, op, perUnit, stringList, urlField } from '../../catalog';

const companyUrl = urlField('company_linkedin_url', 'The LinkedIn company URL, e.g. https://www.linkedin.com/company/google/', { mustMatch: LINKEDIN_COMPANY });

const person = lenient({
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  headline: z.string(),
  linkedin_url: z.string(),
  job_title: z.string(),
  job_level: z.string(),
  job_function: z.string(),
  job_is_current: z.boolean(),
  location: z.unknown(),
  score: z.number(),
});

const employeeInput = z.object({
  company_linkedin_url: companyUrl,
  country: stringList('country', 'Country names, e.g. India, United States', { max: 50 }),
  continent: stringList('continent', 'Continents'),
  sales_region: stringList('sales_region', 'Sales regions'),
  job_level: stringList('job_level', 'Job levels / seniorities'),
  job_function: stringList('job_function', 'Job functions / departments'),
  max_results: intField('max_results', 'Results per page (1–100); each result costs 1 credit', { min: 1, max: 100 }).default(10),
  page: intField('page', 'Page number, starting at 1', { min: 1 }).default(1),
});

const findEmployees = op({
  resource: 'peopleSearch',
  operation: 'findEmployees',
  displayName: 'Find employees',
  about: 'Find people working at a company, filtered by country, continent, sales region, job level and job function.',
  kind: 'list',
  method: 'POST',
  path: '/people-search/employee-finder',
  input: employeeInput,
  output: lenient({
    company_linkedin_url: z.string(),
    max_results: z.number(),
    results_length: z.number(),
    page: z.number(),
    total_pages: z.number(),
    total_results: z.number(),
    results: z.array(person),
  }),
  cost: perUnit<z.infer<typeof employeeInput>>(
    1,
    '1 credit per result returned; nothing when there are no results',
    (input) => input.max_results,
    (ctx) => arrayAt(ctx.data, 'results').length,
  ),
  retrySafe: false,
  pagination: {
    style: 'page',
    in: 'body',
    pageParam: 'page',
    sizeParam: 'max_results',
    firstPage: 1,
    maxPageSize: 100,
    defaultPageSize: 10,
    items: (data) => arrayAt(data, 'results'),
    totalPages: (data) => numberAt(data, 'total_pages'),
  },
});

const cascadeLevel = z
  .object({
    include_title: z.array(z.string()).optional().describe('Job titles to include'),
    exclude_title: z.array(z.string()).optional().describe('Job titles to exclude'),
    job_levels: z.array(z.string()).optional().describe('Seniority levels, e.g. Owner, Founder, C-Level, VP, Director'),
    job_functions: z.array(z.string()).optional().describe('Job functions, e.g. Engineering, Sales'),
    skills: z.array(z.string()).optional().describe('Skills to match'),
    location: z.array(z.string()).optional().describe('ISO country codes, continent codes (EUROPE…) or WORLD'),
    include_headline_search: z.boolean().optional().describe('Also search the LinkedIn headline for include_title'),
    priority_bonus: z.number().min(0).max(30).optional().describe('Ranking bonus for this level (0–30)'),
  })
  .passthrough();

const waterfallInput = z.object({
  company_linkedin_url: companyUrl,
  cascade: listField('cascade', cascadeLevel, 'Cascade levels, searched in order (1–10); leave empty for the default cascade', { min: 1, max: 10 }).optional(),
  max_results: intField('max_results', 'Most results across all levels (1–100); each result costs 1 credit', { min: 1, max: 100 }).default(25),
  min_score: intField('min_score', 'Drop candidates scoring below this (0–100)', { min: 0, max: 100 }).optional(),
});

const waterfallIcpSearch = op({
  resource: 'peopleSearch',
  operation: 'waterfallIcpSearch',
  displayName: 'Cascading ICP search',
  about:
    'Find the best-fitting people at a company by walking cascade levels in order (default CEO/Founder → C-Suite → VP → Director), each result scored 0–100.',
  kind: 'lookup',
  method: 'POST',
  path: '/people-search/waterfall-icp-search',
  input: waterfallInput,
  output: lenient({ results: z.array(person), total_found: z.number(), total_returned: z.number(), cascade_stats: z.array(z.unknown()) }),
  cost: perUnit<z.infer<typeof waterfallInput>>(
    1,
    '1 credit per result returned; nothing when there are no results',
    (input) => input.max_results,
    (ctx) => arrayAt(ctx.data, 'results').length,
  ),
  retrySafe: false,
});

export const peopleSearchOperations: OperationSpec[] = [findEmployees, waterfallIcpSearch];
