/**
 * Many records in one request (issue 7, item 8) through the Zapier app built from the toy
 * catalog, run by createAppTester: the single search sends a one-record request, and the
 * "(Many Records)" create sends line-item rows three per request, answering one line per row
 * in row order whatever order the toy answers in.
 */
import { actionKey } from '../../zapier-app/lib/operations';
import { recordsActionKey } from '../../zapier-app/lib/records';
import { startToyServer, type ToyServer } from '../unit/fixtures/toy-server';
import { toyCatalog } from '../unit/fixtures/toy-catalog';
import { appFor, testerFor } from './helpers';

const app = appFor(toyCatalog);
const run = testerFor(app);
const op = toyCatalog.operations.find((o) => o.key === 'person.enrich')!;
let toy: ToyServer;

beforeEach(async () => {
  toy = await startToyServer();
});
afterEach(() => toy.close());

const bundle = (inputData: Record<string, unknown>) => ({ authData: { apiKey: toy.apiKey, baseUrl: toy.baseUrl }, inputData, meta: { isLoadingSample: false, isTestingAuth: false } });

describe('many records per request in Zapier (toy)', () => {
  it('the search sends one record and returns its answer', async () => {
    const [record] = await run(app.searches[actionKey(op.key)]!.operation.perform, bundle({ email: 'ann@x.io' }));
    expect(record).toMatchObject({ email: 'ann@x.io', found: true, enrichflow: { creditsCharged: 1 } });
    expect(toy.seen[0]!.body).toEqual([expect.objectContaining({ email: 'ann@x.io' })]);
  });

  it('seven rows go out as three requests and come back as seven lines in row order; Check is asked once for the step', async () => {
    const action = app.creates[recordsActionKey(op)]!;
    expect(action.operation.inputFields.map((f) => f.key)).toEqual(['enrichflowCost', 'enrichflowRecords', 'records', 'check', 'enrichflowMaxCredits']);
    const before = toy.wallet();
    const rows = Array.from({ length: 7 }, (_, i) => ({ recordId: `r-${i + 1}`, email: i === 4 ? 'nobody@x.io' : `p${i}@x.io` }));
    const out = await run(action.operation.perform, bundle({ records: [...rows.slice(0, 3), {}, ...rows.slice(3)] }));
    expect(toy.seen.map((r) => (r.body as unknown[]).length)).toEqual([3, 3, 1]);
    // The blank 4th row is skipped; every other row keeps its own number.
    expect(out.records.map((l: Record<string, unknown>) => [l.row, l.recordId, l.email, l.creditsCharged])).toEqual(
      rows.map((r, i) => [i < 3 ? i + 1 : i + 2, r.recordId, r.email, i === 4 ? 0 : 1]),
    );
    expect(out.creditsCharged).toBe(before - toy.wallet());

    const checked = await run(action.operation.perform, bundle({ check: true, records: rows.slice(0, 2) }));
    expect(checked.creditsCharged).toBe(0);
    expect(toy.seen.at(-1)!.query).toMatchObject({ mode: 'check' });
  });
});
