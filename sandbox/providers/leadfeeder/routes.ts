/** The Leadfeeder `/v1` routes the reference confirms (§2.6), played against the sandbox world. */
import type { Reply } from '../../kit/http';
import { hash32 } from '../../kit/random';
import { Router } from '../../kit/router';
import { account, listsAndTags } from './accountRoutes';
import { dayOf, isoDay, type Company } from './data';
import {
  charge,
  companyResource,
  contactResource,
  type Ctx,
  type Handler,
  cursorPage,
  documentReply,
  invalidParameter,
  LeadfeederError,
  listOf,
  notFound,
  numberedPage,
  type RouteMeta,
} from './state';

export type { Handler, RouteMeta } from './state';

const creditsMeta = (ctx: Ctx, charged: number, reported: boolean) => (reported ? { credits: { charged } } : {});

function companyIncludes(ctx: Ctx, company: Company, include: string[]): { relationships: Record<string, unknown>; included: unknown[] } {
  const relationships: Record<string, unknown> = {};
  const included: unknown[] = [];
  for (const name of include.map((i) => i.split('.')[0]!)) {
    if (name === 'lists') {
      const lists = [...ctx.state.lists.values()].filter((l) => l.items.some((i) => i.type === 'companies' && i.id === company.id));
      relationships.lists = { data: lists.map((l) => ({ type: 'lists', id: l.id })) };
      for (const l of lists) included.push({ type: 'lists', id: l.id, attributes: { name: l.name } });
    } else if (name === 'group_company') {
      relationships.group_company = { data: null };
    } else {
      relationships[name] = { data: [] };
    }
  }
  return { relationships, included };
}

function companyDoc(ctx: Ctx, company: Company, include: string[]) {
  const { relationships, included } = companyIncludes(ctx, company, include);
  return { resource: { ...companyResource(company), ...(Object.keys(relationships).length ? { relationships } : {}) }, included };
}

function companiesById(ctx: Ctx, ids: string[]) {
  return ids.map((id) => ctx.world.company(id)).filter((c): c is Company => c !== undefined);
}

function retrieveCompanies(ctx: Ctx, ids: string[], single: boolean): Reply {
  const include = listOf(ctx.req.query.get('include'));
  const found = companiesById(ctx, ids);
  if (single && found.length === 0) throw notFound('Company');
  const charged = charge(
    ctx,
    'company',
    found.map((c) => c.id),
  );
  const docs = found.map((c) => companyDoc(ctx, c, include));
  const meta = creditsMeta(ctx, charged, ctx.cfg.detailReportsCredits);
  return documentReply(ctx, single ? docs[0]!.resource : docs.map((d) => d.resource), { included: docs.flatMap((d) => d.included), meta });
}

function retrieveContacts(ctx: Ctx, ids: string[], single: boolean): Reply {
  const found = ids.map((id) => ctx.world.contact(id)).filter((c) => c !== undefined);
  if (single && found.length === 0) throw notFound('Contact');
  const withCompany = listOf(ctx.req.query.get('include')).some((i) => i.split('.')[0] === 'company');
  const companyIds = withCompany ? [...new Set(found.map((c) => c.companyId))] : [];
  // Whether an included company is charged is not said (docs/leadfeeder.md): the sandbox plays
  // the costlier reading — each included company not yet subscribed starts its own subscription.
  const charged = charge(
    ctx,
    'contact',
    found.map((c) => c.id),
    [{ type: 'company', ids: companyIds }],
  );
  const included = companyIds.map((id) => companyResource(ctx.world.company(id)!));
  const data = found.map(contactResource);
  return documentReply(ctx, single ? data[0] : data, { included, meta: creditsMeta(ctx, charged, ctx.cfg.detailReportsCredits) });
}

/** Search/match/IP under the configured reading: charged per new record and reported, or free. */
function searchAnswer(ctx: Ctx, type: 'company' | 'contact', ids: string[]): Record<string, unknown> {
  if (ctx.cfg.searchCharges === 'free') return {};
  if (ctx.cfg.searchCharges === 'freeReported') return { credits: { charged: 0 } };
  return { credits: { charged: charge(ctx, type, ids) } };
}

function requireCriteria(body: Record<string, unknown>, names: string[]): void {
  const given = names.some((n) => {
    const v = body[n];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '';
  });
  if (!given) throw invalidParameter(names[0]!, `At least one search criterion is required (${names.join(', ')})`);
}

function dateRange(ctx: Ctx, source: Record<string, unknown>): { from: number; to: number } {
  const start = source.start_date;
  const end = source.end_date;
  for (const [name, v] of [
    ['start_date', start],
    ['end_date', end],
  ] as const) {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw invalidParameter(name, `${name} is required as YYYY-MM-DD`);
  }
  const from = dayOf(start as string);
  const to = dayOf(end as string);
  if (from > to) throw invalidParameter('end_date', 'end_date must not be before start_date');
  return { from, to };
}

/**
 * `ids` of a retrieve call, companies and contacts alike. The cap of 100 is not in the
 * reference: it is the client's assumption (docs/leadfeeder.md), played here so both agree.
 */
