/**
 * An operation's input and answer read through their schemas, on every call. Most output schemas
 * are lenient objects (dozens of optional, nullable fields, unknown ones passed through), and
 * zod walks every declared field of every record with a context object per step: more CPU
 * than the rest of a free call. So each schema is turned once into a plain function that gives
 * what zod gives for the answers it recognises — the same new objects, the same keys in the
 * same order, the same values — and hands anything else (a value of the wrong type, a schema
 * part with checks, coercion, defaults or transforms) to zod itself. A success is zod's
 * success, a failure is zod's own failure.
 */
import { z } from 'zod';

/** "Not something the fast path can vouch for": zod decides. */
const UNSURE = Symbol('unsure');
type Reader = (value: unknown) => unknown;

const readers = new WeakMap<z.ZodTypeAny, Reader>();

/** What `schema.safeParse(value)` gives, without zod's per-field work where the schema allows. */
export function parseWithSchema<T = unknown>(schema: z.ZodType<T>, value: unknown): z.SafeParseReturnType<unknown, T> {
  const reader = readerOf(schema as z.ZodTypeAny);
  if (delegated.has(reader)) return schema.safeParse(value);
  const read = reader(value);
  return read === UNSURE ? schema.safeParse(value) : { success: true, data: read as T };
}

function readerOf(schema: z.ZodTypeAny): Reader {
  let reader = readers.get(schema);
  if (!reader) readers.set(schema, (reader = compile(schema)));
  return reader;
}

/** Readers that only ask zod: whatever holds one is asked of zod whole (one parse, not one a field). */
const delegated = new WeakSet<Reader>();

/** A part of a schema the fast path does not model: asked of zod, on its own value. */
function delegate(schema: z.ZodTypeAny): Reader {
  const reader: Reader = (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : UNSURE;
  };
  delegated.add(reader);
  return reader;
}

function compile(schema: z.ZodTypeAny): Reader {
  const def = schema._def as { typeName?: string; coerce?: boolean; checks?: unknown[] };
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodString:
      return def.coerce || def.checks?.length ? delegate(schema) : (v) => (typeof v === 'string' ? v : UNSURE);
    case z.ZodFirstPartyTypeKind.ZodNumber:
      return def.coerce || def.checks?.length ? delegate(schema) : (v) => (typeof v === 'number' && !Number.isNaN(v) ? v : UNSURE);
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return def.coerce ? delegate(schema) : (v) => (typeof v === 'boolean' ? v : UNSURE);
    case z.ZodFirstPartyTypeKind.ZodUnknown:
    case z.ZodFirstPartyTypeKind.ZodAny:
      return (v) => v;
    case z.ZodFirstPartyTypeKind.ZodOptional: {
      const inner = compile((schema as z.ZodOptional<z.ZodTypeAny>).unwrap());
      if (delegated.has(inner)) return delegate(schema);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case z.ZodFirstPartyTypeKind.ZodNullable: {
      const inner = compile((schema as z.ZodNullable<z.ZodTypeAny>).unwrap());
      if (delegated.has(inner)) return delegate(schema);
      return (v) => (v === null ? null : inner(v));
    }
    case z.ZodFirstPartyTypeKind.ZodArray:
      return compileArray(schema as z.ZodArray<z.ZodTypeAny>);
    case z.ZodFirstPartyTypeKind.ZodRecord:
      return compileRecord(schema as z.ZodRecord);
    case z.ZodFirstPartyTypeKind.ZodObject:
      return compileObject(schema as z.AnyZodObject);
    default:
      return delegate(schema);
  }
}

function compileArray(schema: z.ZodArray<z.ZodTypeAny>): Reader {
  const def = schema._def;
  if (def.exactLength || def.minLength || def.maxLength) return delegate(schema);
  const item = compile(schema.element);
  if (delegated.has(item)) return delegate(schema);
  return (v) => {
    if (!Array.isArray(v)) return UNSURE;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const read = item(v[i]);
      if (read === UNSURE) return UNSURE;
      out[i] = read;
    }
    return out;
  };
}

