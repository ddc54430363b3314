/** Jobs (§4.5): a job posting, a company's postings and their count (2 credits each). */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { enumField, lenient, op, priced, textField, urlField } from '../../catalog';

const jobFilters = {
  search_id: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, 'search_id must be the numeric search_id of a company profile, e.g. 2790400')
    .describe("The company's search_id (from its company profile)")
    .optional(),
  job_type: enumField(
    'job_type',
    ['full-time', 'part-time', 'contract', 'internship', 'temporary', 'volunteer', 'anything'] as const,
    'Nature of the job',
  ).optional(),
  experience_level: enumField(
    'experience_level',
    ['internship', 'entry_level', 'associate', 'mid_senior_level', 'director', 'anything'] as const,
    'Experience level',
  ).optional(),
  when: enumField('when', ['yesterday', 'past-week', 'past-month', 'anytime'] as const, 'When the job was posted').optional(),
  flexibility: enumField('flexibility', ['remote', 'on-site', 'hybrid', 'anything'] as const, 'Where the work happens').optional(),
  geo_id: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, 'geo_id must be a numeric location id, e.g. 92000000')
    .describe('Location id to search in')
    .optional(),
  keyword: textField('keyword', 'Keyword to search for, e.g. engineer', { max: 200 }).optional(),
};

const filtersInput = z.object(jobFilters);
const twoCredits = <I>() => priced<I>({ perCall: [{ line: 'base_cost', price: 2 }], footnote: 'nothing on any error' });

const jobInput = z.object({ url: urlField('url', 'Job posting URL, e.g. https://www.linkedin.com/jobs/view/3667167926/') });

const profile = op({
  resource: 'job',
  operation: 'getProfile',
  displayName: 'Get job profile',
  about: 'Structured data of a job posting.',
  kind: 'lookup',
  method: 'GET',
  path: '/job',
  input: jobInput,
  output: lenient({
    title: z.string(),
    company: z.unknown(),
    job_description: z.string(),
    location: z.unknown(),
    employment_type: z.string(),
    seniority_level: z.string(),
  }),
  cost: twoCredits<z.infer<typeof jobInput>>(),
  retrySafe: false,
});

const search = op({
  resource: 'job',
  operation: 'search',
  displayName: 'Search jobs',
  about: "A company's job postings, filtered by type, level, date, flexibility, place and keyword.",
  kind: 'lookup',
  method: 'GET',
  path: '/company/job',
  input: filtersInput,
  output: lenient({
    job: z.array(lenient({ company: z.string(), job_title: z.string(), job_url: z.string(), list_date: z.string(), location: z.string() })),
    next_page_no: z.number(),
    next_page_api_url: z.string(),
  }),
  cost: twoCredits<z.infer<typeof filtersInput>>(),
  retrySafe: false,
});

const count = op({
  resource: 'job',
  operation: 'getCount',
  displayName: 'Get job count',
  about: 'How many job postings a company has, with the same filters as the job search.',
  kind: 'lookup',
  method: 'GET',
  path: '/company/job/count',
  input: filtersInput,
  output: lenient({ count: z.number() }),
  cost: twoCredits<z.infer<typeof filtersInput>>(),
  retrySafe: false,
});

export const jobOperations: OperationSpec[] = [profile, search, count];
