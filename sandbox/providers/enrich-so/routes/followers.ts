/** Company followers (approved accounts only): count estimates, scrapes, continue, progress, results, CSV export, daily limit. */
import { z } from 'zod';
import { textReply } from '../../../kit/http';
import type { Router } from '../../../kit/router';
import { body, callbacksFor, iso, ok, pageOf, registerJob, requireCredits, type Ctx } from '../context';
import { canonical } from '../data-people';
import { COUNT_ESTIMATE_COST, CountEstimateJob, FollowerJob } from '../followers-jobs';
import { ApiError, conflict, validationError } from '../problems';
import { pageQuery, parseInput, queryObject, webhookUrl } from '../validate';
import type { Handler, RouteMeta } from './types';

const DAY_MS = 24 * 3600_000;
const CONTINUE_WINDOW_MS = 3 * DAY_MS;

const DEPARTMENTS = [
  'Accounting',
  'Administrative',
  'Arts and Design',
  'Business Development',
  'Community and Social Services',
  'Consulting',
  'Customer Success and Support',
  'Education',
  'Engineering',
  'Entrepreneurship',
  'Finance',
  'Healthcare Services',
  'Human Resources',
  'Information Technology',
  'Legal',
  'Marketing',
  'Media and Communication',
  'Military and Protective Services',
  'Operations',
  'Product Management',
  'Program and Project Management',
  'Purchasing',
  'Quality Assurance',
  'Real Estate',
  'Research',
  'Sales',
] as const;
const LEVELS = [
  'CXO',
  'Director',
  'Entry Level',
  'Entry Level Manager',
  'Experienced Manager',
  'In Training',
  'Owner / Partner',
  'Senior',
  'Strategic',
  'Vice President',
] as const;

const filterFields = {
  countries: z.array(z.string()).optional(),
  states: z.array(z.string()).optional(),
  jobTitles: z.array(z.string()).optional(),
  departments: z.array(z.enum(DEPARTMENTS)).optional(),
  levels: z.array(z.enum(LEVELS)).optional(),
};
const countEstimateBody = z.object({ companyUrl: z.string().url(), ...filterFields });
const scrapeBody = z.object({
  companyUrl: z.string().url(),
  max_limit: z.number().int().min(1).max(50_000),
  name: z.string().max(100).optional(),
  ...filterFields,
  webhookUrl,
  skipCache: z.boolean().optional(),
});
const resultsQuery = pageQuery(100, 500);

const ACCESS_DETAIL: Record<string, string> = {
  none: 'Your team has not applied for Company Followers access. Please submit an application first.',
  pending: 'Your Company Followers access application is under review.',
  rejected: 'Your Company Followers access application was rejected.',
  revoked: 'Your Company Followers access has been revoked.',
};

