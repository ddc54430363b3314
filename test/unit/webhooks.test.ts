import { FakeClock } from '../../shared/clock';
import { MemoryStore } from '../../shared/store/memory';
import {
  attachJob,
  CallbackHub,
  callbackUrl,
  createCallbackToken,
  deriveCallbackToken,
  handleCallback,
  MAX_CALLBACK_BYTES,
  newCallbackUrl,
  normalizeEvent,
  registerCallback,
  rejectionStatus,
} from '../../shared/webhooks';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';
import { createClient } from '../../shared/client';

const itemPayload = { event: 'job.item', timestamp: '2026-11-22T10:00:00Z', data: { job_id: 'job1', result_id: 'r1', result: { email: 'a@x.io' } } };
const donePayload = { event: 'job.done', timestamp: '2026-11-22T10:01:00Z', data: { job_id: 'job1', status: 'completed' } };

describe('provider callbacks become one normalized event', () => {
  it('normalizes per-item and completion events with stable ids', () => {
    const item = normalizeEvent(toyCatalog, itemPayload)!;
    expect(item).toMatchObject({
      type: 'batch.item',
      provider: 'toy',
      batch: 'people',
      jobId: 'job1',
      event: 'job.item',
      id: expect.stringMatching(/^toy:job1:job\.item:r1:[0-9a-f]{16}$/),
    });
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
    expect(await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'run1', token: 'guess' })).toEqual({
      status: 'rejected',
      reason: 'invalid callback token',
    });
    expect(await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'other', token })).toEqual({
      status: 'rejected',
      reason: 'unknown callback reference',
    });
    expect(await handleCallback(toyCatalog, store, { payload: donePayload, ref: 'run1', token })).toEqual({
      status: 'rejected',
      reason: 'callback is for another job',
    });
  });

  it('a derived token is no callback token: only the token recorded for the job opens it', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const forged = deriveCallbackToken('credential-secret', 'ref9');
    expect(await handleCallback(toyCatalog, store, { payload: itemPayload, ref: 'ref9', token: forged })).toEqual({
      status: 'rejected',
      reason: 'unknown callback reference',
    });
    const { url, ref } = await newCallbackUrl(store, 'https://hooks.example/cb', { provider: 'toy', batch: 'people' });
    await attachJob(store, 'toy', ref, ['job1']);
    const token = new URL(url).searchParams.get('token')!;
    expect(await handleCallback(toyCatalog, store, { payload: itemPayload, ref, token: forged })).toEqual({
      status: 'rejected',
      reason: 'invalid callback token',
    });
    expect((await handleCallback(toyCatalog, store, { payload: itemPayload, ref, token })).status).toBe('accepted');
    // The same URL cannot speak for another job.
    const otherJob = { ...itemPayload, data: { ...itemPayload.data, job_id: 'job7' } };
    expect(await handleCallback(toyCatalog, store, { payload: otherJob, ref, token })).toEqual({ status: 'rejected', reason: 'callback is for another job' });
  });

  it(`refuses a body over ${MAX_CALLBACK_BYTES} bytes unread`, async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'big', token });
    const huge = { ...itemPayload, data: { ...itemPayload.data, result: { email: 'a@x.io', blob: 'x'.repeat(MAX_CALLBACK_BYTES) } } };
    expect(await handleCallback(toyCatalog, store, { payload: huge, ref: 'big', token })).toEqual({
      status: 'rejected',
      reason: `callback body larger than ${MAX_CALLBACK_BYTES} bytes`,
    });
    expect(rejectionStatus(`callback body larger than ${MAX_CALLBACK_BYTES} bytes`)).toBe(413);
    expect((await handleCallback(toyCatalog, store, { payload: itemPayload, ref: 'big', token, rawBytes: MAX_CALLBACK_BYTES + 1 })).status).toBe('rejected');
  });

  it('a forged per-item callback posted first does not turn the real one into a duplicate', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'r', token });
    const forged = { ...itemPayload, data: { ...itemPayload.data, result: { email: 'a@x.io', verdict: 'forged' } } };
    expect((await handleCallback(toyCatalog, store, { payload: forged, ref: 'r', token })).status).toBe('accepted');
    expect((await handleCallback(toyCatalog, store, { payload: itemPayload, ref: 'r', token })).status).toBe('accepted');
    expect((await handleCallback(toyCatalog, store, { payload: itemPayload, ref: 'r', token })).status).toBe('duplicate');
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
    const hub = new CallbackHub(toyCatalog, store, toyApi('completed'));
    const waiting = hub.waitForCompletion('job1', new AbortController().signal);
    await hub.deliver({ payload: realItem, ref: 'r', token });
    await hub.deliver({ payload: donePayload, ref: 'r', token });
    await expect(waiting).resolves.toBeUndefined();
    await expect(hub.waitForCompletion('job1', new AbortController().signal)).resolves.toBeUndefined();
    expect(hub.events.map((e) => e.type)).toEqual(['batch.item', 'batch.completed']);
  });
});

