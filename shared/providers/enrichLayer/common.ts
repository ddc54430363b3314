/**
 * EnrichLayer's own facts shared by its endpoint groups (reference §4): the include/exclude
 * switches of premium parameters, the profile identifiers, the listing filters, and the two
 * readings where the sources disagree.
 */
import { z } from 'zod';
import { enumField, intField, LINKEDIN_COMPANY, textField, urlField } from '../../catalog';

export const PROVIDER = { id: 'enrichLayer', displayName: 'EnrichLayer' } as const;

/**
 * Where the sources disagree (§4 and §7.4), the catalog follows one reading; the sandbox plays
 * either. Defaults follow the credits guide and the seed's worked example.
 */
export interface EnrichLayerReadings {
  /** `skills=include`: +1 when skills are returned (SDK, credits guide) or free (vendor MCP/n8n). */
  skills: 'billed' | 'free';
  /** Per result of a role search: 3 (docs, seed example) or 6 (SDK docstring). */
  roleSearchPerResult: 3 | 6;
  /** Largest `page_size` of a listing: 9999 (vendor MCP/n8n; works under both) or 200000 (Proxycurl docs). */
  pageSizeMax: 9999 | 200000;
  /** Person/company search: 3 credits per result (knowledge base) or a 35-credit charge per request (older SDK). */
  searchPricing: 'perResult' | 'perRequest';
}

export const DEFAULT_READINGS: EnrichLayerReadings = { skills: 'billed', roleSearchPerResult: 3, pageSizeMax: 9999, searchPricing: 'perResult' };

/** Page size of every listing: documented default 10 (the knowledge base warns some endpoints default to 100: always sent). */
export const DEFAULT_PAGE_SIZE = 10;
/**
 * The largest page a walk asks for. Each row is paid for, the whole page's price is held against
 * the budget before it is sent, and EnrichLayer answers 403 when the balance cannot cover it: a
 * walk of 9999-row pages would be refused by any modest budget or balance. A single call may
 * still ask for up to the reading's maximum (`page_size`).
 */
export const WALK_PAGE_MAX = 100;

/**
 * Personal numbers or emails one person can bring: the credits guide's example ("might return 2
 * personal numbers so it costs 2 credits"); no ceiling is documented, so the estimate counts this
 * many of each (the profile premiums), and the contact endpoints send it as their page size
 * when none is given.
 */
export const PERSONAL_ENTRIES_MAX = 2;

/** `enrich_profiles=enrich` (and `use_cache=if-recent`) allow at most 10 rows per page. */
export const ENRICHED_PAGE_MAX = 10;

/** An `include`/`exclude` premium parameter. */
export function toggle(field: string, help: string) {
  return enumField(field, ['exclude', 'include'] as const, help).optional();
}

export function profileUrl(field: string, help: string) {
  return urlField(field, help);
}

export const companyUrl = (field: string, help = 'Company profile URL, e.g. https://www.linkedin.com/company/microsoft') =>
  urlField(field, help, { mustMatch: LINKEDIN_COMPANY });

export const useCache = (help: string) => enumField('use_cache', ['if-present', 'if-recent'] as const, help).optional();

export const enrichProfiles = (noun: string) =>
  enumField(
    'enrich_profiles',
    ['skip', 'enrich'] as const,
    `skip (default): ${noun} profile URLs only; enrich: full profiles (at most ${ENRICHED_PAGE_MAX} per page)`,
  ).optional();

export const enrichProfile = () =>
  enumField('enrich_profile', ['skip', 'enrich'] as const, 'skip (default) or enrich: add the cached profile to the result').optional();

export const countryCodes = (help: string) =>
  z
    .string({ invalid_type_error: 'country must be text' })
    .trim()
    .regex(/^[A-Za-z]{2}(\s*,\s*[A-Za-z]{2})*$/, 'country must be ISO 3166 alpha-2 codes separated by commas, e.g. ca or us,ca')
    .describe(help)
    .optional();

export const booleanExpression = (field: string, help: string) => textField(field, help, { max: 255 }).optional();

export function pageSize(max: number, help: string) {
  return intField('page_size', help, { min: 1, max }).optional();
}

export const yesNo = (field: string, help: string) => enumField(field, ['false', 'true'] as const, help).optional();

/** The cap that enriched (or freshly cached) rows impose on a listing's page size. */
export function enrichedPageCap(input: { enrich_profiles?: string; use_cache?: string }) {
  if (input.enrich_profiles === 'enrich') return { max: ENRICHED_PAGE_MAX, because: 'enrich_profiles=enrich' };
  if (input.use_cache === 'if-recent') return { max: ENRICHED_PAGE_MAX, because: 'use_cache=if-recent' };
  return undefined;
}
