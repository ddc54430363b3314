/**
 * The waterfall through the real core clients against the sandbox: cheapest sure source first,
 * stop at the first valid hit, one budget across providers, and every credit it reports is a
 * credit a wallet lost.
 */
import { runWaterfall, type WaterfallOutcome, type WaterfallResult } from '../../shared/waterfall';
import type { Lead } from '../../shared/catalog/capabilities';
import { createClient } from '../../shared/client';
import { leadfeeder } from '../../shared/providers/leadfeeder';
import type { Sandbox } from '../../sandbox/server';
import { balances, spentSince, startWaterfallSandbox, waterfallClients } from './waterfall-helpers';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startWaterfallSandbox();
});
afterEach(() => sandbox.close());

const ok = (o: WaterfallOutcome): WaterfallResult => {
  if (!o.ok) throw new Error(`lead ${o.index + 1} failed: ${o.error.message}`);
  return o.value;
};
const tried = (r: WaterfallResult) => r.steps.filter((s) => s.outcome !== 'skipped').map((s) => `${s.provider}:${s.outcome}`);
const requests = (provider: 'enrichSo' | 'smarte' | 'enrichLayer' | 'leadfeeder') =>
  sandbox.providers[provider].requests().filter((r) => !r.path.includes('credit') && !r.path.includes('wallet'));

// SMARTe finds nobody whose identifiers contain "nomatch"; Enrich.so's finder nobody whose last
// name starts with "Nobody"; EnrichLayer needs a LinkedIn URL and finds everyone who has one.
const leads: Lead[] = [
  { firstName: 'Ann', lastName: 'Lee', domain: 'acme.io' },
  { firstName: 'Bob', lastName: 'Ray', domain: 'nomatch-labs.io', linkedinUrl: 'https://www.linkedin.com/in/bob-ray' },
  { firstName: 'Cy', lastName: 'Nobody', domain: 'nomatch.io' },
  { firstName: 'Dee', lastName: 'Fox', domain: 'nomatch.io' },
];

