/**
 * SMARTe facts the reference leaves open (providers.md §3.5–§3.7, §7.3), as readings a
 * credential can change instead of guesses baked into code: the audit-only parameter (its name,
 * value and place are NOT FOUND), how many records one request may carry, and whether a request
 * carries an array of records or one record. The request rate (per contract, no public number)
 * is the credential's rate setting.
 */
import type { RateSetting, ReadingSpec, Readings } from '../../catalog/types';

export interface SmarteSettings {
  /** Name of the audit-only ("AUD") parameter. Default `outputMode` (the docs speak of "output modes"). */
  auditParameter: string;
  /** Its value for audit-only. Default `AUD` (the docs' name for the mode). */
  auditValue: string;
  /** Where it travels: the query string (default) or inside every record. */
  auditIn: 'query' | 'record';
  /** Records per request (not published; 25 by default, at most 100). */
  recordsPerRequest: number;
  /** `array` (default): a request carries an array of records; `object`: one record per request, as one JSON object. */
  requestShape: 'array' | 'object';
}

export const SMARTE_MAX_RECORDS_PER_REQUEST = 100;

const WORD = { pattern: /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, rule: 'must be a parameter name (letters, digits, "_" or "-", at most 64)' };

export const smarteReadings: ReadingSpec[] = [
  {
    name: 'auditParameter',
    displayName: 'Audit-Only Parameter',
    description:
      "The name of SMARTe's audit-only (AUD) parameter. SMARTe's public docs describe the mode but not its parameter; use the name your SMARTe contact gives you.",
    options: [{ value: 'outputMode', name: 'outputMode' }],
    default: 'outputMode',
    other: WORD,
  },
  {
    name: 'auditValue',
    displayName: 'Audit-Only Value',
    description: 'The value that asks for audit-only mode (the docs call the mode "AUD").',
    options: [{ value: 'AUD', name: 'AUD' }],
    default: 'AUD',
    other: { pattern: /^[A-Za-z0-9_.-]{1,64}$/, rule: 'must be 1–64 letters, digits, ".", "_" or "-"' },
  },
  {
    name: 'auditIn',
    displayName: 'Audit-Only Parameter Goes In',
    description: 'Where the audit-only parameter travels: the query string, or a field of every record.',
    options: [
      { value: 'query', name: 'Query String' },
      { value: 'record', name: 'Every Record' },
    ],
    default: 'query',
  },
  {
    name: 'requestShape',
    displayName: 'Records per Request',
    description: 'How a request carries records: many as an array (matched back by recordId), or one record as an object per request (as some clients send).',
    options: [
      { value: 'array', name: 'Many (Array)' },
      { value: 'object', name: 'One (Object)' },
    ],
    default: 'array',
  },
  {
    name: 'recordsPerRequest',
    displayName: 'Most Records in One Request',
    description: `The most records one request carries when they go as an array (SMARTe publishes no limit; 1–${SMARTE_MAX_RECORDS_PER_REQUEST}).`,
    options: [{ value: '25', name: '25' }],
    default: '25',
    other: { pattern: /^(100|[1-9][0-9]?)$/, rule: `must be a whole number from 1 to ${SMARTE_MAX_RECORDS_PER_REQUEST}` },
  },
];

/** Per contract, no public number: 10 a minute (the conservative figure other clients use) until the user sets theirs. */
export const smarteRateSetting: RateSetting = {
  per: 'minute',
  default: 10,
  description:
    "SMARTe limits requests per organization by contract and publishes no number. Set your contract's limit; until then 10 a minute (conservative) is used.",
};

/** The settings under the chosen readings. */
export function smarteSettings(chosen: Readings): SmarteSettings {
  return {
    auditParameter: chosen.auditParameter!,
    auditValue: chosen.auditValue!,
    auditIn: chosen.auditIn === 'record' ? 'record' : 'query',
    recordsPerRequest: Number(chosen.recordsPerRequest),
    requestShape: chosen.requestShape === 'object' ? 'object' : 'array',
  };
}
