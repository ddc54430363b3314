/**
 * The SMARTe catalog's own rules: which identifier combinations it sends, what the credits
 * header and the error bodies mean, and the readings a credential may change.
 */
import { createClient } from '../../../../shared/client';
import { credits } from '../../../../shared/credits/amount';
import { parseSmarteError, smarte, unwrapSmarte } from '../../../../shared/providers/smarte';
import type { HttpResponse } from '../../../../shared/transport/types';

const client = createClient({ provider: smarte, apiKey: 'smarte_test_unit' });
const response = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: '' });

describe('SMARTe identifier combinations', () => {
  it.each([
    [{ email: 'jane@acme.io' }],
    [{ linkedinUrl: 'https://www.linkedin.com/in/jane-doe' }],
    [{ experienceId: 'E123' }],
    [{ fullName: 'Jane Doe', companyName: 'Acme' }],
    [{ fullName: 'Jane Doe', companyWebsite: 'acme.io' }],
    [{ firstName: 'Jane', lastName: 'Doe', companyWebsite: 'acme.io' }],
  ])('a person given %j is sent', (input) => {
    expect(() => client.validate('person.enrich', input)).not.toThrow();
  });

  it.each([
    [{ fullName: 'Jane Doe' }, 'companyName', 'fullName needs companyName or companyWebsite'],
    [{ firstName: 'Jane', lastName: 'Doe', companyId: 'C1' }, 'companyName', 'firstName and lastName need companyName or companyWebsite'],
    [{ firstName: 'Jane', companyName: 'Acme' }, 'lastName', 'firstName needs lastName'],
    [{ lastName: 'Doe' }, 'firstName', 'lastName needs firstName'],
    [{ jobTitle: 'CTO' }, 'email', 'say who to look up'],
  ])('a person given only %j is refused, naming %s', (input, field, rule) => {
    expect(() => client.validate('mobile.enrich', input)).toThrow(
      expect.objectContaining({ kind: 'validation', field, message: expect.stringContaining(rule) }),
    );
  });

  it('a company needs one of its identifiers, and a LinkedIn page must be a company page', () => {
    expect(() => client.validate('funding.enrich', { companyId: 'C1' })).not.toThrow();
    expect(() => client.validate('technographics.enrich', { category: 'CRM' })).toThrow(expect.objectContaining({ field: 'companyWebsite' }));
    expect(() => client.validate('company.enrich', { companyLinkedinUrl: 'https://www.linkedin.com/in/jane' })).toThrow(
      expect.objectContaining({ field: 'companyLinkedinUrl' }),
    );
  });

  // An audit is free when SMARTe honours the audit flag; its name is not published, so a
  // provider that ignores it charges a full enrichment: the estimate bounds that (a budget of 0 sends none).
  it('an audit-only check and a paid one are both estimated at 1 credit at most', async () => {
    expect(await client.estimate('person.enrich', { email: 'a@b.io', auditOnly: true })).toBe(1);
    expect(await client.estimate('person.enrich', { email: 'a@b.io' })).toBe(1);
  });
});

describe('SMARTe answers', () => {
  it('reads credits from credits-deducted, and a missing or unreadable header as not reported', () => {
    expect(unwrapSmarte([], response(200, { 'credits-deducted': '3' })).meta.creditsUsed).toBe(credits(3));
    expect(unwrapSmarte([], response(200, { 'credits-deducted': '0' })).meta.creditsUsed).toBe(0);
    for (const bad of [undefined, '', 'abc', '-1']) {
      expect(unwrapSmarte([], response(200, bad === undefined ? {} : { 'credits-deducted': bad })).meta.creditsUsed).toBeUndefined();
    }
  });

  it('classifies the §3.6 429 body as rate limited and not charged', () => {
    const info = parseSmarteError(response(429), {
      error: { code: 'rate_limit_exceeded', message: 'Too many requests. Please try again after some time.', status: 429 },
    });
    expect(info).toMatchObject({ kind: 'rate_limited', code: 'rate_limit_exceeded', notCharged: true });
  });

  it('knows insufficient credits by its code under either status, and a refused key as auth', () => {
    for (const status of [402, 403])
      expect(parseSmarteError(response(status), { error: { code: 'insufficient_credits', message: 'Insufficient credits' } }).kind).toBe(
        'insufficient_credits',
      );
    expect(parseSmarteError(response(401), { error: { code: 'unauthorized', message: 'Invalid API key.' } }).kind).toBe('auth');
    expect(parseSmarteError(response(503), undefined).kind).toBe('provider');
  });
});

describe('SMARTe readings a credential may change', () => {
  it('accepts the audit parameter name a user types, and refuses one that is not a name', () => {
    const typed = createClient({ provider: smarte, apiKey: 'k', readings: { auditParameter: 'auditMode', recordsPerRequest: '100' } });
    expect(typed.readings).toMatchObject({ auditParameter: 'auditMode', recordsPerRequest: '100' });
    expect(typed.provider.operations.find((o) => o.key === 'person.enrich')!.records!.maxPerRequest).toBe(100);
    expect(() => createClient({ provider: smarte, apiKey: 'k', readings: { auditParameter: 'audit mode!' } })).toThrow(
      /Audit-Only Parameter must be a parameter name/,
    );
    expect(() => createClient({ provider: smarte, apiKey: 'k', readings: { recordsPerRequest: '101' } })).toThrow(/from 1 to 100/);
  });

  it('one record per request when the request shape says so', () => {
    const single = createClient({ provider: smarte, apiKey: 'k', readings: { requestShape: 'object' } });
    expect(single.provider.operations.find((o) => o.key === 'company.enrich')!.records!.maxPerRequest).toBe(1);
  });
});
