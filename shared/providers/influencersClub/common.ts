/**
 * influencers.club's own facts shared by its endpoint groups (§1): platforms per endpoint,
 * the answer envelope (`credits_cost`, `credits_left`), error bodies, the sources' two
 * readings where they disagree.
 */
import { z } from 'zod';
import type { ReadingSpec, Readings, ResponseMeta } from '../../catalog/types';
import { credits } from '../../credits/amount';
import { kindFromStatus, type ProviderErrorInfo } from '../../errors';
import { retryAfterFromHeaders } from '../../retry';
import type { HttpResponse } from '../../transport/types';
import { asRecord, enumField, numberAt, stringAt } from '../../catalog';

export const PROVIDER = { id: 'influencersClub', displayName: 'Influencers.club' } as const;

/** Discovery platforms (§1.3); similar creators: all but twitter. */
export const DISCOVERY_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitch', 'twitter', 'onlyfans'] as const;
export const SIMILAR_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitch', 'onlyfans'] as const;
/** Enrich raw / profile (11 platforms), full (same minus linkedin), analytics (6). */
export const RAW_PLATFORMS = [
  'instagram',
  'youtube',
  'tiktok',
  'onlyfans',
  'twitter',
  'snapchat',
  'discord',
  'pinterest',
  'facebook',
  'linkedin',
  'twitch',
] as const;
export const FULL_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'onlyfans', 'twitter', 'snapchat', 'discord', 'pinterest', 'facebook', 'twitch'] as const;
export const ANALYTICS_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitch', 'twitter', 'onlyfans'] as const;

export function platformField<const T extends readonly [string, ...string[]]>(values: T, help = 'The social platform') {
  return enumField('platform', values, help);
}

export { handleField, withPlatformHandles } from './handles';

export const emailRequiredField = () =>
  enumField('email_required', ['must_have', 'preferred'] as const, 'Only creators with an email (must_have), or prefer them (preferred)');

/**
 * Where the sources disagree (§1.3, §7): the provider's documentation is the default; the
 * other reading (the vendor's own MCP code, the other docs rendering) is one credential option away.
 */
export interface InfluencersClubReadings {
  /** First page of discovery / similar creators: 1 (docs FAQ, default) or 0 (vendor MCP). */
  firstPage: 0 | 1;
  /** Credits endpoint: `account/credits` (docs, default) or `accounts/credits/` (vendor MCP). */
  creditsPath: '/account/credits' | '/accounts/credits/';
  /** `include_lookalikes` when the user leaves it unset: not sent (the provider decides, default), or sent as false/true. */
  includeLookalikes: 'provider' | 'false' | 'true';
}

export const DOCUMENTED_READINGS: InfluencersClubReadings = { firstPage: 1, creditsPath: '/account/credits', includeLookalikes: 'provider' };

export const READING_SPECS: ReadingSpec[] = [
  {
    name: 'firstPage',
    displayName: 'First Page Number',
    description: 'Whether discovery pages count from 1 (the documentation) or from 0 (the vendor MCP code)',
    options: [
      { value: '1', name: '1 (Documentation)' },
      { value: '0', name: '0 (Vendor MCP)' },
    ],
    default: '1',
  },
  {
    name: 'creditsPath',
    displayName: 'Credits Endpoint',
    description: 'The credit balance path: /account/credits (the documentation) or /accounts/credits/ (the vendor MCP code)',
    options: [
      { value: '/account/credits', name: '/account/credits (Documentation)' },
      { value: '/accounts/credits/', name: '/accounts/credits/ (Vendor MCP)' },
    ],
    default: '/account/credits',
  },
  {
    name: 'includeLookalikes',
    displayName: 'Include Lookalikes When Unset',
    description: 'The two renderings of the documentation disagree on its default: leave it to the provider, or always send false / true',
    options: [
      { value: 'provider', name: 'Leave to the Provider' },
      { value: 'false', name: 'False' },
      { value: 'true', name: 'True' },
    ],
    default: 'provider',
  },
];

