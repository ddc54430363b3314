/**
 * Free reads: the classifier dictionaries discovery filters draw their values from, the
 * exclusion lists discovery leaves out (vendor MCP routes and bodies), and the credit balance
 * (its path is a reading: docs vs vendor).
 */
import { z } from 'zod';
import type { OperationSpec } from '../../catalog/types';
import { arrayAt, asRecord, free, idField, intField, lenient, listField, noInput, numberAt, op, textField } from '../../catalog';
import { DISCOVERY_PLATFORMS, handleField, platformField, type InfluencersClubReadings } from './common';

const FREE = 'Free';
const searchable = () =>
  z.object({
    search: textField('search', 'Only entries containing this text', { max: 100 }).optional(),
    offset: intField('offset', 'Entries to skip (for the next page)', { min: 0 }).optional(),
  });

function dictionary(operation: string, displayName: string, path: string, input: z.AnyZodObject): OperationSpec {
  return op({
    resource: 'dictionary',
    operation,
    displayName,
    about: `The values discovery filters accept for ${displayName.toLowerCase()}.`,
    kind: 'lookup',
    method: 'GET',
    path,
    input,
    output: z.unknown(),
    cost: free(FREE),
    retrySafe: true,
    cacheTtlMs: 3600_000,
  });
}

export const dictionaryOperations: OperationSpec[] = [
  dictionary('languages', 'Languages', '/discovery/classifier/languages/', noInput),
  dictionary('locations', 'Locations', '/discovery/classifier/locations/{platform}/', z.object({ platform: platformField(DISCOVERY_PLATFORMS) })),
  dictionary('brands', 'Brands', '/discovery/classifier/brands/', searchable()),
  dictionary('youtubeTopics', 'YouTube topics', '/discovery/classifier/yt-topics/', noInput),
  dictionary('games', 'Twitch games', '/discovery/classifier/games/', noInput),
  dictionary('audienceBrandCategories', 'Audience brand categories', '/discovery/classifier/audience-brand-categories/', searchable()),
  dictionary('audienceBrandNames', 'Audience brand names', '/discovery/classifier/audience-brand-names/', searchable()),
  dictionary('audienceInterests', 'Audience interests', '/discovery/classifier/audience-interests/', searchable()),
  dictionary('audienceLocations', 'Audience locations', '/discovery/classifier/audience-locations/', searchable()),
];

/** A dictionary answer as dropdown options: a list of strings or of `{name|value|id, …}` records, bare or under `results`/`data`. */
export function dictionaryOptions(data: unknown): { name: string; value: string }[] {
  const list = Array.isArray(data) ? data : [...arrayAt(data, 'results'), ...arrayAt(data, 'data'), ...arrayAt(data, 'items')];
  const out: { name: string; value: string }[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') out.push({ name: entry, value: entry });
    const rec = asRecord(entry);
    if (!rec) continue;
    const value = rec.value ?? rec.id ?? rec.abbr ?? rec.language_abbr ?? rec.name;
    const name = rec.name ?? rec.title ?? rec.label ?? value;
    if (value !== undefined && value !== null) out.push({ name: String(name), value: String(value) });
  }
  return out;
}

const listId = () => idField('list_id', 'The exclusion list id');
const handles = () => listField('handles', handleField('handles', 'A creator handle'), 'Creator handles (1–10,000)', { min: 1, max: 10_000 });
const exclusionList = lenient({ id: z.union([z.number(), z.string()]), name: z.string(), platform: z.string(), total: z.number() });
const entries = lenient({ total: z.number(), offset: z.number(), limit: z.number(), handles: z.array(z.string()) });

function exclusion(def: {
  operation: string;
  displayName: string;
  about: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  input: z.AnyZodObject;
  output: z.ZodTypeAny;
  bodyFields?: string[];
}): OperationSpec {
  return op({
    resource: 'exclusionList',
    operation: def.operation,
    displayName: def.displayName,
    about: def.about,
    kind: def.method === 'GET' ? 'lookup' : 'action',
    method: def.method,
    path: def.path,
    input: def.input,
    output: def.output,
    // DELETE …/entries/ carries its handles in a body (vendor MCP), which the default mapping would put in the query.
    request: def.bodyFields
      ? (input: Record<string, unknown>) => {
          const path: Record<string, string> = {};
          for (const [k, v] of Object.entries(input)) if (!def.bodyFields!.includes(k)) path[k] = String(v);
          return { path, query: {}, body: Object.fromEntries(def.bodyFields!.map((k) => [k, input[k]])) };
        }
      : undefined,
    cost: free(FREE),
    retrySafe: def.method !== 'POST',
  });
}

