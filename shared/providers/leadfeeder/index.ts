/**
 * Leadfeeder (the current `/v1` API, `X-Api-Key`) as data: accounts and the current user,
 * companies, contacts, website visitors, custom feeds, lists, tags and IP enrichment (§2.6).
 * Paths the reference marks NOT FOUND are left out (docs/leadfeeder.md, "Known gaps").
 * `leadfeeder` is the catalog with the `/ip/enrich` reading; `createLeadfeederCatalog` chooses.
 */
import type { OperationSpec, PollSourceSpec, ProviderCatalog, ReadingSpec } from '../../catalog/types';
import { credits, optionalCredits } from '../../credits/amount';
import { asRecord, catalogWithReadings, numberAt } from '../../catalog';
import { accountOperations, ipEnrich, IP_ENRICH_PATHS, type IpEnrichPath } from './account';
import { companyOperations } from './companies';
import { contactOperations } from './contacts';
import { unwrapLeadfeeder } from './envelope';
import { parseLeadfeederError } from './errors';
import { listOperations, tagOperations } from './listsAndTags';
import { visitorCompanyId, webVisitOperations } from './webVisits';
import { leadfeederCapabilities } from './capabilities';

export const LEADFEEDER_BASE_URL = 'https://api.leadfeeder.com/v1';
const DAY_MS = 24 * 3600_000;

export interface LeadfeederCatalogOptions {
  /** Path of IP enrichment: `/ip/enrich` (default) or `/ip-enrich` — two sources disagree. */
  ipEnrichPath?: IpEnrichPath;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "New Website Visitor Company": the visitor companies of the last window, each once per window. */
export const newVisitorCompany: PollSourceSpec = {
  key: 'newVisitorCompany',
  displayName: 'New Website Visitor Company',
  description:
    'Starts when a company visits your website: each company once per visit window (a day by default). Visitor companies arrive subscribed, so their details cost nothing.',
  op: 'webVisit.visitorCompanies',
  fields: ['custom_feed_id'],
  input: ({ now, windowMs, fields }) => ({ start_date: isoDay(now - windowMs), end_date: isoDay(now), include: ['company'], ...fields }),
  dedupeKey: visitorCompanyId,
  defaultWindowMs: DAY_MS,
};

/** The account's credits (`attributes.credits.remaining`), from a single account or a list of one. */
function remainingCredits(data: unknown): ReturnType<typeof credits> | undefined {
  const account = Array.isArray(data) ? data[0] : data;
  return optionalCredits(numberAt(asRecord(account), 'credits', 'remaining'));
}

/** Where the sources disagree and the client cannot tell by itself, the credential chooses. */
export const leadfeederReadings: ReadingSpec[] = [
  {
    name: 'ipEnrichPath',
    displayName: 'IP Enrichment Path',
    description: 'Two sources give the IP-enrichment endpoint differently; choose the one your account answers on.',
    options: IP_ENRICH_PATHS.map((path) => ({ value: path, name: path })),
    default: '/ip/enrich',
  },
];

function build(ipPath: IpEnrichPath): Omit<ProviderCatalog, 'readings' | 'withReadings'> {
  if (!IP_ENRICH_PATHS.includes(ipPath)) throw new RangeError(`ipEnrichPath must be one of ${IP_ENRICH_PATHS.join(', ')}`);
  const operations: OperationSpec[] = [
    ...accountOperations,
    ...companyOperations,
    ...contactOperations,
    ...webVisitOperations,
    ...listOperations,
    ...tagOperations,
    ipEnrich(ipPath),
  ];
  return {
    id: 'leadfeeder',
    displayName: 'Leadfeeder',
    baseUrl: LEADFEEDER_BASE_URL,
    docsUrl: 'https://docs.leadfeeder.com/api/public/',
    auth: { header: 'X-Api-Key' },
    // 10 requests a second per key, bursts of 15 (rate-limits page).
    rateLimits: { default: { rate: 10, windowMs: 1000, burst: 15 } },
    requestQuota: { requests: 100_000, period: 'month', warnAt: 0.9 },
    // The credit pool and the subscriptions are the account's, whichever user's key reaches it.
    subscriptions: { ttlMs: 365 * DAY_MS, accountField: 'accountId' },
    pollSources: [newVisitorCompany],
    capabilities: leadfeederCapabilities,
    // Almost every endpoint needs `account_id`; one key can reach several accounts.
    credentialFields: [
      {
        name: 'accountId',
        displayName: 'Account ID',
        description: 'The Leadfeeder account to work in (one API key can reach several; "List accounts" shows their ids)',
        in: 'query',
        param: 'account_id',
        required: true,
        except: ['account.list', 'user.me'],
      },
    ],
    operations,
    batches: [],
    webhookEvents: [],
    credentialTestOp: 'account.list',
    balance: { op: 'account.get', read: remainingCredits },
    unwrap: unwrapLeadfeeder,
    parseError: parseLeadfeederError,
  };
}

/** The catalog under a chosen IP path (default `/ip/enrich`); `withReadings` switches it. */
export function createLeadfeederCatalog(options: LeadfeederCatalogOptions = {}): ProviderCatalog {
  const base = catalogWithReadings(leadfeederReadings, (chosen) => build(chosen.ipEnrichPath as IpEnrichPath));
  return options.ipEnrichPath ? base.withReadings!({ ipEnrichPath: options.ipEnrichPath }) : base;
}

export const leadfeeder: ProviderCatalog = createLeadfeederCatalog();

export { flattenDocument, flattenRecord, unwrapLeadfeeder } from './envelope';
export { parseLeadfeederError } from './errors';
export { IP_ENRICH_PATHS, type IpEnrichPath } from './account';
export { COMPANY_INCLUDES } from './companies';
export { DEPARTMENTS } from './contacts';