function requireAccess(ctx: Ctx): void {
  const status = ctx.org.account.companyFollowerAccess;
  if (status !== 'approved') throw new ApiError(403, ACCESS_DETAIL[status] ?? 'Access denied', { accessStatus: status });
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function dailyUsed(ctx: Ctx): number {
  const since = startOfUtcDay(ctx.now);
  return ctx.svc.jobs
    .list<FollowerJob>(ctx.org, 'follower')
    .filter((j) => j.createdAt >= since)
    .reduce((n, j) => n + j.total, 0);
}

function followerJob(ctx: Ctx): FollowerJob {
  const job = ctx.svc.jobs.get<FollowerJob>(ctx.org, 'follower', ctx.params.batchId as string);
  job.advance(ctx.now);
  return job;
}

function startScrape(ctx: Ctx) {
  const input = parseInput(scrapeBody, body(ctx), 'body');
  const cfg = ctx.svc.config();
  const remaining = cfg.followerDailyLimit - dailyUsed(ctx);
  if (input.max_limit > remaining) {
    const retryAfter = Math.ceil((startOfUtcDay(ctx.now) + DAY_MS - ctx.now) / 1000);
    throw new ApiError(
      429,
      `Daily company follower limit reached: ${Math.max(0, remaining)} profile(s) remaining today.`,
      {},
      { 'retry-after': String(retryAfter) },
    );
  }
  const perProfile = cfg.creditsPerFollowerProfile;
  const reserve = input.max_limit * perProfile;
  const id = ctx.svc.ids.hex(24);
  ctx.org.wallet.reserve(id, reserve, `Company follower scrape: ${input.companyUrl} (${input.max_limit} profiles reserved)`, {
    batchId: id,
    requestId: ctx.requestId,
  });
  const { companyUrl, max_limit: maxLimit, name, countries, states, jobTitles, departments, levels } = input;
  const job = new FollowerJob(
    {
      id,
      org: ctx.org,
      companyUrl,
      maxLimit,
      name,
      filters: { countries, states, jobTitles, departments, levels },
      perProfile,
      callbacks: callbacksFor(ctx.svc, id, input.webhookUrl),
      drainAfter: cfg.jobFaults.drainAfterItems,
    },
    ctx.svc,
  );
  registerJob(ctx.svc, 'follower', ctx.org, id, job);
  return ok(
    ctx,
    { batchId: id, message: `Scrape started for up to ${maxLimit} follower profile(s).` },
    { creditsReserved: reserve, creditsPerItem: perProfile, estimatedCredits: reserve },
  );
}

function continueScrape(ctx: Ctx, batchId: string) {
  const job = ctx.svc.jobs.get<FollowerJob>(ctx.org, 'follower', batchId, 'Job not found');
  job.advance(ctx.now);
  const status = job.status(ctx.now);
  if (job.continuation === 'running') throw conflict('A continue is already in progress for this batch.');
  if (status === 'queued' || status === 'processing') throw conflict('The scrape is still running.');
  if (status !== 'partial') throw conflict('This scrape completed fully — there is nothing to continue.');
  if (ctx.now - job.createdAt > CONTINUE_WINDOW_MS)
    throw new ApiError(410, 'Continue is only available within 3 days of the scrape. Start a fresh scrape instead.');
  if (job.partialMode === 'unrecoverable') {
    throw new ApiError(
      422,
      'Every filter fully delivered — the remaining gap is unclassified followers that no filter can reach (not recoverable by re-running).',
    );
  }
  const reserve = job.gap * job.perProfile;
  ctx.org.wallet.reserve(`${job.id}:continue`, reserve, `Company follower scrape continue: ${job.companyUrl} (${job.gap} profiles reserved)`, {
    batchId: job.id,
    requestId: ctx.requestId,
  });
  job.startContinue(ctx.now);
  ctx.svc.ticker.add(job);
  return ok(
    ctx,
    { batchId: job.id, message: `Continuing scrape for the remaining ${job.gap} profile(s).`, estimatedAdditional: job.gap },
    { creditsReserved: reserve, creditsPerItem: job.perProfile, estimatedCredits: reserve },
  );
}

function toCsv(rows: Record<string, unknown>[]): string {
  const columns = [
    'objectURN',
    'name',
    'firstName',
    'lastName',
    'profileUrl',
    'title',
    'companyName',
    'companyDomain',
    'location',
    'industry',
    'connectionDegree',
    'isPremium',
    'isOpenProfile',
  ];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function registerFollowers(router: Router<Handler, RouteMeta>): void {
  router.add(
    'POST',
    '/count-estimate',
    (ctx) => {
      requireAccess(ctx);
      const input = parseInput(countEstimateBody, body(ctx), 'body');
      const { companyUrl, ...filters } = input;
      const cacheKey = canonical({ companyUrl: companyUrl.toLowerCase(), filters });
      // Same company + filters within 24 h: answered from cache, free.
      const cached = ctx.svc.jobs
        .list<CountEstimateJob>(ctx.org, 'count-estimate')
        .find((j) => j.cacheKey === cacheKey && ctx.now - j.createdAt < DAY_MS && j.status(ctx.now) === 'completed');
      if (cached) {
        return ok(
          ctx,
          { batchId: cached.id, status: 'completed', message: 'Returned from cache.', fromCache: true, cachedAt: iso(cached.finishAt()), data: cached.result },
          { creditsUsed: 0, creditsRemaining: ctx.org.wallet.balance },
        );
      }
      requireCredits(ctx, COUNT_ESTIMATE_COST);
      const id = ctx.svc.ids.hex(24);
      ctx.org.wallet.deduct(COUNT_ESTIMATE_COST, `Count estimate: ${companyUrl}`, { batchId: id, requestId: ctx.requestId });
      const job = new CountEstimateJob(id, ctx.org, companyUrl, cacheKey, filters, ctx.svc.config().countEstimateMs, ctx.svc);
      registerJob(ctx.svc, 'count-estimate', ctx.org, id, job);
      return ok(
        ctx,
        { batchId: id, status: 'pending', message: 'Count estimation job started. Results typically available within 30-60 seconds.', fromCache: false },
        { creditsUsed: COUNT_ESTIMATE_COST, creditsRemaining: ctx.org.wallet.balance },
      );
    },
    {},
  );

  router.add(
    'GET',
    '/count-estimate/{batchId}',
    (ctx) => {
      requireAccess(ctx);
      const job = ctx.svc.jobs.get<CountEstimateJob>(ctx.org, 'count-estimate', ctx.params.batchId as string);
      job.advance(ctx.now);
      const status = job.status(ctx.now);
      const messages = {
        pending: 'Estimation queued.',
        in_progress: 'Estimating follower count…',
        completed: 'Estimation complete.',
        failed: 'Estimation failed; credits refunded.',
      };
      return ok(
        ctx,
        {
          batchId: job.id,
          status,
          companyUrl: job.companyUrl,
          message: messages[status],
          createdAt: iso(job.createdAt),
          completedAt: job.isDone(ctx.now) ? iso(job.finishAt()) : null,
          ...(status === 'completed' ? { data: job.result } : {}),
        },
        { creditsRefunded: job.refunded ? COUNT_ESTIMATE_COST : 0, creditsRemaining: ctx.org.wallet.balance },
      );
    },
    {},
  );

  // One path, two operations: `?batchId=` switches "start" to "continue".
  router.add(
    'POST',
    '/company-follower',
    (ctx) => {
      requireAccess(ctx);
      const batchId = ctx.req.query.get('batchId');
      if (batchId !== null) {
        if (batchId.length === 0) throw validationError('querystring/batchId String must contain at least 1 character(s)');
        return continueScrape(ctx, batchId);
      }
      return startScrape(ctx);
    },
    { bucket: 'bulkSubmit' },
  );

  router.add(
    'GET',
    '/company-follower/limit',
    (ctx) => {
      const status = ctx.org.account.companyFollowerAccess;
      if (status !== 'approved') return ok(ctx, { status });
      const cfg = ctx.svc.config();
      const used = dailyUsed(ctx);
      return ok(ctx, {
        status,
        creditsPerProfile: cfg.creditsPerFollowerProfile,
        dailyLimit: cfg.followerDailyLimit,
        dailyUsed: used,
        dailyRemaining: Math.max(0, cfg.followerDailyLimit - used),
      });
    },
    {},
  );

  router.add(
    'GET',
    '/company-follower/{batchId}/progress',
    (ctx) => {
      requireAccess(ctx);
      const job = followerJob(ctx);
      const status = job.status(ctx.now);
      const processed = job.processedAt(ctx.now);
      const done = status === 'completed' || status === 'partial' || status === 'failed';
      const message =
        status === 'queued'
          ? 'Scrape queued.'
          : status === 'processing'
            ? `Fetching profiles... ${Math.floor((processed * 100) / Math.max(1, job.total))}% complete (${processed}/${job.total})`
            : status === 'partial'
              ? `Scrape finished with ${job.deliveredCount} profile(s), fewer than expected; continue the batch to fill the gap.`
              : status === 'failed'
                ? 'Scrape stopped: insufficient credits.'
                : `Scrape complete: ${job.deliveredCount} profile(s).`;
      return ok(ctx, {
        batchId: job.id,
        processed,
        total: status === 'queued' ? -1 : job.total,
        errors: job.errors,
        done,
        ...(done ? { partial: status === 'partial' } : {}),
        message,
      });
    },
    {},
  );

  router.add(
    'GET',
    '/company-follower/{batchId}/results',
    (ctx) => {
      requireAccess(ctx);
      const { page, limit } = parseInput(resultsQuery, queryObject(ctx.req.query), 'querystring');
      const job = followerJob(ctx);
      const settled = job.settle(ctx.now);
      const indices = job.deliveredIndices();
      const rows = pageOf(indices, page, limit).map((i) => job.profile(i));
      return ok(
        ctx,
        { batchId: job.id, count: rows.length, data: rows, pagination: { page, limit, total: indices.length, totalPages: Math.ceil(indices.length / limit) } },
        { creditsUsed: settled.charged, creditsRefunded: settled.refunded, creditsRemaining: ctx.org.wallet.balance },
      );
    },
    {},
  );

  router.add(
    'GET',
    '/company-follower/{batchId}/export',
    (ctx) => {
      requireAccess(ctx);
      const job = followerJob(ctx);
      const status = job.status(ctx.now);
      if (status === 'queued' || status === 'processing') throw validationError('Batch is not yet complete. Wait for the scrape to finish before exporting.');
      const csv = toCsv(job.deliveredIndices().map((i) => job.profile(i)));
      return textReply(200, csv, 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="followers-${job.id}.csv"` });
    },
    {},
  );
}
