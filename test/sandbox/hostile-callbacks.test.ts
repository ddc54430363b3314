/**
 * The sandbox survives any callback URL. A `file://` webhookUrl used to throw inside the
 * webhook sender and kill the whole sandbox (5 runs out of 5); now every URL that cannot be
 * delivered is logged as a failed delivery and the sandbox keeps serving — including the next
 * job's callbacks.
 */
import { harness, webhookReceiver, type Harness, type Receiver } from './helpers';

describe('Enrich.so sandbox: hostile callback URLs', () => {
  let h: Harness;
  let hook: Receiver;
  beforeEach(async () => {
    h = await harness({ enrichSo: { itemsPerSecond: 1000, webhook: { retries: 1, retryDelayMs: 1, timeoutMs: 500 } } });
    hook = await webhookReceiver();
  });
  afterEach(async () => {
    await h.close();
    await hook.close();
  });

  const hostile = [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'ftp://127.0.0.1/x',
    'mailto:ops@example.com',
    'ws://127.0.0.1:1/x',
    'http://127.0.0.1:1/closed-port',
  ];

  it.each(hostile)('a batch calling back to %s runs, logs a failed delivery, and the sandbox keeps serving', async (url) => {
    const submit = await h.api('POST', '/email-validation/batch', { body: { emails: ['ann@x.com'], webhookUrl: url } });
    expect(submit.status).toBe(200);
    await h.advance(100);
    const id = submit.body.data.batchId;
    expect((await h.api('GET', `/email-validation/batch/${id}`)).body.data.status).toBe('completed');
    const attempts = h.sandbox.providers.enrichSo.webhookDeliveries().filter((d) => d.url === url);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((d) => d.status === 0 && typeof d.error === 'string')).toBe(true);

    // The next job's callbacks are delivered as usual.
    await h.api('POST', '/email-validation/batch', { body: { emails: ['bo@x.com'], webhookUrl: hook.url } });
    await h.advance(100);
    expect(hook.events.map((e) => e.event)).toEqual(['webhook:email_lookup.completed', 'validation.completed']);
  });
});