function idsParam(ctx: Ctx): string[] {
  const ids = listOf(ctx.req.query.get('ids'));
  if (ids.length === 0) throw invalidParameter('ids', 'ids is required (a comma-separated list)');
  if (ids.length > 100) throw invalidParameter('ids', 'ids accepts at most 100 ids');
  return ids;
}

/** Firmographic criteria: Advanced Search under the sandbox's reading (see config `searchEntitlement`). */
const ADVANCED_CRITERIA = ['industries', 'employee_ranges', 'revenue', 'icp_ids', 'filters'];

function requireEntitlement(ctx: Ctx, body: Record<string, unknown>): void {
  if (ctx.cfg.searchEntitlement !== 'basic') return;
  const used = ADVANCED_CRITERIA.filter((k) => body[k] !== undefined);
  if (used.length)
    throw new LeadfeederError(403, 'insufficient_entitlements', `${used.join(', ')} need Advanced Search, which this account's plan does not include.`);
}

const companies = (r: Router<Handler, RouteMeta>) => {
  r.add('GET', '/companies/{id}', (ctx) => retrieveCompanies(ctx, [ctx.params.id!], true), { account: true });
  r.add(
    'GET',
    '/companies',
    (ctx) => {
      return retrieveCompanies(ctx, idsParam(ctx), false);
    },
    { account: true },
  );
  r.add(
    'POST',
    '/companies/search',
    (ctx) => {
      const body = ctx.body();
      requireCriteria(body, ['search_terms', 'locations', 'industries', 'employee_ranges', 'revenue', 'icp_ids', 'filters']);
      requireEntitlement(ctx, body);
      const terms = listOf(body.search_terms).map((t) => t.toLowerCase());
      const countries = (Array.isArray(body.locations) ? body.locations : [])
        .map((l) => String((l as { country_code?: string }).country_code ?? '').toUpperCase())
        .filter(Boolean);
      const matches = ctx.world.companies.filter((c) => {
        const a = c.attributes as { name: string; url: string; address: { country_code: string } };
        if (terms.length && !terms.some((t) => a.name.toLowerCase().includes(t) || a.url.includes(t))) return false;
        if (countries.length && !countries.includes(a.address.country_code)) return false;
        return true;
      });
      const { page, meta } = cursorPage(ctx, matches);
      return documentReply(ctx, page.map(companyResource), {
        meta: {
          ...meta,
          ...searchAnswer(
            ctx,
            'company',
            page.map((c) => c.id),
          ),
        },
      });
    },
    { account: true },
  );
  r.add(
    'POST',
    '/companies/match',
    (ctx) => {
      const body = ctx.body();
      const candidates = Array.isArray(body.companies) ? (body.companies as Record<string, string>[]) : [];
      if (candidates.length === 0) throw invalidParameter('companies', 'companies must list at least one company');
      const max = Number(ctx.req.query.get('max_results_per_company') ?? '1');
      const found: Company[] = [];
      for (const [i, cand] of candidates.entries()) {
        if (!cand.company_name && !cand.url && !cand.vat_id && !cand.register_id)
          throw invalidParameter(`companies[${i}]`, 'each company needs company_name, url, vat_id or register_id');
        const hits = ctx.world.companies.filter((c) => {
          const a = c.attributes as { name: string; url: string; vat_id: string };
          const host = (u: string) =>
            u
              .replace(/^https?:\/\//, '')
              .replace(/\/.*$/, '')
              .toLowerCase();
          return (
            (cand.url && host(a.url) === host(cand.url)) ||
            (cand.vat_id && a.vat_id === cand.vat_id) ||
            (cand.company_name && a.name.toLowerCase() === cand.company_name.toLowerCase())
          );
        });
        found.push(...hits.slice(0, max));
      }
      return documentReply(ctx, found.map(companyResource), {
        meta: searchAnswer(
          ctx,
          'company',
          found.map((c) => c.id),
        ),
      });
    },
    { account: true },
  );
};

const contacts = (r: Router<Handler, RouteMeta>) => {
  r.add('GET', '/contacts/{id}', (ctx) => retrieveContacts(ctx, [ctx.params.id!], true), { account: true });
  r.add(
    'GET',
    '/contacts',
    (ctx) => {
      return retrieveContacts(ctx, idsParam(ctx), false);
    },
    { account: true },
  );
  r.add(
    'POST',
    '/contacts/search',
    (ctx) => {
      const body = ctx.body();
      requireCriteria(body, ['search_terms', 'emails', 'company_ids', 'positions', 'departments', 'buyer_persona_ids', 'filters']);
      const companyIds = listOf(body.company_ids);
      const departments = listOf(body.departments);
      const emails = listOf(body.emails).map((e) => e.toLowerCase());
      const terms = listOf(body.search_terms).map((t) => t.toLowerCase());
      const matches = ctx.world.contacts.filter((c) => {
        const a = c.attributes as { email: string; first_name: string; last_name: string; position: string };
        if (companyIds.length && !companyIds.includes(c.companyId)) return false;
        if (departments.length && !departments.includes(c.department)) return false;
        if (emails.length && !emails.includes(a.email)) return false;
        if (terms.length && !terms.some((t) => `${a.first_name} ${a.last_name} ${a.position}`.toLowerCase().includes(t))) return false;
        return true;
      });
      const { page, meta } = cursorPage(ctx, matches);
      return documentReply(ctx, page.map(contactResource), {
        meta: {
          ...meta,
          ...searchAnswer(
            ctx,
            'contact',
            page.map((c) => c.id),
          ),
        },
      });
    },
    { account: true },
  );
};

const webVisits = (r: Router<Handler, RouteMeta>) => {
  r.add(
    'GET',
    '/web-visits/companies',
    (ctx) => {
      const q = Object.fromEntries(ctx.req.query.entries());
      const { from, to } = dateRange(ctx, q);
      const feed = ctx.req.query.get('custom_feed_id');
      if (feed && !['feed_all', 'feed_even'].includes(feed)) throw notFound('Custom feed');
      const withCompany = listOf(ctx.req.query.get('include')).includes('company');
      const rows = ctx.world.companies
        .filter((c) => (feed !== 'feed_even' || c.index % 2 === 0) && ctx.world.visitDays(c, from, to).length > 0)
        .map((c) => {
          const days = ctx.world.visitDays(c, from, to);
          // The reference: rows carry relationships.company, with the company's attributes when included.
          const company = withCompany ? companyResource(c) : { type: 'companies', id: c.id };
          return {
            type: 'visitor_companies',
            id: `${c.id}-${isoDay(from)}`,
            attributes: { visits: days.length, first_visit_on: isoDay(days[0]!), last_visit_on: isoDay(days.at(-1)!) },
            relationships: { company: { data: company } },
          };
        });
      const { page, meta } = numberedPage(ctx, rows);
      return documentReply(ctx, page, { meta });
    },
    { account: true },
  );
  r.add(
    'POST',
    '/web-visits',
    (ctx) => {
      const body = ctx.body();
      const { from, to } = dateRange(ctx, body);
      const companyId = (body.filters as { company_id?: string } | undefined)?.company_id;
      const visits = ctx.world.companies
        .filter((c) => !companyId || c.id === companyId)
        .flatMap((c) =>
          ctx.world.visitDays(c, from, to).map((day) => ({
            type: 'web_visits',
            id: `visit_${c.id}_${day}`,
            attributes: {
              started_at: new Date(day * 86_400_000 + (hash32(`${c.id}:${day}`) % 80_000) * 1000).toISOString(),
              visit_length: 30 + (hash32(`len:${c.id}:${day}`) % 600),
              source: ['google', 'linkedin', 'direct'][day % 3],
              landing_page_path: ['/', '/pricing', '/blog/enrichment'][c.index % 3],
              engagements: [{ page: { path: '/pricing' } }],
            },
            relationships: { company: { data: { type: 'companies', id: c.id } } },
          })),
        );
      const { page, meta } = cursorPage(ctx, visits);
      return documentReply(ctx, page, { meta });
    },
    { account: true },
  );
  r.add(
    'GET',
    '/web-visits/custom-feeds',
    (ctx) => {
      const feeds = [
        {
          type: 'custom_feeds',
          id: 'feed_all',
          attributes: { name: 'All visitors', has_connected_list: false },
          relationships: { folder: { data: { type: 'folders', id: 'folder_1' } } },
        },
        {
          type: 'custom_feeds',
          id: 'feed_even',
          attributes: { name: 'Target accounts', has_connected_list: true },
          relationships: { folder: { data: { type: 'folders', id: 'folder_1' } } },
        },
      ];
      const connected = ctx.req.query.get('filter[has_connected_list]');
      const chosen = connected === null ? feeds : feeds.filter((f) => String(f.attributes.has_connected_list) === connected);
      const { page, meta } = numberedPage(ctx, chosen);
      const included = listOf(ctx.req.query.get('include')).includes('folder') ? [{ type: 'folders', id: 'folder_1', attributes: { name: 'Sales' } }] : [];
      return documentReply(ctx, page, { included, meta });
    },
    { account: true },
  );
};

/** IP enrichment answers on the configured path only; one IP in five has no company. */
export function ipRoute(r: Router<Handler, RouteMeta>, path: string): void {
  r.add(
    'GET',
    path,
    (ctx) => {
      const ip = ctx.req.query.get('ip') ?? '';
      if (!/^(\d{1,3}\.){3}\d{1,3}$|:/.test(ip)) throw invalidParameter('ip', 'ip must be an IPv4 or IPv6 address');
      const h = hash32(`ip:${ip}`);
      if (h % 5 === 0) throw notFound('Company for this IP');
      const company = ctx.world.companies[h % ctx.world.companies.length]!;
      return documentReply(ctx, companyResource(company), { meta: searchAnswer(ctx, 'company', [company.id]) });
    },
    { account: true },
  );
}

export function leadfeederRoutes(): Router<Handler, RouteMeta> {
  const r = new Router<Handler, RouteMeta>();
  account(r);
  companies(r);
  contacts(r);
  webVisits(r);
  listsAndTags(r);
  return r;
}
