/**
 * Employee Listing (§4.3) and Employee Search: a company's people, paged by following the
 * absolute `next_page` URL until it is null. Priced per employee returned with the credits
 * guide's per-item breakdown (`base_cost` 3, `role_search`, `sort_by`, `countries`, …) plus the
 * flat lines a filter charges once (`role_search` 10, `sort_by` 50).
 */
import { z } from 'zod';
import type { OperationSpec, PaginationSpec } from '../../catalog/types';
import { arrayAt, byPlan, type Charge, enumField, given, lenient, op, param, priced, textField, valueAt } from '../../catalog';
import { personProfileOutput } from './personProfile';
import {
  booleanExpression,
  companyUrl,
  countryCodes,
  DEFAULT_PAGE_SIZE,
  enrichedPageCap,
  enrichProfiles,
  type EnrichLayerReadings,
  pageSize,
  useCache,
  WALK_PAGE_MAX,
  yesNo,
} from './common';

export const employeeRow = lenient({ profile_url: z.string(), profile: personProfileOutput, last_updated: z.string() });

/** A listing that pages by `next_page`; page_size ≤ 10 when rows are enriched. */
export function nextPagePaging(itemsKey: string, maxPageSize: number, defaultPageSize = DEFAULT_PAGE_SIZE): PaginationSpec {
  return {
    style: 'nextUrl',
    sizeParam: 'page_size',
    maxPageSize,
    defaultPageSize,
    items: (data) => arrayAt(data, itemsKey),
    nextUrl: (body) => {
      const next = valueAt(body, 'next_page');
      return typeof next === 'string' ? next : null;
    },
    maxPageSizeFor: enrichedPageCap,
  };
}

export function employeeListingInput(readings: EnrichLayerReadings) {
  return z.object({
    url: companyUrl('url'),
    coy_name_match: enumField('coy_name_match', ['include', 'exclude'] as const, 'include (default): also match profiles by company name; exclude').optional(),
    use_cache: useCache(
      'if-present (default); if-recent: profiles no older than 29 days (+1 per employee on Growth and higher plans, +2 on others; page_size ≤ 10)',
    ),
    country: countryCodes('Only employees in these countries: ISO 3166 alpha-2 codes, comma-separated, e.g. ca (+3 credits per employee)'),
    enrich_profiles: enrichProfiles('employee'),
    boolean_role_search: booleanExpression(
      'boolean_role_search',
      'Boolean expression on the job title, e.g. "software" AND "engineer" (10 credits + a charge per match)',
    ),
    role_search: textField('role_search', 'Deprecated: a case-insensitive regular expression on the job title (10 credits + a charge per match)', {
      max: 255,
    }).optional(),
    page_size: pageSize(
      readings.pageSizeMax,
      `Employees per page (1–${readings.pageSizeMax}, default ${DEFAULT_PAGE_SIZE}; at most 10 with enrich_profiles=enrich or use_cache=if-recent). The estimate counts every row of the page.`,
    ),
    employment_status: enumField('employment_status', ['current', 'past', 'all'] as const, 'current (default), past or all employees').optional(),
    sort_by: enumField(
      'sort_by',
      ['recently-joined', 'recently-left', 'oldest', 'none'] as const,
      'Sort order; anything but none costs 50 credits + 10 per employee',
    ).optional(),
    resolve_numeric_id: yesNo('resolve_numeric_id', 'true: accept numeric company ids in the URL (+2 credits)'),
  });
}

type ListingInput = z.infer<ReturnType<typeof employeeListingInput>>;

const rolesSearched = (input: ListingInput) => given<ListingInput>('boolean_role_search')(input) || given<ListingInput>('role_search')(input);
const sorted = (input: ListingInput) => input.sort_by !== undefined && input.sort_by !== 'none';

export function employeeListingCharges(readings: EnrichLayerReadings): { perCall: Charge<ListingInput>[]; perItem: Charge<ListingInput>[] } {
  return {
    perCall: [
      { line: 'role_search', price: 10, when: rolesSearched, note: 'a role search' },
      { line: 'sort_by', price: 50, when: sorted, note: 'sorted' },
      { line: 'resolve_numeric_id', price: 2, when: param('resolve_numeric_id', 'true'), note: 'resolve_numeric_id=true' },
    ],
    perItem: [
      { line: 'base_cost', price: 3 },
      { line: 'role_search', price: readings.roleSearchPerResult, when: rolesSearched, note: 'a role search' },
      { line: 'sort_by', price: 10, when: sorted, note: 'sorted' },
      { line: 'countries', price: 3, when: given('country'), note: 'country set' },
      { line: 'enrich_profiles', price: 1, when: param('enrich_profiles', 'enrich'), note: 'enrich_profiles=enrich' },
      { line: 'use_cache', price: byPlan({ growth: 1 }, 2), when: param('use_cache', 'if-recent'), note: 'use_cache=if-recent' },
    ],
  };
}

export function employeeListingOperation(readings: EnrichLayerReadings): OperationSpec {
  const input = employeeListingInput(readings);
  const charges = employeeListingCharges(readings);
  return op({
    resource: 'company',
    operation: 'listEmployees',
    displayName: 'List employees',
    about:
      "A company's employees (current, past or all), filtered by country and job title, optionally sorted and enriched. Return All follows next_page until there is none.",
    kind: 'list',
    method: 'GET',
    path: '/company/employees',
    input,
    output: lenient({ employees: z.array(employeeRow), next_page: z.string() }),
    cost: priced<ListingInput>({
      perCall: charges.perCall,
      perItem: {
        noun: 'employee',
        upTo: (i) => i.page_size ?? DEFAULT_PAGE_SIZE,
        returned: (data) => arrayAt(data, 'employees').length,
        charges: charges.perItem,
      },
      footnote: 'nothing on any error',
    }),
    retrySafe: false,
    pagination: nextPagePaging('employees', WALK_PAGE_MAX),
  });
}

const searchInput = (readings: EnrichLayerReadings) =>
  z.object({
    company_profile_url: companyUrl('company_profile_url'),
    keyword_boolean: textField('keyword_boolean', 'Job-title keywords in boolean syntax, e.g. ceo OR cto (at most 255 characters)', { max: 255 }),
    country: countryCodes('Only employees in these countries (ISO 3166 alpha-2, comma-separated)'),
    enrich_profiles: enrichProfiles('employee'),
    page_size: pageSize(readings.pageSizeMax, `Results per page (1–${readings.pageSizeMax}; at most 10 with enrich_profiles=enrich)`),
    resolve_numeric_id: yesNo('resolve_numeric_id', 'true: accept numeric company ids in the URL'),
  });

export function employeeSearchOperation(readings: EnrichLayerReadings): OperationSpec {
  const input = searchInput(readings);
  return op({
    resource: 'company',
    operation: 'searchEmployees',
    displayName: 'Search employees',
    about: "Search a company's employees by job-title keywords (boolean syntax). Return All follows next_page until there is none.",
    kind: 'list',
    method: 'GET',
    path: '/company/employee/search',
    input,
    output: lenient({ employees: z.array(employeeRow), next_page: z.string() }),
    cost: priced<z.infer<typeof input>>({ perCall: [{ line: 'base_cost', price: 10, note: 'per request' }], footnote: 'nothing on any error' }),
    retrySafe: false,
    pagination: nextPagePaging('employees', WALK_PAGE_MAX),
  });
}
