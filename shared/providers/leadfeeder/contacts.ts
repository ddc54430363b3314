/** Contacts (§2.6): details (with their company), retrieve by ids, search. */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { emailField, lenient, listField, op, requireOneOf, stringList } from '../../catalog';
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

const include = includeField(['company'] as const, 'Related records to add to each contact.');
/** A contact's company, brought in with include=company. */
const ofCompany: IncludedRecord = { recordType: 'company', include: 'company', idIn: relationshipId('company') };
export const contact = lenient({ id: z.string(), type: z.string(), first_name: z.string(), last_name: z.string(), email: z.string(), position: z.string() });

const getInput = z.object({ id: recordId('id', 'The Leadfeeder contact id'), include, extraFields: extraField() });
const getPrice = retrieval<z.infer<typeof getInput>>('contact', (i) => [i.id], ofCompany);
const get = op({
  resource: 'contact',
  operation: 'get',
  displayName: 'Get contact',
  about: 'Get the details of one contact (add include=company for their company).',
  kind: 'lookup',
  method: 'GET',
  path: '/contacts/{id}',
  input: getInput,
  output: contact,
  cost: getPrice.cost,
  subscription: getPrice.subscription,
  request: (input) => queryParts(input, ['id']),
  retrySafe: true,
});

const retrieveInput = z.object({ ids: idList('ids', `The Leadfeeder contact ids (up to 100: ${OUR_LIMIT})`), include, extraFields: extraField() });
const retrievePrice = retrieval<z.infer<typeof retrieveInput>>('contact', (i) => i.ids, ofCompany);
const retrieve = op({
  resource: 'contact',
  operation: 'retrieve',
  displayName: 'Retrieve contacts by ids',
  about: 'Get several contacts by their ids in one request.',
  kind: 'lookup',
  method: 'GET',
  path: '/contacts',
  input: retrieveInput,
  output: z.array(contact),
  cost: retrievePrice.cost,
  subscription: retrievePrice.subscription,
  request: (input) => queryParts(input),
  retrySafe: true,
});

export const DEPARTMENTS = [
  'sales_department',
  'marketing_department',
  'it_department',
  'finance_department',
  'hr_department',
  'management_department',
  'operations_department',
] as const;

const searchInput = z.object({
  search_terms: stringList('search_terms', 'Words to look for in names and positions'),
  emails: listField('emails', emailField('emails', 'An email address'), 'Email addresses', { max: 100 }).optional(),
  company_ids: stringList('company_ids', 'Leadfeeder company ids the contacts work at', { max: 100 }),
  positions: stringList('positions', 'Job titles, e.g. Head of Sales'),
  departments: stringList('departments', `Departments, e.g. ${DEPARTMENTS.slice(0, 3).join(', ')}`),
  buyer_persona_ids: stringList('buyer_persona_ids', 'Buyer persona ids'),
  filters: z.record(z.unknown()).optional().describe('Further filters, as a JSON object'),
  'page[size]': pageSizeField(),
  extraFields: extraField(),
});
const searchPrice = reportedSearch<z.infer<typeof searchInput>>('contact', pageSizeOf);
const search = op({
  resource: 'contact',
  operation: 'search',
  displayName: 'Search contacts',
  about: 'Find contacts by name, email, company, position, department or buyer persona (give at least one criterion).',
  kind: 'list',
  method: 'POST',
  path: '/contacts/search',
  input: searchInput,
  output: z.array(contact),
  cost: searchPrice.cost,
  subscription: searchPrice.subscription,
  request: (input) => {
    requireOneOf(input, ['search_terms', 'emails', 'company_ids', 'positions', 'departments', 'buyer_persona_ids', 'filters'], 'a search criterion');
    return bodyParts(input);
  },
  retrySafe: true,
  pagination: cursorPages,
});

export const contactOperations: OperationSpec[] = [get, retrieve, search];
