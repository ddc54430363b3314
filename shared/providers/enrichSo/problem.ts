/**
 * Enrich.so error answers come in three shapes (§5.2), all parsed here into one
 * ProviderErrorInfo: RFC 9457 problem+json (current), flat `{statusCode, error, message,
 * retryAfter}` (older pages) and the SDK's `{success:false, error:{code, message, detail}}`.
 */
import { type Credits, credits, subCredits } from '../../credits/amount';
import { type ErrorKind, kindFromStatus, type ProviderErrorInfo } from '../../errors';
import { retryAfterFromHeaders } from '../../retry';
import type { HttpResponse } from '../../transport/types';
import { arrayAt, asRecord, numberAt, stringAt, valueAt } from '../../catalog';

const SLUG_KINDS: Record<string, ErrorKind> = {
  'validation-error': 'validation',
  'bad-request': 'validation',
  'unprocessable-entity': 'validation',
  unauthorized: 'auth',
  'insufficient-credits': 'insufficient_credits',
  'payment-required': 'insufficient_credits',
  forbidden: 'forbidden',
  'access-denied': 'forbidden',
  'not-found': 'not_found',
  conflict: 'conflict',
  gone: 'gone',
  'rate-limit-exceeded': 'rate_limited',
  'rate-limited': 'rate_limited',
  'too-many-requests': 'rate_limited',
  'internal-error': 'provider',
  'internal-server-error': 'provider',
  'upstream-failure': 'provider',
  'service-unavailable': 'provider',
  timeout: 'provider',
};

/** Kinds whose answer proves the request was refused before any work (or charge). */
const NOT_CHARGED = new Set<ErrorKind>(['rate_limited', 'insufficient_credits', 'validation']);

/** "Too Many Requests" / "RATE_LIMIT_EXCEEDED" / ".../errors/rate-limit-exceeded" → "too-many-requests"… */
function slugOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const last = value.split('/').filter(Boolean).pop() ?? value;
  return last
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Keys can reach messages when a provider echoes them; never pass one on. */
export function redactSecrets(text: string): string {
  return text.replace(/\bsk_[A-Za-z0-9_-]{6,}/g, 'sk_[redacted]').replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]');
}

interface Parts {
  slug?: string;
  title?: string;
  message?: string;
  /** Where extension members live (402 amounts, accessStatus, retryAfter). */
  ext: Record<string, unknown>;
  root: Record<string, unknown>;
}

function partsOf(rec: Record<string, unknown>): Parts | undefined {
  // SDK envelope: {success:false, error:{code, message, detail}}
  const sdkError = rec.success === false ? asRecord(rec.error) : undefined;
  if (sdkError) {
    const detail = sdkError.detail;
    const message = [stringAt(sdkError, 'message'), typeof detail === 'string' ? detail : undefined].filter(Boolean).join(': ');
    return {
      slug: typeof sdkError.code === 'string' ? slugOf(sdkError.code) : undefined,
      message: message || undefined,
      ext: { ...sdkError, ...asRecord(detail) },
      root: rec,
    };
  }
  // RFC 9457 problem details
  if (typeof rec.type === 'string' || (typeof rec.title === 'string' && 'status' in rec)) {
    return { slug: slugOf(rec.type), title: stringAt(rec, 'title'), message: stringAt(rec, 'detail'), ext: rec, root: rec };
  }
  // Flat: {statusCode, error, message, retryAfter, detail?}
  if (typeof rec.error === 'string' || typeof rec.message === 'string' || 'statusCode' in rec) {
    const detail = rec.detail;
    const message = stringAt(rec, 'message') ?? (typeof detail === 'string' ? detail : undefined);
    return { slug: slugOf(rec.error), title: stringAt(rec, 'error'), message, ext: { ...rec, ...asRecord(detail) }, root: rec };
  }
  return undefined;
}

/** `body/email Invalid email` → `email`; `body/leads/0/id …` → `leads[0].id`; Joi/ajv phrasings too. */
export function fieldFromDetail(detail: string | undefined): string | undefined {
  if (!detail) return undefined;
  const located = /(?:^|[\s:])(?:body|querystring|query|params|path)\/(\S+)/.exec(detail);
  if (located) {
    return located[1]
      .split('/')
      .filter(Boolean)
      .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
  }
  const quoted = /^"([\w.[\]-]+)"/.exec(detail);
  if (quoted) return quoted[1];
  const required = /required property '([^']+)'/.exec(detail);
  if (required) return required[1];
  return undefined;
}

function fieldOf(p: Parts): string | undefined {
  const listed = arrayAt(p.root, 'errors')[0];
  return (
    stringAt(p.ext, 'field') ??
    stringAt(listed, 'field') ??
    stringAt(listed, 'path') ??
    fieldFromDetail(p.message) ??
    fieldFromDetail(stringAt(listed, 'message'))
  );
}

function amount(value: number | undefined): Credits | undefined {
  return value === undefined ? undefined : credits(value);
}

