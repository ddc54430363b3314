/**
 * Secrets never show: the configured key is redacted wherever a provider echoes it (an error's
 * message or request id, a successful answer's request id, a transport error's cause), whatever
 * it looks like, and an inspected or serialized client does not carry it.
 */
import { inspect } from 'node:util';
import { createClient } from '../../shared/client';
import { FakeClock } from '../../shared/clock';
import { AuthError, TransportError } from '../../shared/errors';
import { REDACTED, SecretRedactor } from '../../shared/secrets';
import { enrichSo } from '../../shared/providers/enrichSo';
import { MemoryStore } from '../../shared/store/memory';
import type { HttpRequest, HttpResponse } from '../../shared/transport/types';
import { json, ScriptedTransport } from './fixtures/toy-catalog';

// Made up, assembled at run time (no secret scanner flags the file), and deliberately not `sk_…`.
const KEY = ['live', 'Qm9vbGVhbkt', 'leVdpdGhvdXRQcmVmaXg'].join('-');

function clientAnswering(answer: (req: HttpRequest) => HttpResponse | Promise<HttpResponse>, opts: { viaTransport?: boolean } = {}) {
  const clock = new FakeClock(1_700_000_000_000);
  const transport = new ScriptedTransport(answer);
  const client = createClient({
    provider: enrichSo,
    // n8n: the transport adds the key, and the client only learns it as a secret to redact.
    ...(opts.viaTransport ? { secrets: [KEY] } : { apiKey: KEY }),
    headers: { 'user-agent': 'secrets-test' },
    transport,
    clock,
    store: new MemoryStore({ clock }),
    retry: { retries: 0 },
  });
  return { client, transport };
}

const problem = (status: number, detail: string, instance: string) =>
  ({
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'https://dev.enrich.so/errors/unauthorized', title: 'Unauthorized', status, detail, instance }),
  }) as HttpResponse;

describe('the configured key never leaves the client', () => {
  it.each([false, true])('a 401 that echoes the key in its detail and request id is redacted (key added by the transport: %s)', async (viaTransport) => {
    const { client } = clientAnswering(() => problem(401, `Invalid API key ${KEY}`, `/requests/${KEY}`), { viaTransport });
    const error = (await client.call('wallet.getBalance', {}).catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toContain('[redacted]');
    expect(error.requestId).not.toContain(KEY);
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(KEY);
  });

  it('a successful answer whose request id echoes the key is redacted in the result and the ledger', async () => {
    const { client } = clientAnswering(() => json(200, { success: true, data: { balance: 50 }, meta: { requestId: `req-${KEY}`, creditsUsed: 0 } }));
    const result = await client.call('wallet.getBalance', {});
    expect(result.requestId).toBe('req-[redacted]');
    expect(JSON.stringify(client.ledger.entries())).not.toContain(KEY);
    expect(JSON.stringify(result.meta)).not.toContain(KEY);
  });

  it('a transport failure quoting the key (and carrying it in its cause) is redacted', async () => {
    const { client } = clientAnswering(() => {
      throw new TransportError(`connect failed for key ${KEY}`, 'network', { cause: { config: { headers: { 'x-api-key': KEY } } } });
    });
    const error = await client.call('wallet.getBalance', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(KEY);
  });

  it('util.inspect and JSON.stringify of a client do not print the key', async () => {
    // A transport that keeps what it saw out of sight (the recording one would show the headers).
    let sentKey: string | undefined;
    const transport = {
      send: async (req: HttpRequest) => ((sentKey = req.headers['x-api-key']), json(200, { success: true, data: { balance: 1 }, meta: {} })),
    };
    const clock = new FakeClock(1_700_000_000_000);
    const client = createClient({
      provider: enrichSo,
      apiKey: KEY,
      headers: { 'user-agent': 'secrets-test' },
      transport,
      clock,
      store: new MemoryStore({ clock }),
    });
    await client.call('wallet.getBalance', {});
    expect(sentKey).toBe(KEY); // it is sent, where it belongs
    expect(inspect(client, { depth: Infinity, showHidden: true, getters: true })).not.toContain(KEY);
    const seen = new WeakSet<object>();
    const serialized = JSON.stringify(client, (_k, v: unknown) => {
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    });
    expect(serialized).not.toContain(KEY);
    expect(inspect(client, { depth: Infinity })).not.toContain('secrets-test'); // extra headers stay private too
  });
});

describe('the key scan finds every piece of the key it redacts', () => {
  /** Upper and lower case alternating, so only a case-insensitive scan finds it. */
  const mixedCase = (text: string) => [...text].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
  const base64 = (text: string) => Buffer.from(text).toString('base64').replace(/=+$/, '');

  it.each([
    ['a plain key', KEY],
    // Its last character mixes the key's bits with whatever follows: not part of the form.
    ['its base64 form', base64(KEY).slice(0, -1)],
  ])('any run of at least half of %s from its start or end, in any letter case, is found and redacted', (_, form) => {
    const redactor = new SecretRedactor([KEY]);
    const half = Math.ceil(form.length / 2);
    for (let start = 0; start + half <= form.length; start++) {
      for (const piece of start === 0 ? [form.slice(0, half), form.slice(0, half + 3), form] : [form.slice(start)]) {
        const text = `{"note":"echo ${mixedCase(piece)} end"}`;
        expect([piece, redactor.leaks(text)]).toEqual([piece, true]);
        expect(redactor.text(text)).toBe(`{"note":"echo ${REDACTED} end"}`);
      }
    }
    // Less than half from the middle is ordinary text.
    const middle = `{"note":"${form.slice(2, 2 + half - 1)}"}`;
    expect(redactor.leaks(middle)).toBe(false);
    expect(redactor.text(middle)).toBe(middle);
  });

  it('letters a case-insensitive match treats as one (Greek final and medial sigma) are found as the key', () => {
    const key = 'σσσσσσσσσσ-κλειδί';
    const redactor = new SecretRedactor([key]);
    const echoed = `«${key.replace(/σ/g, 'ς')}»`;
    expect(redactor.leaks(echoed)).toBe(true);
    expect(redactor.text(echoed)).toBe(`«${REDACTED}»`);
  });
});
