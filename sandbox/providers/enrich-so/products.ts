/** The five reserve-and-settle batch products, as data for batch.ts (providers.md §5.5, §5.7). */
import { isIP } from 'node:net';
import { z } from 'zod';
import { dedupe, commonStatus, type BatchJob, type BatchProduct } from './batch';
import { conflict } from './problems';
import { pageOf } from './context';
import {
  candidateEmail,
  findEmail,
  findPhones,
  lookupIp,
  lookupProfile,
  splitEmail,
  validateEmail,
  type EmailFinderResult,
  type EmailValidationResult,
  type FinderInput,
  type IpResult,
  type Profile,
} from './data';
import { email, parseInput, webhookUrl } from './validate';

const NOT_PROCESSED = 'Not processed: insufficient credits';
const lower = (s: string) => s.trim().toLowerCase();

// ---- email validation ---------------------------------------------------------------------

type Validation = EmailValidationResult & { error?: string };

export const emailValidation: BatchProduct<string, Validation> = {
  kind: 'email-validation',
  submitPath: '/email-validation/batch',
  basePath: '/email-validation/batch',
  label: 'Email validation batch',
  initialStatus: 'queued',
  perItem: () => 1,
  parse(b) {
    const p = parseInput(z.object({ emails: z.array(z.string().min(1)).min(1).max(500_000), webhookUrl }), b, 'body');
    return {
      items: dedupe(
        p.emails.map((e) => e.trim()),
        lower,
      ),
      originalCount: p.emails.length,
      webhookUrl: p.webhookUrl,
    };
  },
  process: (seed, item) => validateEmail(seed, item),
  failed: (item) => ({
    email: item,
    result: 'risky',
    message: NOT_PROCESSED,
    isCatchAll: false,
    isFederated: false,
    hasSEG: false,
    provider: 'SMTP',
    confidence: 'none',
    error: 'Insufficient credits',
  }),
  isCharged: (r) => r.result !== 'risky',
  tally: (r) => r.result,
  itemEvent: (job, i) => {
    const r = job.results[i] as Validation;
    return {
      event: 'webhook:email_lookup.completed',
      data: {
        job_id: job.id,
        result_id: r.email,
        result: {
          email: r.email,
          result: r.result,
          message: r.message,
          provider: r.provider,
          confidence: r.confidence,
          is_catch_all: r.isCatchAll,
          domain: splitEmail(r.email).domain,
        },
      },
    };
  },
  completionEvent: (job, at) => ({
    event: 'validation.completed',
    data: {
      ...completion(job, at),
      successful: job.successful,
      failed: job.failedCount,
      valid: job.counts.valid ?? 0,
      invalid: job.counts.invalid ?? 0,
      risky: job.counts.risky ?? 0,
    },
  }),
  statusData: commonStatus,
  resultsData: (job, now, page, limit) => ({
    batchId: job.id,
    status: job.status(now),
    totalItems: job.total,
    processedCount: job.processedAt(now),
    results: pageOf(job.results, page, limit),
  }),
};

// ---- email finder -------------------------------------------------------------------------

type Finder = EmailFinderResult & { error?: string };

const lead = z.object({ firstName: z.string().min(1).max(100), lastName: z.string().min(1).max(100), domain: z.string().min(1).max(253) });

export const emailFinder: BatchProduct<FinderInput, Finder> = {
  kind: 'email-finder',
  submitPath: '/email-finder/batch',
  basePath: '/email-finder/batch',
  label: 'Email finder batch',
  initialStatus: 'queued',
  perItem: () => 10,
  parse(b) {
    const p = parseInput(z.object({ leads: z.array(lead).min(1).max(500_000), webhookUrl }), b, 'body');
    return {
      items: dedupe(p.leads, (l) => `${lower(l.firstName)}|${lower(l.lastName)}|${lower(l.domain)}`),
      originalCount: p.leads.length,
      webhookUrl: p.webhookUrl,
    };
  },
  process: (seed, item) => findEmail(seed, item),
  failed: (item) => ({ ...item, found: false, message: NOT_PROCESSED, error: 'Insufficient credits' }),
  isCharged: (r) => r.found,
  tally: (r) => (r.found ? 'found' : 'not_found'),
  itemEvent: (job, i) => {
    const r = job.results[i] as Finder;
    const address = r.email ?? candidateEmail(r);
    return {
      event: 'webhook:finder_lookup.completed',
      data: {
        job_id: job.id,
        result_id: address,
        result: {
          email: address,
          result: r.found ? 'found' : 'not_found',
          message: r.message,
          ...(r.confidence ? { confidence: r.confidence } : {}),
          is_catch_all: r.isCatchAll ?? false,
          domain: r.domain.toLowerCase(),
          ...(r.provider ? { provider: r.provider } : {}),
        },
      },
    };
  },
  completionEvent: (job, at) => ({
    event: 'finder.completed',
    data: { ...completion(job, at), successful: job.successful, failed: job.failedCount, found: job.successful, not_found: job.failedCount },
  }),
  statusData: commonStatus,
  resultsData: (job, now, page, limit) => ({
    batchId: job.id,
    status: job.status(now),
    totalItems: job.total,
    processedCount: job.processedAt(now),
    results: pageOf(job.results, page, limit),
  }),
};

