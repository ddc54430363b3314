/**
 * Every operation of the generated Enrich.so node, run by n8n's WorkflowExecute against the
 * sandbox: the good sample yields a result (or the provider's classified answer) paired to its
 * item, the bad sample an error naming the field with nothing sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { catalogs } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { enrichSoSamples } from '../unit/providers/enrichSo/samples';
import { planOperation } from '../../nodes/adapter/operations';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { itemsInto, output, runWorkflow } from './harness';

const catalog = catalogs.enrichSo;
let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
});
afterAll(() => sandbox.close());

/** Node parameters carrying `input` the way a user would set them (optional ones in Additional Fields). */
function parametersFor(opKey: string, input: Record<string, unknown>): INodeParameters {
  const op = catalog.operations.find((o) => o.key === opKey)!;
  const plan = planOperation(catalog, op);
  const params: INodeParameters = { resource: op.resource, operation: op.operation, returnAll: false, limit: 5 };
  const extra: IDataObject = {};
  for (const f of plan.fields) {
    if (!(f.name in input)) continue;
    const v = input[f.name];
    const value = f.type === 'json' ? JSON.stringify(v) : f.type === 'stringList' && Array.isArray(v) ? v.join(', ') : (v as IDataObject[string]);
    if (f.required) params[f.name] = value as INodeParameters[string];
    else extra[f.name] = value;
  }
  params[ADDITIONAL_FIELDS] = extra as INodeParameters;
  return params;
}

const requestsSent = () => sandbox.providers.enrichSo.requests().length;

const plans = catalog.operations.map((op) => planOperation(catalog, op));
const direct = plans.filter((p) => p.mode !== 'batch');

describe.each(direct.map((p) => [p.op.key, p] as const))('%s through n8n', (key, plan) => {
  const sample = enrichSoSamples[key];

  test('the good sample gives one answer paired to its item', async () => {
    expect(sample).toBeDefined();
    const { run } = await runWorkflow(itemsInto([{ n: 1 }], { parameters: parametersFor(key, sample.good), onError: 'continueRegularOutput' }), {
      credentials,
    });
    expect(run.data.resultData.error).toBeUndefined();
    const items = output(run, 'Enrich');
    for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
    // Ids in samples may not exist in the sandbox: then the answer is the core's classified error.
    // A list's cost rides on its first record; every other answer carries its own.
    const costed = plan.mode === 'list' ? items.slice(0, 1) : items;
    for (const item of costed) {
      if (item.json.error) expect((item.json.details as IDataObject).kind).toMatch(/not_found|forbidden|conflict|gone|validation/);
      else expect(item.json._credits).toEqual(expect.objectContaining({ estimated: expect.any(Number), charged: expect.any(Number) }));
    }
    expect(JSON.stringify(items)).not.toContain(credentials.enrichSoApi.apiKey);
  });

  const op = catalog.operations.find((o) => o.key === key)!;
  const nodeFields = new Set(planOperation(catalog, op).fields.map((f) => f.name));
  // Some bad samples set a field the operation does not have; the node has no parameter for it.
  const expressible = sample && nodeFields.has(sample.badField) && Object.keys(sample.bad).every((k) => nodeFields.has(k));
  if (expressible)
    test(`the bad sample is refused naming "${sample?.badField}", nothing sent`, async () => {
      const before = requestsSent();
      const label = plan.fields.find((f) => f.name === sample.badField)!.label;
      const attempt = runWorkflow(itemsInto([{ n: 1 }], { parameters: parametersFor(key, sample.bad), onError: 'continueRegularOutput' }), { credentials });
      const run = await attempt.then(
        (r) => r.run,
        (error: Error) => {
          // A required field left empty: n8n itself refuses the workflow, naming the parameter.
          expect(error.message).toContain(`Parameter "${label}" is required`);
          return undefined;
        },
      );
      expect(requestsSent()).toBe(before);
      if (!run) return;
      const [item] = output(run, 'Enrich');
      expect(item.pairedItem).toEqual({ item: 0 });
      expect(item.json.details).toEqual(expect.objectContaining({ kind: 'validation' }));
      expect(String(item.json.error)).toContain(sample.badField);
      expect(requestsSent()).toBe(before);
    });
});

test('without Continue On Fail a bad item stops the node before anything is sent', async () => {
  const before = requestsSent();
  const { run } = await runWorkflow(
    itemsInto([{ email: 'jane.doe@acme.com' }, { email: 'not-an-email' }], {
      parameters: { resource: 'emailValidation', operation: 'validate', email: '={{$json.email}}' },
    }),
    { credentials },
  );
  expect(run.data.resultData.error?.message).toMatch(/email/);
  expect(requestsSent()).toBe(before);
});
