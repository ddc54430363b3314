/**
 * The configured key is redacted wherever it turns up — an error message, a request id a
 * provider echoed, a code, a cause — whatever it looks like (not only `sk_…` keys). The values
 * live in a private field, so an inspected or serialized holder never shows them.
 */
import { EnrichflowError, ValidationError } from './errors';

export const REDACTED = '[redacted]';

/** Shorter values would match ordinary text; no provider issues keys this short. */
const MIN_SECRET_LENGTH = 8;
/** Answers are refused past this nesting (answerLimits.ts), so a walk this deep sees all of one. */
const MAX_WALK_DEPTH = 256;

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

/**
 * A truncated key is still a key: a provider (or a platform quoting the first 100 characters of
 * an answer) may cut it anywhere. A run of at least this many characters from its start or end
 * is redacted too — at most half the key is ever left readable.
 */
function fragmentLength(secret: string): number {
  return Math.max(MIN_SECRET_LENGTH, Math.ceil(secret.length / 2));
}

/**
 * The forms a key is echoed in besides itself: URL-encoded, and base64 at each of the three
 * alignments it can take inside a longer encoded text (Basic auth's `user:key`), standard and
 * URL-safe. Characters that mix the key's bits with its neighbours' are left out of each form.
 */
function formsOf(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.from('\0'.repeat(offset) + secret, 'utf8')
      .toString('base64')
      .replace(/=+$/, '');
    const own = encoded.slice([0, 2, 3][offset], -1);
    forms.push(own, own.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SecretRedactor {
  readonly #secrets: string[];
  /** Matches any form, in any letter case, whole or as a long enough prefix or suffix. */
  readonly #pattern: RegExp | undefined;
  /**
   * Matches wherever `#pattern` can: every match of it holds a form's first or last
   * `fragmentLength` characters (in the same letter-case rule). A short list of plain words
   * that scans an answer some twenty times faster, so the full pattern runs only on a hit.
   */
  readonly #hint: RegExp | undefined;

  constructor(secrets: readonly (string | undefined | null)[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      const s = typeof secret === 'string' ? secret.trim() : '';
      if (s.length < MIN_SECRET_LENGTH) continue;
      for (const form of formsOf(s)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
    // Longest first, so a secret containing another is replaced whole.
    this.#secrets = [...forms].sort((a, b) => b.length - a.length);
    const alternatives: string[] = [];
    const hints = new Set<string>();
    for (const form of this.#secrets) {
      const n = fragmentLength(form);
      hints.add(escapeRegExp(form.slice(0, n))).add(escapeRegExp(form.slice(form.length - n)));
      // The whole form, else its longest echoed prefix (form[0..n) then optional further chars),
      // else a suffix of at least n characters.
      const tail = [...form.slice(n)].reduceRight((rest, ch) => `(?:${escapeRegExp(ch)}${rest})?`, '');
      alternatives.push(escapeRegExp(form.slice(0, n)) + tail);
      for (let start = 1; start <= form.length - n; start++) alternatives.push(escapeRegExp(form.slice(start)));
    }
    this.#pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'gi') : undefined;
    this.#hint = hints.size ? new RegExp([...hints].join('|'), 'i') : undefined;
  }

  get empty(): boolean {
    return this.#secrets.length === 0;
  }

  /** Whether `text` holds any of the secrets (in any form the redactor knows). */
  leaks(text: string): boolean {
    if (!this.#pattern || !this.#hint!.test(text)) return false;
    this.#pattern.lastIndex = 0;
    return this.#pattern.test(text);
  }

  text(text: string): string;
  text(text: string | undefined): string | undefined;
  text(text: string | undefined): string | undefined {
    if (text === undefined || !this.#pattern || !this.#hint!.test(text)) return text;
    return text.replace(this.#pattern, REDACTED);
  }

  /**
   * `value` with every string in it (keys included) redacted: a provider that echoes the key
   * inside a successful answer must not put it into output items. Unchanged values keep their
   * identity, so an answer without the key is returned as it came.
   */
  data<T>(value: T): T {
    if (!this.#pattern) return value;
    return this.#walk(value, 0) as T;
  }

  #walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object' || depth > MAX_WALK_DEPTH) return value;
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((v) => {
        const r = this.#walk(v, depth + 1);
        if (r !== v) changed = true;
        return r;
      });
      return changed ? out : value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = this.text(k);
      const r = this.#walk(v, depth + 1);
      if (r !== v || key !== k) changed = true;
      out[key] = r;
    }
    return changed ? out : value;
  }

  /**
   * The same error with every string it carries redacted (in place: it keeps its class, kind
   * and stack frames). A cause that holds a secret anywhere is dropped.
   */
  error<E>(error: E): E {
    if (this.#secrets.length === 0 || !(error instanceof Error)) return error;
    const set = (key: string, value: unknown) =>
      Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: key !== 'message' && key !== 'stack' });
    set('message', this.text(error.message));
    if (typeof error.stack === 'string') set('stack', this.text(error.stack));
    if (error instanceof EnrichflowError) {
      for (const key of ['requestId', 'code'] as const) if (typeof error[key] === 'string') set(key, this.text(error[key]));
    }
    if (error instanceof ValidationError) {
      set(
        'issues',
        error.issues.map((i) => ({ field: this.text(i.field), rule: this.text(i.rule) })),
      );
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
