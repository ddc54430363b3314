import { appFor, bundle, startEnrichSo, testerFor } from './helpers';
(async () => {
  const sandbox = await startEnrichSo();
  const app = appFor(); const run = testerFor(app);
  const started = await run(app.creates.emailValidation_startBatch!.operation.perform, bundle(sandbox, { emails: ['jane.doe@acme.com','x@y.com'], waitForResults: false }));
  console.log(started);
  await new Promise(r => setTimeout(r, 1500));
  const res = await run(app.creates.emailValidation_getBatchResults!.operation.perform, bundle(sandbox, { batchId: started.jobId }));
  console.log(JSON.stringify(res).slice(0, 600));
  console.log(sandbox.providers.enrichSo.requests().slice(-3));
  await sandbox.close();
})();
