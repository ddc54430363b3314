/**
 * Every operation's input and answer read exactly as zod reads them: for every input and output
 * schema of every catalog, values shaped like the schema (fields missing, null, of the wrong type, unknown
 * ones, `__proto__` from JSON) give zod's success or failure, and on success zod's data — the
 * same keys in the same order, the same values, new objects where zod makes new ones.
 */
import { z } from 'zod';
import { catalogs } from '../../shared/providers';
import { parseWithSchema } from '../../shared/catalog/schemaParse';

/** A small seeded generator, so every run checks the same answers. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function noise(rnd: () => number, depth: number): unknown {
  const pick = Math.floor(rnd() * (depth > 2 ? 6 : 8));
  const values: (() => unknown)[] = [
    () => 'text',
    () => '',
    () => 42,
    () => null,
    () => true,
    () => Number.NaN,
    () => [noise(rnd, depth + 1), 'x'],
    () => JSON.parse('{"__proto__":{"polluted":1},"toString":"a","7":"seven","extra":1}'),
  ];
  return values[pick]();
}

/** An answer shaped like `schema`, now and then wrong in some way. */
function answerLike(schema: z.ZodTypeAny, rnd: () => number, depth = 0): unknown {
  if (rnd() < 0.04 || depth > 6) return noise(rnd, depth);
  const def = schema._def as { typeName: string; innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny; type?: z.ZodTypeAny; values?: unknown; value?: unknown };
  switch (def.typeName) {
    case 'ZodString':
      return rnd() < 0.5 ? 'value' : `v${Math.floor(rnd() * 100)}@example.com`;
    case 'ZodNumber':
      return rnd() < 0.8 ? Math.floor(rnd() * 1000) / 10 : -3;
    case 'ZodBoolean':
      return rnd() < 0.5;
    case 'ZodOptional':
      return rnd() < 0.3 ? undefined : answerLike(def.innerType!, rnd, depth);
    case 'ZodNullable':
      return rnd() < 0.3 ? null : answerLike(def.innerType!, rnd, depth);
    case 'ZodDefault':
    case 'ZodCatch':
    case 'ZodReadonly':
      return rnd() < 0.3 ? undefined : answerLike(def.innerType!, rnd, depth);
    case 'ZodEffects':
      return answerLike(def.schema!, rnd, depth);
    case 'ZodLazy':
      return answerLike((schema as z.ZodLazy<z.ZodTypeAny>).schema, rnd, depth + 1);
    case 'ZodArray':
      return Array.from({ length: Math.floor(rnd() * 3) }, () => answerLike(def.type!, rnd, depth + 1));
    case 'ZodEnum':
    case 'ZodNativeEnum': {
      const values = Object.values(def.values as Record<string, unknown>);
      return values[Math.floor(rnd() * values.length)];
    }
    case 'ZodLiteral':
      return def.value;
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion': {
      const options = [...(schema as z.ZodUnion<[z.ZodTypeAny]>).options];
      return answerLike(options[Math.floor(rnd() * options.length)], rnd, depth);
    }
    case 'ZodObject': {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      // Now most of the declared fields, now a handful (as answers name few of fifty).
      const share = rnd() < 0.5 ? 0.6 : 0.08;
      const keys = Object.keys(shape).filter(() => rnd() < share);
      // The provider's order, not the schema's, and fields the schema does not name.
      keys.sort(() => rnd() - 0.5);
      const out: Record<string, unknown> = {};
      for (const key of keys) out[key] = answerLike(shape[key], rnd, depth + 1);
      if (rnd() < 0.3) out.unnamedField = noise(rnd, depth + 1);
      if (rnd() < 0.1) out['12'] = 'numeric key';
      return out;
    }
    case 'ZodRecord':
      return { a: answerLike((schema as z.ZodRecord).valueSchema as z.ZodTypeAny, rnd, depth + 1) };
    default:
      return noise(rnd, depth);
  }
}

