/** Email finder: a professional email from first name + last name + company domain. */
import { z } from 'zod';
import type { BatchSpec, OperationSpec } from '../../catalog/types';
import { credits } from '../../credits/amount';
import {
  DAY_MS,
  caseInsensitiveKey,
  dedupeBy,
  domainField,
  lenient,
  listField,
  normalizeKey,
  op,
  perLookup,
  reservation,
  reservesJob,
  resultErrorOf,
  stringAt,
  textField,
  uniqueCount,
  valueAt,
} from '../../catalog';
import { batchSubmitOutput, jobOps, readProgress, submittedJobId } from './batchOps';
import { webhookUrlField } from './common';

export interface FinderLead {
  firstName: string;
  lastName: string;
  domain: string;
}

const leadShape = {
  firstName: textField('firstName', "The person's first name", { max: 100 }),
  lastName: textField('lastName', "The person's last name", { max: 100 }),
  domain: domainField('domain', "The company's website domain, e.g. acme.com"),
};

export const finderResult = lenient({
  firstName: z.string(),
  lastName: z.string(),
  domain: z.string(),
  found: z.boolean(),
  email: z.string(),
  confidence: z.string().describe('high | medium | low'),
  isCatchAll: z.boolean(),
  provider: z.string(),
  message: z.string(),
});

/** Charged unless the finder says it found nothing (`found: false`, or no email at all). */
export function isChargedFinder(data: unknown): boolean {
  const found = valueAt(data, 'found');
  if (typeof found === 'boolean') return found;
  return stringAt(data, 'email') !== undefined;
}

export const finderLeadKey = (lead: Partial<FinderLead> | undefined): string =>
  lead ? [lead.firstName, lead.lastName, lead.domain].map(normalizeKey).join('|') : '';

const find = op({
  resource: 'emailFinder',
  operation: 'find',
  displayName: 'Find email',
  about: "Find a person's professional email address from their name and company domain.",
  kind: 'lookup',
  method: 'POST',
  path: '/email-finder',
  input: z.object(leadShape),
  output: finderResult,
  cost: perLookup(10, '10 credits per lookup; not charged when no email is found (found: false)', isChargedFinder),
  found: isChargedFinder,
  retrySafe: false,
  rateBucket: 'enrichment',
  cacheTtlMs: DAY_MS,
  cacheKey: caseInsensitiveKey,
});

const submitInput = z.object({
  leads: listField('leads', z.object(leadShape), 'People to find emails for: objects with firstName, lastName and domain (1–500,000)', {
    min: 1,
    max: 500_000,
  }),
  webhookUrl: webhookUrlField(),
});

const submitBatch = op({
  resource: 'emailFinder',
  operation: 'submitBatch',
  reserves: reservesJob,
  displayName: 'Submit email finder batch',
  about: 'Find emails for up to 500,000 people (first name, last name, domain) as one asynchronous job.',
  kind: 'batchSubmit',
  method: 'POST',
  path: '/email-finder/batch',
  input: submitInput,
  output: batchSubmitOutput,
  cost: reservation<z.infer<typeof submitInput>>(
    10,
    '10 credits per unique lead (case-insensitive duplicates removed) are reserved on submit and settled when results are first read; leads without a found email are refunded',
    (input) => uniqueCount(input.leads.map(finderLeadKey)),
  ),
  retrySafe: false,
  rateBucket: 'bulkSubmit',
  batch: 'emailFinder',
});

export const emailFinderOperations: OperationSpec[] = [
  find,
  submitBatch,
  ...jobOps({
    resource: 'emailFinder',
    batch: 'emailFinder',
    noun: 'email finder batch',
    jobPath: '/email-finder/batch/{batchId}',
    idParam: 'batchId',
    resultItem: finderResult,
    settles: '10 credits per lead whose email was found',
  }),
];

export const emailFinderBatch: BatchSpec<FinderLead> = {
  name: 'emailFinder',
  displayName: 'Email finder batch',
  submitOp: 'emailFinder.submitBatch',
  statusOp: 'emailFinder.getBatchStatus',
  resultsOp: 'emailFinder.getBatchResults',
  itemOp: 'emailFinder.find',
  toItem: (input) => ({ firstName: String(input.firstName), lastName: String(input.lastName), domain: String(input.domain) }),
  maxItems: 500_000,
  submitInput: (items, webhookUrl) => ({
    leads: dedupeBy(items, finderLeadKey).map((l) => ({ firstName: l.firstName.trim(), lastName: l.lastName.trim(), domain: l.domain.trim() })),
    ...(webhookUrl ? { webhookUrl } : {}),
  }),
  jobId: (data) => submittedJobId(data, 'email finder batch'),
  jobInput: (batchId) => ({ batchId }),
  progress: (data) => readProgress(data),
  itemKey: finderLeadKey,
  resultKey: (result) => {
    const key = finderLeadKey({ firstName: stringAt(result, 'firstName'), lastName: stringAt(result, 'lastName'), domain: stringAt(result, 'domain') });
    return key === '||' ? undefined : key;
  },
  resultCharged: isChargedFinder,
  resultError: resultErrorOf,
  costPerItem: credits(10),
  webhook: { itemEvent: 'webhook:finder_lookup.completed', completedEvent: 'finder.completed' },
  pollIntervalMs: 5000,
};
