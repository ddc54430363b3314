/**
 * The README's library example, run as written (imports aside) against the sandbox, so the
 * first code a user copies keeps working.
 */
import { catalogs, createClient, runBatch } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';

describe('the README library example', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, enrichSo: { itemsPerSecond: 5000 } });
  });
  afterAll(() => sandbox.close());

  it('finds an email, validates a list as a batch and reports the credits', async () => {
    const emails = ['ada@analytical.io', 'risky.grace@cobol.dev', 'invalid.alan@bletchley.org'];
    const enrich = createClient({
      provider: catalogs.enrichSo,
      apiKey: sandbox.providers.enrichSo.apiKey,
      baseUrl: sandbox.providers.enrichSo.baseUrl,
      budget: 150,
    });

    const found = await enrich.call('emailFinder.find', { firstName: 'Ada', lastName: 'Lovelace', domain: 'analytical.io' });
    expect(found.data).toMatchObject({ found: true, email: 'ada.lovelace@analytical.io' });
    expect(found.credits).toMatchObject({ estimated: 10, charged: 10, fromCache: false });

    const run = await runBatch(enrich, 'emailValidation', emails, { wait: 'poll', pollIntervalMs: 50 });
    expect(run.outcomes.map((o) => (o.ok ? (o.value as { result: string }).result : o.error.message))).toEqual(['valid', 'risky', 'invalid']);
    expect(enrich.summary()).toMatchObject({ charged: 12, reserved: 3, refunded: 1 });
  });
});
