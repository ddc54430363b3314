/** The EnrichLayer catalog as data: the official node's 25 operations, their cost formulas, limits and readings. */
import { createClient } from '../../../../shared/client';
import { FakeClock } from '../../../../shared/clock';
import { createEnrichLayerCatalog, enrichLayer, ENRICH_LAYER_READINGS } from '../../../../shared/providers/enrichLayer';
import { MemoryStore } from '../../../../shared/store/memory';
import { ScriptedTransport, json } from '../../fixtures/toy-catalog';
import { enrichLayerSamples } from './samples';

function offlineClient(catalog = enrichLayer) {
  const clock = new FakeClock();
  return createClient({
    provider: catalog,
    apiKey: 'sk_test_unit',
    clock,
    store: new MemoryStore({ clock }),
    transport: new ScriptedTransport(() => json(200, {})),
  });
}

describe('the EnrichLayer catalog', () => {
  it('has the official node’s 25 operations over its 7 resources, each with a sample', () => {
    expect(enrichLayer.operations).toHaveLength(25);
    expect(new Set(enrichLayer.operations.map((o) => o.resource))).toEqual(new Set(['company', 'person', 'contact', 'school', 'job', 'search', 'meta']));
    expect(Object.keys(enrichLayerSamples).sort()).toEqual(enrichLayer.operations.map((o) => o.key).sort());
  });

  it('states every operation’s cost formula in its description', () => {
    for (const op of enrichLayer.operations) expect(op.description).toMatch(/Cost: (Free|.*base_cost|.*per (number|email) returned)/);
  });

  it('tests credentials on the free balance, paces to 300 a minute measured over 5 minutes, and allows 60 s per request', async () => {
    const test = enrichLayer.operations.find((o) => o.key === enrichLayer.credentialTestOp)!;
    expect(test.path).toBe('/credit-balance');
    expect(await offlineClient().estimate(test.key, {})).toBe(0);
    expect(enrichLayer.rateLimits.default).toEqual({ rate: 300, windowMs: 60_000, burst: 300, windows: [{ rate: 1_500, windowMs: 300_000 }] });
    expect(enrichLayer.timeoutMs).toBe(60_000);
  });

  it('estimates every good sample without sending anything, as an upper bound of at least the base price', async () => {
    const client = offlineClient();
    for (const [key, sample] of Object.entries(enrichLayerSamples)) expect(await client.estimate(key, sample.good)).toBeGreaterThanOrEqual(0);
    expect(
      await client.estimate('person.getProfile', {
        profile_url: 'https://www.linkedin.com/in/x',
        personal_email: 'include',
        skills: 'include',
        use_cache: 'if-recent',
      }),
    ).toBe(5);
    expect(
      await client.estimate('company.getProfile', {
        url: 'https://www.linkedin.com/company/x',
        categories: 'include',
        funding_data: 'include',
        exit_data: 'include',
        acquisitions: 'include',
        extra: 'include',
      }),
    ).toBe(6);
  });

  it('each reading changes the price it is about, and the credential offers all four', async () => {
    expect(ENRICH_LAYER_READINGS.map((r) => r.name)).toEqual(['skills', 'roleSearchPerResult', 'pageSizeMax', 'searchPricing']);
    const listing = { url: 'https://www.linkedin.com/company/x', boolean_role_search: 'cto', page_size: 10 };
    expect(await offlineClient().estimate('company.listEmployees', listing)).toBe(70);
    expect(await offlineClient(createEnrichLayerCatalog({ roleSearchPerResult: 6 })).estimate('company.listEmployees', listing)).toBe(100);
    expect(await offlineClient(createEnrichLayerCatalog({ searchPricing: 'perRequest' })).estimate('search.people', { page_size: 50 })).toBe(35);
    expect(await offlineClient().estimate('search.people', { page_size: 50 })).toBe(150);
    expect(
      await offlineClient(createEnrichLayerCatalog({ skills: 'free' })).quote('person.getProfile', {
        profile_url: 'https://www.linkedin.com/in/x',
        skills: 'include',
      }),
    ).toMatchObject({ credits: 1, bill: { base_cost: 1 } });
  });
});