/** The toy API for job1: its status, and its one real result (a@x.io, "valid"). */
function toyApi(status: string) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport((req) => {
    const path = new URL(req.url).pathname;
    if (path.endsWith('/jobs/job1')) return json(200, { data: { job_id: 'job1', status } });
    if (path.endsWith('/jobs/job1/results')) return json(200, { data: { job_id: 'job1', status, results: [{ email: 'a@x.io', verdict: 'valid' }] } });
    return json(404, { message: 'no such route' });
  });
  return createClient({ provider: toyCatalog, apiKey: 'toy-key-123456', transport, clock, store: new MemoryStore({ clock }), retry: { retries: 0 } });
}

const realItem = { event: 'job.item', data: { job_id: 'job1', result_id: 'a@x.io', result: { email: 'a@x.io', verdict: 'valid' } } };

describe('the core callback hub: callbacks are hints, results come from the API (as in the n8n trigger and the Zapier hook)', () => {
  it("records an item callback with the API's result, never the data the callback claims", async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'r', token });
    const hub = new CallbackHub(toyCatalog, store, toyApi('running'));
    const fabricated = {
      event: 'job.item',
      data: { job_id: 'job1', result_id: 'a@x.io', result: { email: 'a@x.io', verdict: '=HYPERLINK("https://evil.example","fabricated")' } },
    };
    const outcome = await hub.deliver({ payload: fabricated, ref: 'r', token });
    expect(outcome.status).toBe('accepted');
    expect(JSON.stringify(hub.events)).not.toContain('fabricated');
    expect(hub.events[0].data).toEqual({ key: 'a@x.io', result: { email: 'a@x.io', verdict: 'valid' } });
  });

  it('refuses an item callback for an item the API does not show, with a valid token', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'r', token });
    const hub = new CallbackHub(toyCatalog, store, toyApi('running'));
    const invented = { event: 'job.item', data: { job_id: 'job1', result_id: 'ghost@x.io', result: { email: 'ghost@x.io', verdict: 'valid' } } };
    expect(await hub.deliver({ payload: invented, ref: 'r', token })).toEqual({ status: 'rejected', reason: 'not confirmed by the API' });
    expect(hub.events).toEqual([]);
  });

  it('refuses an early completion and wakes nobody; a hub cannot be built without the client that confirms', async () => {
    const store = new MemoryStore({ clock: new FakeClock() });
    const token = createCallbackToken();
    await registerCallback(store, { provider: 'toy', batch: 'people', ref: 'r', token });
    const hub = new CallbackHub(toyCatalog, store, toyApi('running'));
    let woke = false;
    void hub.waitForCompletion('job1', new AbortController().signal).then(() => (woke = true));
    expect(await hub.deliver({ payload: donePayload, ref: 'r', token })).toEqual({ status: 'rejected', reason: 'not confirmed by the API' });
    await new Promise((r) => setImmediate(r));
    expect(woke).toBe(false);
    expect(() => new CallbackHub(toyCatalog, store, undefined as never)).toThrow(/confirms callbacks with the API/);
  });
});

describe('event names the sources disagree on', () => {
  it('normalizes an alias to the catalog event', async () => {
    const { enrichSo } = await import('../../shared/providers/enrichSo');
    const payload = { event: 'webhook:company_follower_completion.completed', batchId: 'f1', data: { companyUrl: 'x', followerCount: 3 } };
    expect(normalizeEvent(enrichSo, payload)).toMatchObject({
      type: 'batch.completed',
      event: 'company_follower.completed',
      jobId: 'f1',
      id: 'enrichSo:f1:company_follower.completed',
    });
  });
});
