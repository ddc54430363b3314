/** The three error shapes of §5.2 and both success envelopes, as the client sees them. */
import { credits } from '../../../../shared/credits/amount';
import { errorFromInfo, InsufficientCreditsError } from '../../../../shared/errors';
import { enrichSo } from '../../../../shared/providers/enrichSo';
import { response } from './helpers';

// A made-up key shaped like a live one (assembled so no secret scanner mistakes the file for a leak).
const FAKE_LIVE_KEY = ['sk', 'live', '4f9a8b7c6d5e4f3a2b1c'].join('_');

const parse = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  const res = response(status, body, { 'content-type': 'application/problem+json', ...headers });
  return enrichSo.parseError(res, typeof body === 'string' ? undefined : body);
};

describe('Enrich.so errors: RFC 9457 problem details', () => {
  it('reads a validation error down to the field, with the request id from instance', () => {
    const info = parse(400, {
      type: 'https://dev.enrich.so/errors/validation-error',
      title: 'Validation Error',
      status: 400,
      detail: 'body/email Invalid email',
      instance: '/requests/req_664f2b3c',
    });
    expect(info).toMatchObject({ kind: 'validation', status: 400, field: 'email', code: 'validation-error', requestId: 'req_664f2b3c', notCharged: true });
    expect(info.message).toContain('body/email Invalid email');
    expect(
      parse(400, {
        type: 'https://dev.enrich.so/errors/validation-error',
        title: 'Validation Error',
        status: 400,
        detail: 'body/leads/3/domain must be a string',
      }).field,
    ).toBe('leads[3].domain');
    expect(
      parse(400, { type: 'https://dev.enrich.so/errors/validation-error', title: 'Validation Error', status: 400, detail: '"ip" must be a non-empty string' })
        .field,
    ).toBe('ip');
  });

  it('reads required, balance and shortfall from a 402, as Credits', () => {
    const info = parse(402, {
      type: 'https://dev.enrich.so/errors/insufficient-credits',
      title: 'Insufficient Credits',
      status: 402,
      detail: 'This operation requires 100 credits, but your balance is 50 credits.',
      currentBalance: 50,
      required: 100,
      shortfall: 50,
    });
    expect(info).toMatchObject({ kind: 'insufficient_credits', required: credits(100), balance: credits(50), shortfall: credits(50), notCharged: true });
    const error = errorFromInfo('Enrich.so', info);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.message).toContain('required 100, balance 50, shortfall 50');
  });

  it('falls back to the sentence when a 402 carries no extension members', () => {
    const info = parse(402, {
      type: 'https://dev.enrich.so/errors/insufficient-credits',
      title: 'Insufficient Credits',
      status: 402,
      detail: 'Not enough credits. Required: 575, available: 100',
    });
    expect(info).toMatchObject({ required: credits(575), balance: credits(100), shortfall: credits(475) });
  });

  it('maps every documented slug to its kind', () => {
    const kinds: Record<string, [number, string]> = {
      unauthorized: [401, 'auth'],
      forbidden: [403, 'forbidden'],
      'not-found': [404, 'not_found'],
      conflict: [409, 'conflict'],
      'rate-limit-exceeded': [429, 'rate_limited'],
      'internal-error': [500, 'provider'],
      'upstream-failure': [502, 'provider'],
      'service-unavailable': [503, 'provider'],
      timeout: [504, 'provider'],
    };
    for (const [slug, [status, kind]] of Object.entries(kinds)) {
      expect({ slug, kind: parse(status, { type: `https://dev.enrich.so/errors/${slug}`, title: slug, status, detail: 'x' }).kind }).toEqual({ slug, kind });
    }
    expect(parse(410, { type: 'about:blank', title: 'Gone', status: 410, detail: 'Export expired' }).kind).toBe('gone');
    expect(parse(422, { type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'Nothing to recover' })).toMatchObject({
      kind: 'validation',
      notCharged: true,
    });
    expect(parse(401, { type: 'https://dev.enrich.so/errors/unauthorized', title: 'Unauthorized', status: 401, detail: 'bad key' }).notCharged).toBeUndefined();
  });

  it('says which access status a company-follower 403 is about', () => {
    const info = parse(403, {
      type: 'https://dev.enrich.so/errors/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'Company follower access is not approved',
      accessStatus: 'pending',
    });
    expect(info.kind).toBe('forbidden');
    expect(info.message).toContain('accessStatus: pending');
  });
});

describe('Enrich.so errors: rate limits', () => {
  const problem = { type: 'https://dev.enrich.so/errors/rate-limit-exceeded', title: 'Too Many Requests', status: 429, detail: 'Rate limit exceeded.' };

  it('waits for Retry-After first, then X-RateLimit-Reset (seconds until reset), then the body', () => {
    expect(parse(429, problem, { 'retry-after': '7', 'x-ratelimit-reset': '30' }).retryAfterMs).toBe(7000);
    expect(parse(429, problem, { 'x-ratelimit-reset': '30' }).retryAfterMs).toBe(30_000);
    expect(parse(429, { statusCode: 429, error: 'Too Many Requests', message: 'slow down', retryAfter: 12 }).retryAfterMs).toBe(12_000);
    expect(parse(429, { ...problem, detail: 'Rate limit exceeded. Please retry after 30 seconds.' }).retryAfterMs).toBe(30_000);
    expect(parse(429, problem)).toMatchObject({ kind: 'rate_limited', notCharged: true });
  });
});

