/**
 * Every batch operation of the Enrich.so node, run by n8n's WorkflowExecute against the sandbox:
 * the node asks for ONE item's fields (the catalog's `itemOp`), every input item becomes one
 * entry of one job, and each comes back paired to its input — its job (Start), its result
 * (Wait for Completion), or its own validation error. Also the polling "batch finished" trigger.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { catalogs, describeInputFields } from '../../shared';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { enrichSoSamples } from '../unit/providers/enrichSo/samples';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { planOperation } from '../../nodes/adapter/operations';
import { itemsInto, output, PACKAGE, pollOnce, runWorkflow, toWorkflow } from './harness';

const catalog = catalogs.enrichSo;
let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
});
afterAll(() => sandbox.close());

const batches = catalog.batches.map((spec) => {
  const submit = catalog.operations.find((o) => o.key === spec.submitOp)!;
  return { spec, submit, plan: planOperation(catalog, submit), sample: enrichSoSamples[spec.itemOp] };
});

/** The node reads each item's fields from that item (`{{$json.field}}`), required or additional. */
function perItemParameters(fields: { name: string; required: boolean }[], extra: IDataObject): INodeParameters {
  const params: INodeParameters = { ...(extra as INodeParameters) };
  const additional: IDataObject = {};
  for (const f of fields) {
    if (f.required) params[f.name] = `={{ $json.${f.name} }}`;
    else additional[f.name] = `={{ $json.${f.name} }}`;
  }
  if (Object.keys(additional).length) params[ADDITIONAL_FIELDS] = additional as INodeParameters;
  return params;
}

describe.each(batches.map((b) => [b.spec.name, b] as const))('%s batch through n8n', (_name, { spec, submit, plan, sample }) => {
  const itemOp = catalog.operations.find((o) => o.key === spec.itemOp)!;
  const parameters = (mode: IDataObject) => perItemParameters(plan.fields, { resource: submit.resource, operation: submit.operation, ...mode });

  test('the node asks for the fields of one item: those of its item operation', () => {
    expect(plan.mode).toBe('batch');
    expect(plan.fields.map((f) => f.name)).toEqual(describeInputFields(itemOp.input).map((f) => f.name));
  });

  test('Start: the good item joins one job, the bad one gets its own validation error', async () => {
    const { run } = await runWorkflow(
      itemsInto([sample.good as IDataObject, sample.bad as IDataObject], { parameters: parameters({ batchMode: 'start' }), onError: 'continueRegularOutput' }),
      { credentials },
    );
    expect(run.data.resultData.error).toBeUndefined();
    const items = output(run, 'Enrich');
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(items[0].json).toEqual(expect.objectContaining({ jobId: expect.any(String), batch: spec.name, status: 'submitted' }));
    expect(items[0].json.entry).toEqual(spec.toItem(itemOp.input.parse(sample.good)));
    expect(items[1].json.details).toEqual(expect.objectContaining({ kind: 'validation' }));
    expect(String(items[1].json.error)).toContain(sample.badField);
  });

  test('Wait for Completion (poll): the good item gets its result, the bad one its error', async () => {
    const wait = spec.webhook ? { batchMode: 'wait', waitMethod: 'poll', pollInterval: 1, maxWait: 2 } : { batchMode: 'wait', pollInterval: 1, maxWait: 2 };
    const { run } = await runWorkflow(
      itemsInto([sample.good as IDataObject, sample.bad as IDataObject], { parameters: parameters(wait), onError: 'continueErrorOutput' }),
      { credentials },
    );
    expect(run.data.resultData.error).toBeUndefined();
    const [ok, failed] = [output(run, 'Enrich', 0), output(run, 'Enrich', 1)];
    expect(ok).toHaveLength(1);
    expect(ok[0].pairedItem).toEqual({ item: 0 });
    expect(ok[0].json._credits).toEqual(expect.objectContaining({ estimated: expect.any(Number), charged: expect.any(Number) }));
    expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
    expect(failed[0].json.details).toEqual(expect.objectContaining({ kind: 'validation' }));
    expect(JSON.stringify(run.data)).not.toContain(credentials.enrichSoApi.apiKey);
  });
});

test('the polling trigger emits a finished job once, with its results; a manual test shows progress', async () => {
  const started = output(
    (
      await runWorkflow(
        itemsInto([{ email: 'poll.one@acme.com' }, { email: 'poll.two@acme.com' }], {
          parameters: perItemParameters([{ name: 'email', required: true }], { resource: 'emailValidation', operation: 'submitBatch', batchMode: 'start' }),
        }),
        {
          credentials,
        },
      )
    ).run,
    'Enrich',
  );
  const jobId = String(started[0].json.jobId);
  const workflow = toWorkflow({
    nodes: [
      {
        id: 'p',
        name: 'Batch Finished',
        type: `${PACKAGE}.enrichSoBatchTrigger`,
        typeVersion: 1,
        position: [0, 0],
        parameters: { batch: 'emailValidation', jobIds: `${jobId}, `, includeResults: true },
        credentials: { enrichSoApi: { id: '1', name: 'Enrich.so sandbox' } },
      },
    ],
    connections: {},
    staticData: {},
  });
  let emitted: Awaited<ReturnType<typeof pollOnce>> = null;
  for (let i = 0; i < 50 && !emitted; i++) {
    emitted = await pollOnce(workflow, 'Batch Finished', { credentials });
    if (!emitted) await new Promise((r) => setTimeout(r, 100));
  }
  expect(emitted?.[0]).toHaveLength(1);
  expect(emitted![0][0].json).toEqual(expect.objectContaining({ type: 'batch.completed', jobId, status: 'completed' }));
  expect(emitted![0][0].json.results).toHaveLength(2);
  // Emitted once: the next poll of the active workflow has nothing new.
  expect(await pollOnce(workflow, 'Batch Finished', { credentials })).toBeNull();
  // A manual test run always shows where the watched jobs are.
  const manual = await pollOnce(workflow, 'Batch Finished', { credentials, mode: 'manual' });
  expect(manual?.[0][0].json).toEqual(expect.objectContaining({ jobId, status: 'completed' }));
});
