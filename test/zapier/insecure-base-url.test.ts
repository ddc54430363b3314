/**
 * An http:// Base URL off this machine would send the key in clear (issue 18): the Zapier
 * connection test fails with a message naming "Allow Insecure HTTP", sending nothing; loopback
 * (the sandbox) and the explicit opt-in pass.
 */
import type { Sandbox } from '../../sandbox/server';
import { appFor, startEnrichSo, testerFor } from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startEnrichSo();
});
afterAll(() => sandbox.close());

const app = appFor();
const tester = testerFor(app);
const connect = (authData: Record<string, unknown>) => tester((app.authentication as { test: unknown }).test, { authData, meta: { isTestingAuth: true } });

it('the connection test fails on an http:// Base URL off loopback, saying what to do', async () => {
  const error = (await connect({ apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: 'http://api.enrich.example/api/v3' }).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/http:\/\/api\.enrich\.example is plain http:\/\/, which would send the API key in clear text.*Allow Insecure HTTP/);
  expect((app.authentication as { fields: { key: string; type: string }[] }).fields.find((f) => f.key === 'allowInsecureHttp')).toMatchObject({
    type: 'boolean',
  });
});

it('the sandbox on loopback connects over http://', async () => {
  await expect(connect({ apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl })).resolves.toBeDefined();
});

it('"Allow Insecure HTTP" turned on lets an http:// Base URL through (here it cannot connect, proving it was tried)', async () => {
  const error = (await connect({ apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: 'http://api.enrich.invalid/api/v3', allowInsecureHttp: 'true' }).catch(
    (e: unknown) => e,
  )) as Error;
  expect(error.message).not.toMatch(/clear text/);
  expect(error.message).toMatch(/No answer from api\.enrich\.invalid/);
});
