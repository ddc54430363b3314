/**
 * The callbacks Enrich.so sends to a job's webhookUrl (§5.7): `{event, timestamp, data}`, unsigned.
 * Per-result payloads carry `data.job_id` and `data.result_id`; company-follower payloads carry a
 * top-level `batchId` instead.
 */
import type { WebhookEventSpec } from '../../catalog/types';
import { stringAt } from '../../catalog';

const jobIdOf = (payload: unknown): string | undefined =>
  stringAt(payload, 'data', 'job_id') ?? stringAt(payload, 'batchId') ?? stringAt(payload, 'data', 'batchId');

const resultIdOf = (payload: unknown): string | undefined => stringAt(payload, 'data', 'result_id');

/** A follower callback has no result id; the profile's URN or URL identifies it. */
const followerIdOf = (payload: unknown): string | undefined =>
  resultIdOf(payload) ?? stringAt(payload, 'data', 'follower', 'objectURN') ?? stringAt(payload, 'data', 'follower', 'profileUrl');

function perResult(event: string, batch: string, description: string, itemId = resultIdOf): WebhookEventSpec {
  return { event, type: 'batch.item', batch, description, jobId: jobIdOf, itemId };
}

function completion(event: string, batch: string, description: string): WebhookEventSpec {
  return { event, type: 'batch.completed', batch, description, jobId: jobIdOf };
}

export const enrichSoWebhookEvents: WebhookEventSpec[] = [
  perResult(
    'webhook:email_lookup.completed',
    'emailValidation',
    'One email of a validation batch was validated (result: email, result, message, provider, confidence, is_catch_all, domain)',
  ),
  completion('validation.completed', 'emailValidation', 'A validation batch finished (total_items, successful, failed, valid, invalid, risky)'),
  perResult(
    'webhook:finder_lookup.completed',
    'emailFinder',
    'One lead of an email finder batch was processed (result: email, result found|not_found, confidence, domain)',
  ),
  completion('finder.completed', 'emailFinder', 'An email finder batch finished (total_items, successful, failed, found, not_found)'),
  perResult('webhook:phone_result.completed', 'phoneFinder', 'One item of a bulk phone lookup was processed (type success|no_match|error, phones)'),
  completion('webhook:phone_completion.completed', 'phoneFinder', 'A bulk phone lookup finished (total_items, found, not_found)'),
  perResult('webhook:email_result.completed', 'reverseLookup', 'One email of a bulk profile lookup was processed (type, result profile, error)'),
  completion('webhook:email_completion.completed', 'reverseLookup', 'A bulk profile lookup finished (total_items, found, not_found)'),
  // providers.md did not capture the company-follower event names. Two readings are accepted:
  // our own names (the sandbox default) and the ones in the third-party asyncapi harvest
  // (`webhook:company_follower_*.completed`, sandbox option companyFollowerEvents: 'harvested').
  {
    ...perResult('company_follower.result', 'companyFollowers', 'One follower profile of a scrape (data.companyUrl, data.follower)', followerIdOf),
    aliases: ['webhook:company_follower_result.completed'],
  },
  {
    ...completion('company_follower.completed', 'companyFollowers', 'A follower scrape finished (data.companyUrl, followerCount, processingTimeMs)'),
    aliases: ['webhook:company_follower_completion.completed'],
  },
];
