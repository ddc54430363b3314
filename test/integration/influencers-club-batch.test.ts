/**
 * Batch enrichment end to end against the sandbox: the core builds the CSV from the items,
 * uploads it as multipart, splits long lists into jobs of 10,000 rows, polls at 30–60 s (on a
 * fake clock shared with the sandbox, so it takes milliseconds), resumes a job paused for
 * credits once they are back, and gives one result per input row, in order. The books equal
 * the wallet to the hundredth of a credit.
 */
import { resumeBatch, runBatch, startBatch, collectBatch } from '../../shared/batch';
import { startIclEnv, type IclEnv } from './influencers-club-helpers';

let env: IclEnv;
beforeAll(async () => {
  env = await startIclEnv();
});
afterAll(async () => env?.close());

const hundredths = (n: number) => Math.round(n * 100);
const raw = (handle: string) => ({ handle, platform: 'instagram' });

describe('a 25,000-row batch', () => {
  it('runs as three jobs, one paused for credits and resumed automatically, one result per row in order, books = wallet', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => raw(i % 500 === 7 ? `nobody_${i}` : `creator_${i}`));
    env.setBalance(400); // 300 for the first job; the second pauses at about a third
    const client = env.client();
    const seen: string[] = [];
    let toppedUp = 0;
    const run = runBatch(client, 'handlesRaw', rows, {
      autoResume: true,
      maxWaitMs: 6 * 3600_000,
      onProgress: (p) => {
        seen.push(p.status);
        if (p.status === 'paused' && toppedUp === 0) {
          toppedUp = 600;
          env.setBalance(env.balance() + toppedUp);
        }
      },
    });
    const before = 400;
    const result = await env.drive(run, 5000);

    expect(result.jobs).toHaveLength(3);
    expect(seen).toContain('paused');
    const statuses = env.sandbox.providers.influencersClub.requests().filter((r) => r.path.endsWith('/resume/'));
    expect(statuses.map((r) => r.status)).toEqual([200]);
    expect(result.outcomes).toHaveLength(25_000);
    result.outcomes.forEach((o, i) => {
      expect(o.index).toBe(i);
      expect(o.ok).toBe(true);
    });
    const first = result.outcomes[0] as { ok: true; value: any };
    expect(first.value.input_value).toBe('creator_0');
    expect(first.value.enrichment_data.instagram.username).toBe('creator_0');
    expect((result.outcomes[7] as { ok: true; value: any }).value.status).toBe('not_found');
    expect((result.outcomes[24_999] as { ok: true; value: any }).value.input_value).toBe('creator_24999');

    const withData = rows.filter((r) => !r.handle.startsWith('nobody')).length;
    const walletSpent = before + toppedUp - env.balance();
    expect(hundredths(walletSpent)).toBe(hundredths(withData * 0.03));
    expect(hundredths(client.summary().charged)).toBe(hundredths(walletSpent));
  });
});

describe('pausing without auto resume', () => {
  it('reports the pause on every waiting row; after a top-up, Resume and a second collect deliver every result', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => raw(`fan_${i}`));
    env.setBalance(3); // 100 rows at 0.03
    const client = env.client();
    const started = await env.drive(startBatch(client, 'handlesRaw', rows));
    const first = await env.drive(
      collectBatch(
        client,
        'handlesRaw',
        rows,
        started.jobs.map((j) => j.jobId),
      ),
    );
    expect(first.jobs[0].status).toBe('paused_insufficient_credits');
    const error = (first.outcomes[250] as { ok: false; error: any }).error;
    expect(error.kind).toBe('insufficient_credits');
    expect(error.message).toMatch(/paused \(.*insufficient credits.*\) after 100 of 300 rows/i);
    expect(error.message).toContain(started.jobs[0].jobId);

    env.setBalance(100);
    await env.drive(resumeBatch(client, 'handlesRaw', started.jobs[0].jobId));
    const second = await env.drive(
      collectBatch(
        client,
        'handlesRaw',
        rows,
        started.jobs.map((j) => j.jobId),
      ),
    );
    expect(second.outcomes.every((o) => o.ok)).toBe(true);
    expect(hundredths(client.summary().charged)).toBe(hundredths(300 * 0.03));
    expect(hundredths(3 + 100 - env.balance())).toBe(900);
  });

  it('resuming a job that is not paused is refused with its status', async () => {
    env.setBalance(100);
    const client = env.client();
    const started = await env.drive(startBatch(client, 'handlesRaw', [raw('solo')]));
    await env.drive(collectBatch(client, 'handlesRaw', [raw('solo')], [started.jobs[0].jobId]));
    await expect(env.drive(resumeBatch(client, 'handlesRaw', started.jobs[0].jobId))).rejects.toThrow(/current status: finished/);
  });
});

