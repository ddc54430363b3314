import { z } from 'zod';
import { describeInputFields } from '../../../../shared/catalog/fields';
import { ValidationError } from '../../../../shared/errors';
import { catalogs, getCatalog } from '../../../../shared/providers';
import { createEnrichSoCatalog, enrichSo, enrichSoPlans } from '../../../../shared/providers/enrichSo';
import { buildRequest } from '../../../../shared/request';
import { validateInput } from '../../../../shared/validate';
import { opOf } from './helpers';
import { enrichSoSamples } from './samples';

const RESOURCES = [
  'emailValidation',
  'emailFinder',
  'phoneFinder',
  'reverseLookup',
  'ipToCompany',
  'companyFollowers',
  'wallet',
  'team',
  'leadFinder',
  'peopleSearch',
];
const PAID_SINGLE_LOOKUPS = ['emailValidation.validate', 'emailFinder.find', 'reverseLookup.lookup', 'phoneFinder.find', 'ipToCompany.lookup'];
const BATCH_SUBMITS = [
  'emailValidation.submitBatch',
  'emailFinder.submitBatch',
  'phoneFinder.submitBatch',
  'reverseLookup.submitBatch',
  'ipToCompany.submitBatch',
];
const ops = enrichSo.operations;

describe('the Enrich.so catalog', () => {
  it('covers every endpoint of the reference once, each under a unique resource.operation key', () => {
    const keys = ops.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(52);
    for (const op of ops) {
      expect(op.key).toBe(`${op.resource}.${op.operation}`);
      expect(RESOURCES).toContain(op.resource);
      expect(op.operation).toMatch(/^[a-z][A-Za-z]+$/);
    }
    // method + path (+ the continue query) identify an endpoint; no endpoint is listed twice
    const endpoints = ops.map((o) => `${o.method} ${o.path}${o.key === 'companyFollowers.continueScrape' ? '?batchId' : ''}`);
    expect(new Set(endpoints).size).toBe(endpoints.length);
  });

  it('states the credit cost in every description, from the cost model', () => {
    for (const op of ops) {
      expect(op.description).toContain(`Cost: ${op.cost.summary}.`);
      expect(op.cost.summary).toMatch(/credit|free/i);
    }
  });

  it('gives every input field help text, and keeps inputs flat z.objects the adapters can walk', () => {
    for (const op of ops) {
      expect(op.input).toBeInstanceOf(z.ZodObject);
      for (const field of describeInputFields(op.input)) if (!field.description) throw new Error(`${op.key}.${field.name} has no description`);
    }
  });

  it('names every {path} parameter as an input field', () => {
    for (const op of ops) {
      const shape = (op.input as z.AnyZodObject).shape as Record<string, unknown>;
      for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) expect({ op: op.key, has: name in shape }).toEqual({ op: op.key, has: true });
    }
  });

  it('never retries a paid or job-starting call, and may retry reads and free calls', () => {
    for (const op of ops) {
      const paid = !/^Free/.test(op.cost.summary);
      if (paid || op.kind === 'batchSubmit') expect({ op: op.key, retrySafe: op.retrySafe }).toEqual({ op: op.key, retrySafe: false });
      if (op.method === 'GET' && !paid) expect({ op: op.key, retrySafe: op.retrySafe }).toEqual({ op: op.key, retrySafe: true });
    }
    expect(opOf('companyFollowers.continueScrape').retrySafe).toBe(false);
    expect(opOf('phoneFinder.find').retrySafe).toBe(false); // a paid GET: a lost answer may still have been billed
  });

  it('caches paid single lookups for 24 h in the enrichment bucket, and throttles submits as bulk', () => {
    for (const key of PAID_SINGLE_LOOKUPS) {
      expect(opOf(key).cacheTtlMs).toBe(24 * 3600_000);
      expect(opOf(key).rateBucket).toBe('enrichment');
    }
    for (const key of BATCH_SUBMITS) {
      expect(opOf(key).rateBucket).toBe('bulkSubmit');
      expect(opOf(key).kind).toBe('batchSubmit');
    }
    expect(
      ops
        .filter((o) => o.cacheTtlMs !== undefined)
        .map((o) => o.key)
        .sort(),
    ).toEqual([...PAID_SINGLE_LOOKUPS].sort());
  });

  it('pages every list and results operation with the documented sizes', () => {
    const paged = Object.fromEntries(ops.filter((o) => o.pagination).map((o) => [o.key, o.pagination!]));
    for (const op of ops.filter((o) => o.kind === 'batchResults')) {
      expect(paged[op.key]).toMatchObject({
        style: 'page',
        in: 'query',
        pageParam: 'page',
        sizeParam: 'limit',
        firstPage: 1,
        maxPageSize: 1000,
        defaultPageSize: 100,
      });
    }
    expect(paged['leadFinder.search']).toMatchObject({ in: 'body', sizeParam: 'pageSize', maxPageSize: 100, defaultPageSize: 25 });
    expect(paged['wallet.listTransactions']).toMatchObject({ in: 'query', sizeParam: 'limit', maxPageSize: 100, defaultPageSize: 50 });
    expect(paged['companyFollowers.getResults']).toMatchObject({ maxPageSize: 500 });
    expect(paged['peopleSearch.findEmployees']).toMatchObject({ in: 'body', sizeParam: 'max_results', maxPageSize: 100 });
    expect(paged['leadFinder.listExportJobs']).toMatchObject({ maxPageSize: 100, defaultPageSize: 20 });
    expect(paged['leadFinder.listRevealJobs']).toMatchObject({ maxPageSize: 100, defaultPageSize: 20 });

    const search = paged['leadFinder.search'];
    const page = { results: [{ id: 'a' }, { id: 'b' }], pagination: { page: 2, totalPages: 90, hasMore: true } };
    expect(search.items(page)).toHaveLength(2);
    if (search.style !== 'page') throw new Error('page style expected');
    expect(search.totalPages!(page)).toBe(40); // the provider stops at page 40
    expect(search.hasMore!(page)).toBe(true);
    expect(search.hasMore!({ pagination: { page: 40, hasMore: true } })).toBe(false);
    const employees = paged['peopleSearch.findEmployees'];
    if (employees.style !== 'page') throw new Error('page style expected');
    expect(employees.totalPages!({ total_pages: 7, results: [] })).toBe(7);
    const jobs = paged['leadFinder.listExportJobs'];
    if (jobs.style !== 'page') throw new Error('page style expected');
    expect(jobs.totalPages!({ jobs: [], total: 41, limit: 20 })).toBe(3);
  });

  it('marks downloads as text and batch operations with their batch', () => {
    expect(
      ops
        .filter((o) => o.responseType === 'text')
        .map((o) => o.key)
        .sort(),
    ).toEqual(['companyFollowers.exportCsv', 'leadFinder.downloadExport']);
    for (const o of ops.filter((o) => o.responseType === 'text')) expect(o.kind).toBe('download');
    for (const spec of enrichSo.batches) {
      for (const key of [spec.submitOp, spec.statusOp, spec.resultsOp]) expect(opOf(key).batch).toBe(spec.name);
    }
  });

  it('tests the credential and reads the balance with the free wallet balance call', () => {
    expect(enrichSo).toMatchObject({
      id: 'enrichSo',
      displayName: 'Enrich.so',
      baseUrl: 'https://dev.enrich.so/api/v3',
      docsUrl: 'https://doc.enrich.so',
      auth: { header: 'x-api-key' },
    });
    expect(enrichSo.credentialTestOp).toBe('wallet.getBalance');
    expect(opOf('wallet.getBalance').cost.summary).toBe('Free');
    expect(enrichSo.balance!.op).toBe('wallet.getBalance');
    expect(enrichSo.balance!.read({ balance: 4900.5, currency: 'credits' })).toBe(4_900_500_000);
  });
});

