import { FakeClock } from '../../shared/clock';
import { MemoryStore } from '../../shared/store/memory';
import { CallbackHub, callbackUrl, createCallbackToken, deriveCallbackToken, handleCallback, normalizeEvent, registerCallback } from '../../shared/webhooks';
import { toyCatalog } from './fixtures/toy-catalog';

const itemPayload = { event: 'job.item', timestamp: '2026-11-22T10:00:00Z', data: { job_id: 'job1', result_id: 'r1', result: { email: 'a@x.io' } } };
const donePayload = { event: 'job.done', timestamp: '2026-11-22T10:01:00Z', data: { job_id: 'job1', status: 'completed' } };

describe('provider callbacks become one normalized event', () => {
  it('normalizes per-item and completion events with stable ids', () => {
    const item = normalizeEvent(toyCatalog, itemPayload)!;
    expect(item).toMatchObject({ type: 'batch.item', provider: 'toy', batch: 'people', jobId: 'job1', event: 'job.item', id: 'toy:job1:job.item:r1' });
    expect(normalizeEvent(toyCatalog, donePayload)).toMatchObject({ type: 'batch.completed', id: 'toy:job1:job.done' });
    expect(normalizeEvent(toyCatalog, { event: 'something.else', data: {} })).toBeUndefined();
    expect(normalizeEvent(toyCatalog, 'garbage')).toBeUndefined();
  });

  it('accepts a callback with its job token once, and a second delivery as a duplicate', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'run1', token });
    expect((await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'run1', token })).status).toBe('accepted');
    expect((await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'run1', token })).status).toBe('duplicate');
  });

  it('rejects a wrong token, an unknown reference and another job', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'run1', token, jobId: 'job2' });
    expect(await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'run1', token: 'guess' })).toEqual({ status: 'rejected', reason: 'invalid callback token' });
    expect(await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'other', token })).toEqual({ status: 'rejected', reason: 'unknown callback reference' });
    expect(await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'run1', token })).toEqual({ status: 'rejected', reason: 'callback is for another job' });
  });

  it('verifies derived tokens without a registry', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = deriveCallbackToken('credential-secret', 'ref9');
    expect((await handleCallback(toyCatalog, store, { payload: itemPayload, ref: 'ref9', token, secret: 'credential-secret' })).status).toBe('accepted');
    expect((await handleCallback(toyCatalog, store, { payload: itemPayload, ref: 'ref9', token, secret: 'another-secret' })).status).toBe('rejected');
    // With no secret configured, a token anyone could derive is refused.
    expect((await handleCallback(toyCatalog, store, { payload: itemPayload, ref: 'ref9', token: deriveCallbackToken('', 'ref9'), secret: '' })).status).toBe('rejected');
  });

  it('puts ref and token in the callback URL', () => {
    const url = new URL(callbackUrl('https://hooks.example/enrich?x=1', 'r', 't'));
    expect(url.searchParams.get('ref')).toBe('r');
    expect(url.searchParams.get('token')).toBe('t');
    expect(url.searchParams.get('x')).toBe('1');
  });

  it('wakes a waiter when its job completes, even if the completion came first', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'r', token });
    const hub = new CallbackHub(toyCatalog, store);
    const waiting = hub.waitForCompletion('job1', new AbortController().signal);
    await hub.deliver({ payload: itemPayload, ref: 'r', token });
    await hub.deliver({ payload: donePayload, ref: 'r', token });
    await expect(waiting).resolves.toBeUndefined();
    await expect(hub.waitForCompletion('job1', new AbortController().signal)).resolves.toBeUndefined();
    expect(hub.events.map((e) => e.type)).toEqual(['batch.item', 'batch.completed']);
  });
});

describe('event names the sources disagree on', () => {
  it('normalizes an alias to the catalog event', async () => {
    const { enrichSo } = await import('../../shared/providers/enrichSo');
    const payload = { event: 'webhook:company_follower_completion.completed', batchId: 'f1', data: { companyUrl: 'x', followerCount: 3 } };
    expect(normalizeEvent(enrichSo, payload)).toMatchObject({ type: 'batch.completed', event: 'company_follower.completed', jobId: 'f1', id: 'enrichSo:f1:company_follower.completed' });
  });
});
