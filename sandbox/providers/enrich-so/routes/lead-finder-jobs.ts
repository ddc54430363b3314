/** Lead Finder async jobs: CSV export (+ list, status, download) and reveal/enrich (+ list, poll). */
import { z } from 'zod';
import { textReply } from '../../../kit/http';
import type { Router } from '../../../kit/router';
import { body, ok, pageOf, registerJob, type Ctx } from '../context';
import { leadSearch, type Lead } from '../data-people';
import { ExportJob, FIELD_COST, NAMES_COST, RevealJob, type Field } from '../lead-finder-jobs';
import { ApiError, conflict } from '../problems';
import { parseInput, queryObject } from '../validate';
import { excludeFiltersSchema, filtersSchema } from './lead-finder';
import type { Handler, RouteMeta } from './types';

const LIST_WINDOW_MS = 30 * 24 * 3600_000;
const fieldList = z.array(z.enum(['email', 'phone'])).min(1);
const leadList = z
  .array(z.object({ id: z.string().min(1) }))
  .min(1)
  .max(25);

const exportBody = z.object({
  filters: filtersSchema,
  excludeFilters: excludeFiltersSchema,
  name: z.string().max(200).optional(),
  maxResults: z.number().int().min(1).max(100_000).default(1000),
  includeContactInfo: z.boolean().default(false),
  includeEmail: z.boolean().default(false),
  includePhone: z.boolean().default(false),
  includeNames: z.boolean().default(false),
  leadIds: z.array(z.string().min(1)).max(100_000).optional(),
  page: z.number().int().min(1).optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
});
const revealBody = z.object({ leads: leadList, fields: fieldList.optional() });
const enrichBody = z.object({ leads: leadList, fields: fieldList });
const listQuery = (statuses: [string, ...string[]]) =>
  z.object({
    page: z.coerce.number().int().min(1).default(1),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    status: z.enum(statuses).optional(),
  });
const LEAD_STATUSES: [string, ...string[]] = ['pending', 'processing', 'completed', 'failed'];

function exportLeadIds(ctx: Ctx, input: z.infer<typeof exportBody>): string[] {
  if (input.leadIds) return [...new Set(input.leadIds)];
  const search = leadSearch(ctx.svc.seed, input.filters, input.excludeFilters);
  const from = input.page ? (input.page - 1) * (input.pageSize ?? 25) : 0;
  const to = input.page ? Math.min(search.total, from + (input.pageSize ?? 25)) : Math.min(search.total, input.maxResults);
  const ids: string[] = [];
  for (let i = from; i < to; i++) ids.push(search.idAt(i));
  return ids;
}

function exportCsv(job: ExportJob): string {
  const fields = job.options.fields;
  const cols: (keyof Lead)[] = ['id', 'firstName', 'lastName', 'jobTitle', 'companyName', 'domain', 'linkedinUrl', 'city', 'countryName'];
  if (fields.includes('email')) cols.push('emailAddress');
  if (fields.includes('phone')) cols.push('phone', 'cellphone');
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = job.rows().map((lead) => cols.map((c) => cell(c === 'lastName' && !job.options.includeNames ? `${lead.lastName[0]}***` : lead[c])).join(','));
  return [cols.join(','), ...rows].join('\n') + '\n';
}

function submitReveal(ctx: Ctx, jobType: 'reveal' | 'enrich', leads: { id: string }[], fields: Field[]) {
  const ids = [...new Set(leads.map((l) => l.id))];
  const cost = RevealJob.plannedCost(ctx.org, ids, fields);
  // Charged in the worker: a job the balance can't cover is accepted and then fails (no 402).
  const insufficient = !ctx.org.wallet.canAfford(cost);
  const id = `rj_${ctx.svc.ids.hex(16)}`;
  const job = new RevealJob(id, ctx.org, jobType, fields, ids, insufficient, ctx.svc, ctx.svc.config().jobFaults.drainAfterItems);
  if (!insufficient) ctx.org.wallet.reserve(id, job.reservedAmount, `Lead ${jobType}: ${ids.length} lead(s) reserved`, { jobId: id, requestId: ctx.requestId });
  registerJob(ctx.svc, 'reveal', ctx.org, id, job);
  return ok(ctx, {
    jobId: id,
    status: 'pending',
    totalLeads: ids.length,
    fields,
    creditsReserved: insufficient ? 0 : job.reservedAmount,
    message: `Job queued. Poll GET /lead-finder/reveal-jobs/${id} for results.`,
  });
}

