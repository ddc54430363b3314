/**
 * The sandbox answering in a real provider's time: every answer waits out the latency after the
 * provider handled it, so what is charged and allowed is the same as without it; and the sandbox
 * counts how many requests each provider answers at once.
 */
import { call, harness, type Harness } from './helpers';

describe('sandbox answer time', () => {
  let h: Harness;
  afterEach(() => h.close());

  const balance = () => h.sandbox.providers.enrichSo.wallet().balance;
  const validate = (email: string) => h.api('POST', '/email-validation', { body: { email } });
  const latencyApi = (method: string, body?: unknown) => call(`${h.sandbox.url}/_sandbox/latency`, method, { key: null, body });

  it('an answer takes the latency and is charged exactly as without it', async () => {
    h = await harness();
    await validate('instant@acme.com');
    const instantCost = 1_000_000 - balance();
    h.sandbox.answers.setLatency(300, 'enrichSo');
    const before = balance();
    const started = Date.now();
    const slow = await validate('slow@acme.com');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.status).toBe(200);
    expect(before - balance()).toBe(instantCost);
    expect(h.sandbox.answers.latencyOf('leadfeeder')).toBe(0);
  });

  it('counts the requests a provider answers at once, and the most since the last reset', async () => {
    h = await harness({ latencyMs: { enrichSo: 1500 } });
    await Promise.all(Array.from({ length: 5 }, (_, i) => validate(`p${i}@acme.com`)));
    expect(h.sandbox.answers.atOnce('enrichSo')).toEqual({ now: 0, peak: 5 });
    h.sandbox.answers.resetPeaks();
    await validate('alone@acme.com');
    expect(h.sandbox.answers.atOnce('enrichSo')).toEqual({ now: 0, peak: 1 });
  });

  it('is set and read through the control API: every provider, or one by id', async () => {
    h = await harness({ latencyMs: 20 });
    expect((await latencyApi('POST', { ms: 150, provider: 'enrichSo' })).body).toMatchObject({ ms: 20, providers: { enrichSo: 150 } });
    expect((await latencyApi('POST', { ms: 5 })).body).toMatchObject({ ms: 5, providers: { enrichSo: 150 } });
    expect(h.sandbox.answers.latencyOf('smarte')).toBe(5);
    expect((await latencyApi('POST', { ms: 5, provider: 'nobody' })).status).toBe(404);
    expect((await latencyApi('POST', { ms: -1 })).body.error).toMatch(/ms must be a number of milliseconds from 0 to 60000/);
    expect((await latencyApi('GET')).body).toMatchObject({ ms: 5, providers: { enrichSo: 150 }, atOnce: {} });
  });
});
