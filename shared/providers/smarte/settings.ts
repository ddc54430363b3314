/**
 * SMARTe facts the reference leaves open (providers.md §3.5–§3.7, §7.3), as settings a
 * credential can change instead of guesses baked into code: the audit-only parameter (its name,
 * value and place are NOT FOUND), how many records one request may carry, whether a request
 * carries an array of records or one record, and the per-contract rate limit.
 */
import type { RatePolicy } from '../../catalog/types';

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
  /** Requests per minute: per contract, no public number; 10 (the conservative figure other clients use) by default. */
  requestsPerMinute: number;
}

export const SMARTE_DEFAULT_SETTINGS: SmarteSettings = {
  auditParameter: 'outputMode',
  auditValue: 'AUD',
  auditIn: 'query',
  recordsPerRequest: 25,
  requestShape: 'array',
  requestsPerMinute: 10,
};

export const SMARTE_MAX_RECORDS_PER_REQUEST = 100;

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** Settings with defaults filled in; a bad value is refused with the setting it concerns. */
export function smarteSettings(input: Partial<SmarteSettings> = {}): SmarteSettings {
  const s: SmarteSettings = { ...SMARTE_DEFAULT_SETTINGS, ...definedOnly(input) };
  if (!PARAMETER_NAME.test(s.auditParameter)) throw new RangeError('auditParameter must be a parameter name (letters, digits, "_" or "-")');
  if (s.auditValue.trim() === '' || s.auditValue.length > 64) throw new RangeError('auditValue must be 1–64 characters');
  if (s.auditIn !== 'query' && s.auditIn !== 'record') throw new RangeError('auditIn must be "query" or "record"');
  if (s.requestShape !== 'array' && s.requestShape !== 'object') throw new RangeError('requestShape must be "array" or "object"');
  if (!(Number.isInteger(s.recordsPerRequest) && s.recordsPerRequest >= 1 && s.recordsPerRequest <= SMARTE_MAX_RECORDS_PER_REQUEST)) {
    throw new RangeError(`recordsPerRequest must be a whole number from 1 to ${SMARTE_MAX_RECORDS_PER_REQUEST}`);
  }
  if (!(s.requestsPerMinute > 0)) throw new RangeError('requestsPerMinute must be a positive number');
  return s;
}

/** The per-contract limit as a throttle policy: `requestsPerMinute` in any minute. */
export function smarteRatePolicy(requestsPerMinute: number): RatePolicy {
  return { rate: requestsPerMinute, windowMs: 60_000, burst: Math.max(1, Math.floor(requestsPerMinute)) };
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
