/** Lead Finder contact side: reveal/enrich jobs (email 10, phone 525 per lead) and unlocking names. */
import { z } from 'zod';
import type { CostModel, OperationSpec } from '../../catalog/types';
import { credits, timesCredits, ZERO } from '../../credits/amount';
import {
  arrayAt,
  enumField,
  free,
  idField,
  intField,
  lenient,
  listField,
  op,
  pageField,
  pagesFromTotal,
  perUnit,
  queryPages,
  reservesJob,
  uniqueCount,
} from '../../catalog';
import { workerJobSettlement } from './common';

/** Per-lead reveal prices (§5.4): both fields = 535. */
export const REVEAL_CREDITS = { email: 10, phone: 525 } as const;

type RevealField = keyof typeof REVEAL_CREDITS;

export function revealCreditsPerLead(fields: readonly RevealField[]): number {
  return [...new Set(fields)].reduce((sum, f) => sum + REVEAL_CREDITS[f], 0);
}

const leadRef = z.object({
  id: z
    .string({ required_error: 'leads[].id is required' })
    .trim()
    .min(1, 'lead id must not be empty')
    .max(500, 'lead id must be at most 500 characters')
    .describe('Lead id from Search leads'),
});

const leadsField = (max: number, help: string) => listField('leads', leadRef, help, { min: 1, max });

const fieldsField = listField(
  'fields',
  enumField('fields', ['email', 'phone'] as const, 'A contact field'),
  `Contact fields to reveal: email (${REVEAL_CREDITS.email} credits per lead), phone (${REVEAL_CREDITS.phone} per lead)`,
  { min: 1, max: 2 },
);

type RevealInput = { leads: { id: string }[]; fields: RevealField[] };

const revealEstimate = (input: RevealInput) => timesCredits(credits(revealCreditsPerLead(input.fields)), uniqueCount(input.leads.map((l) => l.id)));

const revealCost: CostModel<RevealInput> = {
  summary: `Per lead ${REVEAL_CREDITS.email} credits for email, ${REVEAL_CREDITS.phone} for phone, ${REVEAL_CREDITS.email + REVEAL_CREDITS.phone} for both; previously revealed contacts are free`,
  estimate: revealEstimate,
  // Submitting reserves (`reserves`); the job's poll settles it once it ends (`settles`).
  actual: (ctx) => ctx.meta.creditsUsed ?? ZERO,
};

const revealSubmitted = lenient({
  jobId: z.string(),
  status: z.string(),
  totalLeads: z.number(),
  fields: z.array(z.string()),
  creditsReserved: z.number(),
  message: z.string(),
});

const reveal = op({
  resource: 'leadFinder',
  operation: 'reveal',
  displayName: 'Reveal contact info',
  about: 'Reveal email and/or phone for up to 25 leads as an asynchronous job; poll Get reveal job (about every 2 s) for the contacts.',
  kind: 'action',
  method: 'POST',
  path: '/lead-finder/reveal',
  input: z.object({
    leads: leadsField(25, 'Leads to reveal: objects with the id from Search leads (1–25)'),
    fields: fieldsField.default(['email', 'phone']),
  }),
  output: revealSubmitted,
  cost: revealCost,
  reserves: reservesJob,
  retrySafe: false,
});

const enrich = op({
  resource: 'leadFinder',
  operation: 'enrich',
  displayName: 'Enrich contacts',
  about:
    'Reveal specific contact fields for up to 25 leads as an asynchronous job; poll Get reveal job for the contacts. Insufficient credits fail the job, not this call.',
  kind: 'action',
  method: 'POST',
  path: '/lead-finder/enrich',
  input: z.object({
    leads: leadsField(25, 'Leads to enrich: objects with the id from Search leads (1–25)'),
    fields: fieldsField,
  }),
  output: revealSubmitted,
  cost: revealCost,
  reserves: reservesJob,
  retrySafe: false,
});

const revealJob = lenient({
  jobId: z.string(),
  status: z.string(),
  jobType: z.string(),
  fields: z.array(z.string()),
  progress: z.unknown(),
  results: z.unknown(),
  error: z.string(),
  creditsUsed: z.number(),
  creditsRefunded: z.number(),
  createdAt: z.string(),
  completedAt: z.string(),
});

const listRevealJobs = op({
  resource: 'leadFinder',
  operation: 'listRevealJobs',
  displayName: 'List reveal jobs',
  about: 'List reveal and enrich jobs of the last 30 days, optionally by status.',
  kind: 'list',
  method: 'GET',
  path: '/lead-finder/reveal-jobs',
  input: z.object({
    page: pageField(),
    limit: intField('limit', 'Jobs per page (1–100)', { min: 1, max: 100 }).default(20),
    status: enumField('status', ['pending', 'processing', 'completed', 'failed'] as const, 'Only jobs with this status').optional(),
  }),
  output: lenient({ jobs: z.array(revealJob), total: z.number(), page: z.number(), limit: z.number() }),
  cost: free(),
  retrySafe: true,
  pagination: queryPages(
    'limit',
    100,
    20,
    (data) => arrayAt(data, 'jobs'),
    (data) => pagesFromTotal(data),
  ),
});

const getRevealJob = op({
  resource: 'leadFinder',
  operation: 'getRevealJob',
  displayName: 'Get reveal job',
  about:
    'Poll a reveal or enrich job; when completed, results.revealed holds the contacts (id, names, job title, company, emailAddress, phone, cellphone, linkedinUrl, domain).',
  kind: 'lookup',
  method: 'GET',
  path: '/lead-finder/reveal-jobs/{jobId}',
  input: z.object({ jobId: idField('jobId', 'The reveal job id returned by Reveal contact info or Enrich contacts, e.g. rj_a1b2c3d4e5f6a7b8') }),
  output: revealJob,
  cost: free('Free (polling never costs credits)'),
  settles: workerJobSettlement,
  retrySafe: true,
});

const unlockInput = z.object({ leads: leadsField(100, 'Leads whose last names to unlock: objects with the id from Search leads (1–100)') });

const unlockNames = op({
  resource: 'leadFinder',
  operation: 'unlockNames',
  displayName: 'Unlock full last names',
  about: 'Unlock the full last names of up to 100 leads from Search leads.',
  kind: 'action',
  method: 'POST',
  path: '/lead-finder/unlock-names',
  input: unlockInput,
  output: lenient({ results: z.array(lenient({ id: z.string(), lastName: z.string() })) }),
  cost: perUnit<z.infer<typeof unlockInput>>(
    1,
    '1 credit per lead',
    (input) => uniqueCount(input.leads.map((l) => l.id)),
    (ctx) => arrayAt(ctx.data, 'results').length,
  ),
  retrySafe: false,
});

export const leadFinderRevealOperations: OperationSpec[] = [reveal, enrich, listRevealJobs, getRevealJob, unlockNames];
