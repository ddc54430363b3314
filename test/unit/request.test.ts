import { z } from 'zod';
import type { OperationSpec } from '../../shared/catalog/types';
import { ZERO } from '../../shared/credits/amount';
import { buildRequest } from '../../shared/request';
import { validateInput } from '../../shared/validate';
import { ValidationError } from '../../shared/errors';

function op(partial: Partial<OperationSpec>): OperationSpec {
  return {
    key: 'x.y',
    resource: 'x',
    operation: 'y',
    displayName: 'Do Y',
    description: '',
    kind: 'lookup',
    method: 'GET',
    path: '/jobs/{jobId}/results',
    input: z.object({
      jobId: z.string().regex(/^[0-9a-f]{24}$/, 'must be 24 hex characters'),
      page: z.number().optional(),
      tags: z.array(z.string()).optional(),
    }),
    output: z.unknown(),
    cost: { summary: 'Free', estimate: () => ZERO },
    retrySafe: true,
    ...partial,
  };
}

describe('requests built from an operation', () => {
  it('writes the query exactly as the URL parser does, whatever the values and the Base URL carry', () => {
    const values = [
      'plain',
      'two words',
      'a+b&c=d',
      'ünïcødé/ß',
      '50%',
      '',
      '#hash?',
      "~*()'!",
      '😀',
      'lone \uD800 surrogate',
      '\uDC00 too',
      'tab\tnew\nline',
      '[x]{y}|^`"<>\\',
    ];
    const bases = [
      'https://api.test/v3',
      'HTTPS://API.Test:443/v3/',
      'http://127.0.0.1:8080/x/../y',
      'https://api.test/v3?fixed=1',
      'https://user:pw@api.test/v3',
    ];
    for (const base of bases) {
      for (const [i, value] of values.entries()) {
        const input = { jobId: 'abc', page: i, tags: [value, values[(i + 1) % values.length]] };
        // The query as URL#searchParams writes it, set one field at a time.
        const expected = new URL(`${base}/jobs/abc/results`);
        expected.searchParams.set('page', String(i));
        expected.searchParams.set('tags', input.tags.join(','));
        for (let twice = 0; twice < 2; twice++) expect(buildRequest(base, op({}), input).url).toBe(expected.toString());
      }
      // The credential's, the input's and a page's fields: the order of their first mention, later
      // values winning — with and without keys that read as array indexes (which objects put first).
      for (const indexed of [false, true]) {
        const scope = { size: '1', account_id: 'acc', ...(indexed ? { '1': 'one' } : {}) };
        const input = { jobId: 'abc', page: 1, ...(indexed ? { '2': 'two' } : {}), tags: ['t'] };
        const overlay = { query: { page: 9, size: 5 } };
        const scoped = buildRequest(base, op({}), input as never, overlay, { path: {}, query: scope, body: {}, headers: {} });
        const merged = new URL(`${base}/jobs/abc/results`);
        for (const [k, v] of Object.entries({ ...scope, ...input, tags: 't', ...overlay.query })) if (k !== 'jobId') merged.searchParams.set(k, String(v));
        expect(scoped.url).toBe(merged.toString());
      }
      const bare = new URL(`${base}/jobs/abc/results`).toString();
      expect(buildRequest(base, op({}), { jobId: 'abc' }).url).toBe(bare);
    }
  });

  it('puts {params} in the path and the rest of a GET in the query', () => {
    const r = buildRequest('https://api.test/v3', op({}), { jobId: 'abc def', page: 2, tags: ['a', 'b'] });
    expect(r.url).toBe('https://api.test/v3/jobs/abc%20def/results?page=2&tags=a%2Cb');
    expect(r.body).toBeUndefined();
  });

  it('sends the rest of a POST as JSON and merges a page overlay', () => {
    const r = buildRequest('https://api.test/v3', op({ method: 'POST', path: '/search' }), { filters: { a: 1 } }, { body: { page: 3, pageSize: 50 } });
    expect(r.url).toBe('https://api.test/v3/search');
    expect(JSON.parse(r.body!)).toEqual({ filters: { a: 1 }, page: 3, pageSize: 50 });
  });

  it('follows a next-page URL on the same host only, so the key never leaves it', () => {
    expect(buildRequest('https://api.test/v2', op({}), {}, { url: 'https://api.test/v2/employees?after=x' }).url).toBe('https://api.test/v2/employees?after=x');
    expect(() => buildRequest('https://api.test/v2', op({}), {}, { url: 'https://evil.test/steal' })).toThrow(/another host/);
  });
});

describe('input validation before anything is sent', () => {
  it('names the field and the rule', () => {
    try {
      validateInput('Toy', op({}), { jobId: 'nope' });
      throw new Error('should have failed');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const v = error as ValidationError;
      expect(v.field).toBe('jobId');
      expect(v.message).toMatch(/jobId: must be 24 hex characters/);
      expect(v.message).toMatch(/no credits were spent/);
    }
  });

  it('points into arrays the way a user reads them', () => {
    const o = op({ input: z.object({ leads: z.array(z.object({ domain: z.string().min(1) })) }) });
    expect(() => validateInput('Toy', o, { leads: [{ domain: 'a' }, { domain: '' }] })).toThrow(/leads\[1\]\.domain/);
  });
});