/** The typed readings from the credential's chosen values. */
export function readingsOf(chosen: Readings): InfluencersClubReadings {
  return {
    firstPage: chosen.firstPage === '0' ? 0 : 1,
    creditsPath: chosen.creditsPath === '/accounts/credits/' ? '/accounts/credits/' : '/account/credits',
    includeLookalikes: chosen.includeLookalikes === 'true' ? 'true' : chosen.includeLookalikes === 'false' ? 'false' : 'provider',
  };
}

const creditsOf = (value: unknown) => {
  const n = numberAt({ v: value }, 'v');
  return n === undefined ? undefined : credits(n);
};

/** Bodies are bare JSON; `credits_cost` is what the call charged, `credits_left` the balance after. */
export function unwrapInfluencersClub(body: unknown, _response: HttpResponse): { data: unknown; meta: ResponseMeta } {
  const meta: ResponseMeta = {};
  const rec = asRecord(body);
  if (rec) {
    const cost = creditsOf(rec.credits_cost);
    const left = creditsOf(rec.credits_left);
    if (cost !== undefined) meta.creditsUsed = cost;
    if (left !== undefined) meta.creditsRemaining = left;
  }
  return { data: body, meta };
}

/** First DRF field error (`{"filters": {"engagement_percent": ["…"]}}`) as `filters.engagement_percent` + message. */
function fieldError(value: unknown, path: string[] = []): { field: string; message: string } | undefined {
  if (Array.isArray(value) && value.length && typeof value[0] === 'string') return { field: path.join('.'), message: value[0] };
  if (typeof value === 'string' && path.length) return { field: path.join('.'), message: value };
  const rec = asRecord(value);
  if (!rec) return undefined;
  for (const [k, v] of Object.entries(rec)) {
    const found = fieldError(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

const MESSAGE_KEYS = ['message', 'detail', 'error'];

/** The vendor client reads `message`, `detail`, `error`, `response_meta.error_message` in order (§1.5). */
export function parseInfluencersClubError(response: HttpResponse, body: unknown): ProviderErrorInfo {
  const rec = asRecord(body) ?? {};
  let message = MESSAGE_KEYS.map((k) => stringAt(rec, k)).find(Boolean) ?? stringAt(rec, 'response_meta', 'error_message');
  let field: string | undefined;
  if (!message && Object.keys(rec).length) {
    const fe = fieldError(Object.fromEntries(Object.entries(rec).filter(([k]) => !['current_status', 'status'].includes(k))));
    if (fe) {
      field = fe.field;
      message = `${fe.field}: ${fe.message}`;
    }
  }
  let kind = kindFromStatus(response.status);
  if (/insufficient|not enough credits|out of credits/i.test(message ?? '')) kind = 'insufficient_credits';
  const info: ProviderErrorInfo = { kind, status: response.status, message: message ?? `HTTP ${response.status}`, field };
  const currentStatus = stringAt(rec, 'current_status');
  if (currentStatus) info.message += ` (current status: ${currentStatus})`;
  if (kind === 'rate_limited') {
    // No rate-limit headers are documented: Retry-After if sent, else the client waits out the window.
    info.retryAfterMs = retryAfterFromHeaders(response.headers, Date.now());
    info.notCharged = true;
  }
  if (kind === 'validation' || kind === 'auth' || kind === 'insufficient_credits') info.notCharged = true;
  return info;
}

/** Leniently typed creator card of discovery and similar answers. */
export const creatorCard = z
  .object({
    user_id: z.union([z.string(), z.number()]).nullish(),
    profile: z
      .object({
        full_name: z.string().nullish(),
        username: z.string().nullish(),
        picture: z.string().nullish(),
        followers: z.number().nullish(),
        engagement_percent: z.number().nullish(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();
