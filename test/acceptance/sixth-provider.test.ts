/**
 * A sixth provider is its own files: a manifest (test/unit/fixtures/sixth/manifest.json), a
 * catalog (the toy's) and a sandbox on the kit (test/unit/fixtures/sixth/sandbox.ts). Nothing of
 * the project lists it, yet the sandbox mounts it, n8n's engine runs its node, Zapier's app
 * tester runs its integration, the package scripts make its n8n package and the editor
 * expectations cover every operation it has.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  INodeType,
  INodeTypeDescription,
} from 'n8n-workflow';
import { manifestProblems } from '../../shared';
import { credentialDescription } from '../../nodes/adapter/credential';
import { actionDescription } from '../../nodes/adapter/description';
import { SHARED_STORE_INCLUDED } from '../../nodes/adapter/edition';
import { executeAction } from '../../nodes/adapter/execute';
import { SPEND_RESOURCE } from '../../nodes/adapter/spend';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { actionKey } from '../../zapier-app/lib/operations';
import { COST_NOTE, expectedFields, operationCases } from '../n8n/e2e/editorExpectations';
import { itemsInto, output, PACKAGE, registerTypes, runWorkflow } from '../n8n/harness';
import { nodeSnapshot } from '../n8n/savedWorkflows';
import { appFor, testerFor } from '../zapier/helpers';
import { toyCatalog } from '../unit/fixtures/toy-catalog';
import manifest from '../unit/fixtures/sixth/manifest.json';
import { ToySandbox } from '../unit/fixtures/sixth/sandbox';

const ROOT = path.join(__dirname, '..', '..');

// What nodes/Toy/Toy.node.ts and credentials/ToyApi.credentials.ts would hold.
const generated = credentialDescription(toyCatalog);
class ToyApi implements ICredentialType {
  name = manifest.credential;
  displayName = `${manifest.displayName} API`;
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}
class Toy implements INodeType {
  description: INodeTypeDescription = { ...actionDescription(toyCatalog), usableAsTool: true };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, toyCatalog);
  }
}

let sandbox: Sandbox;
const toy = () => sandbox.providers[manifest.id] as ToySandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, extraProviders: [(context) => new ToySandbox(context)] });
});
afterAll(() => sandbox.close());

it('its manifest agrees with its catalog and the naming rules', () => {
  expect(manifestProblems(manifest, toyCatalog)).toEqual([]);
});

it('the sandbox mounts it at its manifest prefix, beside the five, with the kit’s control routes', async () => {
  expect(toy().baseUrl).toBe(`${sandbox.url}/toy/api`);
  expect(sandbox.mounted.map((p) => p.id)).toContain('toy');
  const health = (await (await fetch(`${sandbox.url}/_sandbox/health`)).json()) as { providers: Record<string, { prefix: string }> };
  expect(health.providers.toy).toEqual({ prefix: '/toy/api' });
  const config = await fetch(`${sandbox.url}/_sandbox/toy/config`, { method: 'POST', body: JSON.stringify({ balance: 500 }) });
  expect(await config.json()).toEqual({ apiKey: 'toy_…', balance: 500 });
  expect(toy().wallet()).toBe(500);
});

it('n8n runs its node: a found person costs 10 credits, said on the item and taken from the sandbox wallet', async () => {
  const type = `${PACKAGE}.${manifest.id}`;
  registerTypes({ [type]: new Toy() }, { [manifest.credential]: new ToyApi() });
  const before = toy().wallet();
  const wf = itemsInto(
    [{ email: 'ada@toy.example' }],
    {
      parameters: { resource: 'person', operation: 'lookup', email: '={{$json.email}}' },
      credentials: { [manifest.credential]: { id: '1', name: 'Toy sandbox' } },
    },
    type,
  );
  const { run } = await runWorkflow(wf, { credentials: { [manifest.credential]: { apiKey: toy().apiKey, baseUrl: toy().baseUrl } } });
  expect(run.data.resultData.error).toBeUndefined();
  const [item] = output(run, 'Enrich');
  expect(item!.json).toMatchObject({ found: true, email: 'ada@toy.example', _credits: { charged: 10 } });
  expect(toy().wallet()).toBe(before - 10);
  expect(toy().requests().at(-1)).toMatchObject({ method: 'POST', path: '/toy/api/people/lookup', status: 200 });
});

it('a workflow saved with version 1 still runs once its node has versions 1 and 2', async () => {
  class ToyV2 extends Toy {
    override description: INodeTypeDescription = { ...actionDescription(toyCatalog, { versions: [1, 2] }), usableAsTool: true };
  }
  const type = `${PACKAGE}.${manifest.id}V2`;
  registerTypes({ [type]: new ToyV2() }, { [manifest.credential]: new ToyApi() });
  expect(new ToyV2().description).toMatchObject({ version: [1, 2], defaultVersion: 2 });
  const wf = itemsInto(
    [{ email: 'linus@toy.example' }],
    {
      typeVersion: 1,
      parameters: { resource: 'person', operation: 'lookup', email: '={{$json.email}}' },
      credentials: { [manifest.credential]: { id: '1', name: 'Toy sandbox' } },
    },
    type,
  );
  const { run } = await runWorkflow(wf, { credentials: { [manifest.credential]: { apiKey: toy().apiKey, baseUrl: toy().baseUrl } } });
  expect(run.data.resultData.error).toBeUndefined();
  expect(output(run, 'Enrich')[0]!.json).toMatchObject({ found: true, email: 'linus@toy.example', _credits: { charged: 10 } });
});

it('Zapier runs its integration: the lookup search, charged by the sandbox', async () => {
  const app = appFor(toyCatalog);
  const run = testerFor(app);
  const before = toy().wallet();
  const results = await run(app.searches[actionKey('person.lookup')]!.operation.perform, {
    authData: { apiKey: toy().apiKey, baseUrl: toy().baseUrl },
    inputData: { email: 'grace@toy.example' },
  });
  expect(results[0]).toMatchObject({ found: true, email: 'grace@toy.example' });
  expect(toy().wallet()).toBe(before - 10);
});

it('the package scripts make its n8n package from its manifest, and the all-in-one names it', () => {
  const providers = mkdtempSync(path.join(tmpdir(), 'providers-'));
  mkdirSync(path.join(providers, 'toy'));
  cpSync(path.join(__dirname, '../unit/fixtures/sixth/manifest.json'), path.join(providers, 'toy', 'manifest.json'));
  const script = `
    import { readManifests, providerPackage, allInOne, PROVIDER_PACKAGES, packageJson } from ${JSON.stringify(path.join(ROOT, 'scripts/n8n/packages.mjs'))};
    const [toy] = readManifests(${JSON.stringify(providers)}).map(providerPackage);
    const all = allInOne([...PROVIDER_PACKAGES, toy]);
    const classes = [{ kind: 'nodes', dir: 'Toy', file: 'Toy.node.js' }, { kind: 'credentials', dir: 'credentials', file: 'ToyApi.credentials.js' }];
    const pkg = packageJson({ version: '0.1.0', license: 'MIT', author: {}, engines: {} }, toy, classes);
    console.log(JSON.stringify({ toy, all, pkg }));`;
  const { toy: spec, all, pkg } = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  expect(spec).toMatchObject({ packageName: 'n8n-nodes-enrichflow-toy', nodesDirs: ['Toy'], credentials: ['ToyApi'], verified: true });
  expect(pkg).toMatchObject({
    name: 'n8n-nodes-enrichflow-toy',
    keywords: expect.arrayContaining(['toy']),
    n8n: { nodes: ['dist/Toy/Toy.node.js'], credentials: ['dist/credentials/ToyApi.credentials.js'] },
  });
  expect(all.nodesDirs).toContain('Toy');
  expect(all.service).toMatch(/ and Toy$/);
});

it('the editor expectations cover every operation of its node, each with its cost note, and the guard can hold it', () => {
  const description = new Toy().description;
  const cases = operationCases(description);
  // Its catalog's operations, and the adapter's own Spend → Report where the Shared Store is in the package.
  const adapterOwn = SHARED_STORE_INCLUDED ? [`${SPEND_RESOURCE}.report`] : [];
  expect(cases.map((c) => `${c.resource}.${c.operation}`).sort()).toEqual([...toyCatalog.operations.map((o) => o.key), ...adapterOwn].sort());
  for (const c of cases) expect(c.costNote).toMatch(COST_NOTE);
  expect(expectedFields(description, { resource: 'person', operation: 'lookup' }).map((f) => f.name)).toContain('email');
  expect(nodeSnapshot(description, 1).parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['resource', 'operation', 'email']));
});
