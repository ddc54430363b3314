/** Companies (§2.6): details with related records, retrieve by ids, search, match. */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { enumField, lenient, listField, op, requireOneOf, stringList } from '../../catalog';
import {
  bodyParts,
  cursorPages,
  extraField,
  idList,
  type IncludedRecord,
  includeField,
  OUR_LIMIT,
  pageSizeField,
  pageSizeOf,
  queryParts,
  recordId,
  relationshipId,
  reportedSearch,
  retrieval,
} from './common';

export const COMPANY_INCLUDES = [
  'group_company',
  'tags',
  'lists',
  'web_visits',
  'icps',
  'crm_connections',
  'crm_suggestions',
  'crm_group_connections',
] as const;

const include = includeField(COMPANY_INCLUDES, 'Related records to add to each company.');
/** A company's group company is a company record of its own. */
const groupCompany: IncludedRecord = { recordType: 'company', include: 'group_company', idIn: relationshipId('group_company') };
export const company = lenient({ id: z.string(), type: z.string(), name: z.string(), url: z.string() });

const getInput = z.object({ id: recordId('id', 'The Leadfeeder company id'), include, extraFields: extraField() });
const getPrice = retrieval<z.infer<typeof getInput>>('company', (i) => [i.id], groupCompany);
const get = op({
  resource: 'company',
  operation: 'get',
  displayName: 'Get company',
  about: 'Get the details of one company, with the related records you include.',
  kind: 'lookup',
  method: 'GET',
  path: '/companies/{id}',
  input: getInput,
  output: company,
  cost: getPrice.cost,
  subscription: getPrice.subscription,
  request: (input) => queryParts(input, ['id']),
  retrySafe: true,
});

const retrieveInput = z.object({ ids: idList('ids', `The Leadfeeder company ids (up to 100: ${OUR_LIMIT})`), include, extraFields: extraField() });
const retrievePrice = retrieval<z.infer<typeof retrieveInput>>('company', (i) => i.ids, groupCompany);
const retrieve = op({
  resource: 'company',
  operation: 'retrieve',
  displayName: 'Retrieve companies by ids',
  about: 'Get several companies by their ids in one request.',
  kind: 'lookup',
  method: 'GET',
  path: '/companies',
  input: retrieveInput,
  output: z.array(company),
  cost: retrievePrice.cost,
  subscription: retrievePrice.subscription,
  request: (input) => queryParts(input),
  retrySafe: true,
});

const location = z
  .object({
    street: z.string().optional(),
    postal_code: z.string().optional(),
    city: z.string().optional(),
    country_code: z.string().length(2, 'locations[].country_code must be a 2-letter country code').optional(),
    region_code: z.string().optional(),
    geo: z.object({ latitude: z.number(), longitude: z.number(), distance: z.number().positive() }).optional(),
  })
  .passthrough();

const searchInput = z.object({
  search_terms: stringList('search_terms', 'Words to look for in company names and domains'),
  locations: listField(
    'locations',
    location,
    'Where the companies are: objects with street, postal_code, city, country_code, region_code or geo {latitude, longitude, distance}',
    { max: 100 },
  ).optional(),
  industries: z
    .object({
      classification: enumField('industries.classification', ['nace', 'wz', 'internal'] as const, 'Industry classification'),
      codes: z.array(z.string()).min(1, 'industries.codes needs at least one code'),
    })
    .optional()
    .describe('Industries: {"classification": "nace" | "wz" | "internal", "codes": [...]}'),
  employee_ranges: stringList('employee_ranges', 'Employee ranges, e.g. 11-50'),
  revenue: z
    .object({ min: z.number().min(0).optional(), max: z.number().min(0).optional() })
    .optional()
    .describe('Revenue range {min, max}'),
  icp_ids: stringList('icp_ids', 'Ideal customer profile ids'),
  filters: z
    .object({
      has_phone: z.boolean().optional(),
      has_email: z.boolean().optional(),
      has_social_media_profiles: z.boolean().optional(),
      do_not_contact: z.boolean().optional(),
      has_financials_revenue: z.boolean().optional(),
      has_financials_earnings: z.boolean().optional(),
      has_financials_net_worth: z.boolean().optional(),
      has_ip_addresses: z.boolean().optional(),
    })
    .strict()
    .optional()
    .describe(
      'Yes/no filters: has_phone, has_email, has_social_media_profiles, do_not_contact, has_financials_revenue, has_financials_earnings, has_financials_net_worth, has_ip_addresses',
    ),
  'page[size]': pageSizeField(),
  extraFields: extraField(),
});
const searchPrice = reportedSearch<z.infer<typeof searchInput>>('company', pageSizeOf);
const search = op({
  resource: 'company',
  operation: 'search',
  displayName: 'Search companies',
  about:
    'Find companies by name, location, industry, size, revenue or ICP (give at least one criterion). Firmographic criteria (industry, size, revenue, ICP, filters) may need an Advanced Search plan: a Basic Search plan answers insufficient_entitlements, for nothing.',
  kind: 'list',
  method: 'POST',
  path: '/companies/search',
  input: searchInput,
  output: z.array(company),
  cost: searchPrice.cost,
  subscription: searchPrice.subscription,
  request: (input) => {
    requireOneOf(input, ['search_terms', 'locations', 'industries', 'employee_ranges', 'revenue', 'icp_ids', 'filters'], 'a search criterion');
    return bodyParts(input);
  },
  retrySafe: true,
  pagination: cursorPages,
});

const matchCandidate = z
  .object({
    company_name: z.string().trim().min(1).optional(),
    url: z.string().trim().min(1).optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    country: z.string().optional(),
    country_code: z.string().optional(),
    city: z.string().optional(),
    postal_code: z.string().optional(),
    street: z.string().optional(),
    street_name: z.string().optional(),
    street_number: z.string().optional(),
    register_id: z.string().trim().min(1).optional(),
    register_location: z.string().optional(),
    vat_id: z.string().trim().min(1).optional(),
  })
  .strict()
  .refine((c) => Boolean(c.company_name || c.url || c.vat_id || c.register_id), {
    message: 'each company needs at least one of company_name, url, vat_id, register_id',
  });

const matchInput = z.object({
  companies: listField(
    'companies',
    matchCandidate,
    `Companies to match: objects with company_name, url, vat_id or register_id (at least one), plus address details; up to 100 per request (${OUR_LIMIT})`,
    { min: 1, max: 100, maxSource: OUR_LIMIT },
  ),
  max_results_per_company: z
    .number()
    .int()
    .min(1, 'max_results_per_company must be at least 1')
    .max(10, `max_results_per_company must be at most 10 (${OUR_LIMIT})`)
    .default(1)
    .describe(`Candidates to return per company (1–10: ${OUR_LIMIT})`),
  extraFields: extraField(),
});
const matchPrice = reportedSearch<z.infer<typeof matchInput>>('company', (i) => i.companies.length * i.max_results_per_company);
const match = op({
  resource: 'company',
  operation: 'match',
  displayName: 'Match companies',
  about: 'Find the Leadfeeder companies matching your own records (name, website, VAT or register id, address).',
  kind: 'lookup',
  method: 'POST',
  path: '/companies/match',
  input: matchInput,
  output: z.array(company),
  cost: matchPrice.cost,
  subscription: matchPrice.subscription,
  request: (input) => {
    const parts = bodyParts(input);
    const body = parts.body as Record<string, unknown>;
    delete body.max_results_per_company;
    return { ...parts, query: { max_results_per_company: input.max_results_per_company } };
  },
  retrySafe: true,
});

export const companyOperations: OperationSpec[] = [get, retrieve, search, match];
