/** People Search: employee finder (paged) and the cascading ICP search. 1 credit per result returned, 0 when none. */
import { z } from 'zod';
import type { Router } from '../../../kit/router';
import { Rng } from '../../../kit/random';
import { body, ok, requireCredits, type Ctx } from '../context';
import { employee, employeeCount } from '../data-people';
import { validationError } from '../problems';
import type { Handler, RouteMeta } from './types';

const LINKEDIN_COMPANY = /^https?:\/\/(www\.)?linkedin\.com\/company\/[^/?#]+\/?$/i;
const companyUrl = z.string().refine((v) => LINKEDIN_COMPANY.test(v), {
  message: 'Must be a LinkedIn company URL (e.g. https://www.linkedin.com/company/google/)',
});

const employeeBody = z.object({
  company_linkedin_url: companyUrl,
  country: z.array(z.string()).max(50).optional(),
  continent: z.array(z.string()).optional(),
  sales_region: z.array(z.string()).optional(),
  job_level: z.array(z.string()).optional(),
  job_function: z.array(z.string()).optional(),
  max_results: z.number().int().min(1).max(100).default(10),
  page: z.number().int().min(1).default(1),
});

const cascadeLevel = z.object({
  include_title: z.array(z.string().min(1)).optional(),
  exclude_title: z.array(z.string().min(1)).optional(),
  job_levels: z.array(z.string().min(1)).optional(),
  job_functions: z.array(z.string().min(1)).optional(),
  skills: z.array(z.string().min(1)).optional(),
  location: z.array(z.string().min(1)).optional(),
  include_headline_search: z.boolean().default(false),
  priority_bonus: z.number().int().min(0).max(30).default(0),
});
const waterfallBody = z.object({
  company_linkedin_url: companyUrl,
  cascade: z.array(cascadeLevel).min(1).max(10).optional(),
  max_results: z.number().int().min(1).max(100).default(25),
  min_score: z.number().min(0).max(100).default(0),
});

// Documented default: CEO/Founder → C-Suite → VP → Director.
const DEFAULT_CASCADE: z.infer<typeof cascadeLevel>[] = [
  { include_title: ['CEO', 'Founder'] },
  { job_levels: ['C-Level'] },
  { job_levels: ['VP'] },
  { job_levels: ['Director'] },
].map((level) => cascadeLevel.parse(level));

/** People Search reports field errors as `field: message` (its documented 400 example). */
function parsePeople<S extends z.ZodTypeAny>(schema: S, ctx: Ctx): z.infer<S> {
  const result = schema.safeParse(body(ctx));
  if (result.success) return result.data;
  throw validationError(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join(', '));
}

function charge(ctx: Ctx, count: number, what: string): number {
  requireCredits(ctx, count);
  ctx.org.wallet.deduct(count, `${what}: ${count} result(s)`, { requestId: ctx.requestId });
  return count;
}

export function registerPeopleSearch(router: Router<Handler, RouteMeta>): void {
  router.add(
    'POST',
    '/people-search/employee-finder',
    (ctx) => {
      const input = parsePeople(employeeBody, ctx);
      const total = employeeCount(ctx.svc.seed, input.company_linkedin_url);
      const from = (input.page - 1) * input.max_results;
      const results = [];
      for (let i = from; i < Math.min(total, from + input.max_results); i++) results.push(employee(ctx.svc.seed, input.company_linkedin_url, i));
      const used = charge(ctx, results.length, 'Employee finder');
      return ok(
        ctx,
        {
          company_linkedin_url: input.company_linkedin_url,
          max_results: input.max_results,
          results_length: results.length,
          page: input.page,
          total_pages: Math.ceil(total / input.max_results),
          total_results: total,
          results,
        },
        { creditsUsed: used, creditsRemaining: ctx.org.wallet.balance },
      );
    },
    {},
  );

  router.add(
    'POST',
    '/people-search/waterfall-icp-search',
    (ctx) => {
      const input = parsePeople(waterfallBody, ctx);
      const cascade = input.cascade ?? DEFAULT_CASCADE;
      const pool = employeeCount(ctx.svc.seed, input.company_linkedin_url);
      const candidates: { person: Record<string, unknown>; level: number; score: number }[] = [];
      const stats = cascade.map((_, level) => {
        const rng = new Rng(ctx.svc.seed, 'waterfall', input.company_linkedin_url.toLowerCase(), String(level));
        const found = pool === 0 ? 0 : rng.int(0, Math.min(12, pool));
        let kept = 0;
        for (let i = 0; i < found; i++) {
          const score = rng.int(35, 98);
          if (score < input.min_score) continue;
          kept++;
          candidates.push({ person: employee(ctx.svc.seed, input.company_linkedin_url, level * 100 + i), level, score });
        }
        return { level, candidates_found: found, candidates_kept: kept };
      });
      candidates.sort((a, b) => b.score - a.score);
      const chosen = candidates.slice(0, input.max_results);
      const results = chosen.map((c, i) => {
        const p = c.person as Record<string, unknown> & { location: { city: string; country: string } };
        return {
          person: {
            first_name: p.first_name,
            last_name: p.last_name,
            linkedin_url: p.linkedin_url,
            linkedin_headline: p.headline,
            location: `${p.location.city}, ${p.location.country}`,
            email_domain: null,
          },
          current_position: { title: p.job_title, company: null, level: p.job_level, function: p.job_function, is_current: true, start_date: null },
          skills: [],
          education: null,
          certifications: null,
          score: c.score,
          ranking: i + 1,
          cascade_level: c.level,
          ranking_factors: {
            title_match: 30,
            job_level: 20,
            skills_overlap: 0,
            location_match: 15,
            current_job: 10,
            profile_completeness: 3,
            experience: 3,
            priority_bonus: cascade[c.level]?.priority_bonus ?? 0,
          },
          what_matched: ['Current position'],
        };
      });
      const used = charge(ctx, results.length, 'Waterfall ICP search');
      return ok(
        ctx,
        { results, total_found: stats.reduce((n, s) => n + s.candidates_found, 0), total_returned: results.length, cascade_stats: stats },
        { creditsUsed: used, creditsRemaining: ctx.org.wallet.balance },
      );
    },
    {},
  );
}
