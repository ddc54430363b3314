/**
 * The ledger equals the wallet when answers do not say what they cost: a charged call whose
 * answer came back malformed is booked as unknown and settled from a balance read right after
 * (its charge on the item's error), else from the next balance the provider reports; a run made only of batch jobs knows its starting balance; a count estimate
 * that fails is refunded, and the refund is booked.
 */
import { runBatch } from '../../shared/batch';
import { startEnv, type Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await startEnv();
});
afterEach(async () => {
  await env?.close();
});

describe('Enrich.so books when answers are lost or jobs refund', () => {
  it('200 finder calls, 40 of them answered with a malformed body: summary() still equals the wallet', async () => {
    const client = env.client();
    const before = env.balance();
    let malformed = 0;
    for (let i = 0; i < 200; i++) {
      if (i % 5 === 3) env.sandbox.faults.add({ method: 'POST', path: /\/email-finder$/, kind: 'malformed' });
      // Every seventh lead is nobody the sandbox knows: found:false, not charged.
      const lead = { firstName: i % 7 === 0 ? 'Nobody' : `Ada${i}`, lastName: 'Lovelace', domain: 'analytical.io' };
      await client.call('emailFinder.find', lead).catch((error: { code?: string }) => {
        expect(error.code).toBe('malformed_body');
        malformed++;
      });
    }
    expect(malformed).toBe(40);
    const spent = before - env.balance();
    const s = client.summary();
    expect(spent).toBeGreaterThan(0);
    expect(s.charged).toBe(spent);
    expect(s.balanceBefore! - s.balanceAfter!).toBe(spent);
    expect(s.unknown).toBeUndefined();
    expect(Object.keys(s.byOperation)).toContain('enrichSo:emailFinder.find.reconciled');
  });

  it('charged answers lost before any balance was known: the balance is read first, so summary() still equals the wallet', async () => {
    const client = env.client();
    const before = env.balance();
    // The first 36 answers come back malformed, before any answer has said what the balance is.
    for (let i = 0; i < 36; i++) env.sandbox.faults.add({ method: 'POST', path: /\/email-finder$/, kind: 'malformed' });
    for (let i = 0; i < 60; i++) {
      const lead = { firstName: i % 2 === 0 ? 'Nobody' : `Ada${i}`, lastName: 'Lovelace', domain: 'analytical.io' };
      await client.call('emailFinder.find', lead).catch((error: { code?: string }) => expect(error.code).toBe('malformed_body'));
    }
    const spent = before - env.balance();
    const s = client.summary();
    expect(spent).toBeGreaterThan(0);
    expect(s.charged).toBe(spent);
    expect(s.balanceBefore! - s.balanceAfter!).toBe(spent);
    expect(s.unknown).toBeUndefined();
  });

  it("a lost answer's charge is read from the balance at once and sits on that item's error", async () => {
    const client = env.client();
    await client.call('emailFinder.find', { firstName: 'Grace', lastName: 'Hopper', domain: 'navy.example' });
    const before = env.balance();
    env.sandbox.faults.add({ method: 'POST', path: /\/email-finder$/, kind: 'malformed' });
    const error = await client.call('emailFinder.find', { firstName: 'Alan', lastName: 'Turing', domain: 'bletchley.example' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'malformed_body', charged: before - env.balance() });
    expect((error as { charged: number }).charged).toBeGreaterThan(0);
    expect(client.summary().unknown).toBeUndefined();
  });

  it('an unknown charge whose balance cannot be read at once waits for the next reported balance, then is settled at what the wallet lost', async () => {
    const client = env.client();
    await client.call('emailFinder.find', { firstName: 'Grace', lastName: 'Hopper', domain: 'navy.example' });
    env.sandbox.faults.add({ method: 'POST', path: /\/email-finder$/, kind: 'malformed' });
    env.sandbox.faults.add({ method: 'GET', path: /\/wallets\/balance$/, kind: 'status', status: 400 });
    const error = await client.call('emailFinder.find', { firstName: 'Alan', lastName: 'Turing', domain: 'bletchley.example' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'malformed_body' });
    expect((error as { charged?: number }).charged).toBeUndefined();
    expect(client.summary().unknown).toBe(10); // at most the estimate, not yet known
    const before = env.balance();
    await client.balance(); // a free call that reports the balance
    expect(env.balance()).toBe(before);
    expect(client.summary().unknown).toBeUndefined();
  });

  it('a run made only of a batch job reports the balance it started from', async () => {
    const client = env.client();
    const before = env.balance();
    const emails = ['ann@acme.com', 'bo@acme.com', 'cy.risky@acme.com', 'di@acme.com'];
    const run = runBatch(client, 'emailValidation', emails, { wait: 'poll', pollIntervalMs: 1000, maxWaitMs: 60_000 });
    for (let i = 0; i < 20; i++) await env.advance(1000);
    await run;
    const spent = before - env.balance();
    const s = client.summary();
    expect(spent).toBe(3); // the risky email is refunded
    expect(s.balanceBefore).toBe(before);
    expect(s.balanceBefore! - s.balanceAfter!).toBe(spent);
    expect(s.charged).toBe(spent);
  });

  it('a count estimate that fails is refunded, and the refund is booked', async () => {
    const client = env.client();
    const before = env.balance();
    const started = await client.call<{ batchId: string }>('companyFollowers.startCountEstimate', { companyUrl: 'https://www.linkedin.com/company/fail-corp' });
    expect(started.credits.charged).toBe(100);
    await env.advance(60_000);
    const polled = await client.call<{ status: string }>('companyFollowers.getCountEstimate', { batchId: started.data.batchId });
    expect(polled.data.status).toBe('failed');
    expect(polled.credits.charged).toBe(-100); // this item gives back what the start item charged
    await client.call('companyFollowers.getCountEstimate', { batchId: started.data.batchId }); // booked once
    expect(env.balance()).toBe(before);
    expect(client.summary()).toMatchObject({ charged: 0, refunded: 100 });
  });
});
