/**
 * The EnrichLayer integration through createAppTester against the sandbox: every action, the
 * itemised bill on what it returns (the credits guide's worked examples included), a step's
 * Max Credits refusing a call before it is sent, and 403 halting the zap as out of credits.
 */
import { catalogs, describeInputFields } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { actionKey } from '../../zapier-app/lib/operations';
import { MAX_CREDITS_KEY } from '../../zapier-app/lib/fields';
import { employeesOf, titleMatches } from '../../sandbox/providers/enrichlayer/data';
import { enrichLayerSamples } from '../unit/providers/enrichLayer/samples';
import { appFor, expectNoKey, testerFor } from './helpers';

const catalog = catalogs.enrichLayer!;
const app = appFor(catalog);
const run = testerFor(app);
let sandbox: Sandbox;

/**
 * A Zapier search reads one page at the default size (10): a Microsoft just big enough to hold
 * exactly 3 current Canadian software engineers makes that page the credits guide's example.
 */
function employeesForThreeEngineers(): number {
  const staff = employeesOf(1, 'microsoft', 5_000);
  let found = 0;
  for (const e of staff) {
    if (e.current && e.country === 'ca' && titleMatches('software and engineer', e.title)) found++;
    if (found === 3) return e.index + 1;
  }
  throw new Error('no such company');
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, enrichLayer: { companies: { microsoft: employeesForThreeEngineers() } } });
});
afterAll(() => sandbox.close());

const wallet = () => sandbox.providers.enrichLayer.wallet().balance;
const requestsSent = () => sandbox.providers.enrichLayer.requests().length;

function bundleFor(inputData: Record<string, unknown>) {
  const el = sandbox.providers.enrichLayer;
  return { authData: { apiKey: el.apiKey, baseUrl: el.baseUrl }, inputData, meta: { isLoadingSample: false, isTestingAuth: false } };
}

async function search(opKey: string, input: Record<string, unknown>): Promise<any[]> {
  const action = app.searches[actionKey(opKey)];
  if (!action) throw new Error(`no Zapier search for ${opKey}`);
  const result = await run(action.operation.perform, bundleFor(input));
  expectNoKey(result, sandbox.providers.enrichLayer.apiKey);
  expect(Array.isArray(result)).toBe(true);
  return result;
}

it('every catalog operation is a Zapier search (all EnrichLayer calls are reads)', () => {
  expect(catalog.operations.map((o) => actionKey(o.key)).sort()).toEqual(
    Object.keys(app.searches)
      .filter((k) => catalog.operations.some((o) => actionKey(o.key) === k))
      .sort(),
  );
  expect(catalog.operations).toHaveLength(25);
});

describe.each(catalog.operations.map((o) => [o.key] as const))('%s through Zapier', (key) => {
  it('answers the good sample; every record carries what it cost, the first the bill', async () => {
    const before = wallet();
    const records = await search(key, enrichLayerSamples[key]!.good);
    expect(records.length).toBeGreaterThan(0);
    const meta = records[0].enrichflow;
    expect(meta).toEqual(expect.objectContaining({ creditsCharged: expect.any(Number), creditsEstimated: expect.any(Number) }));
    const charged =
      Math.round(records.reduce((sum: number, r: { enrichflow: { creditsCharged: number } }) => sum + r.enrichflow.creditsCharged, 0) * 1e6) / 1e6;
    expect(before - wallet()).toBe(charged);
    if (charged > 0) expect(meta.bill).toEqual(expect.any(Object));
  });

  const { bad, badField } = enrichLayerSamples[key]!;
  const fields = describeInputFields(catalog.operations.find((o) => o.key === key)!.input).map((f) => f.name);
  if (fields.includes(badField))
    it('refuses the bad sample naming the field, nothing sent', async () => {
      const sent = requestsSent();
      const error = await search(key, { ...enrichLayerSamples[key]!.good, ...bad }).then(
        () => undefined,
        (e: Error) => e,
      );
      // Zapier's message names the field by its label and key: "ID (id): … id must be …".
      expect(error?.message).toContain(`(${badField})`);
      expect(requestsSent()).toBe(sent);
    });
});

describe('the bill in a zap', () => {
  it('the worked example’s full profile request shows its 14-credit bill', async () => {
    const [profile] = await search('person.getProfile', {
      profile_url: 'https://www.linkedin.com/in/williamhgates',
      extra: 'include',
      github_profile_id: 'include',
      facebook_profile_id: 'include',
      twitter_profile_id: 'include',
      personal_contact_number: 'include',
      inferred_salary: 'include',
      skills: 'include',
      live_fetch: 'force',
    });
    expect(profile.enrichflow).toMatchObject({
      creditsEstimated: 18,
      creditsCharged: 14,
      bill: { base_cost: 1, extra_data: 1, github_profile_id: 1, facebook_profile_id: 1, twitter_profile_id: 1, live_fetch: 9 },
    });
  });

  it('the worked example’s listing shows 117 itemised per employee', async () => {
    const records = await search('company.listEmployees', {
      url: 'https://www.linkedin.com/company/microsoft',
      country: 'ca',
      boolean_role_search: 'software and engineer',
      sort_by: 'recently-joined',
    });
    expect(records).toHaveLength(3);
    expect(records[0].enrichflow).toMatchObject({
      pageCreditsCharged: 117,
      bill: { role_search: 10, sort_by: 50, items: 57, items_count: 3, items_breakdown: { base_cost: 3, role_search: 3, sort_by: 10, countries: 3 } },
    });
    // Each employee carries its share: 117 over 3.
    expect(records.map((r: { enrichflow: { creditsCharged: number } }) => r.enrichflow.creditsCharged)).toEqual([39, 39, 39]);
  });

  it('Max Credits below the estimate halts the step before anything is sent', async () => {
    const sent = requestsSent();
    const error = await search('company.listEmployees', { url: 'https://www.linkedin.com/company/microsoft', [MAX_CREDITS_KEY]: 20 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe('HaltedError');
    expect(error?.message).toMatch(/budget/i);
    expect(requestsSent()).toBe(sent);
  });

  it('403 from EnrichLayer halts the zap as out of credits, charging nothing', async () => {
    sandbox.providers.enrichLayer.wallet().setBalance(5);
    try {
      const error = await search('company.listEmployees', { url: 'https://www.linkedin.com/company/microsoft' }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe('HaltedError');
      expect(error?.message).toMatch(/insufficient credits/i);
      expect(wallet()).toBe(5);
    } finally {
      sandbox.providers.enrichLayer.wallet().setBalance(10_000);
    }
  });
});
