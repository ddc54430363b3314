/**
 * Record subscriptions, the monthly request quota and poll sources through n8n's own engine, on
 * the subscription toy (not Leadfeeder's quirks): a company paid in one execution is free in
 * the next, visitors arrive subscribed through the polling trigger, and 90% of the quota shows as
 * a warning on the node.
 */
import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  IExecuteFunctions,
  INodeExecutionData,
  INodeProperties,
  INodeType,
  INodeTypeDescription,
  IPollFunctions,
} from 'n8n-workflow';
import { credentialDescription } from '../../nodes/adapter/credential';
import { actionDescription } from '../../nodes/adapter/description';
import { executeAction } from '../../nodes/adapter/execute';
import { pollSourceTrigger, pollSourceTriggerDescription } from '../../nodes/adapter/pollSource';
import { subscriptionCatalog as catalog } from '../unit/fixtures/subscription-catalog';
import { startSubscriptionServer, type SubscriptionServer } from '../unit/fixtures/subscription-server';
import { itemsInto, output, PACKAGE, pollOnce, registerTypes, runWorkflow, toWorkflow } from './harness';

const generated = credentialDescription(catalog);
class SubtoyApi implements ICredentialType {
  name = 'subtoyApi';
  displayName = 'SubToy API';
  properties: INodeProperties[] = generated.properties;
  authenticate: IAuthenticateGeneric = generated.authenticate;
  test: ICredentialTestRequest = generated.test;
}
class Subtoy implements INodeType {
  description: INodeTypeDescription = { ...actionDescription(catalog), usableAsTool: true };
  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return executeAction(this, catalog);
  }
}
class SubtoyTrigger implements INodeType {
  description: INodeTypeDescription = pollSourceTriggerDescription(catalog);
  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    return pollSourceTrigger(this, catalog);
  }
}
registerTypes({ [`${PACKAGE}.subtoy`]: new Subtoy(), [`${PACKAGE}.subtoyTrigger`]: new SubtoyTrigger() }, { subtoyApi: new SubtoyApi() });

let server: SubscriptionServer;
beforeAll(async () => {
  server = await startSubscriptionServer();
});
afterAll(() => server.close());

/** Each test its own key: the quota and the registry are per account. */
const credentialsFor = (apiKey: string) => ({ subtoyApi: { apiKey, baseUrl: server.baseUrl } });
const NODE = { credentials: { subtoyApi: { id: '1', name: 'SubToy' } } };
async function run(apiKey: string, parameters: Record<string, unknown>) {
  const { run: r } = await runWorkflow(
    itemsInto([{ n: 1 }], { ...NODE, parameters: parameters as never, onError: 'continueRegularOutput' }, `${PACKAGE}.subtoy`),
    { credentials: credentialsFor(apiKey) },
  );
  return r;
}

it('a company paid in one execution is free in the next, and the item says why', async () => {
  const before = server.charged();
  const first = output(await run('key-a', { resource: 'company', operation: 'get', id: 'c-new-1' }), 'Enrich');
  expect(first[0]!.json._credits).toMatchObject({ estimated: 1, charged: 1, source: 'model' });
  const second = output(await run('key-a', { resource: 'company', operation: 'signals', id: 'c-new-1' }), 'Enrich');
  expect(second[0]!.json._credits).toMatchObject({ estimated: 0, charged: 0, source: 'subscription' });
  expect(server.charged() - before).toBe(1);
});

it('visitors polled by the trigger arrive subscribed: their details are free, and each visitor is emitted once', async () => {
  const workflow = toWorkflow({
    nodes: [
      {
        id: 't',
        name: 'Visitors',
        type: `${PACKAGE}.subtoyTrigger`,
        typeVersion: 1,
        position: [0, 0],
        parameters: { event: 'newVisitor', windowDays: 1 },
        ...NODE,
      },
    ],
    connections: {},
  });
  const polled = (await pollOnce(workflow, 'Visitors', { credentials: credentialsFor('key-b') }))![0]!;
  expect(polled.map((i) => i.json.id)).toEqual(['c-visitor-1', 'c-visitor-2']);
  expect(await pollOnce(workflow, 'Visitors', { credentials: credentialsFor('key-b') })).toBeNull();
  const before = server.charged();
  const detail = output(await run('key-b', { resource: 'company', operation: 'retrieve', ids: 'c-visitor-1, c-visitor-2' }), 'Enrich');
  expect(detail[0]!.json._credits).toMatchObject({ estimated: 0, charged: 0, source: 'subscription' });
  expect(server.charged()).toBe(before);
});

it('the ninth request of a quota of ten shows a warning on the node; the eleventh fails its item unsent', async () => {
  let last;
  for (let i = 0; i < 9; i++) last = await run('key-c', { resource: 'visitors', operation: 'list', returnAll: true });
  const hints = last!.data.resultData.runData.Enrich![0]!.hints ?? [];
  expect(hints).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'warning', message: expect.stringContaining('9 of the 10 requests') })]));
  await run('key-c', { resource: 'visitors', operation: 'list', returnAll: true });
  const sent = server.requests();
  const refused = output(await run('key-c', { resource: 'visitors', operation: 'list', returnAll: true }), 'Enrich');
  expect(refused[0]!.json.error).toMatch(/monthly quota of 10 requests is used up/);
  expect(server.requests()).toBe(sent);
});
