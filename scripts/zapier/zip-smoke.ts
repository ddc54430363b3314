/**
 * Proves a build zip runs: loads the integration and zapier-platform-core from the unzipped
 * tree only (nothing from this repository), then runs the connection test, a paid lookup and a
 * batch start (line-item rows) → status through createAppTester against a sandbox started
 * in-process, and checks the search-or-create pairs made it into the bundle.
 * Usage: tsx scripts/zapier/zip-smoke.ts <unzipped build dir>
 */
import path from 'node:path';
import { startSandbox } from '../../sandbox/server';

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? '');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zapier = require(path.join(dir, 'node_modules/zapier-platform-core'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require(path.join(dir, 'index.js'));
  const sandbox = await startSandbox({ port: 0 });
  try {
    const run = zapier.createAppTester(app);
    const authData = { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl };
    const account = await run(app.authentication.test, { authData });
    if (!account.organizationId) throw new Error('connection test returned no organizationId');
    const [validated] = await run(app.searches.emailValidation_validate.operation.perform, { authData, inputData: { email: 'jane.doe@acme.com' } });
    if (validated?.result !== 'valid' || validated.enrichflow.creditsCharged !== 1) throw new Error(`unexpected validation answer ${JSON.stringify(validated)}`);
    const started = await run(app.creates.emailValidation_startBatch.operation.perform, { authData, inputData: { items: [{ email: 'a@acme.com' }, { email: 'b@acme.com' }], waitForResults: false } });
    const [status] = await run(app.searches.emailValidation_getBatchStatus.operation.perform, { authData, inputData: { batchId: started.jobId } });
    if (status?.batchId !== started.jobId) throw new Error(`status of ${started.jobId} not found`);
    const pairs = Object.keys(app.searchOrCreates ?? {});
    if (pairs.length === 0) throw new Error('the build lost its search-or-create pairs (zapier-app/lib/hints.ts)');
    console.log(`zip ok: ${Object.keys(app.triggers).length} triggers, ${Object.keys(app.searches).length} searches, ${Object.keys(app.creates).length} creates, ${pairs.length} search-or-create; org ${account.organizationId}; batch ${started.jobId} ${status.status}`);
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
