/**
 * Money is counted before and after (issue 7, item 4): a job's cost counts against the run's
 * budget from the moment it is submitted — from the estimate when the provider does not report
 * what it holds — and its settlement corrects it to what was charged.
 */
import { startBatch, runBatch, fetchBatchResults } from '../../shared/batch';
import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { BudgetExceededError } from '../../shared/errors';
import { MemoryStore } from '../../shared/store/memory';
import type { HttpRequest } from '../../shared/transport/types';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';

const EMAILS = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io'];

/** A provider that holds credits for a job without saying how many, and reports the charge on the first results read. */
function jobProvider(charged: number) {
  let settledOnce = false;
  return (req: HttpRequest) => {
    const path = new URL(req.url).pathname;
    if (req.method === 'POST' && path.endsWith('/jobs')) return json(200, { data: { job_id: 'job_1', status: 'queued' }, meta: {} });
    if (path.endsWith('/jobs/job_1')) return json(200, { data: { job_id: 'job_1', status: 'done' }, meta: {} });
    if (path.endsWith('/jobs/job_1/results')) {
      const first = !settledOnce;
      settledOnce = true;
      const results = EMAILS.map((email, i) => ({ email, found: i < charged }));
      return json(200, { data: { status: 'done', results, pages: 1 }, meta: first ? { creditsUsed: charged } : { creditsUsed: 0 } });
    }
    if (path.endsWith('/people/lookup')) return json(200, { data: { found: true }, meta: { creditsUsed: 10 } });
    return json(404, { message: `no route ${path}` });
  };
}

function toyClient(charged: number, budget: number) {
  const clock = new FakeClock(1_000_000);
  const transport = new ScriptedTransport(jobProvider(charged));
  const client = createClient({ provider: toyCatalog, apiKey: 'k', transport, clock, store: new MemoryStore({ clock }), budget });
  return { client, transport, clock };
}

describe('a job the provider does not report a reservation for', () => {
  it('with a budget of 5, a 5-credit batch that settled leaves nothing of the budget', async () => {
    const { client, clock } = toyClient(5, 5);
    const run = await clock.run(runBatch(client, 'people', EMAILS), 30_000);
    expect(run.outcomes.every((o) => o.ok)).toBe(true);
    expect(client.summary().charged).toBe(5);
    expect(client.budgetRemaining()).toBe(0);
  });

  it('counts the estimate against the budget from the submit, so a run cannot spend it twice before the job settles', async () => {
    const { client, transport } = toyClient(5, 14);
    await startBatch(client, 'people', EMAILS);
    expect(client.budgetRemaining()).toBe(9);
    await expect(client.call('person.lookup', { email: 'z@x.io' })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(transport.requests.filter((r) => r.url.endsWith('/people/lookup'))).toHaveLength(0);
  });

  it('gives back what the settlement did not charge, once, however often the results are read', async () => {
    const { client } = toyClient(3, 10);
    const { jobs } = await startBatch(client, 'people', EMAILS);
    expect(client.budgetRemaining()).toBe(5);
    await fetchBatchResults(client, 'people', jobs[0].jobId);
    expect(client.budgetRemaining()).toBe(7);
    await fetchBatchResults(client, 'people', jobs[0].jobId);
    expect(client.budgetRemaining()).toBe(7);
    expect(client.summary()).toMatchObject({ charged: 3, refunded: 0 });
  });
});