describe('input validation before any paid call', () => {
  it('has a good and a bad sample for every operation, and nothing else', () => {
    expect(Object.keys(enrichSoSamples).sort()).toEqual(ops.map((o) => o.key).sort());
  });

  it.each(Object.entries(enrichSoSamples))('%s accepts its good sample', (key, sample) => {
    expect(() => validateInput('Enrich.so', opOf(key), sample.good)).not.toThrow();
  });

  it.each(Object.entries(enrichSoSamples))('%s rejects its bad sample with a message naming the field', (key, sample) => {
    let error: unknown;
    try {
      validateInput('Enrich.so', opOf(key), sample.bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.message).toContain(sample.badField);
    const named = v.issues.some(
      (i) =>
        i.field === sample.badField ||
        i.field.startsWith(`${sample.badField}[`) ||
        i.field.startsWith(`${sample.badField}.`) ||
        i.rule.includes(`'${sample.badField}'`),
    );
    expect(named).toBe(true);
  });

  it('applies the API defaults, so the fields a UI shows carry them', () => {
    expect(opOf('emailValidation.getBatchResults').input.parse({ batchId: 'b1' })).toEqual({ batchId: 'b1', page: 1, limit: 100 });
    expect(opOf('leadFinder.search').input.parse({})).toMatchObject({ filters: {}, page: 1, pageSize: 25 });
    expect(opOf('leadFinder.reveal').input.parse({ leads: [{ id: 'x' }] })).toMatchObject({ fields: ['email', 'phone'] });
    expect(opOf('leadFinder.export').input.parse({})).toMatchObject({ maxResults: 1000, includeEmail: false, includeNames: false });
    expect(opOf('companyFollowers.startScrape').input.parse({ companyUrl: 'https://www.linkedin.com/company/acme', max_limit: 10 })).toMatchObject({
      creditsPerProfile: 1,
    });
    expect(opOf('team.invite').input.parse({ teamId: 't1', email: 'a@b.co' })).toMatchObject({ role: 'member' });
    const enums = describeInputFields(opOf('companyFollowers.startScrape').input).find((f) => f.name === 'levels');
    expect(enums?.type).toBe('multiOptions');
    expect(enums?.options?.map((o) => o.value)).toContain('Vice President');
  });

  it('enforces the documented limits at their edges', () => {
    const ok = (key: string, input: unknown) => opOf(key).input.safeParse(input).success;
    expect(ok('emailValidation.validate', { email: `${'a'.repeat(244)}@acme.com` })).toBe(true); // 253 chars
    expect(ok('emailValidation.validate', { email: `${'a'.repeat(246)}@acme.com` })).toBe(false); // 255 chars
    expect(ok('leadFinder.reveal', { leads: Array.from({ length: 25 }, (_, i) => ({ id: `l${i}` })) })).toBe(true);
    expect(ok('leadFinder.unlockNames', { leads: Array.from({ length: 101 }, (_, i) => ({ id: `l${i}` })) })).toBe(false);
    expect(ok('companyFollowers.startScrape', { companyUrl: 'https://www.linkedin.com/company/acme', max_limit: 50_000 })).toBe(true);
    expect(ok('companyFollowers.startScrape', { companyUrl: 'https://www.linkedin.com/company/acme', max_limit: 0 })).toBe(false);
    expect(ok('leadFinder.search', { page: 41 })).toBe(false);
    expect(ok('phoneFinder.getBatchStatus', { jobId: 'ABCDEF0123456789abcdef01' })).toBe(true);
    expect(ok('emailValidation.submitBatch', { emails: Array.from({ length: 500_001 }, () => 'a@b.co') })).toBe(false);
  });

  it('refuses a phone lookup without email or linkedin before sending, naming the field', () => {
    const op = opOf('phoneFinder.find');
    const parsed = validateInput('Enrich.so', op, {});
    expect(() => buildRequest(enrichSo.baseUrl, op, parsed)).toThrow(ValidationError);
    expect(() => buildRequest(enrichSo.baseUrl, opOf('phoneFinder.submitBatch'), { emails: [], linkedins: [] })).toThrow(/emails/);
  });
});

describe('requests on the wire', () => {
  const url = (key: string, input: Record<string, unknown>) => buildRequest('https://dev.enrich.so/api/v3', opOf(key), opOf(key).input.parse(input));

  it('puts path ids in the path and paging in the query', () => {
    expect(url('emailValidation.getBatchResults', { batchId: 'abc', page: 2, limit: 500 }).url).toBe(
      'https://dev.enrich.so/api/v3/email-validation/batch/abc/results?page=2&limit=500',
    );
    expect(url('phoneFinder.find', { email: 'jane.doe@acme.com' }).url).toBe('https://dev.enrich.so/api/v3/reverse-lookup/phones?email=jane.doe%40acme.com');
    expect(url('team.cancelInvitation', { teamId: 't1', invitationId: 'inv_1' }).url).toBe('https://dev.enrich.so/api/v3/teams/t1/invitations/inv_1');
  });

  it('continues a partial scrape with the id in the query and no body', () => {
    const req = url('companyFollowers.continueScrape', { batchId: 'abc123' });
    expect(req.url).toBe('https://dev.enrich.so/api/v3/company-follower?batchId=abc123');
    expect(req.body).toBeUndefined();
  });

  it('never sends creditsPerProfile (it only feeds the estimate)', () => {
    const body = JSON.parse(
      url('companyFollowers.startScrape', { companyUrl: 'https://www.linkedin.com/company/acme', max_limit: 10, creditsPerProfile: 2 }).body!,
    );
    expect(body).toEqual({ companyUrl: 'https://www.linkedin.com/company/acme', max_limit: 10 });
  });

  it('wraps each IP of a batch the way the API documents it', () => {
    expect(JSON.parse(url('ipToCompany.submitBatch', { ips: ['8.8.8.8', '1.1.1.1'] }).body!)).toEqual({ ips: [{ ip: '8.8.8.8' }, { ip: '1.1.1.1' }] });
  });
});

describe('plans and the provider registry', () => {
  it('defaults to the Growth plan and exports the whole plan table', () => {
    expect(enrichSo.rateLimits).toEqual({
      default: { rate: 300, windowMs: 60_000, burst: 25 },
      enrichment: { rate: 100, windowMs: 60_000, burst: 25 },
      bulkSubmit: { rate: 10, windowMs: 60_000, burst: 3 },
    });
    expect(Object.keys(enrichSoPlans).sort()).toEqual(['enterprise', 'free', 'growth', 'pro', 'scale']);
    expect(enrichSoPlans.free.enrichment.rate).toBe(10);
    expect(enrichSoPlans.pro.bulkSubmit).toEqual({ rate: 50, windowMs: 60_000, burst: 10 });
    expect(enrichSoPlans.enterprise.enrichment).toEqual(enrichSoPlans.enterprise.default);
    expect(createEnrichSoCatalog({ plan: 'scale' }).rateLimits.default).toEqual({ rate: 1000, windowMs: 60_000, burst: 50 });
    expect(() => createEnrichSoCatalog({ plan: 'gold' as never })).toThrow(/gold.*free, growth/);
  });

  it('finds catalogs by id and lists the known ids for an unknown one', () => {
    expect(catalogs.enrichSo).toBe(enrichSo);
    expect(getCatalog('enrichSo')).toBe(enrichSo);
    expect(() => getCatalog('enrichso')).toThrow('Unknown provider "enrichso". Known providers: enrichSo');
    expect(() => getCatalog('toString')).toThrow(/Unknown provider/);
  });
});
