/**
 * The SMARTe sandbox over raw HTTP, as providers.md §3 and the credit-usage seed describe it:
 * the apikey header, arrays of records answered record by record, credits-deducted, the §3.6
 * 429 body, audit-only requests free, and the readings it can play.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server';

let sandbox: Sandbox;
afterEach(() => sandbox.close());

async function post(path: string, body: unknown, opts: { key?: string | null; query?: string } = {}) {
  const s = sandbox.providers.smarte;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.key !== null) headers.apikey = opts.key ?? s.apiKey;
  const res = await fetch(`${s.baseUrl}${path}${opts.query ? `?${opts.query}` : ''}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, credits: res.headers.get('credits-deducted'), retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

describe('the SMARTe sandbox', () => {
  it('answers an array of records one by one, charges only what delivered data, and says so in credits-deducted', async () => {
    sandbox = await startSandbox({ port: 0 });
    const wallet = sandbox.providers.smarte.wallet();
    const before = wallet.balance;
    const r = await post('/enrich/company', [
      { recordId: 'a', companyWebsite: 'acme.io' },
      { recordId: 'b', companyName: 'nomatch corp' },
      { recordId: 'c', companyName: 'nodata inc' },
    ]);
    expect(r.status).toBe(200);
    expect(r.credits).toBe('1');
    expect(r.body.map((a: any) => [a.recordId, a.enrichmentStatus, typeof a.smarteTransactionId])).toEqual([
      ['a', 'Active', 'string'],
      ['b', 'No Match', 'string'],
      ['c', 'Active', 'string'],
    ]);
    expect(r.body[0].companyIndustry).toBeTruthy();
    expect(r.body[2].companyIndustry).toBeNull();
    expect(before - wallet.balance).toBe(1);
  });

  it('charges nothing in audit-only mode, asked in the query or in every record', async () => {
    sandbox = await startSandbox({ port: 0 });
    const wallet = sandbox.providers.smarte.wallet();
    const before = wallet.balance;
    const q = await post('/enrich/person', [{ recordId: 'a', email: 'jane@acme.io' }], { query: 'outputMode=AUD' });
    const rec = await post('/enrich/person', [{ recordId: 'a', email: 'jane@acme.io', outputMode: 'AUD' }]);
    for (const r of [q, rec]) {
      expect(r.credits).toBe('0');
      expect(Object.keys(r.body[0]).sort()).toEqual(['enrichmentStatus', 'recordId', 'smarteTransactionId']);
    }
    expect(wallet.balance).toBe(before);
  });

  it('refuses without charging: a missing or wrong key (401), an unidentifiable record (400), a balance too low (402 or 403)', async () => {
    sandbox = await startSandbox({ port: 0, smarte: { accounts: [{ apiKey: 'smarte_test_low', balance: 1 }] } });
    expect((await post('/enrich/company', [{ companyName: 'A' }], { key: null })).status).toBe(401);
    expect((await post('/enrich/company', [{ companyName: 'A' }], { key: 'smarte_test_other' })).body.error.code).toBe('unauthorized');
    expect((await post('/enrich/person', [{ fullName: 'Jane Doe' }], { key: 'smarte_test_low' })).status).toBe(400);
    const low = await post('/enrich/company', [{ companyName: 'A' }, { companyName: 'B' }], { key: 'smarte_test_low' });
    expect([low.status, low.body.error.code]).toEqual([402, 'insufficient_credits']);
    sandbox.providers.smarte.configure({ insufficientCreditsStatus: 403 });
    expect((await post('/enrich/company', [{ companyName: 'A' }, { companyName: 'B' }], { key: 'smarte_test_low' })).status).toBe(403);
    expect(sandbox.providers.smarte.wallet('smarte_test_low').balance).toBe(1);
  });

  it('rate limits with the exact §3.6 body and no Retry-After (unless told to add one)', async () => {
    sandbox = await startSandbox({ port: 0, smarte: { rateLimit: { rate: 1, windowMs: 60_000, burst: 1 } } });
    await post('/enrich/company', [{ companyName: 'A' }]);
    const limited = await post('/enrich/company', [{ companyName: 'B' }]);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: 'rate_limit_exceeded', message: 'Too many requests. Please try again after some time.', status: 429 } });
    expect(limited.retryAfter).toBeNull();
    sandbox.providers.smarte.configure({ retryAfterHeader: true });
    expect(Number((await post('/enrich/company', [{ companyName: 'C' }])).retryAfter)).toBeGreaterThan(0);
  });

  it('plays the open readings: a one-record request as an object, answered as an object; shuffled answers as a fault', async () => {
    sandbox = await startSandbox({ port: 0, smarte: { singleAnswerShape: 'object', statusWords: 'matched' } });
    const single = await post('/enrich/funding', { recordId: 'x', companyName: 'Acme' });
    expect(single.body).toMatchObject({ recordId: 'x', enrichmentStatus: 'Matched' });
    sandbox.providers.smarte.configure({ shuffleAnswers: true, singleAnswerShape: 'array' });
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const shuffled = await post(
      '/enrich/company',
      ids.map((recordId) => ({ recordId, companyName: `Co ${recordId}` })),
    );
    const order = shuffled.body.map((a: any) => a.recordId);
    expect(order).not.toEqual(ids);
    expect([...order].sort()).toEqual([...ids].sort());
  });
});