// ---- reverse email lookup -----------------------------------------------------------------

interface ReverseResult {
  email: string;
  profile?: Profile;
  error?: string;
}

export const reverseLookup: BatchProduct<string, ReverseResult> = {
  kind: 'reverse-lookup',
  submitPath: '/reverse-lookup/bulk-lookup',
  basePath: '/reverse-lookup/bulk-lookup',
  label: 'Reverse email lookup batch',
  initialStatus: 'queued',
  submitMessage: 'Bulk lookup job created',
  perItem: () => 10,
  parse(b) {
    const p = parseInput(z.object({ emails: z.array(email).min(1).max(100_000), webhookUrl }), b, 'body');
    return { items: dedupe(p.emails, lower), originalCount: p.emails.length, webhookUrl: p.webhookUrl };
  },
  process: (seed, item) => ({ email: item, profile: lookupProfile(seed, item) }),
  failed: (item) => ({ email: item, error: 'Insufficient credits' }),
  isCharged: (r) => r.profile !== undefined,
  tally: (r) => (r.profile ? 'found' : 'not_found'),
  itemEvent: (job, i) => {
    const r = job.results[i] as ReverseResult;
    const type = r.error ? 'error' : r.profile ? 'success' : 'no_match';
    return {
      event: 'webhook:email_result.completed',
      data: {
        job_id: job.id,
        result_id: r.email,
        type,
        ...(r.profile ? { result: { ...r.profile, creditsConsumed: 10 } } : {}),
        ...(r.error ? { error: r.error } : {}),
        message: type === 'success' ? 'Person found' : type === 'no_match' ? 'No information found' : (r.error as string),
      },
    };
  },
  completionEvent: (job, at) => ({
    event: 'webhook:email_completion.completed',
    data: { ...completion(job, at), found: job.successful, not_found: job.failedCount },
  }),
  statusData: commonStatus,
  resultsData: (job, now, page, limit, cfg) => {
    // Not-found emails are omitted; `email` (not in the reference) is added unless configured off.
    const withEmail = cfg.reverseLookupResultEmail === 'included';
    const found = job.results.filter((r) => r.profile).map((r) => ({ ...(withEmail ? { email: r.email } : {}), ...r.profile, creditsConsumed: 10 }));
    return {
      batchId: job.id,
      status: job.status(now),
      totalItems: job.total,
      processedItems: job.processedAt(now),
      successful: job.successful,
      failed: job.failedCount,
      page,
      limit,
      results: pageOf(found, page, limit),
    };
  },
};

// ---- phone finder bulk --------------------------------------------------------------------

type PhoneItem = { email: string } | { linkedin: string };
type PhoneResult = PhoneItem & { phones: string[]; error?: string; failed?: boolean };

const itemKey = (item: PhoneItem) => ('email' in item ? item.email : item.linkedin);

