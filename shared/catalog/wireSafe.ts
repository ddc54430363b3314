/**
 * The rules every input obeys before its own schema is even asked, whatever the provider:
 * it is plain JSON data (no circular references, BigInt, functions, class instances), bounded
 * (depth, size, string length), carries no key that could reach a prototype or a query
 * operator (`__proto__`, `$gt`), and no text with NUL, other control or bidi override
 * characters. Free-form objects (`passthrough` filters, `z.unknown()` values) are covered by
 * construction, because this walks the raw input rather than the schema.
 *
 * The walk is iterative so a 5,000-deep object is a clear refusal, never a stack overflow.
 * Reading the input is guarded: a getter or Proxy trap that throws is refused as the field it
 * sits on, never escapes as a bare Error. And every field named for a web address (…url,
 * …website, …domain, linkedin…) holds an http(s) URL, a bare domain or plain text — never
 * another scheme (file:, javascript:) or a cloud-metadata address, whatever its catalog says.
 */
import { webAddressRule } from './webAddress';

export interface WireIssue {
  field: string;
  rule: string;
}

/** Deeper than any documented input (the deepest, `leads[3].domain`, is 3). */
export const MAX_INPUT_DEPTH = 16;
/** Values in one input: covers the largest documented list (500,000 emails) with room to spare. */
export const MAX_INPUT_VALUES = 2_000_000;
/** One text value; documented text fields set their own, lower, limits. */
export const MAX_TEXT_LENGTH = 65_536;
export const MAX_KEY_LENGTH = 200;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * C0 controls except tab, line feed and carriage return; DEL and the C1 controls; the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the Arabic letter mark
 * — characters that hide or reorder what a reviewer sees.
 */
