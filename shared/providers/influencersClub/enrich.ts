/**
 * Single creator calls (§1.2, §1.3): enrich by handle (raw / full / profile / analytics), by
 * email, connected socials, audience overlap, posts and post details. Each has one price,
 * charged only when data comes back; the answer's `credits_cost` is the provider's own figure
 * and wins over the model.
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { asRecord, booleanField, DAY_MS, emailField, intField, lenient, listField, op, perLookup, textField, valueAt } from '../../catalog';
import {
  ANALYTICS_PLATFORMS,
  DISCOVERY_PLATFORMS,
  emailRequiredField,
  FULL_PLATFORMS,
  handleField,
  type InfluencersClubReadings,
  platformField,
  RAW_PLATFORMS,
  withPlatformHandles,
} from './common';

/** Prices of §1.2 ([DOC] and the vendor's CREDIT_COSTS). */
export const PRICES = { raw: 0.03, full: 1, profile: 0.2, analytics: 0.8, emailBasic: 0.05, socials: 0.5, overlap: 1, posts: 0.15, postDetails: 0.03 } as const;

/** Data came back: a non-empty `result` (or, for list-like answers, any non-empty payload). */
export function returnedData(data: unknown): boolean {
  const result = valueAt(data, 'result');
  if (Array.isArray(result)) return result.length > 0;
  const rec = asRecord(result);
  if (rec) return Object.keys(rec).length > 0;
  return result !== undefined && result !== null && result !== '';
}

const enrichOutput = lenient({ result: z.record(z.unknown()), credits_cost: z.union([z.number(), z.string()]) });

/** Unset: the reading decides — not sent (the provider's default, its docs show both), or false/true. */
const includeLookalikes = (r: InfluencersClubReadings) => {
  const field = booleanField('include_lookalikes', 'Also return lookalike creators. Left unset, the credential\'s "Include Lookalikes When Unset" decides.');
  return r.includeLookalikes === 'provider' ? field.optional() : field.default(r.includeLookalikes === 'true');
};
const includeAudience = () => booleanField('include_audience_data', 'Also return audience demographics');

function enrichOp(def: { operation: string; displayName: string; about: string; path: string; price: number; input: z.AnyZodObject }) {
  return op({
    resource: 'creator',
    operation: def.operation,
    displayName: def.displayName,
    about: def.about,
    kind: 'lookup',
    method: 'POST',
    path: def.path,
    input: withPlatformHandles(def.input),
    output: enrichOutput,
    cost: perLookup(
      def.price,
      `${def.price} credit${def.price === 1 ? '' : 's'} per creator; nothing when no data comes back (identical requests are billed again, so answers are cached for a day)`,
      returnedData,
    ),
    // Paid and billed on every repeat: never retried after a lost answer.
    retrySafe: false,
    cacheTtlMs: DAY_MS,
  });
}

export const enrichRaw = enrichOp({
  operation: 'enrichHandleRaw',
  displayName: 'Enrich by handle (raw)',
  about: 'Platform basics of one creator (followers, bio, links) from a username, profile URL or YouTube channel ID.',
  path: '/creators/enrich/handle/raw/',
  price: PRICES.raw,
  input: z.object({ handle: handleField(), platform: platformField(RAW_PLATFORMS) }),
});

const enrichFull = (r: InfluencersClubReadings) =>
  enrichOp({
    operation: 'enrichHandleFull',
    displayName: 'Enrich by handle (full)',
    about: 'Everything about one creator: email, audience, brands, posts, income.',
    path: '/creators/enrich/handle/full/',
    price: PRICES.full,
    input: z.object({
      handle: handleField(),
      platform: platformField(FULL_PLATFORMS),
      email_required: emailRequiredField().optional(),
      include_lookalikes: includeLookalikes(r),
      include_audience_data: includeAudience().optional(),
    }),
  });

const enrichProfile = enrichOp({
  operation: 'enrichHandleProfile',
  displayName: 'Enrich by handle (profile)',
  about: 'The identity and contact half of Full: name, email, links.',
  path: '/creators/enrich/handle/profile/',
  price: PRICES.profile,
  input: z.object({ handle: handleField(), platform: platformField(RAW_PLATFORMS), email_required: emailRequiredField().optional() }),
});

