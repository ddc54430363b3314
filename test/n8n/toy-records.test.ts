/**
 * Many records in one request (issue 7, item 8) through n8n's engine, on the toy catalog: the
 * items go out as few requests (three people each), the toy answers each request in reverse
 * order, and every item still gets its own answer, paired to it, with its own credits.
 */
import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { credentialDescription } from '../../nodes/adapter/credential';
import { actionDescription } from '../../nodes/adapter/description';
import { executeAction } from '../../nodes/adapter/execute';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { OPTIONS } from '../../nodes/adapter/description';
import { toyCatalog } from '../unit/fixtures/toy-catalog';
import { startToyServer, type ToyServer } from '../unit/fixtures/toy-server';
import { itemsInto, output, PACKAGE, registerTypes, runWorkflow } from './harness';

const generated = credentialDescription(toyCatalog);

class ToyApi implements ICredentialType {
  name = 'toyApi';
  displayName = 'Toy API';
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

const TYPE = `${PACKAGE}.toy`;
registerTypes({ [TYPE]: new Toy() }, { toyApi: new ToyApi() });
let toy: ToyServer;

beforeEach(async () => {
  toy = await startToyServer();
});
afterEach(() => toy.close());

async function enrich(items: IDataObject[], opts: { check?: boolean; budget?: number } = {}) {
  const parameters = { resource: 'person', operation: 'enrich', email: '={{ $json.email }}', check: opts.check ?? false, [ADDITIONAL_FIELDS]: { recordId: '={{ $json.id }}' }, ...(opts.budget !== undefined ? { [OPTIONS]: { creditBudget: opts.budget } } : {}) };
  const wf = itemsInto(items, { parameters: parameters as never, credentials: { toyApi: { id: '1', name: 'Toy' } }, onError: 'continueRegularOutput' }, TYPE);
  const { run } = await runWorkflow(wf, { credentials: { toyApi: { apiKey: toy.apiKey, baseUrl: toy.baseUrl } } });
  expect(run.data.resultData.error).toBeUndefined();
  return output(run, 'Enrich');
}

const charged = (item: INodeExecutionData) => (item.json._credits as { charged?: number } | undefined)?.charged;

describe('many records per request in n8n (toy)', () => {
  it('seven items go out as three requests and come back as seven items in order, each with its own answer and credits', async () => {
    const before = toy.wallet();
    const people = Array.from({ length: 7 }, (_, i) => ({ id: `p${i + 1}`, email: i === 2 ? 'nobody@x.io' : `p${i + 1}@x.io` }));
    const items = await enrich(people);
    expect(toy.seen.filter((r) => r.path === '/api/people/enrich').map((r) => (r.body as unknown[]).length)).toEqual([3, 3, 1]);
    expect(items.map((i) => [i.pairedItem, i.json.recordId, i.json.email, charged(i)])).toEqual(people.map((p, i) => [{ item: i }, p.id, p.email, i === 2 ? 0 : 1]));
    expect(before - toy.wallet()).toBe(6);
  });

  it('the request-wide Check switch sits beside the operation and costs nothing', async () => {
    const check = new Toy().description.properties.find((p) => p.name === 'check');
    expect(check).toMatchObject({ type: 'boolean', displayOptions: { show: { resource: ['person'], operation: ['enrich'] } } });
    const before = toy.wallet();
    const items = await enrich([{ email: 'a@x.io' }, { email: 'b@x.io' }], { check: true });
    expect(items.map(charged)).toEqual([0, 0]);
    expect(toy.seen[0]!.query).toMatchObject({ mode: 'check' });
    expect(toy.wallet()).toBe(before);
  });

  it('a budget of 2 sends two of four people; the other two say they were not run, and a bad item fails alone', async () => {
    const items = await enrich([{ email: 'a@x.io' }, { email: 'not-an-email' }, { email: 'c@x.io' }, { email: 'd@x.io' }], { budget: 2 });
    expect(items.map((i) => (i.json.error ? (i.json.details as IDataObject).kind : charged(i)))).toEqual([1, 'validation', 1, 'budget_exceeded']);
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
  });
});
