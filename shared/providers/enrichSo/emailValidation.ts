/** Email validation: one email (1 credit, free when risky) or a batch of up to 500,000. */
import { z } from 'zod';
import type { BatchSpec, OperationSpec } from '../../catalog/types';
import { credits } from '../../credits/amount';
import {
  DAY_MS,
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
} from '../../catalog';
import { batchSubmitOutput, jobOps, readProgress, submittedJobId } from './batchOps';
import { webhookUrlField } from './common';

export const validationResult = lenient({
  email: z.string(),
  result: z.string().describe('valid | invalid | risky'),
  message: z.string(),
  isCatchAll: z.boolean(),
  isFederated: z.boolean(),
  hasSEG: z.boolean(),
  segProvider: z.string(),
  provider: z.string().describe('GOOGLE | MICROSOFT | SMTP'),
  confidence: z.string().describe('definitive | high | medium | low | temporary | none'),
});

const isChargedValidation = (data: unknown) => stringAt(data, 'result') !== 'risky';

const validate = op({
  resource: 'emailValidation',
  operation: 'validate',
  displayName: 'Validate email',
  about: 'Check whether one email address can receive mail: valid, invalid or risky, with provider and confidence.',
  kind: 'lookup',
  method: 'POST',
  path: '/email-validation',
  input: z.object({ email: emailField('email', 'The email address to validate') }),
  output: validationResult,
  cost: perLookup(1, '1 credit per email; not charged when the result is risky', isChargedValidation),
  retrySafe: false,
  rateBucket: 'enrichment',
  cacheTtlMs: DAY_MS,
  cacheKey: caseInsensitiveKey,
});

const submitInput = z.object({
  emails: listField('emails', emailField('emails', 'An email address'), 'The email addresses to validate (1–500,000; duplicates are removed)', {
    min: 1,
    max: 500_000,
  }),
  webhookUrl: webhookUrlField(),
});

const submitBatch = op({
  resource: 'emailValidation',
  operation: 'submitBatch',
  reserves: reservesJob,
  displayName: 'Submit email validation batch',
  about: 'Validate up to 500,000 emails as one asynchronous job; returns the batch id to poll or to wait on by webhook.',
  kind: 'batchSubmit',
  method: 'POST',
  path: '/email-validation/batch',
  input: submitInput,
  output: batchSubmitOutput,
  cost: reservation<z.infer<typeof submitInput>>(
    1,
    '1 credit per unique email (case-insensitive duplicates removed) is reserved on submit and settled when results are first read; risky results are refunded',
    (input) => uniqueCount(input.emails),
  ),
  retrySafe: false,
  rateBucket: 'bulkSubmit',
  batch: 'emailValidation',
});

export const emailValidationOperations: OperationSpec[] = [
  validate,
  submitBatch,
  ...jobOps({
    resource: 'emailValidation',
    batch: 'emailValidation',
    noun: 'email validation batch',
    jobPath: '/email-validation/batch/{batchId}',
    idParam: 'batchId',
    resultItem: validationResult,
    settles: '1 credit per email that is not risky',
  }),
];

export const emailValidationBatch: BatchSpec<string> = {
  name: 'emailValidation',
  displayName: 'Email validation batch',
  submitOp: 'emailValidation.submitBatch',
  statusOp: 'emailValidation.getBatchStatus',
  resultsOp: 'emailValidation.getBatchResults',
  itemOp: 'emailValidation.validate',
  toItem: (input) => String(input.email),
  maxItems: 500_000,
  submitInput: (items, webhookUrl) => ({
    emails: distinctTrimmed(items, normalizeKey),
    ...(webhookUrl ? { webhookUrl } : {}),
  }),
  jobId: (data) => submittedJobId(data, 'email validation batch'),
  jobInput: (batchId) => ({ batchId }),
  progress: (data) => readProgress(data),
  itemKey: normalizeKey,
  resultKey: (result) => normalizeKey(stringAt(result, 'email')) || undefined,
  resultCharged: isChargedValidation,
  resultError: resultErrorOf,
  costPerItem: credits(1),
  webhook: { itemEvent: 'webhook:email_lookup.completed', completedEvent: 'validation.completed' },
  pollIntervalMs: 5000,
};
