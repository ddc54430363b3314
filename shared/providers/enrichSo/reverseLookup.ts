/** Reverse email lookup: a professional profile from an email (10 credits when found). */
import { z } from 'zod';
import type { BatchSpec, OperationSpec } from '../../catalog/types';
import { credits } from '../../credits/amount';
import {
  DAY_MS,
  asRecord,
  caseInsensitiveKey,
  distinctTrimmed,
  emailField,
  lenient,
  listField,
  normalizeKey,
  op,
  perLookup,
  reservation,
  reservesJob,
  resultErrorOf,
  stringAt,
  uniqueCount,
  valueAt,
} from '../../catalog';
import { batchSubmitOutput, jobOps, readProgress, submittedJobId } from './batchOps';
import { webhookUrlField } from './common';

export const profileResult = lenient({
  email: z.string(),
  id: z.string(),
  displayName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  headline: z.string(),
  summary: z.string(),
  companyName: z.string(),
  location: z.string(),
  photoUrl: z.string(),
  profileUrl: z.string(),
  reportProfileUrl: z.string(),
  connectionCount: z.number(),
  isConnectionCountObfuscated: z.boolean(),
  isPublic: z.boolean(),
  skills: z.array(z.string()),
  locale: lenient({ country: z.string(), language: z.string() }),
  schools: lenient({ educationsCount: z.number(), educationHistory: z.array(z.unknown()) }),
  positions: lenient({ positionsCount: z.number(), positionHistory: z.array(z.unknown()) }),
  creditsConsumed: z.number(),
});

const PROFILE_FIELDS = ['id', 'profileUrl', 'displayName', 'firstName', 'lastName', 'headline'];

/** A profile came back: not `found:false` and at least one identifying field. */
export function hasProfile(data: unknown): boolean {
  const rec = asRecord(data);
  if (!rec || valueAt(rec, 'found') === false) return false;
  return PROFILE_FIELDS.some((f) => rec[f] !== undefined && rec[f] !== null && rec[f] !== '');
}

const lookup = op({
  resource: 'reverseLookup',
  operation: 'lookup',
  displayName: 'Look up profile by email',
  about: 'Find the professional profile (name, headline, company, positions, schools, skills) behind an email address.',
  kind: 'lookup',
  method: 'POST',
  path: '/reverse-lookup/lookup',
  input: z.object({ email: emailField('email', 'The email address to look up') }),
  output: profileResult,
  cost: perLookup(10, '10 credits per lookup; not charged when no profile is found', hasProfile),
  found: hasProfile,
  retrySafe: false,
  rateBucket: 'enrichment',
  cacheTtlMs: DAY_MS,
  cacheKey: caseInsensitiveKey,
});

const submitInput = z.object({
  emails: listField('emails', emailField('emails', 'An email address'), 'The email addresses to look up (1–100,000; duplicates are removed)', {
    min: 1,
    max: 100_000,
  }),
  webhookUrl: webhookUrlField(),
});

const submitBatch = op({
  resource: 'reverseLookup',
  operation: 'submitBatch',
  reserves: reservesJob,
  displayName: 'Submit bulk profile lookup',
  about: 'Look up professional profiles for up to 100,000 emails as one asynchronous job. Emails without a profile are left out of the results.',
  kind: 'batchSubmit',
  method: 'POST',
  path: '/reverse-lookup/bulk-lookup',
  input: submitInput,
  output: batchSubmitOutput,
  cost: reservation<z.infer<typeof submitInput>>(
    10,
    '10 credits per unique email (case-insensitive duplicates removed) are reserved on submit and settled when results are first read; emails without a profile are refunded',
    (input) => uniqueCount(input.emails),
  ),
  retrySafe: false,
  rateBucket: 'bulkSubmit',
  batch: 'reverseLookup',
});

export const reverseLookupOperations: OperationSpec[] = [
  lookup,
  submitBatch,
  ...jobOps({
    resource: 'reverseLookup',
    batch: 'reverseLookup',
    noun: 'bulk profile lookup',
    jobPath: '/reverse-lookup/bulk-lookup/{batchId}',
    idParam: 'batchId',
    resultItem: profileResult,
    settles: '10 credits per email with a profile',
  }),
];

export const reverseLookupBatch: BatchSpec<string> = {
  name: 'reverseLookup',
  displayName: 'Bulk profile lookup',
  submitOp: 'reverseLookup.submitBatch',
  statusOp: 'reverseLookup.getBatchStatus',
  resultsOp: 'reverseLookup.getBatchResults',
  itemOp: 'reverseLookup.lookup',
  toItem: (input) => String(input.email),
  maxItems: 100_000,
  submitInput: (items, webhookUrl) => ({
    emails: distinctTrimmed(items, normalizeKey),
    ...(webhookUrl ? { webhookUrl } : {}),
  }),
  jobId: (data) => submittedJobId(data, 'bulk profile lookup'),
  jobInput: (batchId) => ({ batchId }),
  progress: (data) => readProgress(data),
  itemKey: normalizeKey,
  // Not-found emails are omitted from the results, so an input with no matching result was not
  // found (and refunded). The profile schema has no documented input-email field; these are the
  // names the results carry it under when they do.
  resultKey: (result) => normalizeKey(stringAt(result, 'email') ?? stringAt(result, 'inputEmail') ?? stringAt(result, 'searchEmail')) || undefined,
  // The reference's order reading (see docs/enrich-so.md, assumptions): profiles follow the
  // submitted emails, not-found ones left out.
  resultsInSubmittedOrder: true,
  resultCharged: hasProfile,
  resultError: resultErrorOf,
  costPerItem: credits(10),
  webhook: { itemEvent: 'webhook:email_result.completed', completedEvent: 'webhook:email_completion.completed' },
  pollIntervalMs: 5000,
};
