/**
 * What a credential adds beyond the key: the catalog's extra fields on the wire (account
 * scoping), a request rate set per contract, and the credential test that must cost nothing.
 * Field values live in a private slot: they never show in an inspected client, an error or a log.
 */
import { createHash } from 'node:crypto';
import type { CredentialField, OperationSpec, ProviderCatalog, RatePolicy } from './catalog/types';
import { toCreditNumber } from './credits/amount';
import { ValidationError } from './errors';

/** The credential's additions to one request. */
export interface ScopeParts {
  path: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
  headers: Record<string, string>;
}

export type CredentialValues = Record<string, string | number | boolean | undefined | null>;

export class CredentialScope {
  readonly #values: Record<string, string>;
  readonly #fields: readonly CredentialField[];
  readonly #provider: string;

  constructor(catalog: ProviderCatalog, values: CredentialValues = {}) {
    this.#fields = catalog.credentialFields ?? [];
    this.#provider = catalog.displayName;
    this.#values = {};
    for (const field of this.#fields) {
      const raw = values[field.name];
      const value = raw === undefined || raw === null ? '' : String(raw).trim();
      const chosen = value === '' ? (field.default ?? '') : value;
      if (chosen !== '') this.#values[field.name] = chosen;
    }
  }

  /** Whether any field is set (scopes the dedupe cache: two accounts on one key see different records). */
  get empty(): boolean {
    return Object.keys(this.#values).length === 0;
  }

  /** The values of fields marked secret, for the client's redactor (never shown). */
  secrets(): string[] {
    return this.#fields.filter((f) => f.secret && this.#values[f.name] !== undefined).map((f) => this.#values[f.name]);
  }

  /** A one-way digest of the values, for cache keys; never the values. */
  fingerprint(): string | undefined {
    if (this.empty) return undefined;
    return createHash('sha256')
      .update(JSON.stringify(Object.entries(this.#values).sort()))
      .digest('hex')
      .slice(0, 16);
  }

  /** A one-way digest of one field's value (undefined when empty), for store keys; never the value. */
  digestOf(name: string): string | undefined {
    const value = this.#values[name];
    return value === undefined ? undefined : createHash('sha256').update(`${name}\u0000${value}`).digest('hex').slice(0, 16);
  }

  /** The fields `op` carries, by where they go; a required field left empty refuses the call (nothing sent). */
  partsFor(op: OperationSpec): ScopeParts {
    const parts: ScopeParts = { path: {}, query: {}, body: {}, headers: {} };
    for (const field of this.#fields) {
      if (field.except?.includes(op.key)) continue;
      const param = field.param ?? field.name;
      if (field.in === 'path' && !op.path.includes(`{${param}}`)) continue;
      const value = this.#values[field.name];
      if (value === undefined) {
        // A path placeholder cannot be left out: the operation's URL needs it.
        if (field.required || field.in === 'path') {
          throw new ValidationError(
            `${this.#provider}: the credential's ${field.displayName} is empty; ${op.displayName} needs it — set it in the credential`,
            [{ field: field.name, rule: 'required in the credential' }],
          );
        }
        continue;
      }
      if (field.in === 'header') parts.headers[param.toLowerCase()] = value;
      else parts[field.in][param] = value;
    }
    return parts;
  }

  // The values are the user's secrets: an inspected or serialized scope shows only field names.
  toJSON(): Record<string, string> {
    return Object.fromEntries(Object.keys(this.#values).map((name) => [name, '[set]']));
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `CredentialScope(${Object.keys(this.#values).join(', ')})`;
  }
}

/**
 * The rate policy a credential's "requests per minute/second" sets for every bucket: spaced, with
 * a burst of one second's worth (at least 1), since a per-contract limit says nothing of bursts.
 */
export function credentialRatePolicy(catalog: ProviderCatalog, rate: number | undefined): RatePolicy | undefined {
  const setting = catalog.rateSetting;
  if (!setting || rate === undefined) return undefined;
  if (!(Number.isFinite(rate) && rate > 0)) {
    throw new ValidationError(`${catalog.displayName}: the request rate must be a number above 0 (got ${rate})`, [
      { field: 'requestRate', rule: 'a number above 0' },
    ]);
  }
  const windowMs = setting.per === 'second' ? 1000 : 60_000;
  // The contract states a rate only: any window of its length may hold that many, no finer limit.
  return { rate, windowMs, burst: rate };
}

/**
 * The credential test: its operation and fixed input, checked to cost nothing (a credential
 * test that spends credits is a defect the catalog cannot ship).
 */
export function credentialTest(catalog: ProviderCatalog): { op: OperationSpec; input: Record<string, unknown> } {
  const op = catalog.operations.find((o) => o.key === catalog.credentialTestOp);
  if (!op) throw new Error(`${catalog.id}: credentialTestOp "${catalog.credentialTestOp}" is not in the catalog`);
  const input = catalog.credentialTestInput ?? {};
  const parsed = op.input.safeParse(input);
  if (!parsed.success)
    throw new Error(`${catalog.id}: the credential test input does not fit ${op.key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const estimate = op.cost.estimate(parsed.data);
  if (estimate !== 0) throw new Error(`${catalog.id}: the credential test ${op.key} would cost ${toCreditNumber(estimate)} credits; it must be free`);
  if (op.kind === 'batchSubmit') throw new Error(`${catalog.id}: the credential test ${op.key} submits a batch job; it must be a free read`);
  return { op, input };
}

/** Names the adapters' credentials use for the settings every catalog may have. */
export const CREDENTIAL_SETTING_KEYS = {
  apiKey: 'apiKey',
  baseUrl: 'baseUrl',
  plan: 'plan',
  requestRate: 'requestRate',
  allowInsecureHttp: 'allowInsecureHttp',
} as const;

/** What a client takes from a credential's saved values (n8n credential data, Zapier authData). */
export interface CredentialSettings {
  plan?: string;
  requestRate?: number;
  /** The credential's explicit opt-in to an http:// Base URL off loopback (baseUrl.ts). */
  allowInsecureHttp: boolean;
  credential: CredentialValues;
  readings: Record<string, string>;
}

/**
 * The client options a saved credential sets, read the same way by both adapters: the catalog's
 * credential fields, its readings, the plan and the request rate (empty = the catalog's default).
 */
export function credentialSettings(catalog: ProviderCatalog, saved: Record<string, unknown> | undefined): CredentialSettings {
  const text = (key: string) => {
    const v = saved?.[key];
    return v === undefined || v === null ? '' : String(v).trim();
  };
  const credential: CredentialValues = {};
  for (const field of catalog.credentialFields ?? []) credential[field.name] = text(field.name);
  const readings: Record<string, string> = {};
  for (const reading of catalog.readings ?? []) {
    const value = text(reading.name);
    if (value !== '') readings[reading.name] = value;
  }
  const rate = text(CREDENTIAL_SETTING_KEYS.requestRate);
  return {
    plan: text(CREDENTIAL_SETTING_KEYS.plan) || undefined,
    requestRate: catalog.rateSetting && rate !== '' ? Number(rate) : undefined,
    allowInsecureHttp: ['true', 'yes', '1'].includes(text(CREDENTIAL_SETTING_KEYS.allowInsecureHttp).toLowerCase()),
    credential,
    readings,
  };
}

/** Every name a catalog adds to its credential, checked not to collide with each other or the common settings. */
export function credentialFieldNames(catalog: ProviderCatalog): string[] {
  const names = [...(catalog.credentialFields ?? []).map((f) => f.name), ...(catalog.readings ?? []).map((r) => r.name)];
  const taken = new Set<string>(Object.values(CREDENTIAL_SETTING_KEYS));
  for (const name of names) {
    if (taken.has(name)) throw new Error(`${catalog.id}: the credential setting "${name}" is declared twice (or shadows a common setting)`);
    taken.add(name);
  }
  return names;
}
