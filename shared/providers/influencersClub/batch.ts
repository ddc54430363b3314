/**
 * Batch enrichment (§1.4): a CSV of handles or emails uploaded as multipart (≤ 10 MB,
 * ≤ 10,000 rows — longer lists become several jobs, joined back in input order), polled every
 * 30–60 s (no webhooks), paused when credits run out and resumed, results downloaded as a JSON
 * or CSV file and matched back to each row. Rows are billed at the single-call rate as they
 * are processed, duplicates included; the status read's `credits_used` is the running total.
 */
import { z } from 'zod';
import type { BatchSpec, OperationSpec, SettlementSpec } from '../../catalog/types';
import { credits, ZERO } from '../../credits/amount';
import { ValidationError } from '../../errors';
import {
  asRecord,
  csvUploadForm,
  emailField,
  enumField,
  free,
  idField,
  intField,
  lenient,
  mapBatchStatus,
  normalizeKey,
  numberAt,
  op,
  pauseReason,
  reservation,
  stringAt,
  uploadRowsField,
  withThousands,
} from '../../catalog';
import { emailRequiredField, FULL_PLATFORMS, handleField, platformField, PROVIDER, RAW_PLATFORMS, withPlatformHandles } from './common';
import { PRICES } from './enrich';

export const MAX_ROWS = 10_000;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const POLL_MS = 30_000;
const MAX_POLL_MS = 60_000;

const batchId = () => idField('batch_id', 'The batch id returned when the batch was created (e.g. bch_0123…)');
const metadataField = () => z.record(z.unknown()).describe('Your own JSON object, returned with the batch status').optional();

const submitOutput = lenient({ batch_id: z.string(), status: z.string(), created_at: z.string(), platform: z.string(), metadata: z.unknown() });

/** Options a handle batch sends besides the file (all rows of one job share them). */
const HANDLE_OPTIONS = ['platform', 'email_required', 'include_lookalikes', 'include_audience_data'] as const;

interface HandleMode {
  mode: 'raw' | 'full';
  price: number;
  platforms: readonly [string, ...string[]];
}

function handleSubmit({ mode, price, platforms }: HandleMode) {
  const input = z.object({
    handles: uploadRowsField(
      'handles',
      handleField('handles', 'A creator handle'),
      `Creator handles, usernames or profile URLs (1–${withThousands(MAX_ROWS)} per job)`,
      {
        column: 'handle',
        maxRows: MAX_ROWS,
        maxBytes: MAX_FILE_BYTES,
      },
    ),
    platform: platformField(platforms as unknown as [string, ...string[]]),
    ...(mode === 'full'
      ? {
          email_required: emailRequiredField().optional(),
          include_lookalikes: z.boolean().describe('Also return lookalike creators (unset: the provider decides)').optional(),
          include_audience_data: z.boolean().describe('Also return audience demographics').optional(),
        }
      : {}),
    metadata: metadataField(),
  });
  type Input = z.infer<typeof input>;
  return op({
    resource: 'batch',
    operation: `enrichHandles${mode === 'raw' ? 'Raw' : 'Full'}`,
    displayName: `Batch enrich handles (${mode})`,
    about: `Enrich up to ${withThousands(MAX_ROWS)} creators per job with "${mode}" data from a CSV the node builds from your items; longer lists run as several jobs.`,
    kind: 'batchSubmit',
    method: 'POST',
    path: '/enrichment/batch/',
    input: withPlatformHandles(input),
    output: submitOutput,
    request: (i: Input) => {
      const { handles, metadata, ...rest } = i as Input & Record<string, unknown>;
      const fields = { enrichment_mode: mode, ...rest, metadata } as Record<string, string | boolean | object | undefined>;
      return { path: {}, query: {}, form: csvUploadForm('file', { column: 'handle' }, handles, fields, 'handles.csv') };
    },
    cost: reservation<Input>(
      price,
      `${price} credit${price === 1 ? '' : 's'} per row with data, duplicates included, charged as the job runs (nothing at submit)`,
      (i) => i.handles.length,
    ),
    retrySafe: false,
    batch: `handles${mode === 'raw' ? 'Raw' : 'Full'}`,
  });
}

const emailInput = z.object({
  emails: uploadRowsField('emails', emailField('emails', 'An email address'), `Email addresses (1–${withThousands(MAX_ROWS)} per job)`, {
    column: 'email',
    maxRows: MAX_ROWS,
    maxBytes: MAX_FILE_BYTES,
  }),
  min_followers: intField('min_followers', 'Only creators with at least this many followers', { min: 0 }).optional(),
  exclude_platforms: z.array(platformField(RAW_PLATFORMS)).describe('Platforms to leave out').optional(),
  metadata: metadataField(),
});
type EmailInput = z.infer<typeof emailInput>;

