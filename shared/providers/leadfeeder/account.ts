/**
 * Accounts (one key can reach several), the account's credits, the current user, and IP
 * enrichment — whose path two sources give differently (`/ip/enrich`, `/ip-enrich`).
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { free, lenient, noInput, op } from '../../catalog';
import { extraField, queryParts, reportedSearch } from './common';
import { company } from './companies';

const credits = lenient({ available: z.number(), used: z.number(), remaining: z.number(), next_reset_on: z.string() });
const account = lenient({ id: z.string(), type: z.string(), name: z.string(), credits });

const list = op({
  resource: 'account',
  operation: 'list',
  displayName: 'List accounts',
  about: 'The Leadfeeder accounts this API key can reach, with their ids (the Account ID of the credential).',
  kind: 'list',
  method: 'GET',
  path: '/accounts',
  input: noInput,
  output: z.array(account),
  cost: free(),
  retrySafe: true,
});

const get = op({
  resource: 'account',
  operation: 'get',
  displayName: 'Get account credits',
  about:
    "The credential's account with its credits: available, used, remaining and next_reset_on, when the billing period's credits come back whole (record subscriptions keep their 12 months across it).",
  kind: 'lookup',
  method: 'GET',
  path: '/accounts',
  input: noInput,
  output: account,
  cost: free(),
  retrySafe: true,
});

const me = op({
  resource: 'user',
  operation: 'me',
  displayName: 'Get current user',
  about: 'The user who owns the API key: email, name and team role.',
  kind: 'lookup',
  method: 'GET',
  path: '/users/me',
  input: noInput,
  output: lenient({ id: z.string(), email: z.string(), first_name: z.string(), last_name: z.string(), team_role: z.string() }),
  cost: free(),
  retrySafe: true,
});

/** The two IP-enrichment paths the sources give. */
export const IP_ENRICH_PATHS = ['/ip/enrich', '/ip-enrich'] as const;
export type IpEnrichPath = (typeof IP_ENRICH_PATHS)[number];

const ipInput = z.object({
  ip: z
    .string({ required_error: 'ip is required', invalid_type_error: 'ip must be text' })
    .trim()
    .ip({ message: 'ip must be an IPv4 or IPv6 address' })
    .describe('The visitor IP address to identify the company of'),
  extraFields: extraField(),
});

export function ipEnrich(path: IpEnrichPath) {
  const price = reportedSearch<z.infer<typeof ipInput>>('company', () => 1);
  return op({
    resource: 'ip',
    operation: 'enrich',
    displayName: 'Enrich IP address',
    about: `The company behind an IP address (path ${path}; the sources disagree on it).`,
    kind: 'lookup',
    method: 'GET',
    path,
    input: ipInput,
    output: company,
    cost: price.cost,
    subscription: price.subscription,
    request: (input) => queryParts(input),
    retrySafe: true,
  });
}

export const accountOperations: OperationSpec[] = [list, get, me];
