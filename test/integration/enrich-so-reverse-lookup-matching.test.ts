/**
 * Bulk reverse-lookup results are matched by what the contract guarantees. The reference
 * (providers.md §5.5) promises profiles and that not-found emails are left out — not an `email`
 * field on each profile. The sandbox plays both readings; with the email left out, a paid job
 * used to come back "not found" for every item.
 */
import { runBatch } from '../../shared/batch';
import { startEnv, type Env } from './helpers';

let env: Env;
afterEach(async () => {
  await env?.close();
});

async function lookUp(emails: string[]) {
  const client = env.client();
  const before = env.balance();
  const run = runBatch(client, 'reverseLookup', emails, { wait: 'poll', pollIntervalMs: 1000, maxWaitMs: 60_000 });
  for (let i = 0; i < 30; i++) await env.advance(1000);
  return { run: await run, spent: before - env.balance() };
}

describe('Enrich.so bulk reverse lookup: results matched by what the contract promises', () => {
  it('profiles carrying the email are matched by it (the reading with `email`)', async () => {
    env = await startEnv({ reverseLookupResultEmail: 'included' });
    const { run, spent } = await lookUp(['ann@acme.com', 'nobody@acme.com', 'bo@acme.com']);
    expect(spent).toBe(20);
    expect(run.outcomes.map((o) => (o.ok ? (o.value as { found?: boolean }).found !== false : 'error'))).toEqual([true, false, true]);
  });

  it('without the email, a paid profile is never reported "not found"', async () => {
    env = await startEnv({ reverseLookupResultEmail: 'omitted' });
    const { run, spent } = await lookUp(['ann@acme.com', 'nobody@acme.com', 'bo@acme.com']);
    expect(spent).toBe(20); // two profiles were paid for
    // Two anonymous profiles for three emails: which is whose cannot be told, and is not guessed.
    for (const o of run.outcomes) {
      expect(o.ok).toBe(false);
      if (!o.ok) expect(o.error).toMatchObject({ code: 'unmatched_results' });
    }
  });

  it('the documented shape is what the sandbox plays by default: every email found, each profile reaches its own email by order', async () => {
    env = await startEnv();
    const emails = ['ann@acme.com', 'bo@acme.com', 'cy@acme.com'];
    const { run, spent } = await lookUp(emails);
    expect(spent).toBe(30);
    // The single lookup answers each email with its own profile: the batch must agree with it.
    const single = env.client();
    for (const o of run.outcomes) {
      expect(o.ok).toBe(true);
      const own = await single.call<{ id: string }>('reverseLookup.lookup', { email: emails[o.index]! });
      if (o.ok) expect((o.value as { id: string }).id).toBe(own.data.id);
      expect(o.ok && o.value).not.toHaveProperty('email'); // §5.5 as written: profiles only
    }
  });

  it('without the email, what elimination decides is decided: all found, none found, or one left', async () => {
    env = await startEnv({ reverseLookupResultEmail: 'omitted' });
    const none = await lookUp(['nobody1@acme.com', 'nobody2@acme.com']);
    expect(none.run.outcomes.map((o) => o.ok && (o.value as { found?: boolean }).found)).toEqual([false, false]);
    const one = await lookUp(['cy@acme.com']);
    expect(one.run.outcomes[0]).toMatchObject({ ok: true, value: expect.objectContaining({ firstName: expect.any(String) }) });
  });
});
