/**
 * A batch long enough that its submit is checked and priced in one pass and its body streamed
 * (batch/prepareChunk.ts, transport/jsonBody.ts): the provider gets every distinct email once,
 * trimmed, in input order; it reserves exactly the estimate; and a bad entry anywhere — a repeat
 * the request leaves out included — is refused by its place in the list before anything is sent.
 */
import { fetchBatchResults, startBatch } from '../../shared/batch';
import { ValidationError } from '../../shared/errors';
import { STREAM_FROM_ENTRIES } from '../../shared/transport/jsonBody';
import { rejection, startEnv, type Env } from './helpers';

let env: Env;

beforeAll(async () => {
  env = await startEnv({ itemsPerSecond: 1_000_000 });
});
afterAll(async () => {
  await env?.close();
});

const emails = (n: number) => Array.from({ length: n }, (_, i) => `lead.${i}@acme.com`);

describe('Enrich.so: a long email validation batch', () => {
  it('sends each distinct email once, trimmed and in order, and the reservation is the estimate', async () => {
    const list = emails(STREAM_FROM_ENTRIES * 2 + 5);
    // Repeats the provider would dedupe anyway (case, spaces), and an email to trim.
    list.push(' LEAD.3@ACME.COM', 'lead.17@acme.com ');
    list[9] = '  spaced.9@acme.com ';
    const expected = emails(STREAM_FROM_ENTRIES * 2 + 5).map((e, i) => (i === 9 ? 'spaced.9@acme.com' : e));
    const client = env.client();
    const before = env.balance();

    const started = await startBatch(client, 'emailValidation', list);
    expect(started.estimated).toBe(expected.length);
    expect(before - env.balance()).toBe(expected.length);

    await env.advance(60_000);
    const { results } = await fetchBatchResults(client, 'emailValidation', started.jobs[0]!.jobId);
    expect(results.map((r) => (r as { email: string }).email)).toEqual(expected);
  });

  it('names a bad entry deep in the list and sends nothing', async () => {
    const list = emails(STREAM_FROM_ENTRIES * 2);
    list[STREAM_FROM_ENTRIES + 7] = 'not-an-email';
    const mark = env.requests().length;
    const error = await rejection(startBatch(env.client(), 'emailValidation', list));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(`items[${STREAM_FROM_ENTRIES + 7}]`);
    expect(env.requestsSince(mark)).toEqual([]);
  });

  it('refuses a bad repeat of a good email, though the request would leave it out', async () => {
    // The Kelvin sign lower-cases to "k": the same key as a good email, yet not an address.
    const list = [...emails(STREAM_FROM_ENTRIES), 'lead.42@acme.\u212Aom', 'lead.42@acme.kom'];
    list[42] = 'lead.42@acme.kom';
    const mark = env.requests().length;
    const error = await rejection(startBatch(env.client(), 'emailValidation', list));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(`items[${STREAM_FROM_ENTRIES}]`);
    expect(env.requestsSince(mark)).toEqual([]);
  });
});
