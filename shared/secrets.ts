/**
 * The configured key is redacted wherever it turns up — an error message, a request id a
 * provider echoed, a code, a cause — whatever it looks like (not only `sk_…` keys). The values
 * live in a private field, so an inspected or serialized holder never shows them.
 */
import { EnrichflowError, ValidationError } from './errors';

export const REDACTED = '[redacted]';

/** Shorter values would match ordinary text; no provider issues keys this short. */
const MIN_SECRET_LENGTH = 8;

/**
 * Every string reachable from `value` (own properties, hidden ones included, to a depth of 8),
 * joined: what a secret would have to hide in to survive a check on the whole cause chain.
 */
function describeDeep(value: unknown, depth = 8, seen = new Set<object>()): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || depth < 0 || seen.has(value)) return String(value);
  seen.add(value);
  const parts: string[] = [];
  for (const key of Object.getOwnPropertyNames(value)) {
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch {
      continue; // a throwing getter holds nothing we can read, so nothing that could leak
    }
    parts.push(key, describeDeep(child, depth - 1, seen));
  }
  if (value instanceof Map) for (const [k, v] of value) parts.push(describeDeep(k, depth - 1, seen), describeDeep(v, depth - 1, seen));
  if (value instanceof Set) for (const v of value) parts.push(describeDeep(v, depth - 1, seen));
  return parts.join(' ');
}

export class SecretRedactor {
  readonly #secrets: string[];

  constructor(secrets: readonly (string | undefined | null)[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      const s = typeof secret === 'string' ? secret.trim() : '';
      if (s.length < MIN_SECRET_LENGTH) continue;
      forms.add(s);
      forms.add(encodeURIComponent(s));
    }
    // Longest first, so a secret containing another is replaced whole.
    this.#secrets = [...forms].sort((a, b) => b.length - a.length);
  }

  get empty(): boolean {
    return this.#secrets.length === 0;
  }

  /** Whether `text` holds any of the secrets. */
  leaks(text: string): boolean {
    return this.#secrets.some((s) => text.includes(s));
  }

  text(text: string): string;
  text(text: string | undefined): string | undefined;
  text(text: string | undefined): string | undefined {
    if (text === undefined || this.#secrets.length === 0) return text;
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join(REDACTED);
    return out;
  }

  /**
   * The same error with every string it carries redacted (in place: it keeps its class, kind
   * and stack frames). A cause that holds a secret anywhere is dropped.
   */
  error<E>(error: E): E {
    if (this.#secrets.length === 0 || !(error instanceof Error)) return error;
    const set = (key: string, value: unknown) => Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: key !== 'message' && key !== 'stack' });
    set('message', this.text(error.message));
    if (typeof error.stack === 'string') set('stack', this.text(error.stack));
    if (error instanceof EnrichflowError) {
      for (const key of ['requestId', 'code'] as const) if (typeof error[key] === 'string') set(key, this.text(error[key]));
    }
    if (error instanceof ValidationError) {
      set('issues', error.issues.map((i) => ({ field: this.text(i.field), rule: this.text(i.rule) })));
      if (error.field !== undefined) set('field', this.text(error.field));
    }
    if ('cause' in error && error.cause !== undefined && this.leaks(describeDeep(error.cause))) set('cause', undefined);
    return error;
  }

  toJSON(): string {
    return `SecretRedactor(${this.#secrets.length ? 'set' : 'empty'})`;
  }

  // Node's util.inspect.custom, by its registered name (no node:util import in n8n node code).
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}