const page = () => ({
  offset: intField('offset', 'Handles to skip', { min: 0 }).default(0),
  limit: intField('limit', 'Handles per page (1–1000)', { min: 1, max: 1000 }).default(1000),
});

export const exclusionListOperations: OperationSpec[] = [
  exclusion({
    operation: 'list',
    displayName: 'List exclusion lists',
    about: 'Every exclusion list of your team, across platforms.',
    method: 'GET',
    path: '/discovery/exclusion-lists/',
    input: noInput,
    output: z.array(exclusionList),
  }),
  exclusion({
    operation: 'create',
    displayName: 'Create exclusion list',
    about: 'A new exclusion list of one platform: creators on it are left out of discovery.',
    method: 'POST',
    path: '/discovery/exclusion-lists/',
    input: z.object({ name: textField('name', 'Name of the list', { max: 200 }), platform: platformField(DISCOVERY_PLATFORMS) }),
    output: exclusionList,
  }),
  exclusion({
    operation: 'get',
    displayName: 'Get exclusion list',
    about: 'One exclusion list.',
    method: 'GET',
    path: '/discovery/exclusion-lists/{list_id}/',
    input: z.object({ list_id: listId() }),
    output: exclusionList,
  }),
  exclusion({
    operation: 'getDefault',
    displayName: 'Get default exclusion list',
    about: "A platform's default exclusion list (created empty on first use).",
    method: 'GET',
    path: '/discovery/exclusion-lists/default/{platform}/',
    input: z.object({ platform: platformField(DISCOVERY_PLATFORMS) }),
    output: exclusionList,
  }),
  exclusion({
    operation: 'rename',
    displayName: 'Rename exclusion list',
    about: 'Give an exclusion list a new name.',
    method: 'PATCH',
    path: '/discovery/exclusion-lists/{list_id}/',
    input: z.object({ list_id: listId(), name: textField('name', 'New name of the list', { max: 200 }) }),
    output: exclusionList,
    bodyFields: ['name'],
  }),
  exclusion({
    operation: 'delete',
    displayName: 'Delete exclusion list',
    about: 'Delete an exclusion list.',
    method: 'DELETE',
    path: '/discovery/exclusion-lists/{list_id}/',
    input: z.object({ list_id: listId() }),
    output: z.unknown(),
  }),
  exclusion({
    operation: 'listEntries',
    displayName: 'Get exclusion list handles',
    about: 'One page of the handles on an exclusion list.',
    method: 'GET',
    path: '/discovery/exclusion-lists/{list_id}/entries/',
    input: z.object({ list_id: listId(), ...page() }),
    output: entries,
  }),
  exclusion({
    operation: 'addEntries',
    displayName: 'Add handles to exclusion list',
    about: 'Put creators on an exclusion list.',
    method: 'POST',
    path: '/discovery/exclusion-lists/{list_id}/entries/',
    input: z.object({ list_id: listId(), handles: handles() }),
    output: exclusionList,
    bodyFields: ['handles'],
  }),
  exclusion({
    operation: 'removeEntries',
    displayName: 'Remove handles from exclusion list',
    about: 'Take creators off an exclusion list.',
    method: 'DELETE',
    path: '/discovery/exclusion-lists/{list_id}/entries/',
    input: z.object({ list_id: listId(), handles: handles() }),
    output: exclusionList,
    bodyFields: ['handles'],
  }),
];

/** The balance figure of a credits answer, whichever name it uses (its shape is NOT FOUND in the reference). */
export function readBalance(data: unknown): number | undefined {
  for (const key of ['credits_left', 'credits_remaining', 'remaining', 'balance', 'credits', 'available']) {
    const n = numberAt(data, key);
    if (n !== undefined) return n;
  }
  return undefined;
}

export function accountOperations(readings: InfluencersClubReadings): OperationSpec[] {
  return [
    op({
      resource: 'account',
      operation: 'getCredits',
      displayName: 'Get credits',
      about: 'Your credit balance and usage (the credential test: it never spends).',
      kind: 'lookup',
      method: 'GET',
      path: readings.creditsPath,
      input: noInput,
      output: z.record(z.unknown()),
      cost: free(FREE),
      retrySafe: true,
    }),
  ];
}
