/**
 * The books, one product at a time: for every paid flow, the wallet must move by exactly what
 * the client's summary says it charged. Each test starts from a fresh client on its own sandbox
 * organization state, so a mismatch points at one operation.
 */
import type { EnrichflowClient } from '../../shared/client';
import { leadFromId } from '../../sandbox/providers/enrich-so/data-people';
import { startEnv, type Env } from './helpers';

let env: Env;

beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env?.close();
});

/** Run `flow` with a fresh client; return the wallet delta and the client's charged total. */
async function books(flow: (client: EnrichflowClient) => Promise<void>): Promise<{ walletDelta: number; charged: number }> {
  const client = env.client();
  const before = env.balance();
  await flow(client);
  await env.advance(10_000);
  return { walletDelta: before - env.balance(), charged: client.summary().charged };
}

/** Lead ids of a search, split by whether the sandbox has an email / a phone on file for them. */
async function leads(client: EnrichflowClient, filters: Record<string, unknown>) {
  const page = await client.call<any>('leadFinder.search', { filters, page: 1, pageSize: 50 });
  const all = page.data.results.map((r: { id: string }) => leadFromId(1, r.id));
  return {
    withEmail: all.filter((l: any) => l.emailAddress).map((l: any) => l.id) as string[],
    withoutEmail: all.filter((l: any) => !l.emailAddress).map((l: any) => l.id) as string[],
    withoutPhone: all.filter((l: any) => !l.phone).map((l: any) => l.id) as string[],
  };
}

describe('Enrich.so books: wallet change = summary().charged', () => {
  it('a follower scrape read over several result pages books its settlement once', async () => {
    const r = await books(async (client) => {
      const started = await client.call<any>('companyFollowers.startScrape', {
        companyUrl: 'https://www.linkedin.com/company/stripe',
        max_limit: 250,
        creditsPerProfile: 100,
      });
      await env.advance(10_000);
      const read = await client.list('companyFollowers.getResults', { batchId: started.data.batchId }, { pageSize: 100 });
      expect(read.items).toHaveLength(250);
      expect(read.pages).toBe(3);
    });
    expect(r.walletDelta).toBe(250 * 100);
    expect(r.charged).toBe(r.walletDelta);
  });

  it('re-reading the results of an already settled scrape books nothing more', async () => {
    const r = await books(async (client) => {
      const started = await client.call<any>('companyFollowers.startScrape', {
        companyUrl: 'https://www.linkedin.com/company/globex',
        max_limit: 50,
        creditsPerProfile: 100,
      });
      await env.advance(10_000);
      await client.call('companyFollowers.getResults', { batchId: started.data.batchId });
      const again = await client.call('companyFollowers.getResults', { batchId: started.data.batchId });
      expect(again.credits.charged).toBe(0); // the provider repeats the cached settlement; no new charge
    });
    expect(r.walletDelta).toBe(50 * 100);
    expect(r.charged).toBe(r.walletDelta);
  });

  it('a reveal job refunds leads without an email, and the client books the refund', async () => {
    const r = await books(async (client) => {
      const ids = await leads(client, { jobLevel: ['Director'], domain: ['acme.com'] });
      expect(ids.withoutEmail.length).toBeGreaterThan(0);
      const chosen = [ids.withEmail[0]!, ids.withoutEmail[0]!];
      const job = await client.call<any>('leadFinder.reveal', { leads: chosen.map((id) => ({ id })), fields: ['email'] });
      expect(job.data.creditsReserved).toBe(20);
      await env.advance(1000);
      const done = await client.call<any>('leadFinder.getRevealJob', { jobId: job.data.jobId });
      expect(done.data.results).toMatchObject({ creditsUsed: 10, creditsRefunded: 10 });
    });
    expect(r.walletDelta).toBe(10);
    expect(r.charged).toBe(r.walletDelta);
  });

  it('an export refunds rows without an email, and the client books the refund', async () => {
    const r = await books(async (client) => {
      const ids = await leads(client, { jobLevel: ['Director'], domain: ['acme.com'] });
      const chosen = [ids.withEmail[0]!, ids.withoutEmail[0]!];
      const job = await client.call<any>('leadFinder.export', { filters: {}, leadIds: chosen, includeEmail: true });
      expect(job.data.creditsReserved).toBe(20);
      await env.advance(1000);
      const done = await client.call<any>('leadFinder.getExportJob', { jobId: job.data.jobId });
      expect(done.data).toMatchObject({ status: 'completed', creditsUsed: 10, creditsRefunded: 10 });
    });
    expect(r.walletDelta).toBe(10);
    expect(r.charged).toBe(r.walletDelta);
  });

  it('an enrich job of a lead without a phone is refunded, and the client books the refund', async () => {
    const r = await books(async (client) => {
      const ids = await leads(client, { jobLevel: ['Director'], domain: ['acme.com'] });
      expect(ids.withoutPhone.length).toBeGreaterThan(0);
      const job = await client.call<any>('leadFinder.enrich', { leads: [{ id: ids.withoutPhone[0]! }], fields: ['phone'] });
      expect(job.data.creditsReserved).toBe(525);
      await env.advance(1000);
      const done = await client.call<any>('leadFinder.getRevealJob', { jobId: job.data.jobId });
      expect(done.data.results).toMatchObject({ creditsUsed: 0, creditsRefunded: 525 });
    });
    expect(r.walletDelta).toBe(0);
    expect(r.charged).toBe(r.walletDelta);
  });
});

describe("Enrich.so books under the credits page's reading: every answer carries creditsUsed/creditsRemaining", () => {
  let every: Env;
  beforeAll(async () => {
    every = await startEnv({ creditsMeta: 'every' });
  });
  afterAll(async () => {
    await every?.close();
  });

  it('free answers carrying creditsUsed 0 book nothing; a batch still books its settlement', async () => {
    const { runBatch } = await import('../../shared/batch');
    const client = every.client();
    const before = every.balance();
    const raw = (await (await fetch(`${every.baseUrl}/lead-finder/filter-options`, { headers: { 'x-api-key': every.apiKey } })).json()) as { meta: unknown };
    expect(raw.meta).toMatchObject({ creditsUsed: 0, creditsRemaining: before });
    expect(await client.balance()).toBe(before);
    const suggest = await client.call('leadFinder.suggest', { q: 'north' });
    expect(suggest.credits.charged).toBe(0);
    const run = runBatch(client, 'emailValidation', ['a@acme.com', 'b@acme.com', 'risky.c@acme.com'], {
      wait: 'poll',
      pollIntervalMs: 1000,
      maxWaitMs: 60_000,
    });
    for (let i = 0; i < 10; i++) await every.advance(1000);
    expect((await run).outcomes.every((o) => o.ok)).toBe(true);
    const walletDelta = before - every.balance();
    expect(walletDelta).toBe(2); // risky is free
    expect(client.summary().charged).toBe(walletDelta);
  });
});
