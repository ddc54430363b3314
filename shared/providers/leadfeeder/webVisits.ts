/**
 * Website visitors (§2.6): the companies that visited in a date range (they arrive subscribed:
 * their details cost nothing), the visits themselves, and the custom feeds that filter them.
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { free, lenient, op } from '../../catalog';
import { asRecord } from '../../catalog/read';
import { ValidationError } from '../../errors';
import { arrivesSubscribed, bodyParts, cursorPages, extraField, includeField, pageNumbers, pageSizeField, queryParts, recordId } from './common';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function dateField(field: string, help: string) {
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .regex(DATE, `${field} must be a date as YYYY-MM-DD`)
    .refine(
      (v) => {
        const ms = Date.parse(`${v}T00:00:00Z`);
        return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
      },
      { message: `${field} must be a real calendar date` },
    )
    .describe(help);
}

/** A cross-field rule a flat object cannot state; checked before anything is sent. */
function requireDateOrder(input: { start_date: string; end_date: string }): void {
  if (input.start_date > input.end_date) {
    const rule = `must not be before start_date (${input.start_date})`;
    throw new ValidationError(`invalid input — end_date: ${rule}. Nothing was sent and no credits were spent.`, [{ field: 'end_date', rule }]);
  }
}

/** The company of a visitor-company row (inline or from `included`), flattened. */
export function visitorCompanyId(row: unknown): string | undefined {
  const company = asRecord(asRecord(row)?.company);
  const id = company?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

const companiesInput = z.object({
  start_date: dateField('start_date', 'First day of visits (YYYY-MM-DD)'),
  end_date: dateField('end_date', 'Last day of visits (YYYY-MM-DD)'),
  custom_feed_id: recordId('custom_feed_id', 'Only the companies of this custom feed').optional(),
  include: includeField(['company'] as const, 'Related records to add to each row.').default(['company']),
  'page[size]': pageSizeField(),
  extraFields: extraField(),
});

const visitorCompanies = op({
  resource: 'webVisit',
  operation: 'visitorCompanies',
  displayName: 'Retrieve visitor companies',
  about:
    'The companies that visited your website between two dates, each with its company record. Visitor companies arrive subscribed, so their details cost nothing.',
  kind: 'list',
  method: 'GET',
  path: '/web-visits/companies',
  input: companiesInput,
  output: z.array(lenient({ id: z.string(), company: z.unknown() })),
  cost: free('Free; the companies arrive subscribed (their details then cost nothing)'),
  subscription: arrivesSubscribed(
    'company',
    (data) => (Array.isArray(data) ? data.map(visitorCompanyId).filter((id): id is string => id !== undefined) : []),
    (input: { start_date: string }) => Date.parse(`${input.start_date}T00:00:00Z`),
  ),
  request: (input) => {
    requireDateOrder(input);
    return queryParts(input);
  },
  retrySafe: true,
  pagination: pageNumbers,
});

const visitsInput = z.object({
  start_date: dateField('start_date', 'First day of visits (YYYY-MM-DD)'),
  end_date: dateField('end_date', 'Last day of visits (YYYY-MM-DD)'),
  company_id: recordId('company_id', 'Only the visits of this company').optional(),
  'page[size]': pageSizeField(),
  extraFields: extraField(),
});

const searchVisits = op({
  resource: 'webVisit',
  operation: 'search',
  displayName: 'Search web visits',
  about: 'The visits to your website between two dates (landing page, source, length, pages seen), optionally of one company.',
  kind: 'list',
  method: 'POST',
  path: '/web-visits',
  input: visitsInput,
  output: z.array(lenient({ id: z.string(), started_at: z.string(), visit_length: z.number(), source: z.string(), landing_page_path: z.string() })),
  cost: free(),
  request: (input) => {
    requireDateOrder(input);
    const { company_id, ...rest } = input;
    const parts = bodyParts(rest);
    if (company_id) (parts.body as Record<string, unknown>).filters = { ...asRecord((parts.body as Record<string, unknown>).filters), company_id };
    return parts;
  },
  retrySafe: true,
  pagination: cursorPages,
});

const feedsInput = z.object({
  include: includeField(['folder'] as const, 'Related records to add to each feed.'),
  has_connected_list: z.boolean().optional().describe('Only feeds with (true) or without (false) a connected list'),
  'page[size]': pageSizeField(),
  extraFields: extraField(),
});

const customFeeds = op({
  resource: 'customFeed',
  operation: 'list',
  displayName: 'List custom feeds',
  about: 'The custom feeds (saved visitor filters) of the account.',
  kind: 'list',
  method: 'GET',
  path: '/web-visits/custom-feeds',
  input: feedsInput,
  output: z.array(lenient({ id: z.string(), name: z.string() })),
  cost: free(),
  request: (input) => queryParts(input, [], { has_connected_list: 'filter[has_connected_list]' }),
  retrySafe: true,
  pagination: pageNumbers,
});

export const webVisitOperations: OperationSpec[] = [visitorCompanies, searchVisits, customFeeds];