const enrichAnalytics = (r: InfluencersClubReadings) =>
  enrichOp({
    operation: 'enrichHandleAnalytics',
    displayName: 'Enrich by handle (analytics)',
    about: 'The performance and audience half of Full.',
    path: '/creators/enrich/handle/analytics/',
    price: PRICES.analytics,
    input: z.object({ handle: handleField(), platform: platformField(ANALYTICS_PLATFORMS), include_lookalikes: includeLookalikes(r) }),
  });

export const enrichEmail = enrichOp({
  operation: 'enrichEmail',
  displayName: 'Enrich by email',
  about: 'The creator profiles behind one email address (basic mode).',
  path: '/creators/enrich/email/',
  price: PRICES.emailBasic,
  input: z.object({ email: emailField('email', 'The email address to look up') }),
});

const socials = enrichOp({
  operation: 'connectedSocials',
  displayName: 'Get connected socials',
  about: "The creator's accounts on other platforms.",
  path: '/creators/socials/',
  price: PRICES.socials,
  input: z.object({ handle: handleField(), platform: platformField(RAW_PLATFORMS) }),
});

const overlap = op({
  resource: 'creator',
  operation: 'audienceOverlap',
  displayName: 'Get audience overlap',
  about: 'How much the audiences of 2–10 creators of one platform overlap.',
  kind: 'lookup',
  method: 'POST',
  path: '/creators/audience/overlap/',
  input: withPlatformHandles(
    z.object({
      platform: platformField(DISCOVERY_PLATFORMS),
      creators: listField('creators', handleField('creators', 'A creator handle'), 'The creators to compare (2–10 handles)', { min: 2, max: 10 }),
    }),
  ),
  output: lenient({ result: z.unknown(), credits_cost: z.union([z.number(), z.string()]) }),
  cost: perLookup(PRICES.overlap, `${PRICES.overlap} credit per request; nothing when no data comes back`, returnedData),
  retrySafe: false,
  cacheTtlMs: DAY_MS,
});

const posts = op({
  resource: 'content',
  operation: 'posts',
  displayName: 'Get posts',
  about: "A creator's recent posts; pass the answer's pagination_token to read the next ones.",
  kind: 'lookup',
  method: 'POST',
  path: '/creators/content/posts/',
  input: withPlatformHandles(
    z.object({
      platform: platformField(DISCOVERY_PLATFORMS),
      handle: handleField(),
      count: intField('count', 'How many posts (1–50)', { min: 1, max: 50 }).optional(),
      pagination_token: textField('pagination_token', 'Token from a previous answer, for the next posts', { max: 2000 }).optional(),
    }),
  ),
  output: lenient({ result: z.unknown(), pagination_token: z.string(), credits_cost: z.union([z.number(), z.string()]) }),
  cost: perLookup(PRICES.posts, `${PRICES.posts} credits per request; nothing when no data comes back`, returnedData),
  retrySafe: false,
});

const postDetails = op({
  resource: 'content',
  operation: 'postDetails',
  displayName: 'Get post details',
  about: 'One post with its details (comments, likes…).',
  kind: 'lookup',
  method: 'POST',
  path: '/creators/content/details/',
  input: z.object({
    platform: platformField(DISCOVERY_PLATFORMS),
    post_id: textField('post_id', 'The id of the post', { max: 200 }),
    content_type: textField('content_type', 'The kind of content of the post, as the platform names it (e.g. comments)', { max: 50 }),
    pagination_token: textField('pagination_token', 'Token from a previous answer, for the next page', { max: 2000 }).optional(),
  }),
  output: lenient({ result: z.unknown(), pagination_token: z.string(), credits_cost: z.union([z.number(), z.string()]) }),
  cost: perLookup(PRICES.postDetails, `${PRICES.postDetails} credits per request; nothing when no data comes back`, returnedData),
  retrySafe: false,
});

export function enrichOperations(r: InfluencersClubReadings): OperationSpec[] {
  return [enrichRaw, enrichFull(r), enrichProfile, enrichAnalytics(r), enrichEmail, socials, overlap, posts, postDetails];
}
