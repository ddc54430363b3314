/**
 * Issue #2 acceptance, part 2: bad input costs nothing. For every operation of the catalog,
 * the shared `bad` sample is refused by the client with a ValidationError naming `badField`,
 * and the sandbox never sees a request (so nothing can be charged).
 */
import type { EnrichflowClient } from '../../shared/client';
import { startBatch } from '../../shared/batch';
import { ValidationError } from '../../shared/errors';
import { enrichSo } from '../../shared/providers/enrichSo';
import { enrichSoSamples } from '../unit/providers/enrichSo/samples';
import { rejection, startEnv, type Env } from './helpers';

let env: Env;
let client: EnrichflowClient;
let walletBefore: number;

beforeAll(async () => {
  env = await startEnv();
  client = env.client();
  walletBefore = env.balance();
});
afterAll(async () => {
  await env?.close();
});

/** The field an issue points at is `badField` itself or inside it (`emails[1]`, `filters.companyNameMode`). */
const pointsAt = (field: string | undefined, badField: string) =>
  field === badField || !!field?.startsWith(`${badField}[`) || !!field?.startsWith(`${badField}.`);

describe('Enrich.so: bad input is refused before anything is sent', () => {
  it('has a good and a bad sample for every catalog operation', () => {
    const missing = enrichSo.operations.map((o) => o.key).filter((k) => !enrichSoSamples[k]);
    expect(missing).toEqual([]);
  });

  it.each(enrichSo.operations.map((o) => [o.key, o] as const))(
    '%s: the bad sample is a ValidationError on its badField, and no request goes out',
    async (key, op) => {
      const sample = enrichSoSamples[key]!;
      expect(() => client.validate(key, sample.good)).not.toThrow(); // the bad sample fails for its bad field only

      const mark = env.requests().length;
      const error = await rejection(client.call(key, sample.bad));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.kind).toBe('validation');
      expect({ key, field: error.field, pointsAt: pointsAt(error.field, sample.badField) }).toEqual({ key, field: error.field, pointsAt: true });
      expect(error.message).toContain('Nothing was sent');

      if (op.pagination) {
        const listed = await rejection(client.list(key, sample.bad, { limit: 10 }));
        expect(listed).toBeInstanceOf(ValidationError);
        expect(pointsAt(listed.field, sample.badField)).toBe(true);
      }
      expect(env.requestsSince(mark)).toEqual([]);
    },
  );

  it('the batch runner refuses a bad item list before submitting, naming the bad item', async () => {
    const mark = env.requests().length;
    const error = await rejection(startBatch(client, 'emailValidation', ['jane.doe@acme.com', 'not an email']));
    expect(error).toBeInstanceOf(ValidationError);
    // The second item, not the one-item job's `emails[0]` (which pointed at the first, good, email).
    expect(error.field).toBe('items[1]');
    expect(error.message).toContain('items[1]: emails must be a valid email address');
    expect(env.requestsSince(mark)).toEqual([]);
  });

  it('spent nothing: the wallet is untouched and the ledger is empty', () => {
    expect(env.balance()).toBe(walletBefore);
    expect(client.summary()).toMatchObject({ calls: 0, charged: 0, estimated: 0 });
  });
});