/** Keys in order, all the way down: toEqual alone does not compare key order. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value !== 'object' || value === null) return value;
  const own = Object.keys(value).map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]);
  // A `__proto__` key copied by assignment would have swapped the prototype instead.
  return Object.getPrototypeOf(value) === Object.prototype ? own : ['prototype changed', own];
}

const schemas = Object.values(catalogs).flatMap((catalog) =>
  catalog.operations.flatMap((op) => [
    [`${catalog.id} ${op.key} input`, op.input as z.ZodTypeAny] as const,
    [`${catalog.id} ${op.key} output`, op.output] as const,
  ]),
);

describe('an input or answer read through its schema', () => {
  it('covers every operation of every catalog', () => {
    expect(schemas.length).toBeGreaterThan(100);
  });

  it.each(schemas)('%s: the same success, data and key order as zod', (_name, schema) => {
    const rnd = random(_name.length * 7919);
    for (let i = 0; i < 150; i++) {
      const answer = answerLike(schema, rnd);
      const ours = parseWithSchema(schema, answer);
      const zods = schema.safeParse(answer);
      expect(ours.success).toBe(zods.success);
      if (ours.success && zods.success) {
        expect(ours.data).toEqual(zods.data);
        expect(shapeOf(ours.data)).toEqual(shapeOf(zods.data));
        // zod never hands back the answer's own objects: neither do we.
        if (typeof answer === 'object' && answer !== null && (schema._def as { typeName: string }).typeName !== 'ZodUnknown') {
          expect(ours.data === answer).toBe(zods.data === answer);
        }
      }
    }
  });

  it('reads a few fields of a wide schema as zod does, whatever the object inherits or hides', () => {
    const fields = (names: string[]) => z.object(Object.fromEntries(names.map((k) => [k, z.string().nullish()]))).passthrough();
    const wide = fields(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n']);
    const withInherited = fields(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'valueOf']);
    const hidden = { a: 'x' };
    Object.defineProperty(hidden, 'b', { value: 'not enumerable', enumerable: false });
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { c: 'x', extra: 1 });
    const same = (schema: z.ZodTypeAny, value: unknown, success: boolean) => {
      const ours = parseWithSchema(schema, value);
      const zods = schema.safeParse(value);
      expect([ours.success, zods.success]).toEqual([success, success]);
      if (ours.success && zods.success) expect(shapeOf(ours.data)).toEqual(shapeOf(zods.data));
    };
    // An undeclared field set to undefined (an object a provider's unwrap built) is dropped by zod.
    for (const value of [{ a: 'x', z: 1 }, { l: 'last', a: 'first' }, { a: 'x', extra: undefined }, hidden, bare]) same(wide, value, true);
    same(withInherited, { a: 'x' }, false); // valueOf, inherited, is no string
    same(withInherited, bare, true);
    same(withInherited, { a: 'x', valueOf: 'v' }, true);
    // A field Object.prototype gains later (a polyfill) is inherited by every answer: zod reads it.
    Object.defineProperty(Object.prototype, 'k', { value: 'inherited', configurable: true, enumerable: false, writable: true });
    try {
      for (const value of [{ a: 'x' }, { k: 'own' }, bare]) same(wide, value, true);
    } finally {
      delete (Object.prototype as Record<string, unknown>).k;
    }
    same(wide, { a: 'x' }, true);
  });

  it('reads a record of any fields as zod does', () => {
    const record = z.record(z.unknown());
    const numbers = z.record(z.number().nullish());
    for (const [schema, value] of [
      [record, JSON.parse('{"b":1,"2":"two","__proto__":{"x":1},"a":{"deep":[1]}}')],
      [record, { gone: undefined, kept: null }],
      [numbers, { a: 1, b: null, c: undefined }],
      [numbers, { a: 'not a number' }],
      [record, ['a list']],
    ] as const) {
      const ours = parseWithSchema(schema, value);
      const zods = schema.safeParse(value);
      expect(ours.success).toBe(zods.success);
      if (ours.success && zods.success) expect(shapeOf(ours.data)).toEqual(shapeOf(zods.data));
    }
  });

  it('a schema with checks, defaults or transforms is read by zod where the fast path cannot vouch', () => {
    const schema = z.object({ id: z.string().min(3), count: z.number().default(1), tag: z.string().transform((t) => t.toUpperCase()) }).passthrough();
    expect(parseWithSchema(schema, { id: 'abc', tag: 'x', more: 1 })).toEqual({ success: true, data: { id: 'abc', count: 1, tag: 'X', more: 1 } });
    expect(parseWithSchema(schema, { id: 'ab', tag: 'x' }).success).toBe(false);
    const strict = z.object({ a: z.string() }).strict();
    expect(parseWithSchema(strict, { a: 'x', b: 1 }).success).toBe(false);
    expect(parseWithSchema(strict, JSON.parse('{"a":"x","__proto__":{}}')).success).toBe(false);
    expect(parseWithSchema(strict, { a: 'x' })).toEqual({ success: true, data: { a: 'x' } });
  });
});
