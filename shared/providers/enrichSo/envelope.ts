/**
 * Enrich.so success answers: `{success, data, meta{requestId, creditsUsed, …}}`, except the teams
 * endpoints (bare arrays/objects) and CSV downloads (text, credits in X-Credits-* headers).
 */
import type { ResponseMeta } from '../../catalog/types';
import { type Credits, credits } from '../../credits/amount';
import type { HttpResponse } from '../../transport/types';
import { asRecord, numberAt, stringAt } from '../../catalog';

function creditsOf(value: unknown): Credits | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return credits(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return credits(value);
  return undefined;
}

/** The envelope's `meta`, amounts as Credits; absent fields stay absent (absent ≠ 0). */
export function readMeta(meta: unknown): ResponseMeta {
  const out: ResponseMeta = {};
  const requestId = stringAt(meta, 'requestId');
  if (requestId) out.requestId = requestId;
  for (const key of ['creditsUsed', 'creditsRemaining', 'creditsReserved', 'creditsRefunded'] as const) {
    const c = creditsOf(numberAt(meta, key));
    if (c !== undefined) out[key] = c;
  }
  return out;
}

function metaFromHeaders(headers: Record<string, string>): ResponseMeta {
  const out: ResponseMeta = {};
  const used = creditsOf(headers['x-credits-used']);
  const refunded = creditsOf(headers['x-credits-refunded']);
  if (used !== undefined) out.creditsUsed = used;
  if (refunded !== undefined) out.creditsRefunded = refunded;
  return out;
}

function isEnvelope(rec: Record<string, unknown>): boolean {
  return typeof rec.success === 'boolean' || ('data' in rec && 'meta' in rec);
}

export function unwrapEnrichSo(body: unknown, response: HttpResponse): { data: unknown; meta: ResponseMeta } {
  if (typeof body === 'string') return { data: body, meta: metaFromHeaders(response.headers) };
  const rec = asRecord(body);
  if (rec && isEnvelope(rec)) return { data: rec.data, meta: readMeta(rec.meta) };
  // Teams endpoints answer without an envelope: the body is the data, and there is no meta.
  return { data: body, meta: {} };
}
