/**
 * Hostile input gets a clear error and costs nothing — for every operation of every catalog in
 * shared/providers (a provider added there is covered without touching this file).
 *
 * fast-check builds inputs from each operation's own field list, plants one hostile value in
 * them (circular objects, 5,000-deep nesting, BigInt, `$gt` and `__proto__` keys, NUL and bidi
 * characters, non-finite or out-of-range numbers, file:/javascript:/metadata callback URLs,
 * path-escaping ids), and checks that the client refuses each one with a ValidationError that
 * names the field, and that not one request reaches the (recording) transport.
 */
import fc from 'fast-check';
import type { OperationSpec, ProviderCatalog } from '../../shared/catalog/types';
import { createClient, type EnrichflowClient } from '../../shared/client';
import { FakeClock } from '../../shared/clock';
import { ValidationError } from '../../shared/errors';
import { catalogs } from '../../shared/providers';
import { MemoryStore } from '../../shared/store/memory';
import { fieldKinds, type FieldKind } from './fixtures/schema-fields';
import { json, ScriptedTransport } from './fixtures/toy-catalog';

const RUNS = 40;

function recordingClient(provider: ProviderCatalog): { client: EnrichflowClient; transport: ScriptedTransport } {
  const clock = new FakeClock(1_700_000_000_000);
  const transport = new ScriptedTransport(() => json(200, {}));
  const client = createClient({ provider, apiKey: 'sk_test_hostile_input', transport, clock, store: new MemoryStore({ clock }), retry: { retries: 0 } });
  return { client, transport };
}

/** Values no rule objects to, so the planted value is the only thing wrong with the input. */
const tame = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,12}$/),
  fc.integer({ min: 1, max: 50 }),
  fc.boolean(),
  fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 3 }),
);