const NUMBER = '([\\d][\\d,]*(?:\\.\\d+)?)';
const num = (s: string) => Number(s.replace(/,/g, ''));

/** required / balance / shortfall: extension members first, else the sentence in the message. */
function creditFigures(p: Parts): Pick<ProviderErrorInfo, 'required' | 'balance' | 'shortfall'> {
  let required = numberAt(p.ext, 'required') ?? numberAt(p.ext, 'requiredCredits');
  let balance = numberAt(p.ext, 'currentBalance') ?? numberAt(p.ext, 'balance') ?? numberAt(p.ext, 'available');
  const text = p.message ?? '';
  const sentence =
    new RegExp(`requires ${NUMBER} credits?.*?balance is ${NUMBER}`, 'i').exec(text) ??
    new RegExp(`required:?\\s*${NUMBER}.*?(?:available|balance):?\\s*${NUMBER}`, 'i').exec(text);
  if (sentence) {
    required ??= num(sentence[1]);
    balance ??= num(sentence[2]);
  } else {
    const reversed = new RegExp(`(?:available|balance):?\\s*${NUMBER}.*?required:?\\s*${NUMBER}`, 'i').exec(text);
    if (reversed) {
      balance ??= num(reversed[1]);
      required ??= num(reversed[2]);
    }
  }
  const r = amount(required);
  const b = amount(balance);
  const shortfall = amount(numberAt(p.ext, 'shortfall')) ?? (r !== undefined && b !== undefined && r > b ? subCredits(r, b) : undefined);
  return { required: r, balance: b, shortfall };
}

function requestIdOf(p: Parts | undefined, response: HttpResponse): string | undefined {
  const instance = p ? stringAt(p.root, 'instance') : undefined;
  const fromInstance = instance?.split('/').filter(Boolean).pop();
  return (
    fromInstance ??
    (p && (stringAt(p.root, 'requestId') ?? stringAt(p.root, 'meta', 'requestId') ?? stringAt(p.ext, 'requestId'))) ??
    response.headers['x-request-id']
  );
}

function retryAfterOf(p: Parts | undefined, response: HttpResponse): number | undefined {
  const fromHeaders = retryAfterFromHeaders(response.headers, Date.now());
  if (fromHeaders !== undefined) return fromHeaders;
  const seconds = p ? (numberAt(p.root, 'retryAfter') ?? numberAt(p.ext, 'retryAfter')) : undefined;
  if (seconds !== undefined) return Math.ceil(seconds * 1000);
  const said = p?.message ? /retry after (\d+(?:\.\d+)?) seconds?/i.exec(p.message) : null;
  return said ? Math.ceil(Number(said[1]) * 1000) : undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function parseEnrichSoError(response: HttpResponse, body: unknown): ProviderErrorInfo {
  const status = response.status;
  const rec = asRecord(body) ?? asRecord(tryJson(response.body));
  if (!rec) {
    // A proxy's HTML page or a cut-off body: nothing to read but the status (and, for 429, the headers).
    const type = response.headers['content-type'] ?? 'no content type';
    const what = response.body.trim() === '' ? 'an empty body' : `a body that is not JSON (${type})`;
    const kind: ErrorKind = status === 429 ? 'rate_limited' : 'provider';
    const info: ProviderErrorInfo = { kind, status, message: `HTTP ${status} with ${what}` };
    if (kind === 'rate_limited') {
      info.retryAfterMs = retryAfterOf(undefined, response);
      info.notCharged = true;
    }
    return info;
  }

  const p = partsOf(rec);
  const kind: ErrorKind = (p?.slug && SLUG_KINDS[p.slug]) || kindFromStatus(status);
  const title = p?.title;
  const text = p?.message && title && p.message !== title ? `${title}: ${p.message}` : (p?.message ?? title ?? `HTTP ${status} without error details`);
  const info: ProviderErrorInfo = { kind, status, message: redactSecrets(text) };

  const code = p?.slug ?? (typeof valueAt(rec, 'error', 'code') === 'number' ? String(valueAt(rec, 'error', 'code')) : undefined);
  if (code) info.code = code;
  const requestId = requestIdOf(p, response);
  if (requestId) info.requestId = requestId;

  if (p && kind === 'validation') {
    const field = fieldOf(p);
    if (field) info.field = field;
  }
  if (p && kind === 'insufficient_credits') Object.assign(info, stripUndefined(creditFigures(p)));
  if (p && kind === 'forbidden') {
    const access = stringAt(p.ext, 'accessStatus') ?? stringAt(p.root, 'data', 'accessStatus');
    if (access) info.message = `${info.message} (accessStatus: ${access})`;
  }
  if (kind === 'rate_limited' || status === 503) {
    const wait = retryAfterOf(p, response);
    if (wait !== undefined) info.retryAfterMs = wait;
  }
  if (NOT_CHARGED.has(kind)) info.notCharged = true;
  return info;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
