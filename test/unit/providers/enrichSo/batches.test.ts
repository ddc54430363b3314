/** The five batch products and the callbacks Enrich.so sends for them. */
import type { BatchSpec } from '../../../../shared/catalog/types';
import { credits } from '../../../../shared/credits/amount';
import { ProviderFailureError } from '../../../../shared/errors';
import { enrichSo } from '../../../../shared/providers/enrichSo';
import { normalizeEvent } from '../../../../shared/webhooks';
import { opOf } from './helpers';

const batch = (name: string): BatchSpec => {
  const spec = enrichSo.batches.find((b) => b.name === name);
  if (!spec) throw new Error(`no batch ${name}`);
  return spec;
};

describe('Enrich.so batch products', () => {
  it('are the five documented ones, each with valid submit/status/results operations', () => {
    expect(enrichSo.batches.map((b) => b.name)).toEqual(['emailValidation', 'emailFinder', 'phoneFinder', 'reverseLookup', 'ipToCompany']);
    for (const spec of enrichSo.batches) {
      expect(opOf(spec.submitOp).kind).toBe('batchSubmit');
      expect(opOf(spec.statusOp).kind).toBe('batchStatus');
      expect(opOf(spec.resultsOp).kind).toBe('batchResults');
      expect(spec.pollIntervalMs).toBe(5000);
      // what the runner hands the ops must pass their schemas
      expect(opOf(spec.statusOp).input.safeParse(spec.jobInput('665a1f4e2c3b7800129dce01')).success).toBe(true);
    }
    expect(batch('emailValidation')).toMatchObject({ maxItems: 500_000, costPerItem: credits(1) });
    expect(batch('emailFinder')).toMatchObject({ maxItems: 500_000, costPerItem: credits(10) });
    expect(batch('phoneFinder')).toMatchObject({ maxItems: 500_000, costPerItem: credits(500) });
    expect(batch('reverseLookup')).toMatchObject({ maxItems: 100_000, costPerItem: credits(10) });
    expect(batch('ipToCompany')).toMatchObject({ maxItems: 500_000, costPerItem: credits(100) });
  });

  it('email validation: submits the emails once each, and matches results by lower-cased email', () => {
    const spec = batch('emailValidation');
    const input = spec.submitInput([' Jane.Doe@acme.com', 'jane.doe@ACME.com', 'john@globex.com'], 'https://hooks.example.com/cb?token=t');
    expect(input).toEqual({ emails: ['Jane.Doe@acme.com', 'john@globex.com'], webhookUrl: 'https://hooks.example.com/cb?token=t' });
    expect(opOf(spec.submitOp).input.safeParse(input).success).toBe(true);
    expect(spec.submitInput(['a@b.co'])).toEqual({ emails: ['a@b.co'] });
    expect(spec.itemKey(' Jane.Doe@ACME.com ')).toBe('jane.doe@acme.com');
    expect(spec.resultKey({ email: 'JANE.DOE@acme.com', result: 'valid' })).toBe('jane.doe@acme.com');
    expect(spec.resultKey({ result: 'valid' })).toBeUndefined();
    expect(spec.resultCharged!({ result: 'risky' })).toBe(false);
    expect(spec.resultCharged!({ result: 'invalid' })).toBe(true);
    expect(spec.webhook).toEqual({ itemEvent: 'webhook:email_lookup.completed', completedEvent: 'validation.completed' });
  });

  it('reads the job id of a submit, and refuses a submit answer without one', () => {
    const spec = batch('emailValidation');
    expect(spec.jobId({ batchId: '665a1f4e2c3b7800129dce01', status: 'queued', itemCount: 2 })).toBe('665a1f4e2c3b7800129dce01');
    expect(() => spec.jobId({ status: 'queued' })).toThrow(ProviderFailureError);
    expect(spec.jobInput('b1')).toEqual({ batchId: 'b1' });
  });

  it('maps provider statuses and progress', () => {
    const spec = batch('emailValidation');
    expect(spec.progress({ batchId: 'b1', status: 'processing', totalItems: 200, processedItems: 50, progress: 25 })).toEqual({
      jobId: 'b1',
      status: 'processing',
      rawStatus: 'processing',
      total: 200,
      processed: 50,
    });
    expect(spec.progress({ batchId: 'b1', status: 'queued', totalItems: 200, progress: 0 })).toMatchObject({ status: 'queued', processed: 0 });
    expect(spec.progress({ batchId: 'b1', status: 'processing', totalItems: 200, progress: 40 })).toMatchObject({ processed: 80 });
    expect(spec.progress({ batchId: 'b1', status: 'completed', totalItems: 2, processedItems: 2 }).status).toBe('completed');
    expect(spec.progress({ batchId: 'b1', status: 'failed' }).status).toBe('failed');
    expect(spec.progress({ batchId: 'b1', status: 'cancelled' }).status).toBe('failed');
    expect(spec.progress({ batchId: 'b1', status: 'partial' }).status).toBe('partial');
    expect(spec.progress({ batchId: 'b1', status: 'warming-up' })).toMatchObject({ status: 'processing', rawStatus: 'warming-up' });
  });

  it('email finder: keys leads by first|last|domain, case-insensitively', () => {
    const spec = batch('emailFinder');
    const jane = { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' };
    expect(spec.itemKey(jane)).toBe('jane|doe|acme.com');
    expect(spec.resultKey({ firstName: 'JANE', lastName: 'doe', domain: 'Acme.com', found: true, email: 'jane.doe@acme.com' })).toBe('jane|doe|acme.com');
    expect(spec.submitInput([jane, { firstName: ' jane', lastName: 'DOE', domain: 'ACME.com' }])).toEqual({ leads: [jane] });
    expect(spec.resultCharged!({ found: false })).toBe(false);
  });

  it('phone finder: splits items into emails and linkedins, each sent (and charged) once', () => {
    const spec = batch('phoneFinder');
    const items = [
      { email: 'Jane.Doe@acme.com', linkedin: 'https://www.linkedin.com/in/janedoe' },
      { linkedin: 'https://www.linkedin.com/in/johnsmith' },
      { email: 'jane.doe@acme.com' },
    ];
    const input = spec.submitInput(items, 'https://hooks.example.com/p');
    expect(input).toEqual({ emails: ['Jane.Doe@acme.com'], linkedins: ['https://www.linkedin.com/in/johnsmith'], webhookUrl: 'https://hooks.example.com/p' });
    expect(opOf(spec.submitOp).input.safeParse(input).success).toBe(true);
    expect(spec.itemKey({ email: 'Jane.Doe@acme.com', linkedin: 'x' })).toBe('jane.doe@acme.com');
    expect(spec.itemKey({ linkedin: 'https://www.linkedin.com/in/JohnSmith' })).toBe('https://www.linkedin.com/in/johnsmith');
    expect(spec.resultKey({ email: null, linkedin: 'https://www.linkedin.com/in/johnsmith', phones: [] })).toBe('https://www.linkedin.com/in/johnsmith');
    expect(spec.resultCharged!({ phones: [] })).toBe(false);
    expect(spec.resultError!({ email: 'a@b.co', phones: [], error: 'lookup failed' })).toBe('lookup failed');
    expect(spec.jobInput('665a1f4e2c3b7800129dce02')).toEqual({ jobId: '665a1f4e2c3b7800129dce02' });
    expect(spec.webhook).toEqual({ itemEvent: 'webhook:phone_result.completed', completedEvent: 'webhook:phone_completion.completed' });
  });

  it('reverse lookup and IP: key by email and by searchIp', () => {
    expect(batch('reverseLookup').submitInput(['a@b.co', 'A@B.co'])).toEqual({ emails: ['a@b.co'] });
    expect(batch('reverseLookup').resultKey({ email: 'A@b.co', id: 'p1' })).toBe('a@b.co');
    expect(batch('reverseLookup').webhook).toEqual({ itemEvent: 'webhook:email_result.completed', completedEvent: 'webhook:email_completion.completed' });
    const ip = batch('ipToCompany');
    expect(ip.submitInput(['8.8.8.8', ' 8.8.8.8', '1.1.1.1'], 'https://ignored.example.com')).toEqual({ ips: ['8.8.8.8', '1.1.1.1'] });
    expect(ip.resultKey({ searchIp: '8.8.8.8', ipDomain: 'google.com' })).toBe('8.8.8.8');
    expect(ip.resultCharged!({ searchIp: '1.1.1.1', ipDomain: null })).toBe(false);
    expect(ip.webhook).toBeUndefined();
  });
});

describe('Enrich.so callbacks', () => {
  it('has one event per cell of the reference table: a per-result and a completion event for five products', () => {
    expect(enrichSo.webhookEvents).toHaveLength(10);
    const byBatch: Record<string, string[]> = {};
    for (const e of enrichSo.webhookEvents) (byBatch[e.batch] ??= []).push(e.type);
    for (const types of Object.values(byBatch)) expect(types.sort()).toEqual(['batch.completed', 'batch.item']);
    expect(Object.keys(byBatch).sort()).toEqual(['companyFollowers', 'emailFinder', 'emailValidation', 'phoneFinder', 'reverseLookup']);
    // every batch spec's webhook names are events the receiver knows
    for (const spec of enrichSo.batches.filter((b) => b.webhook)) {
      const events = enrichSo.webhookEvents.filter((e) => e.batch === spec.name).map((e) => e.event);
      expect(events).toEqual(expect.arrayContaining([spec.webhook!.itemEvent, spec.webhook!.completedEvent]));
    }
  });

  it('normalizes a per-result callback with its job and item ids', () => {
    const payload = {
      event: 'webhook:email_lookup.completed',
      timestamp: '2026-05-13T10:00:00Z',
      data: { job_id: 'b1', result_id: 'r7', result: { email: 'jane.doe@acme.com', result: 'valid' } },
    };
    // The id names the job and result, plus a digest of the content: the same callback twice is one
    // event, a different body under the same result id (a forgery racing the real one) is another.
    expect(normalizeEvent(enrichSo, payload)).toMatchObject({
      id: expect.stringMatching(/^enrichSo:b1:webhook:email_lookup\.completed:r7:[0-9a-f]{16}$/),
      type: 'batch.item',
      batch: 'emailValidation',
      jobId: 'b1',
    });
    expect(normalizeEvent(enrichSo, payload)!.id).toBe(normalizeEvent(enrichSo, structuredClone(payload))!.id);
    const forged = { ...payload, data: { ...payload.data, result: { email: 'jane.doe@acme.com', result: 'invalid' } } };
    expect(normalizeEvent(enrichSo, forged)!.id).not.toBe(normalizeEvent(enrichSo, payload)!.id);
    const done = { event: 'validation.completed', timestamp: '2026-05-13T10:05:00Z', data: { job_id: 'b1', status: 'completed', total_items: 2, valid: 2 } };
    expect(normalizeEvent(enrichSo, done)).toMatchObject({ type: 'batch.completed', jobId: 'b1', batch: 'emailValidation' });
  });

  it('reads company-follower callbacks by their top-level batchId', () => {
    const item = {
      event: 'company_follower.result',
      batchId: 'f1',
      timestamp: 't',
      data: { companyUrl: 'https://www.linkedin.com/company/stripe', follower: { objectURN: 'urn:li:member:1', profileUrl: 'https://www.linkedin.com/in/x' } },
    };
    expect(normalizeEvent(enrichSo, item)).toMatchObject({
      id: expect.stringMatching(/^enrichSo:f1:company_follower\.result:urn:li:member:1:[0-9a-f]{16}$/),
      batch: 'companyFollowers',
      jobId: 'f1',
    });
    const done = { event: 'company_follower.completed', batchId: 'f1', timestamp: 't', data: { companyUrl: 'x', followerCount: 480 } };
    expect(normalizeEvent(enrichSo, done)).toMatchObject({ type: 'batch.completed', jobId: 'f1' });
  });
});
