/** Phone finder: phone numbers from an email or a LinkedIn profile (500 credits when found). */
import { z } from 'zod';
import type { BatchSpec, OperationSpec } from '../../catalog/types';
import { credits } from '../../credits/amount';
import {
  DAY_MS,
  arrayAt,
  caseInsensitiveKey,
  dedupeBy,
  defaultParts,
  emailField,
  lenient,
  listField,
  normalizeKey,
  op,
  perLookup,
  requireOneOf,
  reservation,
  reservesJob,
  resultErrorOf,
  stringAt,
  textField,
  uniqueCount,
} from '../../catalog';
import { batchSubmitOutput, jobOps, readProgress, submittedJobId } from './batchOps';
import { webhookUrlField } from './common';

/**
 * Credits the bulk phone finder reserves per unique item. The reference conflicts: the
 * credits page says "same per-item cost as single" (its example reserves 100 × 500), the
 * endpoint description says 10. We default to the larger, so a budget check can never be too
 * optimistic; pass `bulkPhoneCreditsPerItem: 10` to createEnrichSoCatalog for the other reading.
 */
export const ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM = 500;

export interface PhoneItem {
  email?: string;
  linkedin?: string;
}

const jobIdField = z
  .string({ required_error: 'jobId is required', invalid_type_error: 'jobId must be text' })
  .trim()
  .regex(/^[a-fA-F0-9]{24}$/, 'jobId must be 24 hexadecimal characters (e.g. 665a1f4e2c3b7800129dce01)')
  .describe('The bulk phone job id returned on submit (24 hex characters)');

const linkedinField = textField('linkedin', "The person's LinkedIn profile URL", { max: 500 });

const hasPhones = (data: unknown) => arrayAt(data, 'phones').length > 0;

export const phoneItemKey = (item: PhoneItem | undefined): string => (item ? normalizeKey(item.email) || normalizeKey(item.linkedin) : '');

export const phoneBulkResult = lenient({
  email: z.string(),
  linkedin: z.string(),
  phones: z.array(z.unknown()),
  error: z.string(),
});

/** The phone finder group; `bulkCreditsPerItem` picks a reading of the reference's 10-vs-500 conflict. */
export function createPhoneFinder(bulkCreditsPerItem = ENRICH_SO_BULK_PHONE_CREDITS_PER_ITEM): { operations: OperationSpec[]; batch: BatchSpec<PhoneItem> } {
  const find = op({
    resource: 'phoneFinder',
    operation: 'find',
    displayName: 'Find phone numbers',
    about: "Find a person's phone numbers from their email or LinkedIn profile URL (give at least one).",
    kind: 'lookup',
    method: 'GET',
    path: '/reverse-lookup/phones',
    input: z.object({
      email: emailField('email', "The person's email address (give this or linkedin)").optional(),
      linkedin: linkedinField.optional(),
    }),
    output: lenient({ phones: z.array(z.unknown()) }),
    cost: perLookup(500, '500 credits per lookup; not charged when no phone number is found', hasPhones),
    found: hasPhones,
    request: (input) => {
      requireOneOf(input, ['email', 'linkedin'], 'who to look up');
      return defaultParts('GET', input);
    },
    retrySafe: false,
    rateBucket: 'enrichment',
    cacheTtlMs: DAY_MS,
    cacheKey: caseInsensitiveKey,
  });

  const submitInput = z.object({
    emails: listField('emails', emailField('emails', 'An email address'), 'Email addresses to look up (up to 500,000)', { max: 500_000 }).optional(),
    linkedins: listField('linkedins', textField('linkedins', 'A LinkedIn profile URL', { max: 500 }), 'LinkedIn profile URLs to look up (up to 500,000)', {
      max: 500_000,
    }).optional(),
    webhookUrl: webhookUrlField(),
  });

  const submitBatch = op({
    resource: 'phoneFinder',
    operation: 'submitBatch',
    reserves: reservesJob,
    displayName: 'Submit bulk phone lookup',
    about: 'Find phone numbers for up to 500,000 emails and 500,000 LinkedIn profile URLs as one asynchronous job.',
    kind: 'batchSubmit',
    method: 'POST',
    path: '/reverse-lookup/phones/bulk',
    input: submitInput,
    output: batchSubmitOutput,
    cost: reservation<z.infer<typeof submitInput>>(
      bulkCreditsPerItem,
      `${bulkCreditsPerItem} credits per unique email or profile (case-insensitive duplicates removed) are reserved on submit and settled when results are first read; items without phones are refunded`,
      (input) => uniqueCount(input.emails ?? []) + uniqueCount(input.linkedins ?? []),
    ),
    request: (input) => {
      requireOneOf(input, ['emails', 'linkedins'], 'what to look up');
      return defaultParts('POST', input);
    },
    retrySafe: false,
    rateBucket: 'bulkSubmit',
    batch: 'phoneFinder',
  });

  const operations: OperationSpec[] = [
    find,
    submitBatch,
    ...jobOps({
      resource: 'phoneFinder',
      batch: 'phoneFinder',
      noun: 'bulk phone lookup',
      jobPath: '/reverse-lookup/phones/bulk/{jobId}',
      idParam: 'jobId',
      idSchema: jobIdField,
      resultItem: phoneBulkResult,
      settles: `${bulkCreditsPerItem} credits per item with at least one phone`,
    }),
  ];

  const batch: BatchSpec<PhoneItem> = {
    name: 'phoneFinder',
    displayName: 'Bulk phone lookup',
    submitOp: 'phoneFinder.submitBatch',
    statusOp: 'phoneFinder.getBatchStatus',
    resultsOp: 'phoneFinder.getBatchResults',
    itemOp: 'phoneFinder.find',
    toItem: (input) => ({
      ...(typeof input.email === 'string' ? { email: input.email } : {}),
      ...(typeof input.linkedin === 'string' ? { linkedin: input.linkedin } : {}),
    }),
    maxItems: 500_000,
    submitInput: (items, webhookUrl) => {
      // An item with both is sent once, by email: sending both would look it up (and charge) twice.
      const unique = dedupeBy(items, phoneItemKey);
      const emails = unique.filter((i) => i.email?.trim()).map((i) => i.email!.trim());
      const linkedins = unique.filter((i) => !i.email?.trim() && i.linkedin?.trim()).map((i) => i.linkedin!.trim());
      return { ...(emails.length ? { emails } : {}), ...(linkedins.length ? { linkedins } : {}), ...(webhookUrl ? { webhookUrl } : {}) };
    },
    jobId: (data) => submittedJobId(data, 'bulk phone lookup'),
    jobInput: (jobId) => ({ jobId }),
    progress: (data) => readProgress(data),
    itemKey: phoneItemKey,
    resultKey: (result) => phoneItemKey({ email: stringAt(result, 'email'), linkedin: stringAt(result, 'linkedin') }) || undefined,
    resultCharged: hasPhones,
    resultError: resultErrorOf,
    costPerItem: credits(bulkCreditsPerItem),
    webhook: { itemEvent: 'webhook:phone_result.completed', completedEvent: 'webhook:phone_completion.completed' },
    pollIntervalMs: 5000,
  };

  return { operations, batch };
}
