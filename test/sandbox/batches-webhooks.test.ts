import { harness, webhookReceiver, type Harness, type Receiver } from './helpers';

describe('Enrich.so sandbox: batch jobs and webhooks', () => {
  let h: Harness;
  let hook: Receiver;
  beforeEach(async () => {
    h = await harness({ enrichSo: { itemsPerSecond: 2 } });
    hook = await webhookReceiver();
  });
  afterEach(async () => {
    await h.close();
    await hook.close();
  });

  const emails = ['ann@x.com', 'bo.invalid@x.com', 'cy.risky@x.com', 'di@x.com'];

  it('progresses a validation batch over sandbox time and posts a callback per item plus a completion', async () => {
    const submit = await h.api('POST', '/email-validation/batch', { body: { emails, webhookUrl: hook.url } });
    const id = submit.body.data.batchId;
    const status = async () => (await h.api('GET', `/email-validation/batch/${id}`)).body.data;
    expect(await status()).toEqual({ batchId: id, status: 'queued', totalItems: 4, processedItems: 0, progress: 0 });
    await h.advance(500);
    expect(await status()).toMatchObject({ status: 'processing', processedItems: 1, progress: 25 });
    expect(hook.events).toHaveLength(1);
    await h.advance(1500);
    expect(await status()).toMatchObject({ status: 'completed', processedItems: 4, progress: 100 });

    expect(hook.events.map((e) => e.event)).toEqual([...emails.map(() => 'webhook:email_lookup.completed'), 'validation.completed']);
    expect(hook.events[0]).toEqual({
      event: 'webhook:email_lookup.completed',
      timestamp: '2026-03-02T10:00:00.500Z',
      data: {
        job_id: id,
        result_id: 'ann@x.com',
        result: {
          email: 'ann@x.com',
          result: 'valid',
          message: expect.any(String),
          provider: expect.any(String),
          confidence: expect.any(String),
          is_catch_all: false,
          domain: 'x.com',
        },
      },
    });
    expect(hook.events[4]).toEqual({
      event: 'validation.completed',
      timestamp: '2026-03-02T10:00:02.000Z',
      data: {
        job_id: id,
        status: 'completed',
        total_items: 4,
        successful: 3,
        failed: 1,
        completed_at: '2026-03-02T10:00:02.000Z',
        valid: 2,
        invalid: 1,
        risky: 1,
      },
    });
  });

  it('uses each product’s event names and payloads', async () => {
    h.sandbox.providers.enrichSo.configure({ itemsPerSecond: 1000 });
    await h.api('POST', '/email-finder/batch', {
      body: {
        webhookUrl: hook.url,
        leads: [
          { firstName: 'Ann', lastName: 'Lee', domain: 'x.com' },
          { firstName: 'No', lastName: 'Nobody', domain: 'x.com' },
        ],
      },
    });
    await h.api('POST', '/reverse-lookup/phones/bulk', { body: { webhookUrl: hook.url, emails: ['ann@x.com', 'nobody@x.com'] } });
    await h.api('POST', '/reverse-lookup/bulk-lookup', { body: { webhookUrl: hook.url, emails: ['ann@x.com', 'nobody@x.com'] } });
    await h.advance(100);
    const byEvent = (name: string) => hook.events.filter((e) => e.event === name).map((e) => e.data);

    expect(byEvent('webhook:finder_lookup.completed')).toEqual([
      {
        job_id: expect.any(String),
        result_id: 'ann.lee@x.com',
        result: {
          email: 'ann.lee@x.com',
          result: 'found',
          message: expect.any(String),
          confidence: expect.any(String),
          is_catch_all: expect.any(Boolean),
          domain: 'x.com',
          provider: expect.any(String),
        },
      },
      {
        job_id: expect.any(String),
        result_id: 'no.nobody@x.com',
        result: { email: 'no.nobody@x.com', result: 'not_found', message: expect.any(String), is_catch_all: false, domain: 'x.com' },
      },
    ]);
    expect(byEvent('finder.completed')[0]).toMatchObject({ status: 'completed', total_items: 2, successful: 1, failed: 1, found: 1, not_found: 1 });
    expect(byEvent('webhook:phone_result.completed')).toEqual([
      {
        job_id: expect.any(String),
        result_id: 'ann@x.com',
        type: 'success',
        phones: expect.arrayContaining([expect.stringMatching(/^\+1\d{10}$/)]),
        message: 'Phone numbers found',
      },
      { job_id: expect.any(String), result_id: 'nobody@x.com', type: 'no_match', phones: [], message: 'No phone numbers found' },
    ]);
    expect(byEvent('webhook:phone_completion.completed')[0]).toMatchObject({ status: 'completed', total_items: 2, found: 1, not_found: 1 });
    expect(byEvent('webhook:email_result.completed').map((d) => [d.result_id, d.type, d.message, d.result?.firstName])).toEqual([
      ['ann@x.com', 'success', 'Person found', 'Ann'],
      ['nobody@x.com', 'no_match', 'No information found', undefined],
    ]);
    expect(byEvent('webhook:email_completion.completed')[0]).toMatchObject({ status: 'completed', total_items: 2, found: 1, not_found: 1 });
  });

  it('retries a callback the receiver refused', async () => {
    hook.failNext(500, 503);
    await h.api('POST', '/email-validation/batch', { body: { emails: ['ann@x.com'], webhookUrl: hook.url } });
    await h.advance(1000);
    expect(hook.events.map((e) => e.event)).toEqual(['webhook:email_lookup.completed', 'validation.completed']);
    expect(h.sandbox.providers.enrichSo.webhookDeliveries().map((d) => [d.event, d.attempt, d.status])).toEqual([
      ['webhook:email_lookup.completed', 1, 500],
      ['webhook:email_lookup.completed', 2, 503],
      ['webhook:email_lookup.completed', 3, 200],
      ['validation.completed', 1, 200],
    ]);
  });

  it('delivers callbacks without anyone polling (ticker)', async () => {
    h.sandbox.providers.enrichSo.configure({ itemsPerSecond: 1000 });
    await h.api('POST', '/email-validation/batch', { body: { emails, webhookUrl: hook.url } });
    await h.clock.advance(100);
    const deadline = Date.now() + 2000;
    while (hook.events.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(hook.events).toHaveLength(5);
  });

  it('fault: sends every callback twice', async () => {
    h.sandbox.providers.enrichSo.configure({ jobFaults: { duplicateCallbacks: true } });
    await h.api('POST', '/email-validation/batch', { body: { emails: emails.slice(0, 2), webhookUrl: hook.url } });
    await h.advance(1000);
    expect(hook.events.map((e) => `${e.event}:${e.data.result_id ?? ''}`)).toEqual([
      'webhook:email_lookup.completed:ann@x.com',
      'webhook:email_lookup.completed:ann@x.com',
      'webhook:email_lookup.completed:bo.invalid@x.com',
      'webhook:email_lookup.completed:bo.invalid@x.com',
      'validation.completed:',
      'validation.completed:',
    ]);
  });

  it('fault: sends the completion before some item callbacks, items shuffled', async () => {
    h.sandbox.providers.enrichSo.configure({ itemsPerSecond: 1000, jobFaults: { outOfOrderCallbacks: true } });
    const many = Array.from({ length: 10 }, (_, i) => `p${i}@x.com`);
    await h.api('POST', '/email-validation/batch', { body: { emails: many, webhookUrl: hook.url } });
    await h.advance(100);
    const names = hook.events.map((e) => e.event);
    expect(names).toHaveLength(11);
    expect(names.indexOf('validation.completed')).toBe(5);
    const order = hook.events.filter((e) => e.data.result_id).map((e) => e.data.result_id);
    expect([...order].sort()).toEqual([...many].sort());
    expect(order).not.toEqual(many);
  });

  it('fault: the balance runs out mid-job, the rest fail, the job ends failed and settles only successes', async () => {
    h.sandbox.providers.enrichSo.configure({ jobFaults: { drainAfterItems: 2 } });
    const submit = await h.api('POST', '/email-finder/batch', {
      body: { webhookUrl: hook.url, leads: ['A', 'B', 'C', 'D'].map((n) => ({ firstName: n, lastName: 'Smith', domain: 'x.com' })) },
    });
    expect(submit.body.meta.creditsReserved).toBe(40);
    await h.advance(5000);
    const id = submit.body.data.batchId;
    expect((await h.api('GET', `/email-finder/batch/${id}`)).body.data.status).toBe('failed');
    const results = await h.api('GET', `/email-finder/batch/${id}/results`);
    expect(results.body.data.results.map((r: { found: boolean; error?: string }) => [r.found, r.error ?? null])).toEqual([
      [true, null],
      [true, null],
      [false, 'Insufficient credits'],
      [false, 'Insufficient credits'],
    ]);
    expect(results.body.meta).toMatchObject({ creditsUsed: 20, creditsRefunded: 20, creditsRemaining: 20 });
    expect(hook.events.at(-1)).toMatchObject({ event: 'finder.completed', data: { status: 'failed', successful: 2, failed: 2 } });
    // The wallet really is empty apart from the refund: a new paid call is refused.
    expect((await h.api('POST', '/ip-to-company', { body: { ip: '8.8.8.8' } })).status).toBe(402);
  });

  it('IP batches start in processing, count found domains, and refuse a duplicate submission', async () => {
    const ips = [{ ip: '8.8.8.8' }, { ip: '10.0.0.1' }, { ip: '1.1.1.1' }];
    const first = await h.api('POST', '/ip-to-company/batch', { body: { ips } });
    expect(first.body.data).toMatchObject({ status: 'processing', itemCount: 3, originalCount: 3, duplicatesRemoved: 0 });
    expect(first.body.meta).toMatchObject({ creditsReserved: 300, creditsPerItem: 100 });
    const dup = await h.api('POST', '/ip-to-company/batch', { body: { ips: ['1.1.1.1', '8.8.8.8', '10.0.0.1'] } });
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe('https://dev.enrich.so/errors/conflict');
    await h.advance(2000);
    const id = first.body.data.batchId;
    expect((await h.api('GET', `/ip-to-company/batch/${id}`)).body.data).toMatchObject({
      status: 'completed',
      foundCount: 2,
      createdAt: '2026-03-02T10:00:00.000Z',
      completedAt: '2026-03-02T10:00:01.500Z',
    });
    const results = await h.api('GET', `/ip-to-company/batch/${id}/results`);
    expect(results.body.data).toMatchObject({ processedCount: 3, foundCount: 2, page: 1, limit: 100 });
    expect(results.body.data.results[1]).toEqual({ searchIp: '10.0.0.1', ipDomain: null, ipUsageType: 'RSV' });
    expect(results.body.meta).toMatchObject({ creditsUsed: 200, creditsRefunded: 100 });
    await h.advance(60_000);
    expect((await h.api('POST', '/ip-to-company/batch', { body: { ips } })).status).toBe(200);
  });

  it('omits not-found emails from reverse-lookup results', async () => {
    const submit = await h.api('POST', '/reverse-lookup/bulk-lookup', { body: { emails: ['ann.lee@x.com', 'nobody@x.com', 'bo.kim@x.com'] } });
    expect(submit.body.data).toMatchObject({ itemCount: 3, message: 'Bulk lookup job created' });
    await h.advance(2000);
    const res = await h.api('GET', `/reverse-lookup/bulk-lookup/${submit.body.data.batchId}/results`);
    expect(res.body.data).toMatchObject({ status: 'completed', totalItems: 3, processedItems: 3, successful: 2, failed: 1 });
    expect(res.body.meta).toMatchObject({ creditsUsed: 20, creditsRefunded: 10 });
    // §5.5 as written (the default): profiles only, no email field, in the order the emails were submitted.
    const own = async (email: string) => (await h.api('POST', '/reverse-lookup/lookup', { body: { email } })).body.data.id;
    expect(res.body.data.results.map((r: { id: string }) => r.id)).toEqual([await own('ann.lee@x.com'), await own('bo.kim@x.com')]);
    expect(res.body.data.results.every((r: object) => !('email' in r))).toBe(true);
  });

  it('404s an unknown batch and 400s a phone job id that is not 24 hex characters', async () => {
    expect((await h.api('GET', '/email-validation/batch/665a1f4e2c3b7800129dce01')).status).toBe(404);
    expect((await h.api('GET', '/reverse-lookup/phones/bulk/batch_abc123')).status).toBe(400);
    expect((await h.api('GET', '/reverse-lookup/phones/bulk/665a1f4e2c3b7800129dce01/results')).status).toBe(404);
  });
});
