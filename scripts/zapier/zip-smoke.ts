/**
 * Proves a build zip runs: loads the integration and zapier-platform-core from the unzipped
 * tree only (nothing from this repository), then runs that integration's smoke (connection test,
 * a paid lookup, a batch or a trigger) through createAppTester against a sandbox started in-process.
 * Usage: tsx scripts/zapier/zip-smoke.ts <unzipped build dir>
 */
import path from 'node:path';
import { startSandbox } from '../../sandbox/server';
import { manifests } from '../../shared';

type Smoke = (zapier: any, app: any, sandbox: Awaited<ReturnType<typeof startSandbox>>) => Promise<string>;

/**
 * Per provider (manifest id): a connection test and a few real actions. A provider without one
 * gets the connection test with its sandbox key (connectionSmoke).
 */
const smokes: Record<string, Smoke> = {
  enrichSo: async (zapier, app, sandbox) => {
    const run = zapier.createAppTester(app);
    const authData = { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl };
    const account = await run(app.authentication.test, { authData });
    if (!account.organizationId) throw new Error('connection test returned no organizationId');
    const [validated] = await run(app.searches.emailValidation_validate.operation.perform, { authData, inputData: { email: 'jane.doe@acme.com' } });
    if (validated?.result !== 'valid' || validated.enrichflow.creditsCharged !== 1)
      throw new Error(`unexpected validation answer ${JSON.stringify(validated)}`);
    const started = await run(app.creates.emailValidation_startBatch.operation.perform, {
      authData,
      inputData: { items: [{ email: 'a@acme.com' }, { email: 'b@acme.com' }], waitForResults: false },
    });
    const [status] = await run(app.searches.emailValidation_getBatchStatus.operation.perform, { authData, inputData: { batchId: started.jobId } });
    if (status?.batchId !== started.jobId) throw new Error(`status of ${started.jobId} not found`);
    const pairs = Object.keys(app.searchOrCreates ?? {});
    if (pairs.length === 0) throw new Error('the build lost its search-or-create pairs (zapier-app/lib/hints.ts)');
    return `${pairs.length} search-or-create; org ${account.organizationId}; batch ${started.jobId} ${status.status}`;
  },
  leadfeeder: async (zapier, app, sandbox) => {
    const run = zapier.createAppTester(app);
    const lf = sandbox.providers.leadfeeder;
    const authData = { apiKey: lf.apiKey, baseUrl: lf.baseUrl, accountId: lf.accountId };
    await run(app.authentication.test, { authData });
    const [company] = await run(app.searches.company_get.operation.perform, { authData, inputData: { id: 'cmp_0045' } });
    if (company?.enrichflow?.creditsCharged !== 1) throw new Error(`unexpected company answer ${JSON.stringify(company)}`);
    const visitors = await run(app.triggers.newVisitorCompany.operation.perform, { authData, inputData: { windowDays: 3 } });
    if (!Array.isArray(visitors) || visitors.length === 0) throw new Error('the visitor trigger found no companies');
    return `company ${company.id} for ${company.enrichflow.creditsCharged} credit; ${visitors.length} visitor companies`;
  },
  enrichLayer: async (zapier, app, sandbox) => {
    const run = zapier.createAppTester(app);
    const el = sandbox.providers.enrichLayer;
    const authData = { apiKey: el.apiKey, baseUrl: el.baseUrl };
    await run(app.authentication.test, { authData });
    const [profile] = await run(app.searches.person_getProfile.operation.perform, {
      authData,
      inputData: { profile_url: 'https://www.linkedin.com/in/williamhgates', extra: 'include' },
    });
    if (profile?.enrichflow?.creditsCharged !== 2 || !profile.enrichflow.bill)
      throw new Error(`unexpected profile answer ${JSON.stringify(profile?.enrichflow)}`);
    return `profile billed ${JSON.stringify(profile.enrichflow.bill)}`;
  },
  influencersClub: async (zapier, app, sandbox) => {
    const run = zapier.createAppTester(app);
    const icl = sandbox.providers.influencersClub;
    const authData = { apiKey: icl.apiKey, baseUrl: icl.baseUrl };
    await run(app.authentication.test, { authData });
    const [creator] = await run(app.searches.creator_enrichHandleRaw.operation.perform, { authData, inputData: { handle: 'alice', platform: 'instagram' } });
    if (creator?.enrichflow?.creditsCharged !== 0.03) throw new Error(`unexpected creator answer ${JSON.stringify(creator?.enrichflow)}`);
    return `raw enrichment for ${creator.enrichflow.creditsCharged} credits; ${Object.keys(app.triggers).length} triggers`;
  },
  smarte: async (zapier, app, sandbox) => {
    const run = zapier.createAppTester(app);
    const sm = sandbox.providers.smarte;
    const authData = { apiKey: sm.apiKey, baseUrl: sm.baseUrl, requestRate: '6000' };
    await run(app.authentication.test, { authData });
    const [person] = await run(app.searches.person_enrich.operation.perform, { authData, inputData: { email: 'jane.doe@acme.io' } });
    if (person?.enrichflow?.creditsCharged !== 1 || !String(person.smarteTransactionId).startsWith('stx_'))
      throw new Error(`unexpected person answer ${JSON.stringify(person?.enrichflow)}`);
    return `person ${person.smarteTransactionId} for 1 credit`;
  },
  'enrichflow-zapier-waterfall': async (zapier, app, sandbox) => {
    const run = zapier.createAppTester(app);
    const { enrichSo: es, smarte: sm } = sandbox.providers;
    const authData = {
      enrichSo_apiKey: es.apiKey,
      enrichSo_baseUrl: es.baseUrl,
      smarte_apiKey: sm.apiKey,
      smarte_baseUrl: sm.baseUrl,
      smarte_requestRate: '6000',
    };
    const connection = await run(app.authentication.test, { authData });
    if (connection?.providers !== 'Enrich.so, SMARTe') throw new Error(`unexpected connection ${JSON.stringify(connection)}`);
    const found = await run(app.creates.findWorkEmail.operation.perform, { authData, inputData: { firstName: 'Dee', lastName: 'Fox', domain: 'nomatch.io' } });
    if (found?.provider !== 'enrichSo' || found.enrichflow?.creditsCharged !== 10) throw new Error(`unexpected waterfall answer ${JSON.stringify(found)}`);
    return `work email from ${found.provider} after ${found.steps.length} steps for ${found.enrichflow.creditsCharged} credits`;
  },
};