describe('Enrich.so errors: older flat bodies and the SDK envelope', () => {
  it('reads the flat shape', () => {
    expect(parse(401, { statusCode: 401, error: 'Unauthorized', message: 'The API key provided is invalid or has been revoked' })).toMatchObject({
      kind: 'auth',
      message: 'Unauthorized: The API key provided is invalid or has been revoked',
    });
    expect(parse(404, { error: 'Not Found' })).toMatchObject({ kind: 'not_found', message: 'Not Found' });
    const batch402 = parse(402, {
      statusCode: 402,
      error: 'Payment Required',
      message: 'Insufficient credits for batch operation',
      detail: { required: 50000, itemCount: 500, creditCostPerItem: 100 },
    });
    expect(batch402).toMatchObject({ kind: 'insufficient_credits', required: credits(50000), notCharged: true });
    expect(parse(402, { statusCode: 402, error: 'Payment Required', message: 'Not enough credits. Required: 100, available: 0' })).toMatchObject({
      required: credits(100),
      balance: credits(0),
      shortfall: credits(100),
    });
  });

  it('reads the SDK shape, with the request id from meta', () => {
    expect(
      parse(402, {
        success: false,
        error: { code: 402, message: 'Insufficient credits', detail: { required: 500, currentBalance: 120 } },
        meta: { requestId: 'req_9' },
      }),
    ).toMatchObject({
      kind: 'insufficient_credits',
      required: credits(500),
      balance: credits(120),
      shortfall: credits(380),
      requestId: 'req_9',
    });
    expect(
      parse(400, { success: false, error: { code: 'VALIDATION_ERROR', message: 'Invalid request', detail: 'body/domain must match format "hostname"' } }),
    ).toMatchObject({
      kind: 'validation',
      field: 'domain',
      code: 'validation-error',
    });
  });
});

describe('Enrich.so errors: bodies that say nothing', () => {
  it('classifies a non-JSON or empty body as a provider failure naming the status', () => {
    const html = enrichSo.parseError(response(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }), undefined);
    expect(html).toMatchObject({ kind: 'provider', status: 502 });
    expect(html.message).toContain('HTTP 502');
    expect(html.message).toContain('not JSON');
    expect(enrichSo.parseError(response(500, ''), undefined).message).toBe('HTTP 500 with an empty body');
    expect(enrichSo.parseError(response(400, '{"type": "https://dev.enr'), undefined).kind).toBe('provider');
  });

  it('still honours Retry-After on a 429 from a proxy with no JSON', () => {
    expect(enrichSo.parseError(response(429, 'Too Many Requests', { 'retry-after': '3' }), undefined)).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 3000,
      notCharged: true,
    });
  });

  it('never passes an API key on in a message', () => {
    const info = parse(401, { statusCode: 401, error: 'Unauthorized', message: `Key ${FAKE_LIVE_KEY} revoked (Bearer ${FAKE_LIVE_KEY})` });
    expect(info.message).not.toContain('4f9a8b7c6d5e');
    expect(info.message).toContain('sk_[redacted]');
  });
});

describe('Enrich.so success envelopes', () => {
  it('splits {success, data, meta} and turns meta amounts into Credits', () => {
    const body = {
      success: true,
      data: { email: 'jane.doe@acme.com', result: 'valid' },
      meta: { requestId: 'req_1', creditsUsed: 1, creditsRemaining: '4999', processingTimeMs: 12 },
    };
    expect(enrichSo.unwrap(body, response(200, body))).toEqual({
      data: { email: 'jane.doe@acme.com', result: 'valid' },
      meta: { requestId: 'req_1', creditsUsed: credits(1), creditsRemaining: credits(4999) },
    });
    const submit = { success: true, data: { batchId: 'b1' }, meta: { requestId: 'req_2', creditsReserved: 300, creditsPerItem: 100 } };
    expect(enrichSo.unwrap(submit, response(200, submit)).meta).toEqual({ requestId: 'req_2', creditsReserved: credits(300) });
    const results = { success: true, data: { results: [] }, meta: { creditsUsed: 200, creditsRefunded: 100 } };
    expect(enrichSo.unwrap(results, response(200, results)).meta).toEqual({ creditsUsed: credits(200), creditsRefunded: credits(100) });
  });

  it('takes the teams endpoints’ bare arrays and objects as the data, with no meta', () => {
    const members = [{ id: 'm1', email: 'owner@acme.com', role: 'owner' }];
    expect(enrichSo.unwrap(members, response(200, members))).toEqual({ data: members, meta: {} });
    const invitation = { id: 'inv_1', email: 'new.hire@acme.com', role: 'member', status: 'pending' };
    expect(enrichSo.unwrap(invitation, response(200, invitation))).toEqual({ data: invitation, meta: {} });
  });

  it('passes CSV text through, with credits from the X-Credits headers', () => {
    const csv = 'First Name,Last Name\nJane,Doe\n';
    expect(enrichSo.unwrap(csv, response(200, csv, { 'content-type': 'text/csv', 'x-credits-used': '10', 'x-credits-refunded': '0' }))).toEqual({
      data: csv,
      meta: { creditsUsed: credits(10), creditsRefunded: credits(0) },
    });
  });
});
