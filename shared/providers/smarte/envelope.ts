/**
 * SMARTe answers: the body is the data (an array of records; a lone object is tolerated), the
 * credits come from the `credits-deducted` header (a missing or unreadable header is "not
 * reported", never 0), and errors are `{"error":{"code","message","status"}}` (§3.6) — the only
 * error body the reference shows; flat `{message}` bodies are read too.
 */
import type { ResponseMeta } from '../../catalog/types';
import { credits } from '../../credits/amount';
import { type ErrorKind, kindFromStatus, type ProviderErrorInfo } from '../../errors';
import { retryAfterFromHeaders } from '../../retry';
import type { HttpResponse } from '../../transport/types';
import { creditsFromHeader, numberAt, reportedMeta, stringAt } from '../../catalog';

export const CREDITS_HEADER = 'credits-deducted';

const reports = { creditsUsed: creditsFromHeader(CREDITS_HEADER) };

/**
 * The reference documents no request-id header for SMARTe (§3.7: NOT FOUND): `x-request-id` is
 * read when it happens to be there, a guess flagged in docs/smarte.md. What SMARTe documents is
 * the transaction id in every answer record (`smarteTransactionId`).
 */
export const REQUEST_ID_HEADER = 'x-request-id';

export function unwrapSmarte(body: unknown, response: HttpResponse): { data: unknown; meta: ResponseMeta } {
  const meta = reportedMeta(reports, { response, body });
  const requestId = response.headers[REQUEST_ID_HEADER];
  if (requestId) meta.requestId = requestId;
  return { data: body, meta };
}

const CODE_KINDS: [RegExp, ErrorKind][] = [
  [/rate[\s_-]*limit|too[\s_-]*many/i, 'rate_limited'],
  [/insufficient[\s_-]*credit|credit[\s_-]*limit|out[\s_-]*of[\s_-]*credit|no[\s_-]*credits/i, 'insufficient_credits'],
  [/unauthori[sz]ed|invalid[\s_-]*(api[\s_-]*)?key|authentication/i, 'auth'],
  [/forbidden|not[\s_-]*allowed|permission/i, 'forbidden'],
  [/validation|invalid[\s_-]*request|bad[\s_-]*request|invalid[\s_-]*input/i, 'validation'],
];

/** Kinds SMARTe answers before any processing: the seed says none of them deducts credits. */
const NOT_CHARGED = new Set<ErrorKind>(['rate_limited', 'insufficient_credits', 'validation', 'auth', 'forbidden']);

export function parseSmarteError(response: HttpResponse, body: unknown): ProviderErrorInfo {
  const code = stringAt(body, 'error', 'code') ?? stringAt(body, 'code');
  const message = stringAt(body, 'error', 'message') ?? stringAt(body, 'message') ?? stringAt(body, 'error') ?? `HTTP ${response.status}`;
  // The code (or, failing that, the message) says more than the status, which the reference does not give for most errors.
  const kind =
    CODE_KINDS.find(([re]) => re.test(code ?? ''))?.[1] ??
    (response.status === 429 ? 'rate_limited' : (CODE_KINDS.find(([re]) => re.test(message))?.[1] ?? kindFromStatus(response.status)));
  const info: ProviderErrorInfo = { kind, status: response.status, message, code, notCharged: NOT_CHARGED.has(kind) };
  if (kind === 'rate_limited') info.retryAfterMs = retryAfterFromHeaders(response.headers, Date.now());
  if (kind === 'insufficient_credits') {
    const required = numberAt(body, 'error', 'required') ?? numberAt(body, 'required');
    const balance = numberAt(body, 'error', 'balance') ?? numberAt(body, 'balance');
    if (required !== undefined) info.required = credits(required);
    if (balance !== undefined) info.balance = credits(balance);
    if (required !== undefined && balance !== undefined) info.shortfall = credits(Math.max(0, required - balance));
  }
  return info;
}
