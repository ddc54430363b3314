/**
 * The fault matrix (issue 8 "Done when"): every fault the sandbox can play × every way a
 * pipeline uses a provider — a single paid call per item, a paginated walk into paid pages, a
 * batch job waited on by polling, a batch job waited on by callbacks — over real HTTP on
 * sped-up fake time. Each cell asserts the three promises: one outcome per input item, the
 * client's ledger equal to the sandbox wallet, and each callback event counted once. Transient
 * faults on a job's free reads must not fail a single item. The table is printed at the end.
 * Other catalogs join by adding a MatrixSubject (see fault-matrix/subject.ts) to SUBJECTS.
 */
import { COLUMNS, type CellResult, describeOutcomes, FAULTS, runCell } from './fault-matrix/cells';
import { enrichSoSubject } from './fault-matrix/enrich-so';
import type { MatrixSubject } from './fault-matrix/subject';

const SUBJECTS: MatrixSubject[] = [enrichSoSubject];

jest.setTimeout(120_000);

for (const subject of SUBJECTS) {
  describe(`fault matrix: ${subject.name}`, () => {
    const table = new Map<string, string>();
    afterAll(() => {
      const width = 26;
      const lines = [
        `${subject.name} fault matrix (outcomes per item; ledger = wallet; events once)`,
        ['fault'.padEnd(width), ...COLUMNS.map((c) => c.padEnd(30))].join(' | '),
      ];
      for (const fault of FAULTS)
        lines.push([fault.label.padEnd(width), ...COLUMNS.map((c) => (table.get(`${c}|${fault.label}`) ?? '—').padEnd(30))].join(' | '));
      console.log(lines.join('\n'));
    });

    for (const fault of FAULTS) {
      for (const column of fault.columns) {
        const key = `${column}|${fault.label}`;
        it(`${fault.label} × ${column}: one outcome per item, ledger = wallet, events once`, async () => {
          const cell: CellResult = await runCell(subject, fault, column);
          table.set(key, `${describeOutcomes(cell.outcomes)}; ${cell.ledger}=${cell.wallet}`);
          expect(cell.faultPlayed).toBe(true);
          expect(cell.outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(Array.from({ length: cell.items }, (_, i) => i));
          expect(cell.ledger).toBe(cell.wallet);
          expect(new Set(cell.events.map((e) => e.id)).size).toBe(cell.events.length);
          expect(cell.events.filter((e) => e.type !== 'batch.item').length).toBeLessThanOrEqual(1);
          // A transient fault on a job's free reads never fails an item while the job may still run.
          if (fault.http && (column === 'batch' || column === 'webhook')) expect(describeOutcomes(cell.outcomes)).toBe(`${cell.items} ok`);
          if (fault.callbacks && !fault.callbacks.missing) expect(cell.events.filter((e) => e.type === 'batch.completed')).toHaveLength(1);
        });
      }
    }
  });
}