function tameBase(op: OperationSpec): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(fieldKinds(op));
  return fc.record(Object.fromEntries(fields.map((f) => [f, tame])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
}

function circular(): unknown {
  const o: Record<string, unknown> = { name: 'loop' };
  o.self = o;
  return o;
}

function deeplyNested(levels: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = { x: v };
  return v;
}

/** Values that break the rules every input obeys, whatever the field. */
const anywhereHostile: fc.Arbitrary<{ label: string; make: () => unknown }> = fc.constantFrom(
  { label: 'circular object', make: circular },
  {
    label: 'circular list',
    make: () => {
      const a: unknown[] = [];
      a.push(a);
      return a;
    },
  },
  { label: '5,000-deep nesting', make: () => deeplyNested(5000) },
  { label: 'BigInt', make: () => BigInt(10) ** BigInt(30) },
  { label: 'BigInt in a filter', make: () => ({ employeeCountMin: BigInt(5) }) },
  { label: '$gt operator', make: () => ({ $gt: '' }) },
  { label: '$where operator', make: () => ({ name: { $where: 'sleep(1000)' } }) },
  { label: '__proto__ key', make: () => JSON.parse('{"__proto__": {"polluted": true}}') },
  { label: 'constructor key', make: () => JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') },
  { label: 'NUL in text', make: () => 'Ada\u0000Lovelace' },
  { label: 'bidi override in text', make: () => 'invoice\u202Efdp.exe' },
  { label: 'bidi isolate in text', make: () => 'x\u2066y' },
  { label: 'lone surrogate', make: () => 'a\uD800b' },
  { label: 'NaN', make: () => NaN },
  { label: 'Infinity', make: () => Infinity },
  { label: 'a Date', make: () => new Date(0) },
  { label: 'a Map', make: () => new Map([['a', 1]]) },
  { label: 'a function', make: () => () => 1 },
  { label: 'a symbol', make: () => Symbol('x') },
);

/** Where in the input the hostile value goes: the field itself, or inside a list or object there. */
const placement = fc.constantFrom(
  { wrap: (v: unknown) => v, suffix: '' },
  { wrap: (v: unknown) => ['ok', v], suffix: '[1]' },
  { wrap: (v: unknown) => ({ inner: v }), suffix: '.inner' },
  { wrap: (v: unknown) => [{ deeper: v }], suffix: '[0].deeper' },
);

function hostileFor(kind: FieldKind): string[] | unknown[] {
  switch (kind.kind) {
    case 'url':
      return [
        'file:///etc/passwd',
        'javascript:alert(1)',
        'http://169.254.169.254/latest/meta-data/',
        'http://0xA9FEA9FE/latest/meta-data/',
        'http://[fe80::1]/hook',
        'http://[::ffff:169.254.169.254]/',
        'http://metadata.google.internal/computeMetadata/v1/',
        'https://user:secret@example.com/hook',
        'https://example.com/hook\r\nX-Injected: 1',
        'https://example.com/a b',
        'ftp://example.com/hook',
        'data:text/html,<script>alert(1)</script>',
        '//example.com/no-scheme',
        'not a url',
      ];
    case 'number': {
      const out: unknown[] = [NaN, Infinity, -Infinity, '12', 1e308, -1e308];
      if (kind.int) out.push(0.5, 2 ** 53 + 2);
      if (kind.min !== undefined) out.push(kind.min - 1);
      if (kind.max !== undefined) out.push(kind.max + 1);
      return out;
    }
    case 'pathId':
      return ['__proto__', '../../wallets/balance', 'a/b', 'x?y=1', 'id#frag', '%2e%2e', '', ' ', '-leading', '_leading', 'a'.repeat(101), 'café', 'id\u0000'];
    case 'text':
      return ['a\u0000b', '\u202Egnp.exe', 'line\u0007bell', 12, { text: 'x' }];
    default:
      return [{ $ne: null }, 'x\u0000'];
  }
}

const pointsAt = (field: string | undefined, path: string) => field === path || !!field?.startsWith(`${path}.`) || !!field?.startsWith(`${path}[`);

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

const everyOperation = Object.values(catalogs).flatMap((catalog) => catalog.operations.map((op) => [`${catalog.id} ${op.key}`, catalog, op] as const));

describe('hostile input is refused by name, before anything is sent (every operation of every catalog)', () => {
  it('covers every catalog listed in shared/providers', () => {
    expect(everyOperation.length).toBeGreaterThanOrEqual(Object.values(catalogs).reduce((n, c) => n + c.operations.length, 0));
    expect(everyOperation.length).toBeGreaterThan(0);
  });

  it.each(everyOperation)('%s: a value that is not plain bounded JSON is a validation error naming where it sits', async (_name, catalog, op) => {
    const { client, transport } = recordingClient(catalog);
    const someField = fc.oneof(
      fc.constantFrom(...(Object.keys(fieldKinds(op)).length ? Object.keys(fieldKinds(op)) : ['extra'])),
      fc.stringMatching(/^[a-z][a-zA-Z]{0,10}$/),
    );
    await fc.assert(
      fc.asyncProperty(tameBase(op), someField, anywhereHostile, placement, async (base, field, hostile, where) => {
        const input = { ...base, [field]: where.wrap(hostile.make()) };
        const error = await refusal(client.call(op.key, input));
        expect(error).toBeInstanceOf(ValidationError);
        const v = error as ValidationError;
        expect({ hostile: hostile.label, field: v.field, pointsAt: pointsAt(v.field, `${field}${where.suffix}`) }).toEqual({
          hostile: hostile.label,
          field: v.field,
          pointsAt: true,
        });
        expect(v.message).toContain(v.field!);
        expect(v.message).toContain('Nothing was sent');
      }),
      { numRuns: RUNS },
    );
    expect(transport.requests).toHaveLength(0);
    expect(client.summary()).toMatchObject({ calls: 0, charged: 0 });
  });

  it.each(everyOperation)('%s: each field refuses what its provider does not document (URLs, numbers, ids, text)', async (_name, catalog, op) => {
    const kinds = Object.entries(fieldKinds(op)).filter(([, k]) => k.kind !== 'list' && k.kind !== 'other');
    if (kinds.length === 0) return;
    const { client, transport } = recordingClient(catalog);
    const planted = fc.constantFrom(...kinds).chain(([field, kind]) => fc.tuple(fc.constant(field), fc.constantFrom(...(hostileFor(kind) as unknown[]))));
    await fc.assert(
      fc.asyncProperty(tameBase(op), planted, async (base, [field, value]) => {
        const error = await refusal(client.call(op.key, { ...base, [field]: value }));
        expect(error).toBeInstanceOf(ValidationError);
        const issues = (error as ValidationError).issues;
        expect({ field, value: String(value), named: issues.some((i) => pointsAt(i.field, field)) }).toEqual({ field, value: String(value), named: true });
      }),
      { numRuns: RUNS },
    );
    expect(transport.requests).toHaveLength(0);
  });

  it.each(everyOperation)('%s: null, a list or a string is not an input (null is not read as {})', async (_name, catalog, op) => {
    const { client, transport } = recordingClient(catalog);
    for (const input of [null, [], 'email=a@b.io', 42, true]) {
      const error = await refusal(client.call(op.key, input));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('(input)');
    }
    expect(transport.requests).toHaveLength(0);
  });

  it.each(Object.values(catalogs).flatMap((c) => c.batches.map((b) => [`${c.id} ${b.name}`, c, b.name] as const)))(
    '%s: a batch carrying a hostile item submits nothing',
    async (_name, catalog, batchName) => {
      const { client, transport } = recordingClient(catalog);
      const { startBatch } = await import('../../shared/batch');
      await fc.assert(
        fc.asyncProperty(anywhereHostile, async (hostile) => {
          const error = await refusal(startBatch(client, batchName, [hostile.make()]));
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).field).toBeTruthy();
        }),
        { numRuns: 20 },
      );
      expect(transport.requests).toHaveLength(0);
    },
  );
});