describe('a work-email waterfall over Enrich.so, SMARTe and EnrichLayer', () => {
  it("cheapest first: SMARTe (1) before EnrichLayer (3) before Enrich.so (10), stopping at the first hit; the credits are the wallets' change", async () => {
    const before = balances(sandbox);
    const { outcomes, summary } = await runWaterfall(leads, { goal: 'workEmail', clients: waterfallClients(sandbox, ['enrichSo', 'smarte', 'enrichLayer']) });
    const results = outcomes.map(ok);

    expect(results.map(tried)).toEqual([['smarte:hit'], ['smarte:miss', 'enrichLayer:hit'], ['smarte:miss', 'enrichSo:miss'], ['smarte:miss', 'enrichSo:hit']]);
    expect(results.map((r) => r.value)).toEqual([
      { email: 'ann.lee@acme.io' },
      { email: 'bob-ray@work.example' },
      null,
      expect.objectContaining({ email: 'dee.fox@nomatch.io' }),
    ]);
    expect(results.map((r) => r.provider)).toEqual(['smarte', 'enrichLayer', null, 'enrichSo']);
    expect(results.map((r) => r.credits)).toEqual([1, 3, 0, 10]);
    // A step the lead lacks the inputs for is skipped, free, and says why.
    expect(results[0]!.steps).toContainEqual(
      expect.objectContaining({ provider: 'enrichLayer', outcome: 'skipped', charged: 0, reason: 'needs a LinkedIn profile URL' }),
    );

    expect(spentSince(sandbox, before)).toBe(14);
    expect(summary).toMatchObject({ leads: 4, found: 3, misses: 1, credits: 14, creditsPerHit: 4.666667 });
    expect(summary.byProvider.smarte).toMatchObject({ tried: 4, hits: 1, credits: 1 });
    expect(summary.byProvider.enrichSo).toMatchObject({ tried: 2, hits: 1, credits: 10, coverage: 0.25 });
    // No provider is asked about a lead after a hit: Enrich.so saw only leads 3 and 4.
    expect(requests('enrichSo')).toHaveLength(2);
    expect(requests('enrichLayer')).toHaveLength(1);
  });

  it("in the user's order Enrich.so goes first, whatever it costs", async () => {
    const { outcomes } = await runWaterfall(leads.slice(0, 1), {
      goal: 'workEmail',
      order: 'given',
      clients: waterfallClients(sandbox, ['enrichSo', 'smarte', 'enrichLayer']),
    });
    expect(tried(ok(outcomes[0]!))).toEqual(['enrichSo:hit']);
    expect(ok(outcomes[0]!).credits).toBe(10);
  });

  it('a budget below the full cost: the steps it cannot cover are not sent, and say why', async () => {
    const before = balances(sandbox);
    // 12 credits: leads 1 and 2 (1 + 0 + 3) fit, lead 4's Enrich.so step (10) does not once SMARTe has had its share.
    const { outcomes, summary } = await runWaterfall(leads, {
      goal: 'workEmail',
      clients: waterfallClients(sandbox, ['enrichSo', 'smarte', 'enrichLayer'], 12),
    });
    const results = outcomes.map(ok);
    const spent = spentSince(sandbox, before);
    expect(spent).toBeLessThanOrEqual(12);
    expect(results.reduce((s, r) => s + r.credits, 0)).toBe(spent);
    const refused = results.flatMap((r) => r.steps).filter((s) => s.outcome === 'notTried');
    expect(refused.length).toBeGreaterThan(0);
    for (const step of refused) expect(step.reason).toMatch(/budget/i);
    expect(summary.budgetStopped).toBeGreaterThan(0);
  });

  it('with verification a risky found email is not accepted: the next provider gets its turn', async () => {
    const lead: Lead = { firstName: 'Risky', lastName: 'Lee', domain: 'acme.io', linkedinUrl: 'https://www.linkedin.com/in/ann-lee' };
    const before = balances(sandbox);
    const { outcomes } = await runWaterfall([lead], {
      goal: 'workEmail',
      order: 'given',
      verify: true,
      clients: waterfallClients(sandbox, ['enrichSo', 'smarte', 'enrichLayer']),
    });
    const result = ok(outcomes[0]!);
    expect(tried(result)).toEqual(['enrichSo:rejected', 'smarte:rejected', 'enrichLayer:hit']);
    expect(result.steps[0]).toMatchObject({ reason: 'email validation says risky', verification: { provider: 'enrichSo', accepted: false, charged: 0 } });
    // The accepted email was validated too: 1 credit for a valid result.
    expect(result.steps[2]).toMatchObject({ verification: { accepted: true, charged: 1 }, charged: 4 });
    expect(result.value).toEqual({ email: 'ann-lee@work.example' });
    expect(result.credits).toBe(10 + 1 + 4);
    expect(spentSince(sandbox, before)).toBe(15);
  });

  it('verification without a provider that can verify is refused before anything is sent', async () => {
    await expect(runWaterfall(leads, { goal: 'workEmail', verify: true, clients: waterfallClients(sandbox, ['smarte']) })).rejects.toThrow(
      /Verifying found values needs a provider/,
    );
    expect(requests('smarte')).toHaveLength(0);
  });

  it('column by column: step 1 is one Enrich.so batch job, and only its misses go on to SMARTe, in one request', async () => {
    const many: Lead[] = Array.from({ length: 6 }, (_, i) => ({ firstName: `P${i}`, lastName: i % 2 ? `Nobody${i}` : `Fox${i}`, domain: 'acme.io' }));
    const before = balances(sandbox);
    const { outcomes, summary } = await runWaterfall(many, {
      goal: 'workEmail',
      order: 'given',
      batchFrom: 3,
      batch: { pollIntervalMs: 20 },
      clients: waterfallClients(sandbox, ['enrichSo', 'smarte']),
    });
    const results = outcomes.map(ok);
    expect(results.map((r) => r.provider)).toEqual(['enrichSo', 'smarte', 'enrichSo', 'smarte', 'enrichSo', 'smarte']);
    const finder = requests('enrichSo').filter((r) => r.path.includes('email-finder'));
    expect(finder.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/enrich-so/api/v3/email-finder/batch']);
    expect(requests('smarte')).toHaveLength(1);
    expect(results.reduce((s, r) => s + r.credits, 0)).toBe(spentSince(sandbox, before));
    expect(summary.credits).toBe(3 * 10 + 3 * 1);
  });

  it('the same list again reuses the batch job already paid for: nothing charged twice, and the items say so', async () => {
    const many: Lead[] = Array.from({ length: 4 }, (_, i) => ({ firstName: `Q${i}`, lastName: `Fox${i}`, domain: 'acme.io' }));
    const clients = waterfallClients(sandbox, ['enrichSo']);
    const opts = { goal: 'workEmail' as const, batchFrom: 2, batch: { pollIntervalMs: 20 }, clients };
    const first = await runWaterfall(many, opts);
    expect(first.summary.credits).toBe(40);
    const before = balances(sandbox);
    const again = await runWaterfall(many, opts);
    expect(again.outcomes.map(ok).map((r) => [r.found, r.credits, r.steps[0]!.fromCache])).toEqual(many.map(() => [true, 0, true]));
    expect(spentSince(sandbox, before)).toBe(0);
  });

  it('stopOnInvalid: a lead no step can take refuses the run before anything is sent', async () => {
    await expect(
      runWaterfall([{ email: 'ann@acme.io' }, { email: 'not-an-email' }], {
        goal: 'personFromEmail',
        stopOnInvalid: true,
        clients: waterfallClients(sandbox, ['enrichSo']),
      }),
    ).rejects.toThrow(/Lead 2: .*email/);
    expect(requests('enrichSo')).toHaveLength(0);
  });

  it('row by row sends one request per step', async () => {
    const { outcomes } = await runWaterfall(leads, {
      goal: 'workEmail',
      mode: 'rows',
      clients: waterfallClients(sandbox, ['enrichSo', 'smarte', 'enrichLayer']),
    });
    expect(outcomes.map(ok).map((r) => r.credits)).toEqual([1, 3, 0, 10]);
    expect(requests('smarte')).toHaveLength(4);
  });

  it('a lead whose email is malformed is an error naming it, and nothing is sent', async () => {
    const { outcomes } = await runWaterfall([{ email: 'not-an-email' }], {
      goal: 'personFromEmail',
      clients: waterfallClients(sandbox, ['enrichSo', 'enrichLayer']),
    });
    expect(outcomes[0]).toMatchObject({ ok: false });
    expect((outcomes[0] as { error: Error }).error.message).toMatch(/email/);
    expect(requests('enrichSo')).toHaveLength(0);
  });
});

describe('free first', () => {
  it('a Leadfeeder company already subscribed costs nothing, so it goes before every paid source', async () => {
    const lf = sandbox.providers.leadfeeder;
    const clients = waterfallClients(sandbox, ['enrichLayer', 'smarte', 'leadfeeder']);
    // Reading the company once subscribes it (1 credit) — in the client's registry too.
    await clients[2]!.call('company.get', { id: 'cmp_0050' });
    const before = balances(sandbox);
    const { outcomes } = await runWaterfall([{ domain: 'example.com', leadfeederCompanyId: 'cmp_0050' }], { goal: 'companyFromDomain', clients });
    const result = ok(outcomes[0]!);
    expect(tried(result)).toEqual(['leadfeeder:hit']);
    expect(result.steps[0]).toMatchObject({ estimated: 0, charged: 0 });
    expect(result.value).toMatchObject({ name: expect.any(String) });
    expect(spentSince(sandbox, before)).toBe(0);
    expect(lf.subscriptions()).toContain('company:cmp_0050');
  });

  it('a cached answer is free and goes first', async () => {
    const [enrichSoClient, smarteClient] = waterfallClients(sandbox, ['enrichSo', 'smarte']);
    await enrichSoClient!.call('emailFinder.find', { firstName: 'Ann', lastName: 'Lee', domain: 'acme.io' });
    const { outcomes } = await runWaterfall([leads[0]!], { goal: 'workEmail', clients: [smarteClient!, enrichSoClient!] });
    const result = ok(outcomes[0]!);
    expect(tried(result)).toEqual(['enrichSo:hit']);
    expect(result.steps[0]).toMatchObject({ estimated: 0, charged: 0, fromCache: true, priceReason: 'cached answer (free)' });
  });
});

it('adding a provider to a goal is catalog data: a capability on a copy of the Leadfeeder catalog', async () => {
  const extended = {
    ...leadfeeder,
    capabilities: [
      {
        goal: 'workEmail' as const,
        op: 'company.match',
        needs: 'a domain',
        reads: ['domain' as const],
        input: (l: Lead) => (l.domain ? { companies: [{ url: l.domain }] } : undefined),
        output: () => undefined,
      },
    ],
  };
  const p = sandbox.providers.leadfeeder;
  const client = createClient({ provider: extended, apiKey: p.apiKey, baseUrl: p.baseUrl, credential: { accountId: p.accountId } });
  const { outcomes } = await runWaterfall([{ domain: 'acme.io' }], { goal: 'workEmail', clients: [client] });
  expect(tried(ok(outcomes[0]!))).toEqual(['leadfeeder:miss']);
});

describe('every goal against the sandbox: each provider answers in its own shape, the item gets the one normalised shape', () => {
  const run = async (
    goal: 'mobilePhone' | 'personFromEmail' | 'companyFromDomain' | 'companyFromIp',
    lead: Lead,
    order: ('enrichSo' | 'smarte' | 'enrichLayer' | 'leadfeeder')[],
  ) => {
    const { outcomes } = await runWaterfall([lead], { goal, order: 'given', clients: waterfallClients(sandbox, order) });
    return ok(outcomes[0]!);
  };

  it('mobile phone: Enrich.so phones, SMARTe mobile, EnrichLayer personal numbers', async () => {
    const lead = { email: 'bob.ray@acme.io', linkedinUrl: 'https://www.linkedin.com/in/bob-ray', firstName: 'Bob', lastName: 'Ray', domain: 'acme.io' };
    for (const provider of ['enrichSo', 'smarte', 'enrichLayer'] as const) {
      const result = await run('mobilePhone', lead, [provider]);
      expect(result).toMatchObject({ found: true, provider, value: { phone: expect.stringMatching(/\d{6,}/) } });
    }
    // EnrichLayer bills per number returned: asked for one, it charges 1 though the profile has two.
    expect((await run('mobilePhone', { linkedinUrl: 'https://www.linkedin.com/in/cy-park' }, ['enrichLayer'])).credits).toBe(1);
    // A profile without numbers: a miss, free.
    expect(await run('mobilePhone', { linkedinUrl: 'https://www.linkedin.com/in/ann-lee' }, ['enrichLayer'])).toMatchObject({ found: false, credits: 0 });
  });

  it('person from email: Enrich.so reverse lookup, EnrichLayer reverse email lookup, SMARTe person', async () => {
    for (const provider of ['enrichSo', 'enrichLayer', 'smarte'] as const) {
      const result = await run('personFromEmail', { email: 'ann.lee@acme.io' }, [provider]);
      expect(result).toMatchObject({ found: true, provider });
      expect(result.value).toEqual(
        expect.objectContaining(
          provider === 'enrichLayer' ? { linkedinUrl: expect.stringContaining('linkedin.com/in/') } : { lastName: expect.stringMatching(/lee/i) },
        ),
      );
    }
    // Nobody behind it at Enrich.so: a miss, free, and SMARTe gets its turn.
    const nobody = await run('personFromEmail', { email: 'nobody.here@acme.io' }, ['enrichSo', 'smarte']);
    expect(tried(nobody)).toEqual(['enrichSo:miss', 'smarte:hit']);
    expect(nobody.credits).toBe(1);
  });

  it('company from domain and from IP', async () => {
    for (const provider of ['enrichLayer', 'smarte'] as const) {
      expect(await run('companyFromDomain', { domain: 'acme.io' }, [provider])).toMatchObject({ found: true, provider });
    }
    const ip = await run('companyFromIp', { ip: '8.8.8.8' }, ['enrichSo', 'leadfeeder']);
    expect(ip).toMatchObject({ found: true, provider: 'enrichSo', value: { domain: expect.any(String), name: expect.any(String) } });
    const privateIp = await run('companyFromIp', { ip: '10.1.2.3' }, ['enrichSo']);
    expect(privateIp).toMatchObject({ found: false, credits: 0 });
  });
});