describe('the upload', () => {
  it('is a real multipart CSV: profile URLs with commas and quotes arrive as one row each; a formula is no handle', async () => {
    env.setBalance(100);
    const withComma = 'https://www.instagram.com/someone/?utm=a,b';
    const withQuotes = 'https://www.instagram.com/other/?q="x"';
    const rows = [raw('plain'), raw(withComma), raw(withQuotes), raw('=HYPERLINK("https://evil.example","x")')];
    const result = await env.drive(runBatch(env.client(), 'handlesRaw', rows));
    expect(result.outcomes.slice(0, 3).map((o) => (o.ok ? (o.value as any).input_value : o.error))).toEqual(['plain', withComma, withQuotes]);
    expect(result.outcomes[3]).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/must be a username/) } });
  });

  it('duplicates are billed by the provider: a warning before submitting, and dropped on request', async () => {
    env.setBalance(100);
    const rows = [raw('dup'), raw('other'), raw('DUP')];
    const warnings: string[] = [];
    const billed = env.client();
    await env.drive(runBatch(billed, 'handlesRaw', rows, { onWarning: (w) => warnings.push(w), idempotencyKey: 'dupes-billed' }));
    expect(warnings[0]).toMatch(/1 row\(s\) repeat an earlier one .* bills every row/);
    expect(billed.summary().charged).toBe(0.09);

    const dropped = env.client();
    const result = await env.drive(runBatch(dropped, 'handlesRaw', rows, { dropDuplicates: true, idempotencyKey: 'dupes-dropped' }));
    expect(dropped.summary().charged).toBe(0.06);
    expect(result.outcomes).toHaveLength(3);
    expect((result.outcomes[2] as { ok: true; value: any }).value.input_value).toBe('dup');
  });

  it('more than 10,000 rows in one job is refused before sending, with the field and the rule', () => {
    const client = env.client();
    const mark = env.requests().length;
    expect(() => client.validate('batch.enrichHandlesRaw', { platform: 'instagram', handles: Array(10_001).fill('a') })).toThrow(
      /handles: handles accepts at most 10,000 rows per job/,
    );
    expect(env.requests().length).toBe(mark);
  });

  it('a results file in CSV is parsed back into the same records as JSON', async () => {
    env.setBalance(100);
    const client = env.client();
    const started = await env.drive(startBatch(client, 'handlesFull', [{ handle: 'zoe', platform: 'youtube' }]));
    await env.drive(collectBatch(client, 'handlesFull', [{ handle: 'zoe', platform: 'youtube' }], [started.jobs[0].jobId]));
    const csv = await env.drive(client.call<any[]>('batch.getResults', { batch_id: started.jobs[0].jobId, format: 'csv' }));
    const json = await env.drive(client.call<any[]>('batch.getResults', { batch_id: started.jobs[0].jobId, format: 'json' }));
    expect(csv.data[0].input_value).toBe('zoe');
    expect(JSON.parse(csv.data[0].enrichment_data)).toEqual(json.data[0].enrichment_data);
  });
});

describe('a job influencers.club never starts', () => {
  it('stays queued past the wait: the error says it was never started and nothing was charged, and names the job', async () => {
    const stuck = await startIclEnv({ queueDelayMs: 24 * 3600_000 });
    try {
      const client = stuck.client();
      const before = stuck.balance();
      const run = await stuck.drive(runBatch(client, 'handlesRaw', [raw('creator_1'), raw('creator_2')], { maxWaitMs: 2 * 3600_000 }), 30_000);
      expect(run.outcomes).toHaveLength(2);
      for (const o of run.outcomes) {
        expect(o.ok).toBe(false);
        if (!o.ok) {
          expect(o.error).toMatchObject({ code: 'still_queued' });
          expect(o.error.message).toMatch(
            /job bch_\w+ stayed queued for 120 min: Influencers.club has not started it, so none of its items has run or been charged yet/,
          );
        }
      }
      expect(stuck.balance()).toBe(before);
      expect(client.summary().charged).toBe(0);
    } finally {
      await stuck.close();
    }
  });
});
