/**
 * Jobs that take a file, pause and resume, on fake time (a toy provider, no real one's quirks):
 * the upload is a multipart CSV built from the items; polls back off from 30 s to 60 s; a job
 * paused for credits is either reported (each waiting item names the job, the reason and what
 * is missing) or resumed as soon as the balance covers the rest; the running charge is booked
 * once per growth; results come from a CSV file matched back to each input, in order.
 */
import { collectBatch, resumeBatch, runBatch, startBatch } from '../../shared/batch';
import { FakeClock } from '../../shared/clock';
import { createClient } from '../../shared/client';
import { FileJobsProvider, fileJobsCatalog } from './fixtures/file-jobs';

function setup(balance: number, budget?: number) {
  const clock = new FakeClock(0);
  const provider = new FileJobsProvider(clock, balance);
  const client = createClient({ provider: fileJobsCatalog, apiKey: 'k', transport: provider, clock, budget });
  return { clock, provider, client };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `name${i}`);

describe('a job that takes a file', () => {
  it('uploads the items as a multipart CSV with the options as form fields', async () => {
    const { clock, provider, client } = setup(100);
    await clock.run(startBatch(client, 'rows', ['ann', 'b,ob', 'c"d']));
    const upload = provider.requests[0];
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain('filename="names.csv"');
    expect(upload.body).toContain('name\r\nann\r\n"b,ob"\r\n"c""d"\r\n');
    expect(provider.jobs.get('job1')?.names).toEqual(['ann', 'b,ob', 'c"d']);
  });

  it('a file over the byte cap is refused before anything is sent', () => {
    const { provider, client } = setup(100);
    expect(() => client.validate('rows.submit', { names: ['x'.repeat(150), 'y'.repeat(60)] })).toThrow(
      /names makes a 2\d\d bytes file; the limit is 200 bytes/,
    );
    expect(provider.requests).toHaveLength(0);
  });

  it('polls at the recommended 30 s, backing off to 60 s', async () => {
    const { clock, provider, client } = setup(100);
    await clock.run(runBatch(client, 'rows', names(4)), 1000);
    const polls = provider.requests.filter((r) => r.method === 'GET' && /\/jobs\/job1$/.test(r.url)).map((r) => r.at);
    // 4 rows at 10 s each: running at +30 s, finished at +75 s (30 s, then 45 s later).
    expect(polls.slice(1).map((t, i) => t - polls[i])).toEqual([30_000, 45_000]);
  });

  it('splits a list longer than a job into several jobs and joins the results back in input order', async () => {
    const { clock, provider, client } = setup(100);
    const run = await clock.run(runBatch(client, 'rows', names(10)), 1000);
    expect(run.jobs.map((j) => j.jobId)).toEqual(['job1', 'job2', 'job3']);
    expect(run.outcomes.map((o) => (o.ok ? (o.value as { name: string }).name : 'error'))).toEqual(names(10));
    expect((run.outcomes[3] as { ok: true; value: { greeting: string } }).value.greeting).toBe('hello, "name3"');
    expect(client.summary().charged).toBe(5);
    expect(provider.balance).toBe(95);
  });
});

describe('a list with a bad row and a repeat', () => {
  it("the bad row is named by its place and sent nowhere; the rest go in order over jobs of 4, the dropped repeat sharing its twin's result", async () => {
    const { clock, provider, client } = setup(100);
    const rows = ['ann', 'bob', 'cy', '', 'dee', 'ANN', 'eve', 'fay', 'gus'];
    const warnings: string[] = [];
    const run = await clock.run(runBatch(client, 'rows', rows, { dropDuplicates: true, onWarning: (w) => warnings.push(w) }), 1000);
    expect(run.outcomes.map((o) => o.index)).toEqual(rows.map((_, i) => i));
    expect(run.outcomes[3]).toMatchObject({ ok: false, error: { issues: [{ field: 'items[3]' }] } });
    expect(run.outcomes.map((o) => (o.ok ? (o.value as { name: string }).name : 'error'))).toEqual([
      'ann',
      'bob',
      'cy',
      'error',
      'dee',
      'ann',
      'eve',
      'fay',
      'gus',
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^1 row\(s\) repeat an earlier one: each distinct/)]);
    expect([...provider.jobs.values()].map((job) => job.names)).toEqual([
      ['ann', 'bob', 'cy', 'dee'],
      ['eve', 'fay', 'gus'],
    ]);
    expect(client.summary().charged).toBe(3.5);
    expect(provider.balance).toBe(96.5);
  });
});

