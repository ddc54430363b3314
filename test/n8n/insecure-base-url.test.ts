/**
 * An http:// Base URL off this machine would send the key in clear (issue 18): the node refuses
 * it before anything is sent, naming "Allow Insecure HTTP"; the credential test n8n sends itself
 * goes to a host that can never resolve; turned on, "Allow Insecure HTTP" lets it through.
 */
import { Workflow } from 'n8n-workflow';
import { credentialDescription } from '../../nodes/adapter/credential';
import { catalogs } from '../../shared';
import { itemsInto, runWorkflow } from './harness';

test('the node refuses an http:// Base URL off loopback, sending nothing', async () => {
  const credentials = { enrichSoApi: { apiKey: 'sk_test_enrichflow_sandbox', baseUrl: 'http://api.enrich.example/api/v3' } };
  const { run } = await runWorkflow(
    itemsInto([{ email: 'ann@x.com' }], { parameters: { resource: 'emailValidation', operation: 'validate', email: '={{ $json.email }}' } }),
    { credentials },
  );
  const error = run.data.resultData.error;
  expect(error?.message).toMatch(/Base URL http:\/\/api\.enrich\.example is plain http:\/\/.*Allow Insecure HTTP/);
});

test('the credential test (sent by n8n itself) never goes to an http:// host off loopback unless allowed', () => {
  const { test: request, properties } = credentialDescription(catalogs.enrichSo!);
  expect(properties.find((p) => p.name === 'allowInsecureHttp')).toMatchObject({ type: 'boolean', default: false });
  const expression = (request.request as { baseURL: string }).baseURL;
  const nodeTypes = {
    getByName: () => ({ description: { properties: [] } }),
    getByNameAndVersion: () => ({ description: { properties: [] } }),
    getKnownTypes: () => ({}),
  };
  const workflow = new Workflow({
    id: '1',
    nodes: [{ id: 'a', name: 'A', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }],
    connections: {},
    active: false,
    nodeTypes: nodeTypes as never,
  });
  const resolve = ($credentials: Record<string, unknown>) =>
    workflow.expression.getParameterValue(expression, null, 0, 0, 'A', [], 'internal', { $credentials } as never);
  expect(resolve({ baseUrl: 'http://api.enrich.example/api/v3' })).toMatch(/\.invalid$/);
  expect(resolve({ baseUrl: 'http://127.0.0.1:4010/enrich-so/api/v3' })).toBe('http://127.0.0.1:4010/enrich-so/api/v3');
  expect(resolve({ baseUrl: 'https://dev.enrich.so/api/v3' })).toBe('https://dev.enrich.so/api/v3');
  expect(resolve({ baseUrl: 'http://api.enrich.example/api/v3', allowInsecureHttp: true })).toBe('http://api.enrich.example/api/v3');
});
