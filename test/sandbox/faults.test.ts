import { request } from 'undici';
import { call, harness, type Harness } from './helpers';

describe('sandbox faults', () => {
  let h: Harness;
  const balance = () => h.sandbox.providers.enrichSo.wallet().balance;
  const validate = (email = 'ann@x.com') => h.api('POST', '/email-validation', { body: { email } });
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('status: answers the status in the provider error shape once, processing nothing', async () => {
    h.sandbox.faults.add({ provider: 'enrichSo', path: '/email-validation', kind: 'status', status: 503 });
    const faulted = await validate();
    expect(faulted.status).toBe(503);
    expect(faulted.body).toMatchObject({ type: 'https://dev.enrich.so/errors/service-unavailable', status: 503 });
    expect(balance()).toBe(1_000_000);
    expect((await validate()).status).toBe(200);
    expect(h.sandbox.providers.enrichSo.requests().map((r) => [r.status, r.fault ?? null])).toEqual([
      [503, 'status'],
      [200, null],
    ]);
  });

  it('status 429 with Retry-After, for `times` matches of method and RegExp path', async () => {
    h.sandbox.faults.add({ method: 'POST', path: /email-(validation|finder)$/, kind: 'status', status: 429, retryAfterSec: 7, times: 2 });
    expect((await h.api('GET', '/wallets/balance')).status).toBe(200);
    const first = await validate();
    expect([first.status, first.headers['retry-after'], first.body.type]).toEqual([429, '7', 'https://dev.enrich.so/errors/rate-limit-exceeded']);
    expect((await h.api('POST', '/email-finder', { body: { firstName: 'A', lastName: 'B', domain: 'x.com' } })).status).toBe(429);
    expect((await validate()).status).toBe(200);
    expect(h.sandbox.faults.list()).toEqual([]);
  });

  it('uses the configured error shape for injected statuses', async () => {
    h.sandbox.providers.enrichSo.configure({ errorShape: 'flat' });
    h.sandbox.faults.add({ kind: 'status', status: 429, retryAfterSec: 3 });
    expect((await validate()).body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String), retryAfter: 3 });
  });

  it('slow: answers normally after the delay', async () => {
    h.sandbox.faults.add({ path: 'wallets', kind: 'slow', delayMs: 300 });
    const started = Date.now();
    const res = await h.api('GET', '/wallets/balance');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
  });

  it('reset: drops the connection before processing', async () => {
    h.sandbox.faults.add({ path: '/email-validation', kind: 'reset' });
    await expect(validate()).rejects.toThrow();
    expect(balance()).toBe(1_000_000);
    expect(h.sandbox.providers.enrichSo.requests()[0]).toMatchObject({ status: 0, fault: 'reset' });
    expect((await validate()).status).toBe(200);
  });

  it('malformed: processes the request (credits spent) but cuts the JSON body', async () => {
    h.sandbox.faults.add({ path: '/email-validation', kind: 'malformed' });
    const res = await validate();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(() => JSON.parse(res.text)).toThrow();
    expect(balance()).toBe(999_999);
  });

  it('can be switched over HTTP for tests in another process', async () => {
    const ctl = (method: string, path: string, body?: unknown) => call(`${h.sandbox.url}/_sandbox${path}`, method, { key: null, body });
    expect((await ctl('GET', '/health')).body).toMatchObject({ ok: true, providers: { enrichSo: { prefix: '/enrich-so/api/v3' } } });
    const added = await ctl('POST', '/faults', { provider: 'enrichSo', kind: 'status', status: 500, pathRegex: 'email-valid', times: 'always' });
    expect(added.status).toBe(201);
    expect((await validate()).status).toBe(500);
    expect((await validate()).status).toBe(500);
    expect((await ctl('GET', '/faults')).body.faults[0]).toMatchObject({ kind: 'status', status: 500, remaining: 'always', hits: 2 });
    expect((await ctl('POST', '/faults', { kind: 'status', status: 42 })).status).toBe(400);
    await ctl('DELETE', '/faults');
    expect((await validate()).status).toBe(200);
  });

  it('leaves the control API and unknown mounts alone', async () => {
    h.sandbox.faults.add({ kind: 'status', status: 500, times: 'always' });
    const status = async (url: string) => {
      const res = await request(url);
      await res.body.dump();
      return res.statusCode;
    };
    expect(await status(`${h.sandbox.url}/_sandbox/health`)).toBe(200);
    expect(await status(`${h.sandbox.url}/nowhere`)).toBe(404);
  });
});
