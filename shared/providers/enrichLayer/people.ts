/** People besides the profile itself (§4.5): resolve a person, their picture, who holds a role. */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { enumField, free, lenient, op, priced, textField } from '../../catalog';
import { enrichProfile, profileUrl } from './common';

const lookupInput = z.object({
  first_name: textField('first_name', 'First name, e.g. Bill', { max: 100 }),
  company_domain: textField('company_domain', 'Company name or domain, e.g. gatesfoundation.org', { max: 253 }),
  last_name: textField('last_name', 'Last name, e.g. Gates', { max: 100 }).optional(),
  title: textField('title', 'Title at the current job, e.g. Co-chair', { max: 200 }).optional(),
  location: textField('location', 'Country, city or state, e.g. Seattle', { max: 200 }).optional(),
  similarity_checks: enumField(
    'similarity_checks',
    ['include', 'skip'] as const,
    'include (default): check similarity to drop false positives; skip',
  ).optional(),
  enrich_profile: enrichProfile(),
});

const lookup = op({
  resource: 'person',
  operation: 'lookup',
  displayName: 'Look up person',
  about: "Find a person's profile URL from their name and company.",
  kind: 'lookup',
  method: 'GET',
  path: '/profile/resolve',
  input: lookupInput,
  output: lenient({
    url: z.string(),
    name_similarity_score: z.number(),
    company_similarity_score: z.number(),
    title_similarity_score: z.number(),
    location_similarity_score: z.number(),
    profile: z.unknown(),
  }),
  cost: priced<z.infer<typeof lookupInput>>({ perCall: [{ line: 'base_cost', price: 2 }], footnote: 'nothing on any error' }),
  retrySafe: false,
});

const picture = op({
  resource: 'person',
  operation: 'getProfilePicture',
  displayName: 'Get person profile picture',
  about: "The URL of a person's profile picture.",
  kind: 'lookup',
  method: 'GET',
  path: '/person/profile-picture',
  input: z.object({ person_profile_url: profileUrl('person_profile_url', 'Profile URL of the person') }),
  output: lenient({ tmp_profile_pic_url: z.string() }),
  cost: free(),
  retrySafe: true,
});

const roleInput = z.object({
  company_name: textField('company_name', 'Company name, e.g. enrichlayer', { max: 200 }),
  role: textField('role', 'The role to find, e.g. ceo', { max: 200 }),
  enrich_profile: enrichProfile(),
});

const role = op({
  resource: 'person',
  operation: 'lookupRole',
  displayName: 'Look up role',
  about: 'Find the person who holds a role at a company.',
  kind: 'lookup',
  method: 'GET',
  path: '/find/company/role',
  input: roleInput,
  output: lenient({ linkedin_profile_url: z.string(), profile: z.unknown() }),
  cost: priced<z.infer<typeof roleInput>>({ perCall: [{ line: 'base_cost', price: 3 }], footnote: 'nothing on any error' }),
  retrySafe: false,
});

export const peopleOperations: OperationSpec[] = [lookup, picture, role];