export const phoneBulk: BatchProduct<PhoneItem, PhoneResult> = {
  kind: 'phone-bulk',
  submitPath: '/reverse-lookup/phones/bulk',
  basePath: '/reverse-lookup/phones/bulk',
  label: 'Bulk phone lookup',
  initialStatus: 'queued',
  strictIds: true,
  submitMessage: 'Bulk phone lookup job created',
  perItem: (cfg) => cfg.phoneBulkCreditsPerItem,
  parse(b) {
    const p = parseInput(
      z
        .object({ emails: z.array(email).max(500_000).optional(), linkedins: z.array(z.string().min(1).max(500)).max(500_000).optional(), webhookUrl })
        .refine((v) => (v.emails?.length ?? 0) + (v.linkedins?.length ?? 0) >= 1, { message: 'Provide at least one email or linkedin' })
        .refine((v) => (v.emails?.length ?? 0) + (v.linkedins?.length ?? 0) <= 500_000, { message: 'At most 500000 items in total' }),
      b,
      'body',
    );
    const emails = dedupe(p.emails ?? [], lower).map((e): PhoneItem => ({ email: e }));
    const linkedins = dedupe(p.linkedins ?? [], lower).map((l): PhoneItem => ({ linkedin: l }));
    return { items: [...emails, ...linkedins], originalCount: (p.emails?.length ?? 0) + (p.linkedins?.length ?? 0), webhookUrl: p.webhookUrl };
  },
  process: (seed, item) => {
    const phones = findPhones(seed, itemKey(item));
    return { ...item, phones, ...(phones.length === 0 ? { error: 'No phone numbers found for this profile' } : {}) };
  },
  failed: (item) => ({ ...item, phones: [], error: 'Insufficient credits', failed: true }),
  isCharged: (r) => r.phones.length > 0,
  tally: (r) => (r.phones.length > 0 ? 'found' : 'not_found'),
  itemEvent: (job, i) => {
    const r = job.results[i] as PhoneResult;
    const type = r.failed ? 'error' : r.phones.length > 0 ? 'success' : 'no_match';
    return {
      event: 'webhook:phone_result.completed',
      data: {
        job_id: job.id,
        result_id: itemKey(r),
        type,
        phones: r.phones,
        ...(type === 'error' ? { error: r.error } : {}),
        message: type === 'success' ? 'Phone numbers found' : type === 'no_match' ? 'No phone numbers found' : (r.error as string),
      },
    };
  },
  completionEvent: (job, at) => ({
    event: 'webhook:phone_completion.completed',
    data: { ...completion(job, at), found: job.successful, not_found: job.failedCount },
  }),
  statusData: commonStatus,
  resultsData: (job, now, page, limit) => ({
    batchId: job.id,
    status: job.status(now),
    totalItems: job.total,
    processedItems: job.processedAt(now),
    successful: job.successful,
    failed: job.failedCount,
    results: pageOf(job.results, page, limit).map(({ failed: _failed, ...r }) => r),
    page,
    limit,
  }),
};

// ---- IP to company batch ------------------------------------------------------------------

type IpBatchResult = IpResult & { error?: string };

const ipString = z
  .string()
  .min(1)
  .max(45)
  .refine((v) => isIP(v) !== 0, { message: 'Invalid IP address' });

export const ipBatch: BatchProduct<string, IpBatchResult> = {
  kind: 'ip-batch',
  submitPath: '/ip-to-company/batch',
  basePath: '/ip-to-company/batch',
  label: 'IP to company batch',
  initialStatus: 'processing',
  perItem: () => 100,
  parse(b) {
    // The docs send `[{ip}]`; plain strings are accepted too.
    const p = parseInput(
      z.object({
        ips: z
          .array(z.union([ipString, z.object({ ip: ipString })]))
          .min(1)
          .max(500_000),
      }),
      b,
      'body',
    );
    const ips = p.ips.map((v) => (typeof v === 'string' ? v : v.ip).trim());
    return { items: dedupe(ips, lower), originalCount: ips.length };
  },
  beforeReserve(ctx, items) {
    const fingerprint = items.map(lower).sort().join(',');
    const last = ctx.org.ipSubmissions.get(fingerprint);
    if (last !== undefined && ctx.now - last < ctx.svc.config().ipDuplicateWindowMs) throw conflict('Duplicate batch submission detected');
    return () => ctx.org.ipSubmissions.set(fingerprint, ctx.now);
  },
  process: (seed, item) => lookupIp(seed, item),
  failed: (item) => ({ searchIp: item, error: 'Insufficient credits' }),
  isCharged: (r) => r.ipDomain !== undefined,
  tally: (r) => (r.ipDomain ? 'found' : undefined),
  statusData: (job, now) => ({
    ...commonStatus(job, now),
    foundCount: job.successful,
    createdAt: new Date(job.createdAt).toISOString(),
    completedAt: job.completedAt(now),
  }),
  resultsData: (job, now, page, limit) => ({
    batchId: job.id,
    status: job.status(now),
    totalItems: job.total,
    processedCount: job.processedAt(now),
    foundCount: job.successful,
    results: pageOf(job.results, page, limit).map((r) => ({ ...r, ipDomain: r.ipDomain ?? null })),
    page,
    limit,
  }),
};

function completion<I, R>(job: BatchJob<I, R>, at: number): Record<string, unknown> {
  return { job_id: job.id, status: job.drained ? 'failed' : 'completed', total_items: job.total, completed_at: new Date(at).toISOString() };
}
