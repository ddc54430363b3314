/**
 * Many records in one request need only a narrow host, not a client's insides: given a way to
 * validate, the budget left and one paid request per chunk, the records piece chunks the input,
 * matches every answer back to its own item and shares each request's charge out per record.
 */
import { toCreditNumber } from '../../shared/credits/amount';
import type { CallResult } from '../../shared/pipeline/callResult';
import { callRecords, type RecordsHost } from '../../shared/pipeline/records';
import type { Notice } from '../../shared/quota';
import type { HttpResponse } from '../../shared/transport/types';
import { toyRecordsOperation } from './fixtures/toy-records';

type Sent = { recordId: string; email: string }[];

/** A host whose "provider" answers each chunk in reverse order, found unless the email starts with "nobody". */
function host(budget?: () => number | undefined) {
  const chunks: Sent[] = [];
  const notices: Notice[] = [];
  const records: RecordsHost = {
    provider: { id: 'toy', displayName: 'Toy' },
    operation: () => toyRecordsOperation,
    validate: <I>(_key: string, input: unknown) => toyRecordsOperation.input.parse(input) as I,
    budgetRemaining: () => budget?.(),
    notify: (notice) => notices.push(notice),
    sendChunk: async <O>(op: Parameters<RecordsHost['sendChunk']>[0], input: unknown): Promise<CallResult<O>> => {
      const sent = input as Sent;
      chunks.push(sent);
      const data = sent.map((r) => ({ recordId: r.recordId, email: r.email, found: !r.email.startsWith('nobody') })).reverse();
      const response: HttpResponse = { status: 200, headers: {}, body: JSON.stringify(data) };
      const charged = op.cost.actual!({ input, data, response, meta: {} });
      return {
        data: data as O,
        meta: {},
        status: 200,
        attempts: 1,
        credits: { estimated: sent.length, charged: toCreditNumber(charged), source: 'model', fromCache: false },
      };
    },
  };
  return { records, chunks, notices };
}

describe('records over a narrow host', () => {
  it('five contacts go as three requests of at most two; each item gets its own answer and its own share, in input order', async () => {
    const { records, chunks } = host();
    const inputs = ['a@x.io', 'nobody@x.io', 'c@x.io', 'd@x.io', 'e@x.io'].map((email, i) => ({ email, recordId: `crm-${i + 1}` }));
    const outcomes = await callRecords<{ email: string; recordId: string; found: boolean }>(records, toyRecordsOperation.key, inputs);
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 1]);
    expect(outcomes.map((o) => (o.ok ? [o.value.data.recordId, o.value.data.email, o.value.credits.charged] : o.error.message))).toEqual([
      ['crm-1', 'a@x.io', 1],
      ['crm-2', 'nobody@x.io', 0],
      ['crm-3', 'c@x.io', 1],
      ['crm-4', 'd@x.io', 1],
      ['crm-5', 'e@x.io', 1],
    ]);
  });

  it('a bad item fails alone, and what the host budget cannot cover is not sent', async () => {
    let left = 3;
    const { records, chunks } = host(() => left);
    const inputs = [{ email: 'not-an-email' }, ...['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io'].map((email) => ({ email }))];
    const sendChunk = records.sendChunk;
    records.sendChunk = async (op, input, opts) => {
      left -= (input as unknown[]).length;
      return sendChunk(op, input, opts);
    };
    const outcomes = await callRecords(records, toyRecordsOperation.key, inputs);
    expect(chunks.map((c) => c.map((r) => r.email))).toEqual([['a@x.io', 'b@x.io'], ['c@x.io']]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual(['validation', 'ok', 'ok', 'ok', 'budget_exceeded']);
  });
});
