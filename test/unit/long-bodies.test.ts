/**
 * A 500,000-email submit is held neither as a second list of keys nor as one 11 MB string:
 * repeats are found with a table of positions (catalog/distinct.ts), and a body with a long list
 * goes to the socket in pieces (transport/jsonBody.ts) that join to exactly JSON.stringify's text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { eachFirstOccurrence, indexByKey } from '../../shared/catalog/distinct';
import { dedupeBy, distinctTrimmed, normalizeKey, uniqueCount } from '../../shared/catalog/read';
import { jsonBody, STREAM_FROM_ENTRIES } from '../../shared/transport/jsonBody';
import type { StreamedBody } from '../../shared/transport/types';
import { UndiciTransport } from '../../shared/transport/undici';

const joined = (body: StreamedBody) => [...body.pieces()].join('');
const emails = (n: number) => Array.from({ length: n }, (_, i) => `user.${i}@acme.com`);

describe('repeats in a long list', () => {
  // Keys from a small alphabet, so lists repeat often and hashes collide.
  const list = fc.array(fc.oneof(fc.constantFrom('', ' ', 'A', 'a', 'b ', 'B', 'ab', 'Ab', 'é', 'É'), fc.string({ maxLength: 3 })), { maxLength: 300 });

  it('keeps the first of each key in order, as a Set of the keys would', () => {
    fc.assert(
      fc.property(list, (values) => {
        const seen = new Set<string>();
        const expected = values.filter((v) => {
          const k = normalizeKey(v);
          if (k === '' || seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        expect(dedupeBy(values, normalizeKey)).toEqual(expected);
        expect(uniqueCount(values)).toBe(expected.length);
        expect(distinctTrimmed(values, normalizeKey)).toEqual(expected.map((v) => v.trim()));
      }),
    );
  });

  it('counts 200,000 distinct emails and finds the one repeat among them', () => {
    const list = emails(200_000);
    expect(uniqueCount(list)).toBe(200_000);
    list[199_999] = ' USER.7@ACME.COM ';
    const repeats: number[] = [];
    const firsts = new Uint8Array(list.length);
    expect(eachFirstOccurrence(list, normalizeKey, (_, i) => (firsts[i] = 1))).toBe(199_999);
    firsts.forEach((first, i) => first || repeats.push(i));
    expect(repeats).toEqual([199_999]);
  });

  it("finds each key's first position as a Map of the keys would, '' included, skipped values left out", () => {
    fc.assert(
      fc.property(list, fc.array(fc.string({ maxLength: 3 }), { maxLength: 20 }), (values, asked) => {
        const skipped = (i: number) => i % 7 === 3;
        const firstAt = new Map<string, number>();
        values.forEach((v, i) => skipped(i) || firstAt.has(normalizeKey(v)) || firstAt.set(normalizeKey(v), i));
        const index = indexByKey(values, (v, i) => (skipped(i) ? undefined : normalizeKey(v)));
        for (const k of [...values.map(normalizeKey), ...asked, '']) expect(index.find(k)).toBe(firstAt.get(k) ?? -1);
      }),
    );
  });

  it('gives a list with nothing to trim or drop back as it is, and copies one that has', () => {
    const clean = emails(10);
    expect(distinctTrimmed(clean, normalizeKey)).toBe(clean);
    expect(distinctTrimmed([...clean, 'USER.1@acme.com'], normalizeKey)).toEqual(clean);
    expect(distinctTrimmed([' a@b.io', 'c@d.io'], normalizeKey)).toEqual(['a@b.io', 'c@d.io']);
  });

  it('fails on an entry that is not text, as trimming it would', () => {
    expect(() => distinctTrimmed(['a@b.io', 42 as unknown as string], normalizeKey)).toThrow(TypeError);
  });
});

describe('a JSON body with a long list', () => {
  const text = fc.oneof(fc.string(), fc.constantFrom('é', '✓', '😀', '"quoted"', 'back\\slash', '\n'));
  const value = fc.oneof(
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.dictionary(fc.string({ maxLength: 4 }), text, { maxKeys: 3 }),
  );

  it('joins to exactly what JSON.stringify gives, its byte length counted right', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: STREAM_FROM_ENTRIES, maxLength: STREAM_FROM_ENTRIES + 50 }),
        fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 4 }),
        (list, others) => {
          const body = { ...others, list };
          const streamed = jsonBody(body, true);
          if (typeof streamed === 'string') throw new Error('a long list must be streamed');
          const whole = JSON.stringify(body);
          expect(joined(streamed)).toBe(whole);
          expect(streamed.byteLength).toBe(Buffer.byteLength(whole));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('is one string when the list is short, or when the transport takes only strings', () => {
    expect(jsonBody({ emails: emails(STREAM_FROM_ENTRIES - 1) }, true)).toBe(JSON.stringify({ emails: emails(STREAM_FROM_ENTRIES - 1) }));
    expect(typeof jsonBody({ emails: emails(STREAM_FROM_ENTRIES) }, false)).toBe('string');
  });

  it('reaches the server whole through undici, with its declared length, on every attempt', async () => {
    const received: { length?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ length: req.headers['content-length'], body });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const body = { emails: [...emails(STREAM_FROM_ENTRIES * 3), 'zoë@exämple.com'], webhookUrl: 'https://hooks.example/x' };
      const streamed = jsonBody(body, true) as StreamedBody;
      const transport = new UndiciTransport();
      expect(transport.streamsBodies).toBe(true);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/batch`;
      const request = { method: 'POST', url, headers: { 'content-type': 'application/json' }, streamedBody: streamed };
      expect((await transport.send(request)).status).toBe(200);
      expect((await transport.send(request)).status).toBe(200);
      expect(received.map((r) => r.length)).toEqual([String(streamed.byteLength), String(streamed.byteLength)]);
      expect(received.map((r) => JSON.parse(r.body))).toEqual([body, body]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
