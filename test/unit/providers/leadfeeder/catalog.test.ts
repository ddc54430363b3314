/**
 * The Leadfeeder catalog's own rules without the network: JSON:API answers flattened with their
 * relationships resolved, errors keyed on `code` whatever the status, the reference's NOT FOUND
 * paths kept out, and both paging styles declared with the 100 cap.
 */
import { describeInputFields } from '../../../../shared/catalog/fields';
import { credits } from '../../../../shared/credits/amount';
import { createLeadfeederCatalog, leadfeeder, parseLeadfeederError, unwrapLeadfeeder } from '../../../../shared/providers/leadfeeder';

const response = (status: number, body: unknown = '', headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('JSON:API answers become plain items', () => {
  it('attributes are spread, relationships resolved from included, unresolved ones kept as references', () => {
    const body = {
      data: [
        {
          type: 'contacts',
          id: 'con_1',
          attributes: { first_name: 'Ada', id: 'not-the-id' },
          relationships: { company: { data: { type: 'companies', id: 'cmp_1' } }, lists: { data: [{ type: 'lists', id: 'list_9' }] }, owner: { data: null } },
        },
      ],
      included: [
        { type: 'companies', id: 'cmp_1', attributes: { name: 'Acme' }, relationships: { group_company: { data: { type: 'companies', id: 'cmp_0' } } } },
      ],
      meta: { request_id: 'req_1', credits: { charged: 2 } },
    };
    const { data, meta } = unwrapLeadfeeder(body, response(200, body));
    expect(data).toEqual([
      {
        id: 'con_1',
        type: 'contacts',
        first_name: 'Ada',
        company: { id: 'cmp_1', type: 'companies', name: 'Acme', group_company: { id: 'cmp_0', type: 'companies' } },
        lists: [{ id: 'list_9', type: 'lists' }],
        owner: null,
      },
    ]);
    expect(meta).toEqual({ requestId: 'req_1', creditsUsed: credits(2) });
  });

  it('no credits in meta stays "not reported" (absent is not 0); a 204 is a deletion', () => {
    expect(unwrapLeadfeeder({ data: [], meta: {} }, response(200)).meta.creditsUsed).toBeUndefined();
    expect(unwrapLeadfeeder(undefined, response(204)).data).toEqual({ deleted: true });
  });

  it("an attribute named __proto__ stays a field (the item keeps its plain prototype), in the answer's key order", () => {
    const body = JSON.parse('{"data":{"id":"c1","type":"companies","attributes":{"7":"n","name":"Acme","__proto__":{"polluted":true},"id":"inner"}}}');
    const { data } = unwrapLeadfeeder(body, response(200)) as { data: Record<string, unknown> };
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['7', 'name', '__proto__', 'id', 'type']);
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toEqual({ polluted: true });
    expect(data.id).toBe('c1');
    expect((data as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('a request id from the header only where meta has none; none at all leaves the key out', () => {
    const headers = (id?: string) => response(200, '', id ? { 'x-request-id': id } : {});
    expect(unwrapLeadfeeder({ data: [], meta: { request_id: 'm1' } }, headers('h1')).meta).toEqual({ requestId: 'm1' });
    expect(unwrapLeadfeeder({ data: [], meta: {} }, headers('h1')).meta).toEqual({ requestId: 'h1' });
    expect('requestId' in unwrapLeadfeeder({ data: [], meta: {} }, headers()).meta).toBe(false);
  });
});

describe('errors are keyed on code', () => {
  it.each([401, 403])('an invalid key is an auth failure at %i, in any of the three shapes', (status) => {
    for (const body of [
      { code: 'invalid_api_key', message: 'The API key is invalid.' },
      { errors: [{ code: 'invalid_api_key', title: 'Invalid' }] },
      { errors: [], error: { code: 'token_revoked', message: 'Revoked' } },
    ]) {
      expect(parseLeadfeederError(response(status, body), body)).toMatchObject({ kind: 'auth', status, notCharged: true });
    }
  });

  it('a 403 without an auth code is access, not authentication', () => {
    const body = { errors: [{ code: 'insufficient_entitlements', title: 'Your plan does not include this' }] };
    expect(parseLeadfeederError(response(403, body), body)).toMatchObject({ kind: 'forbidden', code: 'insufficient_entitlements' });
  });

  it('names the parameter a validation error points at, and keeps the request id', () => {
    const body = {
      errors: [{ code: 'invalid_parameter', title: 'Invalid', detail: 'must be YYYY-MM-DD', source: { parameter: 'start_date' } }],
      meta: { request_id: 'req_7' },
    };
    expect(parseLeadfeederError(response(400, body), body)).toMatchObject({
      kind: 'validation',
      field: 'start_date',
      requestId: 'req_7',
      message: 'Invalid: must be YYYY-MM-DD (invalid_parameter)',
    });
  });

  it('too_many_requests is a retryable rate limit; quota_exceeded is not', () => {
    expect(parseLeadfeederError(response(429, { code: 'too_many_requests', message: 'slow down' }), { code: 'too_many_requests' })).toMatchObject({
      kind: 'rate_limited',
    });
    expect(parseLeadfeederError(response(429, {}), { errors: [{ code: 'quota_exceeded', title: 'Monthly quota' }] })).toMatchObject({
      kind: 'forbidden',
      code: 'quota_exceeded',
    });
  });
});

describe('the catalog', () => {
  const paths = leadfeeder.operations.map((o) => `${o.method} ${o.path}`);

  it('holds only the paths the reference confirms (NOT FOUND ones stay out)', () => {
    for (const gap of ['signals', 'financial', 'enrichment', 'usage', 'campaign', 'custom-fields', 'persona', 'icps', '/items POST'])
      expect(paths.join(' ')).not.toContain(gap);
    expect(paths).not.toContain('POST /lists/{id}/items');
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /companies/{id}',
        'GET /companies',
        'POST /companies/search',
        'POST /companies/match',
        'GET /web-visits/companies',
        'POST /web-visits',
        'GET /web-visits/custom-feeds',
        'GET /ip/enrich',
      ]),
    );
  });

  it('IP enrichment follows the chosen reading', () => {
    expect(createLeadfeederCatalog({ ipEnrichPath: '/ip-enrich' }).operations.find((o) => o.key === 'ip.enrich')!.path).toBe('/ip-enrich');
    expect(leadfeeder.withReadings!({ ipEnrichPath: '/ip-enrich' }).operations.find((o) => o.key === 'ip.enrich')!.path).toBe('/ip-enrich');
  });

  it('pages at most 100 at a time, by number or by cursor as the route does', () => {
    const style = (key: string) => leadfeeder.operations.find((o) => o.key === key)!.pagination;
    expect(style('tag.list')).toMatchObject({ style: 'pageNum', maxPageSize: 100 });
    expect(style('webVisit.visitorCompanies')).toMatchObject({ style: 'pageNum', maxPageSize: 100 });
    expect(style('company.search')).toMatchObject({ style: 'cursor', maxPageSize: 100 });
    expect(style('list.items')).toMatchObject({ style: 'cursor', maxPageSize: 100 });
  });

  it('sends the Account ID from the credential everywhere but the two calls that describe the key', () => {
    expect(leadfeeder.credentialFields).toEqual([
      expect.objectContaining({ name: 'accountId', in: 'query', param: 'account_id', required: true, except: ['account.list', 'user.me'] }),
    ]);
  });

  it('lets every operation pass extra fields through, except deletes and the no-input reads', () => {
    const without = leadfeeder.operations.filter((o) => !describeInputFields(o.input).some((f) => f.name === 'extraFields')).map((o) => o.key);
    expect(without.sort()).toEqual(['account.get', 'account.list', 'list.delete', 'tag.delete', 'user.me']);
  });

  it('declares the 12-month subscription, the 100,000 monthly quota and the visitor trigger', () => {
    // The account's (its Account ID), not the key's: a second user's key on the account pays nothing again.
    expect(leadfeeder.subscriptions).toEqual({ ttlMs: 365 * 24 * 3600_000, accountField: 'accountId' });
    expect(leadfeeder.requestQuota).toEqual({ requests: 100_000, period: 'month', warnAt: 0.9 });
    expect(leadfeeder.rateLimits.default).toEqual({ rate: 10, windowMs: 1000, burst: 15 });
    expect(leadfeeder.pollSources!.map((s) => s.displayName)).toEqual(['New Website Visitor Company']);
  });
});

describe('limits the reference does not give are flagged where the user meets them', () => {
  const op = (key: string) => leadfeeder.operations.find((o) => o.key === key)!;
  const refusal = (key: string, input: unknown) => {
    const parsed = op(key).input.safeParse(input);
    expect(parsed.success).toBe(false);
    return parsed.success ? '' : parsed.error.issues.map((i) => i.message).join('; ');
  };
  const ids = Array.from({ length: 101 }, (_, i) => `cmp_${i}`);
  it.each([
    ['company.retrieve', { ids }],
    ['contact.retrieve', { ids }],
    ['company.match', { companies: ids.map((id) => ({ company_name: id })) }],
    ['company.match', { companies: [{ company_name: 'Acme' }], max_results_per_company: 11 }],
  ])('%s: the refusal says the limit is ours', (key, input) => {
    expect(refusal(key, input)).toContain("Enrichflow's limit, Leadfeeder documents none");
  });
  it.each(['company.retrieve', 'contact.retrieve', 'company.match'])('%s: the field help says so too', (key) => {
    const help = describeInputFields(op(key).input)
      .map((f) => f.description ?? '')
      .join(' ');
    expect(help).toContain("Enrichflow's limit");
  });
});