/** The integration's connection test, with its provider's sandbox key and base URL. */
function connectionSmoke(id: string): Smoke {
  return async (zapier, app, sandbox) => {
    const provider = sandbox.providers[id];
    if (!provider) throw new Error(`the sandbox has no provider ${id}`);
    await zapier.createAppTester(app)(app.authentication.test, { authData: { apiKey: provider.apiKey, baseUrl: provider.baseUrl } });
    return 'connection test passed';
  };
}

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? '');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zapier = require(path.join(dir, 'node_modules/zapier-platform-core'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require(path.join(dir, 'index.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const name: string = require(path.join(dir, 'package.json')).name;
  // A provider's integration is found by its manifest; one over several providers (the
  // Waterfall) has no manifest of its own and its smoke is listed under its package name.
  const manifest = Object.values(manifests).find((m) => m.zapier.package === name);
  const smoke = smokes[name] ?? (manifest ? (smokes[manifest.id] ?? connectionSmoke(manifest.id)) : undefined);
  if (!smoke) throw new Error(`no provider manifest names the integration ${name}, and it has no smoke of its own`);
  const sandbox = await startSandbox({ port: 0 });
  try {
    const said = await smoke(zapier, app, sandbox);
    console.log(
      `zip ok (${name}): ${Object.keys(app.triggers).length} triggers, ${Object.keys(app.searches).length} searches, ${Object.keys(app.creates).length} creates; ${said}`,
    );
  } finally {
    await sandbox.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
