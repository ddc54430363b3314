/**
 * Person Profile (§4.2): 1 credit per profile, and every premium parameter priced by its own
 * line, billed only when it returns data — the credits guide's API-log breakdown (`base_cost`,
 * `extra_data`, `github_profile_id`, …, `live_fetch`).
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { type Charge, defaultParts, enumField, ifReturned, lenient, op, param, perEntry, priced, requireExactlyOne } from '../../catalog';
import { type EnrichLayerReadings, PERSONAL_ENTRIES_MAX, profileUrl, toggle, useCache } from './common';

const identifiers = ['profile_url', 'twitter_profile_url', 'facebook_profile_url'];

export const personProfileInput = z.object({
  profile_url: profileUrl(
    'profile_url',
    'Professional-network profile URL, e.g. https://www.linkedin.com/in/williamhgates (give exactly one identifier)',
  ).optional(),
  twitter_profile_url: profileUrl('twitter_profile_url', 'X (Twitter) profile URL, e.g. https://x.com/billgates').optional(),
  facebook_profile_url: profileUrl('facebook_profile_url', 'Facebook profile URL, e.g. https://facebook.com/billgates').optional(),
  extra: toggle('extra', 'include: gender, birth date, industry and interests (+1 credit if data is available)'),
  github_profile_id: toggle('github_profile_id', 'include: the GitHub profile id (+1 credit if available)'),
  facebook_profile_id: toggle('facebook_profile_id', 'include: the Facebook profile id (+1 credit if available)'),
  twitter_profile_id: toggle('twitter_profile_id', 'include: the X (Twitter) profile id (+1 credit if available)'),
  personal_contact_number: toggle(
    'personal_contact_number',
    `include: personal phone numbers (+1 credit per number returned; estimated at ${PERSONAL_ENTRIES_MAX})`,
  ),
  personal_email: toggle('personal_email', `include: personal email addresses (+1 credit per email returned; estimated at ${PERSONAL_ENTRIES_MAX})`),
  inferred_salary: toggle('inferred_salary', 'include: the inferred salary range (+1 credit if available)'),
  skills: toggle('skills', 'include: the skills list (billed +1 when returned under the SDK reading; free under the vendor MCP reading)'),
  use_cache: useCache('if-present (default): cached profile of any age; if-recent: no older than 29 days (+1 credit)'),
  fallback_to_cache: enumField(
    'fallback_to_cache',
    ['on-error', 'never'] as const,
    'on-error (default): serve the cache when a live fetch fails; never',
  ).optional(),
  live_fetch: enumField('live_fetch', ['default', 'force'] as const, 'force: fetch the profile live (+9 credits)').optional(),
});

type ProfileInput = z.infer<typeof personProfileInput>;

const includes = (field: keyof ProfileInput) => param<ProfileInput>(field, 'include');

/** The premium lines of a person profile, in the order of the credits guide. */
export function personProfileCharges(readings: EnrichLayerReadings): Charge<ProfileInput>[] {
  const charges: Charge<ProfileInput>[] = [
    { line: 'base_cost', price: 1 },
    {
      line: 'extra_data',
      price: 1,
      when: includes('extra'),
      billed: ifReturned(['gender'], ['birth_date'], ['industry'], ['interests']),
      note: 'extra=include, if returned',
    },
    { line: 'github_profile_id', price: 1, when: includes('github_profile_id'), billed: ifReturned(['extra', 'github_profile_id']), note: 'if returned' },
    { line: 'facebook_profile_id', price: 1, when: includes('facebook_profile_id'), billed: ifReturned(['extra', 'facebook_profile_id']), note: 'if returned' },
    { line: 'twitter_profile_id', price: 1, when: includes('twitter_profile_id'), billed: ifReturned(['extra', 'twitter_profile_id']), note: 'if returned' },
    // Billed per entry returned; the estimate counts the most the credits guide shows (2 of each).
    {
      line: 'personal_contact_number',
      price: 1,
      when: includes('personal_contact_number'),
      billed: perEntry('personal_numbers'),
      upTo: () => PERSONAL_ENTRIES_MAX,
      note: 'per number returned',
    },
    {
      line: 'personal_email',
      price: 1,
      when: includes('personal_email'),
      billed: perEntry('personal_emails'),
      upTo: () => PERSONAL_ENTRIES_MAX,
      note: 'per email returned',
    },
    { line: 'inferred_salary', price: 1, when: includes('inferred_salary'), billed: ifReturned(['inferred_salary']), note: 'if returned' },
  ];
  if (readings.skills === 'billed') charges.push({ line: 'skills', price: 1, when: includes('skills'), billed: ifReturned(['skills']), note: 'if returned' });
  charges.push(
    { line: 'use_cache', price: 1, when: param('use_cache', 'if-recent'), note: 'use_cache=if-recent' },
    { line: 'live_fetch', price: 9, when: param('live_fetch', 'force'), note: 'live_fetch=force' },
  );
  return charges;
}

const dateParts = lenient({ day: z.number(), month: z.number(), year: z.number() });

export const personProfileOutput = lenient({
  public_identifier: z.string(),
  profile_pic_url: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  follower_count: z.number(),
  occupation: z.string(),
  headline: z.string(),
  summary: z.string(),
  country: z.string(),
  country_full_name: z.string(),
  city: z.string(),
  state: z.string(),
  experiences: z.array(
    lenient({
      starts_at: dateParts,
      ends_at: dateParts,
      company: z.string(),
      company_linkedin_profile_url: z.string(),
      title: z.string(),
      location: z.string(),
    }),
  ),
  education: z.array(lenient({ school: z.string(), degree_name: z.string(), field_of_study: z.string() })),
  languages: z.array(z.unknown()),
  skills: z.array(z.unknown()),
  inferred_salary: lenient({ min: z.number(), max: z.number() }),
  gender: z.string(),
  birth_date: z.unknown(),
  industry: z.string(),
  interests: z.array(z.unknown()),
  extra: lenient({ github_profile_id: z.string(), facebook_profile_id: z.string(), twitter_profile_id: z.string() }),
  personal_emails: z.array(z.string()),
  personal_numbers: z.array(z.string()),
});

export function personProfileOperation(readings: EnrichLayerReadings): OperationSpec {
  return op({
    resource: 'person',
    operation: 'getProfile',
    displayName: 'Get person profile',
    about:
      'Structured data of a person profile from exactly one of: profile URL, X (Twitter) URL, Facebook URL. Premium parameters add data and cost only when they return something.',
    kind: 'lookup',
    method: 'GET',
    path: '/profile',
    input: personProfileInput,
    output: personProfileOutput,
    cost: priced<ProfileInput>({ perCall: personProfileCharges(readings), footnote: 'nothing on any error' }),
    request: (input) => {
      requireExactlyOne(input, identifiers, 'who to look up');
      return defaultParts('GET', input);
    },
    retrySafe: false,
  });
}