describe('a job that pauses for credits', () => {
  it('without auto resume: the wait ends at the pause, the paid rows are delivered, every waiting item says which job, why and what is missing', async () => {
    const { clock, provider, client } = setup(1);
    const run = await clock.run(runBatch(client, 'rows', names(6)), 1000);
    expect(run.jobs).toEqual([{ jobId: 'job1', status: 'paused_insufficient_credits', reused: false }]);
    // The two rows processed before the pause were paid for: their results come out.
    expect(run.outcomes.slice(0, 2).map((o) => o.ok)).toEqual([true, true]);
    const error = (run.outcomes[2] as { ok: false; error: any }).error;
    expect(error.kind).toBe('insufficient_credits');
    expect(error.message).toMatch(/Row batch job job1 is paused \(insufficient credits\) after 2 of 4 rows; 2 row\(s\) wait/);
    expect(error.message).toMatch(/shortfall 1/);
    // The second job is not submitted while the first waits for credits.
    expect((run.outcomes[5] as { ok: false; error: any }).error.message).toMatch(/^Not submitted: an earlier job of this batch is paused/);
    expect(provider.jobs.size).toBe(1);
    // The two rows processed were charged and are booked.
    expect(client.summary().charged).toBe(1);
  });

  it('with auto resume: it waits until the balance covers the rest, resumes once, and delivers everything', async () => {
    const { clock, provider, client } = setup(1);
    const run = runBatch(client, 'rows', names(4), { autoResume: true, maxWaitMs: 24 * 3600_000 });
    // Enough for one more row only: not the rest (2 rows × 0.5) — no resume yet.
    await clock.advance(200_000);
    provider.balance = 0.5;
    await clock.advance(200_000);
    expect(provider.requests.some((r) => r.url.endsWith('/resume'))).toBe(false);
    provider.balance = 1;
    const done = await clock.run(run, 1000);
    expect(provider.requests.filter((r) => r.url.endsWith('/resume'))).toHaveLength(1);
    expect(done.outcomes.every((o) => o.ok)).toBe(true);
    expect(client.summary().charged).toBe(2);
  });

  it('Resume, then collecting the same job again, finishes it without a second submit', async () => {
    const { clock, provider, client } = setup(1);
    const started = await clock.run(startBatch(client, 'rows', names(4)));
    const first = await clock.run(collectBatch(client, 'rows', names(4), ['job1']), 1000);
    expect(first.outcomes.some((o) => !o.ok)).toBe(true);
    provider.balance = 10;
    await clock.run(resumeBatch(client, 'rows', started.jobs[0].jobId));
    const second = await clock.run(collectBatch(client, 'rows', names(4), ['job1']), 1000);
    expect(second.outcomes.every((o) => o.ok)).toBe(true);
    expect(provider.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/jobs'))).toHaveLength(1);
    expect(client.summary().charged).toBe(2);
    expect(provider.balance).toBe(9);
  });
});

describe('the running charge', () => {
  it('is booked once per growth however often the status is read, and counts against the budget', async () => {
    const { clock, provider, client } = setup(100, 10);
    await clock.run(startBatch(client, 'rows', names(4)));
    await clock.advance(25_000);
    for (let i = 0; i < 3; i++) await client.call('rows.status', { id: 'job1' });
    const used = provider.jobs.get('job1')!.used;
    expect(used).toBe(1);
    expect(client.summary().charged).toBe(used);
    expect(client.budgetRemaining()).toBe(10 - used);
    await clock.advance(10_000);
    await client.call('rows.status', { id: 'job1' });
    await client.call('rows.status', { id: 'job1' });
    expect(client.summary().charged).toBe(1.5);
    expect(
      client.ledger
        .entries()
        .filter((e) => e.operation === 'rows.settlement')
        .map((e) => e.charged),
    ).toEqual([1_000_000, 500_000]);
  });
});

describe('billed duplicates', () => {
  it('are announced, and dropped on request with every row still answered', async () => {
    const { clock, provider, client } = setup(100);
    const warnings: string[] = [];
    const run = await clock.run(runBatch(client, 'rows', ['a', 'b', 'A', 'c'], { dropDuplicates: true, onWarning: (w) => warnings.push(w) }), 1000);
    expect(warnings).toEqual([expect.stringMatching(/^1 row\(s\) repeat an earlier one: each distinct row batch row is submitted once/)]);
    expect(provider.jobs.get('job1')?.names).toEqual(['a', 'b', 'c']);
    expect(run.outcomes.map((o) => (o.ok ? (o.value as { name: string }).name : 'x'))).toEqual(['a', 'b', 'a', 'c']);
  });
});