const submitEmails = op({
  resource: 'batch',
  operation: 'enrichEmails',
  displayName: 'Batch enrich emails (basic)',
  about: `Find the creators behind up to ${withThousands(MAX_ROWS)} emails per job from a CSV the node builds from your items.`,
  kind: 'batchSubmit',
  method: 'POST',
  path: '/enrichment/batch/',
  input: emailInput,
  output: submitOutput,
  request: ({ emails, exclude_platforms, ...rest }: EmailInput) => ({
    path: {},
    query: {},
    form: csvUploadForm(
      'file',
      { column: 'email' },
      emails,
      { enrichment_mode: 'basic', exclude_platforms: exclude_platforms?.join(','), ...rest },
      'emails.csv',
    ),
  }),
  cost: reservation<EmailInput>(
    PRICES.emailBasic,
    `${PRICES.emailBasic} credits per row with data, duplicates included, charged as the job runs (nothing at submit)`,
    (i) => i.emails.length,
  ),
  retrySafe: false,
  batch: 'emails',
});

/** The job's running charge: `credits_used` on every status read (paused jobs included). */
const runningCharge: SettlementSpec<{ batch_id: string }> = {
  jobId: (input) => input.batch_id,
  cumulative: true,
  read: ({ data }) => {
    const used = numberAt(data, 'credits_used');
    return used === undefined ? undefined : { charged: credits(used), refunded: ZERO };
  },
};

const status = op({
  resource: 'batch',
  operation: 'getStatus',
  displayName: 'Get batch status',
  about: 'Progress of a batch: status (queued, processing, finished, failed, paused for credits), rows processed, credits used so far.',
  kind: 'batchStatus',
  method: 'GET',
  path: '/enrichment/batch/{batch_id}/status/',
  input: z.object({ batch_id: batchId() }),
  output: lenient({
    batch_id: z.string(),
    status: z.string(),
    total_rows: z.number(),
    processed_rows: z.number(),
    success_count: z.number(),
    failed_count: z.number(),
    started_at: z.string(),
    metadata: z.unknown(),
    credits_used: z.union([z.string(), z.number()]),
    estimated_completion: z.string(),
    status_message: z.string(),
  }),
  cost: free('Free (the running total of credits the job used is booked from it)'),
  settles: runningCharge,
  retrySafe: true,
});

const results = op({
  resource: 'batch',
  operation: 'getResults',
  displayName: 'Get batch results',
  about: 'Download the results file of a finished batch (JSON or CSV), one record per row: input_value, status, enrichment_data.',
  kind: 'batchResults',
  method: 'GET',
  path: '/enrichment/batch/{batch_id}/',
  input: z.object({ batch_id: batchId(), format: enumField('format', ['json', 'csv'] as const, 'File format to download').default('json') }),
  output: z.array(z.record(z.unknown())),
  responseType: 'file',
  cost: free('Free'),
  retrySafe: true,
});

const resume = op({
  resource: 'batch',
  operation: 'resume',
  displayName: 'Resume batch',
  about: 'Continue a batch paused for insufficient credits (top up first).',
  kind: 'action',
  method: 'POST',
  path: '/enrichment/batch/{batch_id}/resume/',
  input: z.object({ batch_id: batchId() }),
  output: lenient({ batch_id: z.string(), status: z.string() }),
  request: (i: { batch_id: string }) => ({ path: { batch_id: i.batch_id }, query: {}, body: {} }),
  cost: free('Free'),
  // Resuming a running job only gets a 400 naming its status: repeating cannot charge.
  retrySafe: true,
});

export const batchOperations: OperationSpec[] = [
  handleSubmit({ mode: 'raw', price: PRICES.raw, platforms: RAW_PLATFORMS }),
  handleSubmit({ mode: 'full', price: PRICES.full, platforms: FULL_PLATFORMS }),
  submitEmails,
  status,
  results,
  resume,
];

