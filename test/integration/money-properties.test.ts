/**
 * The money promises, as properties over EVERY operation of EVERY catalog, in every world the
 * sandbox can play (each provider under each reading it switches; see money-properties/worlds.ts):
 *  1. charged ≤ estimate — a single call, a walk to the same Limit, many records in one request;
 *  2. with a Credit Budget B, spent ≤ B;
 *  3. the credits on the results sum to what left the wallet — duplicates, misses and answers
 *     lost on the way included (each error says what its request charged);
 *  4. where the docs allow more than one reading of a price or a default and no credential
 *     setting switches it, the sandbox charges the costliest reading and the estimate covers it
 *     (money-properties/readings.ts; checked in each provider's default world).
 * Inputs come from the catalogs' own field lists (money-properties/inputs.ts). fast-check runs a
 * fixed seed; ENRICHFLOW_PROPERTY_RUNS=50 (and ENRICHFLOW_PROPERTY_SEED) runs a larger search.
 * The table of operations × properties (cases run, violations) is printed at the end. Property 5
 * (money-properties/properties.ts) runs each action beside a companion call of the catalog.
 */
import fc from 'fast-check';
import { checkAtOnce, type Companion, modeOf, PROPERTIES, type Property, checkCase } from './money-properties/properties';
import type { OperationSpec } from '../../shared/catalog/types';
import { inputsFor } from './money-properties/inputs';
import { OPEN } from './money-properties/open';
import { disputedReadings, type DisputedReading } from './money-properties/readings';
import { startWorld, worlds, type World, type WorldEnv } from './money-properties/worlds';

const RUNS = Number(process.env.ENRICHFLOW_PROPERTY_RUNS ?? 2);
const SEED = Number(process.env.ENRICHFLOW_PROPERTY_SEED ?? 17);

interface Row {
  cases: Record<Property, number>;
  violations: Record<Property, number>;
  open: number;
  refused: number;
}
const table = new Map<string, Row>();
const rowOf = (key: string): Row => {
  let row = table.get(key);
  if (!row) {
    row = {
      cases: Object.fromEntries(PROPERTIES.map((p) => [p, 0])) as Row['cases'],
      violations: Object.fromEntries(PROPERTIES.map((p) => [p, 0])) as Row['violations'],
      open: 0,
      refused: 0,
    };
    table.set(key, row);
  }
  return row;
};

afterAll(() => {
  const header = ['operation', 'mode', ...PROPERTIES.map((p) => `${p} (cases/violations)`), 'open elsewhere', 'inputs refused'];
  const lines = [...table.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, r]) => [
      key.split('|')[0]!,
      key.split('|')[1]!,
      ...PROPERTIES.map((p) => `${r.cases[p]}/${r.violations[p]}`),
      r.open ? `${r.open} (${OPEN[key.split('|')[0]!]!.reason})` : '',
      String(r.refused),
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const total = (p: Property, what: 'cases' | 'violations') => [...table.values()].reduce((s, r) => s + r[what][p], 0);
  const summary = PROPERTIES.map((p) => `${p}: ${total(p, 'cases')} cases, ${total(p, 'violations')} violations`).join('; ');
  process.stdout.write(
    `\nMoney properties (${worlds.length} worlds, ${RUNS} runs per operation and world, seed ${SEED})\n${fmt(header)}\n${fmt(widths.map((w) => '-'.repeat(w)))}\n${lines.map(fmt).join('\n')}\n${summary}\n`,
  );
});

describe.each(worlds.map((w) => [`${w.provider} — ${w.reading}`, w] as const))('%s', (_name, world) => {
  test(
    'every operation keeps the money promises',
    async () => {
      const env = await startWorld(world);
      const failures: string[] = [];
      // Property 4 in the provider's default world, each reading in its own sandbox.
      const isDefault = worlds.find((w) => w.provider === world.provider) === world;
      const readingEnvs = new Map<DisputedReading, WorldEnv>();
      const readingEnv = async (r: DisputedReading) => {
        if (!r.sandbox) return env;
        if (!readingEnvs.has(r))
          readingEnvs.set(
            r,
            await startWorld({
              ...world,
              sandbox: {
                [world.provider]: {
                  ...(world.sandbox[world.provider as keyof World['sandbox']] as object),
                  ...(r.sandbox[world.provider as keyof World['sandbox']] as object),
                },
              } as World['sandbox'],
            }),
          );
        return readingEnvs.get(r)!;
      };
      // Each operation's companion (property 5): another paid operation, of the other kind of
      // charge where there is one (measured from the balance or not), with a sampled input.
      const paid = world.catalog.operations.filter((o) => !o.cost.free && !o.reserves && !o.batch);
      const companionOf = (op: OperationSpec): Companion | undefined => {
        const others = paid.filter((o) => o.key !== op.key);
        const other = others.find((o) => !!o.cost.measured !== !!op.cost.measured) ?? others[0];
        if (!other) return undefined;
        const [input] = fc.sample(inputsFor(world.provider, other), { numRuns: 1, seed: SEED + other.key.length });
        return { op: other, input: input! };
      };
      try {
        for (const op of world.catalog.operations) {
          const key = `${world.provider}:${op.key}|${modeOf(op)}`;
          const row = rowOf(key);
          const cases = fc.sample(
            fc.record({
              input: inputsFor(world.provider, op),
              limit: fc.integer({ min: 1, max: 120 }),
              budgetShare: fc.double({ min: 0, max: 1.3, noNaN: true }),
              duplicate: fc.boolean(),
              lose: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
            }),
            { numRuns: RUNS, seed: SEED + op.key.length },
          );
          const readings = isDefault ? disputedReadings.filter((r) => r.provider === world.provider && r.applies(op)) : [];
          for (const r of readings) {
            const samples = fc.sample(fc.tuple(inputsFor(world.provider, op), r.records ?? fc.constant({})), { numRuns: RUNS * 2, seed: SEED + op.key.length });
            for (const [input, record] of samples) {
              const v = await r.check(await readingEnv(r), op, { ...input, ...record });
              if (!v) continue;
              row.cases['4 sandbox plays the costliest reading']++;
              if (!v.ok) {
                row.violations['4 sandbox plays the costliest reading']++;
                failures.push(`${op.key} 4 (${r.topic}): ${v.detail} — input ${JSON.stringify({ ...input, ...record })}`);
              }
            }
          }
          for (const c of cases) {
            const verdicts = await checkCase(env, op, c);
            if (verdicts === 'refused') {
              row.refused++;
              continue;
            }
            const companion = companionOf(op);
            const atOnce = companion && (await checkAtOnce(env, op, c, companion));
            for (const v of atOnce ? [...verdicts, atOnce] : verdicts) {
              row.cases[v.property]++;
              if (!v.ok && OPEN[`${world.provider}:${op.key}`]?.property === v.property) row.open++;
              else if (!v.ok) {
                row.violations[v.property]++;
                failures.push(
                  `${op.key} ${v.property}: ${v.detail} — input ${JSON.stringify(c.input)}, limit ${c.limit}, duplicate ${c.duplicate}, lost ${c.lose}`,
                );
              }
            }
          }
        }
      } finally {
        await env.close();
        for (const e of readingEnvs.values()) await e.close();
      }
      expect(failures).toEqual([]);
    },
    Math.max(120_000, RUNS * 40_000),
  ); // a larger search takes longer
});