export function registerLeadFinderJobs(router: Router<Handler, RouteMeta>): void {
  router.add(
    'POST',
    '/lead-finder/export',
    (ctx) => {
      const input = parseInput(exportBody, body(ctx), 'body');
      const fields: Field[] = input.includeContactInfo
        ? ['email', 'phone']
        : [...(input.includeEmail ? ['email' as const] : []), ...(input.includePhone ? ['phone' as const] : [])];
      const perLead = fields.reduce((n, f) => n + FIELD_COST[f], 0) + (input.includeNames ? NAMES_COST : 0);
      const ids = exportLeadIds(ctx, input);
      const id = `ej_${ctx.svc.ids.hex(16)}`;
      const name = input.name ?? `Lead export ${new Date(ctx.now).toISOString().slice(0, 16).replace('T', ' ')}`;
      const reserve = ids.length * perLead;
      ctx.org.wallet.reserve(id, reserve, `Lead export: ${name} (${ids.length} rows reserved)`, { jobId: id, requestId: ctx.requestId });
      const job = new ExportJob(
        id,
        ctx.org,
        ids,
        { name, fields, includeNames: input.includeNames, perLead },
        ctx.svc,
        ctx.svc.config().jobFaults.drainAfterItems,
      );
      registerJob(ctx.svc, 'export', ctx.org, id, job);
      return ok(ctx, {
        jobId: id,
        status: 'pending',
        estimatedRows: ids.length,
        estimatedCredits: reserve,
        creditsReserved: reserve,
        message: `Export job queued. Poll GET /lead-finder/export-jobs/${id} for status.`,
      });
    },
    { bucket: 'bulkSubmit' },
  );

  router.add(
    'GET',
    '/lead-finder/export-jobs',
    (ctx) => {
      const q = parseInput(listQuery(LEAD_STATUSES), queryObject(ctx.req.query), 'querystring');
      const jobs = ctx.svc.jobs
        .list<ExportJob>(ctx.org, 'export')
        .filter((j) => ctx.now - j.createdAt < LIST_WINDOW_MS)
        .map((j) => (j.advance(ctx.now), j.summary(ctx.now)))
        .filter((s) => !q.status || s.status === q.status)
        .reverse();
      return ok(ctx, { jobs: pageOf(jobs, q.page, q.limit), total: jobs.length, page: q.page, limit: q.limit });
    },
    {},
  );

  router.add(
    'GET',
    '/lead-finder/export-jobs/{jobId}',
    (ctx) => {
      const job = ctx.svc.jobs.get<ExportJob>(ctx.org, 'export', ctx.params.jobId as string, 'Export job not found');
      job.advance(ctx.now);
      const downloadUrl = job.status(ctx.now) === 'completed' ? `${ctx.svc.baseUrl}/lead-finder/export-jobs/${job.id}/download` : null;
      return ok(ctx, { ...job.summary(ctx.now), downloadUrl });
    },
    {},
  );

  router.add(
    'GET',
    '/lead-finder/export-jobs/{jobId}/download',
    (ctx) => {
      const job = ctx.svc.jobs.get<ExportJob>(ctx.org, 'export', ctx.params.jobId as string, 'Export job not found');
      job.advance(ctx.now);
      if (job.status(ctx.now) !== 'completed') throw conflict('Export job has not completed.');
      if (ctx.now - job.finishAt() > ctx.svc.config().exportExpiryMs) throw new ApiError(410, 'The export file has expired. Re-submit the export job.');
      return textReply(200, exportCsv(job), 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="${job.id}.csv"` });
    },
    {},
  );

  router.add(
    'POST',
    '/lead-finder/reveal',
    (ctx) => {
      const input = parseInput(revealBody, body(ctx), 'body');
      return submitReveal(ctx, 'reveal', input.leads, [...new Set<Field>(input.fields ?? ['email', 'phone'])]);
    },
    {},
  );

  router.add(
    'POST',
    '/lead-finder/enrich',
    (ctx) => {
      const input = parseInput(enrichBody, body(ctx), 'body');
      return submitReveal(ctx, 'enrich', input.leads, [...new Set(input.fields)]);
    },
    {},
  );

  router.add(
    'GET',
    '/lead-finder/reveal-jobs',
    (ctx) => {
      const q = parseInput(listQuery(LEAD_STATUSES), queryObject(ctx.req.query), 'querystring');
      const jobs = ctx.svc.jobs
        .list<RevealJob>(ctx.org, 'reveal')
        .map((j) => (j.advance(ctx.now), j.summary(ctx.now)))
        .filter((s) => !q.status || s.status === q.status)
        .reverse();
      return ok(ctx, { jobs: pageOf(jobs, q.page, q.limit), total: jobs.length, page: q.page, limit: q.limit });
    },
    {},
  );

  router.add(
    'GET',
    '/lead-finder/reveal-jobs/{jobId}',
    (ctx) => {
      const job = ctx.svc.jobs.get<RevealJob>(ctx.org, 'reveal', ctx.params.jobId as string, 'Reveal job not found');
      job.advance(ctx.now);
      return ok(ctx, job.poll(ctx.now));
    },
    {},
  );
}
