/** IP to company: the organization and domain behind an IP address (100 credits when found). */
import { z } from 'zod';
import type { BatchSpec, OperationSpec } from '../../catalog/types';
import { credits } from '../../credits/amount';
import {
  DAY_MS,
  caseInsensitiveKey,
  distinctTrimmed,
  lenient,
  listField,
  normalizeKey,
  op,
  perLookup,
  reservation,
  reservesJob,
  resultErrorOf,
  stringAt,
  uniqueCount,
} from '../../catalog';
import { batchSubmitOutput, jobOps, readProgress, submittedJobId } from './batchOps';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** IPv4 dotted quad, or something IPv6-shaped (hex groups and colons, optional dotted tail). */
const IP = new RegExp(`^(?:${OCTET}(\\.${OCTET}){3}|(?=[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]{2,45})$`);

function ipField(field: string, help: string) {
  return z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be text` })
    .trim()
    .max(45, `${field} must be at most 45 characters`)
    .regex(IP, `${field} must be an IPv4 or IPv6 address`)
    .describe(help);
}

export const ipResult = lenient({
  searchIp: z.string(),
  ipDomain: z.string(),
  ipOrganization: z.string(),
  ipCountryName: z.string(),
  ipCountryCode: z.string(),
  ipRegionName: z.string(),
  ipCity: z.string(),
  ipSubContinent: z.string(),
  ipLatitude: z.number(),
  ipLongitude: z.number(),
  ipTimezone: z.string(),
  ipIsp: z.string(),
  ipRange: z.string(),
  ipUsageType: z.string(),
});

const hasDomain = (data: unknown) => stringAt(data, 'ipDomain') !== undefined;

const lookup = op({
  resource: 'ipToCompany',
  operation: 'lookup',
  displayName: 'Look up company by IP',
  about: 'Resolve the company, domain and location behind an IPv4 or IPv6 address.',
  kind: 'lookup',
  method: 'POST',
  path: '/ip-to-company',
  input: z.object({ ip: ipField('ip', 'The IPv4 or IPv6 address to look up, e.g. 8.8.8.8') }),
  output: ipResult,
  cost: perLookup(100, '100 credits per lookup; not charged when no company domain (ipDomain) is found', hasDomain),
  found: hasDomain,
  retrySafe: false,
  rateBucket: 'enrichment',
  cacheTtlMs: DAY_MS,
  cacheKey: caseInsensitiveKey,
});

const submitInput = z.object({
  ips: listField('ips', ipField('ips', 'An IP address'), 'The IP addresses to look up (1–500,000; duplicates are removed)', { min: 1, max: 500_000 }),
});

const submitBatch = op({
  resource: 'ipToCompany',
  operation: 'submitBatch',
  reserves: reservesJob,
  displayName: 'Submit IP to company batch',
  about: 'Resolve companies for up to 500,000 IP addresses as one asynchronous job (results by polling; this product has no webhook).',
  kind: 'batchSubmit',
  method: 'POST',
  path: '/ip-to-company/batch',
  input: submitInput,
  output: batchSubmitOutput,
  cost: reservation<z.infer<typeof submitInput>>(
    100,
    '100 credits per unique IP are reserved on submit and settled when results are first read; IPs without a company domain are refunded',
    (input) => uniqueCount(input.ips),
  ),
  // The documented body wraps each address: {"ips": [{"ip": "8.8.8.8"}, …]}.
  request: (input) => ({ path: {}, query: {}, body: { ips: input.ips.map((ip) => ({ ip })) } }),
  retrySafe: false,
  rateBucket: 'bulkSubmit',
  batch: 'ipToCompany',
});

export const ipToCompanyOperations: OperationSpec[] = [
  lookup,
  submitBatch,
  ...jobOps({
    resource: 'ipToCompany',
    batch: 'ipToCompany',
    noun: 'IP to company batch',
    jobPath: '/ip-to-company/batch/{batchId}',
    idParam: 'batchId',
    resultItem: ipResult,
    settles: '100 credits per IP whose domain was found',
  }),
];

export const ipToCompanyBatch: BatchSpec<string> = {
  name: 'ipToCompany',
  displayName: 'IP to company batch',
  submitOp: 'ipToCompany.submitBatch',
  statusOp: 'ipToCompany.getBatchStatus',
  resultsOp: 'ipToCompany.getBatchResults',
  itemOp: 'ipToCompany.lookup',
  toItem: (input) => String(input.ip),
  maxItems: 500_000,
  // The submit op's request() wraps each address; the batch runner hands it plain strings.
  submitInput: (items) => ({
    ips: distinctTrimmed(items, normalizeKey),
  }),
  jobId: (data) => submittedJobId(data, 'IP to company batch'),
  jobInput: (batchId) => ({ batchId }),
  progress: (data) => readProgress(data),
  itemKey: normalizeKey,
  resultKey: (result) => normalizeKey(stringAt(result, 'searchIp') ?? stringAt(result, 'ip')) || undefined,
  resultCharged: hasDomain,
  resultError: resultErrorOf,
  costPerItem: credits(100),
  pollIntervalMs: 5000,
};
