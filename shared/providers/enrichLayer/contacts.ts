/** Contacts (§4.5): reverse lookups, work email, personal numbers and emails, disposable check. */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { defaultParts, emailField, enumField, free, intField, lenient, op, perEntry, priced, requireOneOf, textField } from '../../catalog';
import { enrichProfile, PERSONAL_ENTRIES_MAX, profileUrl } from './common';

const identifiers = ['profile_url', 'twitter_profile_url', 'facebook_profile_url'];

const byEmailInput = z.object({
  email: emailField('email', 'Email address to look up'),
  lookup_depth: enumField('lookup_depth', ['superficial', 'deep'] as const, 'superficial (default) or deep').optional(),
  enrich_profile: enrichProfile(),
});

const byEmail = op({
  resource: 'contact',
  operation: 'reverseEmailLookup',
  displayName: 'Reverse email lookup',
  about: 'Find the profile behind an email address.',
  kind: 'lookup',
  method: 'GET',
  path: '/profile/resolve/email',
  input: byEmailInput,
  output: lenient({
    profile_url: z.string(),
    twitter_profile_url: z.string(),
    facebook_profile_url: z.string(),
    similarity_score: z.number(),
    profile: z.unknown(),
  }),
  cost: priced<z.infer<typeof byEmailInput>>({ perCall: [{ line: 'base_cost', price: 3 }], footnote: 'nothing on any error' }),
  retrySafe: false,
});

const phoneInput = z.object({
  phone_number: textField('phone_number', 'Phone number in E.164 form, e.g. +14155552671', { max: 20 }).pipe(
    z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone_number must be in E.164 form, e.g. +14155552671'),
  ),
});

const byPhone = op({
  resource: 'contact',
  operation: 'reversePhoneLookup',
  displayName: 'Reverse phone lookup',
  about: 'Find the profile behind a phone number.',
  kind: 'lookup',
  method: 'GET',
  path: '/resolve/phone',
  input: phoneInput,
  output: lenient({ profile_url: z.string(), twitter_profile_url: z.string(), facebook_profile_url: z.string() }),
  cost: priced<z.infer<typeof phoneInput>>({ perCall: [{ line: 'base_cost', price: 3 }], footnote: 'nothing on any error' }),
  retrySafe: false,
});

const workEmailInput = z.object({ profile_url: profileUrl('profile_url', 'Profile URL of the person') });

const workEmail = op({
  resource: 'contact',
  operation: 'lookupWorkEmail',
  displayName: 'Work email lookup',
  about: "Find a person's work email address from their profile URL.",
  kind: 'lookup',
  method: 'GET',
  path: '/profile/email',
  input: workEmailInput,
  output: lenient({ email: z.string(), status: z.string() }),
  cost: priced<z.infer<typeof workEmailInput>>({ perCall: [{ line: 'base_cost', price: 3 }], footnote: 'nothing on any error' }),
  retrySafe: false,
});

function contactInput(extra: z.ZodRawShape) {
  return z.object({
    profile_url: profileUrl('profile_url', 'Profile URL (give at least one identifier)').optional(),
    twitter_profile_url: profileUrl('twitter_profile_url', 'X (Twitter) profile URL').optional(),
    facebook_profile_url: profileUrl('facebook_profile_url', 'Facebook profile URL').optional(),
    page_size: intField(
      'page_size',
      `Most entries to return (1–100, each is billed; default ${PERSONAL_ENTRIES_MAX}, the most the credits guide shows for one person)`,
      { min: 1, max: 100 },
    ).default(PERSONAL_ENTRIES_MAX),
    ...extra,
  });
}

const numbersInput = contactInput({});
const emailsInput = contactInput({
  email_validation: enumField('email_validation', ['none', 'fast', 'precise'] as const, 'none (default), fast or precise validation').optional(),
});

// The page size is always sent (its default when left empty), so it bounds what is billed.
const upToPageSize = (input: { page_size: number }) => input.page_size;

const personalNumbers = op({
  resource: 'contact',
  operation: 'getPersonalNumbers',
  displayName: 'Get personal contact numbers',
  about: "A person's personal phone numbers (at most page_size).",
  kind: 'lookup',
  method: 'GET',
  path: '/contact-api/personal-contact',
  input: numbersInput,
  output: lenient({ numbers: z.array(z.string()) }),
  cost: priced<z.infer<typeof numbersInput>>({
    perCall: [{ line: 'personal_contact_number', price: 1, billed: perEntry('numbers'), upTo: upToPageSize, note: 'per number returned' }],
    footnote: 'nothing when none is found or on any error',
  }),
  request: (input) => {
    requireOneOf(input, identifiers, 'whose numbers');
    return defaultParts('GET', input);
  },
  retrySafe: false,
});

const personalEmails = op({
  resource: 'contact',
  operation: 'getPersonalEmails',
  displayName: 'Get personal emails',
  about: "A person's personal email addresses (at most page_size).",
  kind: 'lookup',
  method: 'GET',
  path: '/contact-api/personal-email',
  input: emailsInput,
  output: lenient({ emails: z.array(z.string()), invalid_emails: z.array(z.string()) }),
  cost: priced<z.infer<typeof emailsInput>>({
    perCall: [{ line: 'personal_email', price: 1, billed: perEntry('emails'), upTo: upToPageSize, note: 'per email returned' }],
    footnote: 'nothing when none is found or on any error',
  }),
  request: (input) => {
    requireOneOf(input, identifiers, 'whose emails');
    return defaultParts('GET', input);
  },
  retrySafe: false,
});

const disposable = op({
  resource: 'contact',
  operation: 'checkDisposableEmail',
  displayName: 'Check disposable email',
  about: 'Whether an email address is disposable or from a free provider.',
  kind: 'lookup',
  method: 'GET',
  path: '/disposable-email',
  input: z.object({ email: emailField('email', 'Email address to check') }),
  output: lenient({ is_disposable_email: z.boolean(), is_free_email: z.boolean() }),
  cost: free('Free (per the vendor node; the reference states no price)'),
  retrySafe: true,
});

export const contactOperations: OperationSpec[] = [byEmail, byPhone, workEmail, personalNumbers, personalEmails, disposable];