/* eslint-disable no-control-regex -- the control characters are what this refuses */
const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u202A-\u202E\u2066-\u2069]/;
/* eslint-enable no-control-regex */
/** A lone surrogate is not text: it cannot be encoded as UTF-8 on the wire. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Why a text value cannot be sent, or undefined when it can. */
export function unsafeTextRule(text: string, maxLength = MAX_TEXT_LENGTH): string | undefined {
  if (text.length > maxLength) return `must be at most ${maxLength} characters`;
  const bad = UNSAFE_TEXT.exec(text);
  if (bad) return `must not contain control or bidi characters (found U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (found a lone surrogate)';
  return undefined;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The first rule `input` breaks, naming the field (`filters.jobLevel[2]`), or undefined when it
 * is plain, bounded JSON data. `null` and non-objects are refused at the top: an operation's
 * input is always an object of named fields.
 */
export function wireSafetyIssue(input: unknown): WireIssue | undefined {
  try {
    if (input === null || typeof input !== 'object' || Array.isArray(input) || !isPlainObject(input)) {
      return { field: '(input)', rule: `must be an object of named fields, not ${describe(input)}` };
    }
    // No field at all (the usual input of a free read): nothing the walk below could refuse.
    if (Reflect.ownKeys(input).length === 0) return undefined;
  } catch {
    return { field: '(input)', rule: UNREADABLE };
  }
  return valueSafetyIssue(input, '');
}

const UNREADABLE = 'could not be read (a getter or proxy failed): give plain JSON data';

/** A web-address field by its name: the last word of `companyWebsite`, `company_domain`, `linkedinUrl`, `linkedins`. */
const WEB_ADDRESS_NAME = /(?:url|urls|uri|website|websites|domain|domains|homepage|linkedin|linkedins)$/i;

/** The same rules for one value found at `path` (a batch item, `items[3]`), whatever its type. */
export function valueSafetyIssue(root: unknown, rootPath: string): WireIssue | undefined {
  // A text item (an email of a 500,000-email batch) needs no walk.
  if (typeof root === 'string') {
    const rule = unsafeTextRule(root);
    return rule ? { field: rootPath || '(input)', rule } : undefined;
  }
  const onPath = new Set<object>();
  // Depth-first, iterative; an `exit` entry takes an object off the current path (cycle check).
  // A list is walked through one cursor entry, never by stacking all its entries at once (a
  // 500,000-email list would hold 500,000 entries and their path strings).
  const stack: ({ value: unknown; path: string; depth: number; web?: boolean } | { exit: object } | ListCursor)[] = [{ value: root, path: rootPath, depth: 0 }];
  let seen = 0;
  while (stack.length) {
    const next = stack.pop()!;
    if ('exit' in next) {
      onPath.delete(next.exit);
      continue;
    }
    if ('list' in next) {
      if (next.at < next.length) {
        const index = next.at++;
        let entry: unknown;
        try {
          entry = readField(next.list, index, '');
        } catch {
          return { field: join(next.path, index), rule: UNREADABLE };
        }
        // A text entry is checked here, its path spelled only if it is refused: a 500,000-email
        // list would otherwise make a path string and a stack entry for every email.
        if (typeof entry === 'string') {
          if (++seen > MAX_INPUT_VALUES) return { field: join(next.path, index), rule: `the input must hold at most ${MAX_INPUT_VALUES} values` };
          const rule = unsafeTextRule(entry) ?? (next.web ? webAddressRule(entry) : undefined);
          if (rule) return { field: join(next.path, index), rule };
          stack.push(next);
          continue;
        }
        stack.push(next, { value: entry, path: join(next.path, index), depth: next.depth + 1, web: next.web });
      }
      continue;
    }
    const { value, path, depth, web } = next;
    const field = path || '(input)';
    if (++seen > MAX_INPUT_VALUES) return { field, rule: `the input must hold at most ${MAX_INPUT_VALUES} values` };
    switch (typeof value) {
      case 'string': {
        const rule = unsafeTextRule(value) ?? (web ? webAddressRule(value) : undefined);
        if (rule) return { field, rule };
        continue;
      }
      case 'number':
        if (!Number.isFinite(value)) return { field, rule: 'must be a finite number' };
        continue;
      case 'boolean':
      case 'undefined':
        continue;
      case 'bigint':
        return { field, rule: 'must be a plain number (BigInt cannot be sent as JSON)' };
      case 'function':
      case 'symbol':
        return { field, rule: `must be JSON data, not a ${typeof value}` };
    }
    if (value === null) continue;
    const obj = value as object;
    if (onPath.has(obj)) return { field, rule: 'must not refer to itself (circular reference)' };
    if (depth >= MAX_INPUT_DEPTH) return { field, rule: `must be nested at most ${MAX_INPUT_DEPTH} levels deep` };
    // A getter or Proxy trap runs user code on every read: one that throws names its field.
    let children: { value: unknown; path: string; depth: number; web?: boolean }[] | ListCursor;
    try {
      if (!Array.isArray(obj) && !isPlainObject(obj)) return { field, rule: `must be plain JSON data, not ${describe(obj)}` };
      if (Array.isArray(obj)) {
        children = { list: obj, length: obj.length, at: 0, path, depth, web };
      } else {
        if (Object.getOwnPropertySymbols(obj).length) return { field, rule: 'must not have symbol keys' };
        const keys = Object.keys(obj);
        for (const key of keys) {
          const rule = keyRule(key);
          if (rule) return { field: join(path, key), rule };
        }
        children = keys.map((key) => {
          const at = join(path, key);
          return { value: readField(obj, key, at), path: at, depth: depth + 1, web: WEB_ADDRESS_NAME.test(key) };
        });
      }
    } catch (error) {
      return { field: error instanceof UnreadableField ? error.field : field, rule: UNREADABLE };
    }
    onPath.add(obj);
    stack.push({ exit: obj });
    if (!Array.isArray(children)) stack.push(children);
    else for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

interface ListCursor {
  list: readonly unknown[];
  /** Read once: a Proxy's length could change under a second read. */
  length: number;
  /** The next entry to walk. */
  at: number;
  path: string;
  depth: number;
  web?: boolean;
}

class UnreadableField extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

function readField(obj: object, key: string | number, at: string): unknown {
  try {
    return (obj as Record<string | number, unknown>)[key];
  } catch {
    throw new UnreadableField(at);
  }
}

function keyRule(key: string): string | undefined {
  if (FORBIDDEN_KEYS.has(key)) return `"${key}" is not an accepted field name`;
  if (key.startsWith('$')) return 'field names must not start with "$" (query operators are not accepted)';
  if (key.length === 0) return 'field names must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `field names must be at most ${MAX_KEY_LENGTH} characters`;
  if (unsafeTextRule(key)) return 'field names must not contain control or bidi characters';
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}
