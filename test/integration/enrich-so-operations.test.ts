/**
 * Issue #2 acceptance, part 1: Enrich.so's single lookups and batches go through the real client
 * against the sandbox, return data matching their output schemas and are charged per §5.4
 * (see enrich-so-suite.ts; enrich-so-prospecting.test.ts covers the rest of the catalog).
 */
import { fetchBatchResults, getBatchStatus, runBatch } from '../../shared/batch';
import { checkCoverageAndBooks, client, env, run, toNumber, useEnrichSoSuite } from './enrich-so-suite';
import { driveWhile } from './helpers';

useEnrichSoSuite();

describe('Enrich.so single lookups (§5.4: charged only when something is found)', () => {
  it('validates an email: valid costs 1, risky costs 0, a repeat is answered from the cache without a request', async () => {
    const valid = await run('emailValidation.validate', { email: 'jane.doe@acme.com' }, 1);
    expect(valid.data).toMatchObject({ email: 'jane.doe@acme.com', result: 'valid' });
    expect(valid.credits.source).toBe('provider');
    expect(valid.requestId).toMatch(/^req_[0-9a-f]{24}$/);

    const risky = await run('emailValidation.validate', { email: 'maybe.risky@acme.com' }, 0);
    expect(risky.data.result).toBe('risky');

    const mark = env.requests().length;
    const again = await run('emailValidation.validate', { email: 'jane.doe@acme.com' }, 0);
    expect(again.credits.fromCache).toBe(true);
    expect(env.requestsSince(mark)).toHaveLength(0);
  });

  it('finds an email: found costs 10, not found costs 0', async () => {
    const found = await run('emailFinder.find', { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' }, 10);
    expect(found.data).toMatchObject({ found: true, email: 'jane.doe@acme.com' });
    const missing = await run('emailFinder.find', { firstName: 'John', lastName: 'Nobody', domain: 'globex.com' }, 0);
    expect(missing.data.found).toBe(false);
  });

  it('finds phones: phones cost 500, no phones cost 0', async () => {
    const found = await run('phoneFinder.find', { email: 'jane.doe@acme.com' }, 500);
    expect(found.data.phones.length).toBeGreaterThan(0);
    const none = await run('phoneFinder.find', { linkedin: 'https://www.linkedin.com/in/nobody-at-all' }, 0);
    expect(none.data.phones).toEqual([]);
  });

  it('looks up a profile by email: a profile costs 10, none costs 0', async () => {
    const found = await run('reverseLookup.lookup', { email: 'jane.doe@acme.com' }, 10);
    expect(found.data).toMatchObject({ firstName: expect.any(String), profileUrl: expect.stringContaining('linkedin.com/in/') });
    const none = await run('reverseLookup.lookup', { email: 'nobody.here@acme.com' }, 0);
    expect(none.data.firstName).toBeUndefined();
  });

  it('maps an IP to a company: a domain costs 100, no ipDomain costs 0', async () => {
    const found = await run('ipToCompany.lookup', { ip: '8.8.8.8' }, 100);
    expect(found.data).toMatchObject({ searchIp: '8.8.8.8', ipDomain: expect.any(String) });
    const none = await run('ipToCompany.lookup', { ip: '10.0.0.7' }, 0);
    expect(none.data.ipDomain ?? undefined).toBeUndefined();
  });
});

/**
 * The five reserve-and-settle products: submit (reserve, 0 charged) → status → results. The
 * batch runner's fetchBatchResults books the settlement once; a second direct read is free.
 */
const BATCHES = [
  {
    name: 'emailValidation',
    input: { emails: ['jane.doe@acme.com', 'JANE.DOE@ACME.COM', 'risky.one@globex.com', 'john.smith@globex.com'] },
    idParam: 'batchId',
    unique: 3,
    perItem: 1,
    initial: 'queued',
    settled: 2, // risky refunded
    results: 3,
  },
  {
    name: 'emailFinder',
    input: {
      leads: [
        { firstName: 'Jane', lastName: 'Doe', domain: 'acme.com' },
        { firstName: 'John', lastName: 'Nobody', domain: 'globex.com' },
      ],
    },
    idParam: 'batchId',
    unique: 2,
    perItem: 10,
    initial: 'queued',
    settled: 10,
    results: 2,
  },
  {
    name: 'phoneFinder',
    input: { emails: ['jane.doe@acme.com', 'nobody@acme.com'], linkedins: ['https://www.linkedin.com/in/janedoe'] },
    idParam: 'jobId',
    unique: 3,
    perItem: 500,
    initial: 'queued',
    settled: 1000,
    results: 3,
  },
  {
    name: 'reverseLookup',
    input: { emails: ['jane.doe@acme.com', 'nobody@acme.com'] },
    idParam: 'batchId',
    unique: 2,
    perItem: 10,
    initial: 'queued',
    settled: 10,
    results: 1, // not-found emails are omitted
  },
  {
    name: 'ipToCompany',
    input: { ips: ['8.8.8.8', '10.1.2.3'] },
    idParam: 'batchId',
    unique: 2,
    perItem: 100,
    initial: 'processing', // the IP status list has no `queued`
    settled: 100,
    results: 2,
  },
] as const;

describe.each(BATCHES)('Enrich.so $name batch: submit → status → results', (b) => {
  let jobId: string;

  it(`reserves ${b.perItem} per unique item on submit and charges nothing yet`, async () => {
    const before = env.balance();
    const submitted = await run(`${b.name}.submitBatch`, b.input, 0);
    jobId = submitted.data.batchId;
    expect(jobId).toMatch(/^[0-9a-f]{24}$/);
    expect(toNumber(submitted.meta.creditsReserved)).toBe(b.unique * b.perItem);
    expect(submitted.credits.estimated).toBe(b.unique * b.perItem);
    expect(env.balance()).toBe(before - b.unique * b.perItem);
  });

  it('reports progress, then completion, for free', async () => {
    const early = await run(`${b.name}.getBatchStatus`, { [b.idParam]: jobId }, 0);
    expect(early.data).toMatchObject({ batchId: jobId, status: b.initial });
    await env.advance(1000);
    const done = await run(`${b.name}.getBatchStatus`, { [b.idParam]: jobId }, 0);
    expect(done.data).toMatchObject({ status: 'completed', totalItems: b.unique });
    expect(await getBatchStatus(client, b.name, jobId)).toMatchObject({ status: 'completed', total: b.unique, processed: b.unique });
  });

  it(`settles on the first results read (${b.settled} charged), later reads are free`, async () => {
    const before = env.balance();
    const read = await fetchBatchResults(client, b.name, jobId);
    expect(read.results).toHaveLength(b.results);
    expect(read.credits.charged).toBe(b.settled);
    expect(env.balance()).toBe(before + b.unique * b.perItem - b.settled); // the refund came back

    const again = await run(`${b.name}.getBatchResults`, { [b.idParam]: jobId, page: 1, limit: 100 }, 0);
    expect(toNumber(again.meta.creditsUsed)).toBe(b.settled); // the cached settlement, not a new charge
    expect(again.data.results).toHaveLength(b.results);
    expect(env.balance()).toBe(before + b.unique * b.perItem - b.settled);
  });
});

describe('Enrich.so batch runner end to end', () => {
  it('runs a finder batch by polling, matches results to items and books the settlement once', async () => {
    const leads = [
      { firstName: 'Ada', lastName: 'Lovelace', domain: 'analytical.io' },
      { firstName: 'Alan', lastName: 'Nobody', domain: 'bletchley.io' },
    ];
    const before = env.balance();
    const charged = client.summary().charged;
    const run = await driveWhile(env, runBatch(client, 'emailFinder', leads, { pollIntervalMs: 5 }));
    expect(run.jobs).toEqual([expect.objectContaining({ status: 'completed', reused: false })]);
    expect(run.outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(run.outcomes[0]).toMatchObject({ value: { found: true, email: 'ada.lovelace@analytical.io' } });
    expect(run.outcomes[1]).toMatchObject({ value: { found: false } });
    expect(client.summary().charged - charged).toBe(10);
    expect(env.balance()).toBe(before - 10);
  });
});

checkCoverageAndBooks('operations');
