/**
 * What Leadfeeder's plans change, against the sandbox: a Basic Search plan refuses firmographic
 * criteria (the error says which plan, and that nothing was charged), and credits come back
 * whole at the billing period's reset while record subscriptions keep their 12 months.
 */
import { ForbiddenError } from '../../shared/errors';
import { startLeadfeeder, type LeadfeederEnv } from './leadfeeder-helpers';

let env: LeadfeederEnv;
afterEach(() => env?.close());

describe('Basic vs Advanced Search', () => {
  it('under a Basic Search plan, a firmographic search is refused with what to do; a search by name still works', async () => {
    env = await startLeadfeeder({ searchEntitlement: 'basic' });
    const client = env.client();
    const refused = client.call('company.search', { industries: { classification: 'nace', codes: ['62'] } });
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refused).rejects.toThrow(/insufficient_entitlements.*Basic Search \(core identifiers\) and Advanced Search .*nothing was charged/);
    expect(env.used()).toBe(0);
    expect(client.summary().charged).toBe(0);
    const byName = await client.list('company.search', { search_terms: ['a'] }, { limit: 2 });
    expect(byName.items.length).toBeGreaterThan(0);
  });
});

describe('credits reset at the billing period', () => {
  it('after next_reset_on the credits are whole again, and a subscribed company is still free', async () => {
    env = await startLeadfeeder();
    const client = env.client();
    await client.call('company.get', { id: 'cmp_0050' });
    const before = (await client.call<{ credits: { remaining: number; used: number; next_reset_on: string } }>('account.get', {})).data;
    expect(before.credits.used).toBe(1);
    await env.clock.advance(Date.parse(`${before.credits.next_reset_on}T00:00:01Z`) - env.clock.now());
    const after = (await client.call<{ credits: { remaining: number; used: number; available: number } }>('account.get', {})).data;
    expect(after.credits).toMatchObject({ used: 0, remaining: after.credits.available });
    expect((await client.call('company.get', { id: 'cmp_0050' })).credits.charged).toBe(0);
    expect(env.used()).toBe(0);
  });
});