/** A results row as the user gets it: `enrichment_data` parsed when a CSV file carried it as JSON text. */
function readRow(row: unknown): unknown {
  const rec = asRecord(row);
  if (!rec || typeof rec.enrichment_data !== 'string') return row;
  const text = rec.enrichment_data.trim();
  if (!/^[[{]/.test(text)) return { ...rec, enrichment_data: text === '' ? null : text };
  try {
    return { ...rec, enrichment_data: JSON.parse(text) };
  } catch {
    return row;
  }
}

/** A row the provider could not process at all (not "no data": that is an answer, and free). */
function rowError(row: unknown): string | undefined {
  const status = stringAt(row, 'status')?.toLowerCase();
  if (status !== 'failed' && status !== 'error') return undefined;
  return stringAt(row, 'error') ?? stringAt(row, 'message') ?? `row ${stringAt(row, 'input_value') ?? ''} failed`;
}

const rowCharged = (row: unknown) => {
  const status = stringAt(row, 'status')?.toLowerCase();
  return status === 'success' || status === 'enriched' || status === 'completed';
};

function common<Item>(
  name: string,
  displayName: string,
  submitOp: string,
  itemOp: string,
  price: number,
): Omit<BatchSpec<Item>, 'toItem' | 'submitInput' | 'itemKey'> {
  return {
    name,
    displayName,
    submitOp,
    statusOp: 'batch.getStatus',
    resultsOp: 'batch.getResults',
    resumeOp: 'batch.resume',
    itemOp,
    maxItems: MAX_ROWS,
    jobId: (data) => {
      const id = stringAt(data, 'batch_id');
      if (!id) throw new ValidationError(`${PROVIDER.displayName} accepted the batch but its answer carried no batch_id`);
      return id;
    },
    jobInput: (batch_id) => ({ batch_id }),
    progress: (data) => {
      const rawStatus = stringAt(data, 'status') ?? 'unknown';
      return {
        jobId: stringAt(data, 'batch_id') ?? '',
        status: mapBatchStatus(rawStatus),
        rawStatus,
        total: numberAt(data, 'total_rows'),
        processed: numberAt(data, 'processed_rows'),
        reason: stringAt(data, 'status_message') ?? pauseReason(rawStatus),
        ...(numberAt(data, 'credits_used') === undefined ? {} : { charged: credits(numberAt(data, 'credits_used')!) }),
      };
    },
    resultKey: (row) => normalizeKey(stringAt(row, 'input_value')) || undefined,
    readResult: readRow,
    resultCharged: rowCharged,
    resultError: rowError,
    costPerItem: credits(price),
    pollIntervalMs: POLL_MS,
    maxPollIntervalMs: MAX_POLL_MS,
    billsDuplicates: true,
  };
}

type HandleItem = { handle: string; platform: string } & Record<string, unknown>;

/** All rows of one job share its options; a list mixing platforms or options cannot be one job. */
function sharedOptions(items: HandleItem[]): Record<string, unknown> {
  const first = items[0] ?? ({} as HandleItem);
  const options = Object.fromEntries(HANDLE_OPTIONS.map((k) => [k, first[k]]));
  for (const item of items) {
    for (const k of HANDLE_OPTIONS) {
      if (item[k] !== options[k])
        throw new ValidationError(
          `${PROVIDER.displayName} batch: every row of one job needs the same ${k} (found ${String(options[k])} and ${String(item[k])})`,
          [{ field: k, rule: 'the same for every item of the batch' }],
        );
    }
  }
  return options;
}

function handleBatch(mode: 'raw' | 'full', price: number): BatchSpec<HandleItem> {
  const suffix = mode === 'raw' ? 'Raw' : 'Full';
  return {
    ...common<HandleItem>(`handles${suffix}`, `Handle enrichment batch (${mode})`, `batch.enrichHandles${suffix}`, `creator.enrichHandle${suffix}`, price),
    toItem: (input) => ({ ...(input as HandleItem), handle: String(input.handle).trim() }),
    submitInput: (items) => {
      const options = Object.fromEntries(Object.entries(sharedOptions(items)).filter(([, v]) => v !== undefined));
      return { handles: items.map((i) => i.handle), ...options };
    },
    itemKey: (item) => normalizeKey(item.handle),
  };
}

const emailBatch: BatchSpec<string> = {
  ...common<string>('emails', 'Email enrichment batch (basic)', 'batch.enrichEmails', 'creator.enrichEmail', PRICES.emailBasic),
  toItem: (input) => String(input.email).trim(),
  submitInput: (items) => ({ emails: items }),
  itemKey: normalizeKey,
};

export const influencersClubBatches: BatchSpec[] = [handleBatch('raw', PRICES.raw), handleBatch('full', PRICES.full), emailBatch];