/** A record of plain-text keys: every key `for…in` meets, its value read, `__proto__` dropped (as zod does). */
function compileRecord(schema: z.ZodRecord): Reader {
  const keyDef = schema.keySchema._def as { typeName?: string; coerce?: boolean; checks?: unknown[] };
  const value = compile(schema.valueSchema as z.ZodTypeAny);
  if (keyDef.typeName !== z.ZodFirstPartyTypeKind.ZodString || keyDef.coerce || keyDef.checks?.length || delegated.has(value)) return delegate(schema);
  return (v) => {
    if (!isPlainRecord(v)) return UNSURE;
    const out: Record<string, unknown> = {};
    for (const key in v) {
      const read = value(v[key]);
      if (read === UNSURE) return UNSURE;
      if (key !== '__proto__') out[key] = read;
    }
    return out;
  };
}

/** A plain object, as zod's type check sees it (not an array, Map, Set, Date or thenable). */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { then?: unknown }).then !== 'function';
}

function compileObject(schema: z.AnyZodObject): Reader {
  const def = schema._def as { unknownKeys: string; catchall: z.ZodTypeAny };
  const passthrough = def.unknownKeys === 'passthrough';
  // A strict object reads as a stripping one when it has no key of its own to refuse (else zod says which).
  const strict = def.unknownKeys === 'strict';
  if (!(def.catchall instanceof z.ZodNever) || !(passthrough || strict || def.unknownKeys === 'strip')) return delegate(schema);
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  const keys = Object.keys(shape);
  const declared = new Map(keys.map((key, i) => [key, i]));
  const readers = keys.map((key) => compile(shape[key]));
  if (readers.some((reader) => delegated.has(reader))) return delegate(schema);
  const sparse = new SparseFields(keys, (key) => shape[key] instanceof z.ZodOptional);

  /** Declared field `i` of `v`, set on `out` as zod sets it; false when zod must decide. */
  const readField = (v: Record<string, unknown>, out: Record<string, unknown>, i: number): boolean => {
    const key = keys[i];
    const read = readers[i](v[key]);
    if (read === UNSURE) return false;
    if (key !== '__proto__' && (read !== undefined || key in v)) out[key] = read;
    return true;
  };

  return (v) => {
    if (!isPlainRecord(v)) return UNSURE;
    if (strict) for (const key in v) if (!declared.has(key)) return UNSURE;
    const out: Record<string, unknown> = {};
    // zod's order: the declared keys, then (passed through) the others as `for…in` meets them;
    // a declared key is set when the input has it or its value reads as something.
    const named = sparse.named(v, declared);
    if (named) {
      for (const i of named) if (!readField(v, out, i)) return UNSURE;
    } else {
      for (let i = 0; i < keys.length; i++) if (!readField(v, out, i)) return UNSURE;
    }
    if (passthrough) {
      // zod passes an undeclared field through only when it holds something.
      for (const key in v) if (!declared.has(key) && key !== '__proto__' && v[key] !== undefined) out[key] = v[key];
    }
    return out;
  };
}

/**
 * Which declared fields of a lenient object zod could set from `v`, without asking `v` for
 * every one: an answer names a handful of the fifty fields its schema declares, and looking up
 * each absent one (twice) cost more than the rest of reading it. An optional field `v` does not
 * have (not its own, not inherited from Object.prototype) reads as undefined and is not set, so
 * only `v`'s own keys and the fields that must always be read count.
 */
class SparseFields {
  /** Fields read whatever `v` holds: required ones, and names Object.prototype has. */
  private always: number[] = [];
  private prototypeNames = -1;

  constructor(
    private readonly keys: readonly string[],
    private readonly optional: (key: string) => boolean,
  ) {}

  /** The declared fields to read, in declared order; undefined when all must be (a sparse read could differ). */
  named(v: Record<string, unknown>, declared: ReadonlyMap<string, number>): number[] | undefined {
    const own = Object.keys(v);
    // Few fields to gain on, or fields for-in cannot see (not enumerable): read them all.
    if (own.length * 4 > this.keys.length || Object.getOwnPropertyNames(v).length !== own.length) return undefined;
    const names = Object.getOwnPropertyNames(Object.prototype);
    if (names.length !== this.prototypeNames) {
      const inherited = new Set(names);
      this.always = this.keys.flatMap((key, i) => (!this.optional(key) || inherited.has(key) || key === '__proto__' ? [i] : []));
      this.prototypeNames = names.length;
    }
    const named = this.always.slice();
    for (const key of own) {
      const i = declared.get(key);
      if (i !== undefined && !named.includes(i)) named.push(i);
    }
    return named.sort((a, b) => a - b);
  }
}
