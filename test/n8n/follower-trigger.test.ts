/**
 * Company-follower callbacks start workflows: a follower scrape started by the Enrich.so node with
 * the trigger's URL as its webhookUrl is registered for the trigger, whose Events offer the
 * follower events; each callback is confirmed with the API (progress for the end, the results
 * for one follower) before the workflow starts, and a callback with a wrong token is refused.
 */
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { actionDescription } from '../../nodes/adapter/description';
import { callbackTriggerDescription } from '../../nodes/adapter/trigger';
import { enrichSo } from '../../shared/providers/enrichSo';
import { deliverToTrigger, itemsInto, output, PACKAGE, runWorkflow, toWorkflow } from './harness';

let sandbox: Sandbox;
let credentials: { enrichSoApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl } };
});
afterAll(() => sandbox.close());

const TRIGGER_URL = 'http://127.0.0.1:5678/webhook/followers/callback';
const COMPANY = 'https://www.linkedin.com/company/stripe';

/** The sandbox's first callback to the trigger's URL for `event` (the scrape runs in real time). */
async function deliveryOf(event: string) {
  for (let i = 0; i < 100; i++) {
    await sandbox.flush();
    const found = sandbox.providers.enrichSo.webhookDeliveries().find((d) => d.url.startsWith(TRIGGER_URL) && d.event === event);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${event} callback was sent`);
}

function triggerFor(events: string[]) {
  return toWorkflow({
    nodes: [
      {
        id: 't',
        name: 'Trigger',
        type: `${PACKAGE}.enrichSoTrigger`,
        typeVersion: 1,
        position: [0, 0],
        parameters: { events, includeResults: true },
        credentials: { enrichSoApi: { id: '1', name: 'x' } },
      },
    ],
    connections: {},
    staticData: {},
  });
}

test('the trigger offers the follower events and says how to point a scrape at it', () => {
  const events = callbackTriggerDescription(enrichSo).properties.find((p) => p.name === 'events')!;
  expect((events.options as { value: string }[]).map((o) => o.value)).toEqual(
    expect.arrayContaining(['company_follower.result', 'company_follower.completed']),
  );
  expect(String(callbackTriggerDescription(enrichSo).properties[0]!.displayName)).toContain(
    'start a company follower scrape ("Start follower scrape") with this URL as its "webhookUrl"',
  );
  expect(actionDescription(enrichSo).properties.some((p) => p.name === 'webhookUrl' || JSON.stringify(p).includes('"webhookUrl"'))).toBe(true);
});

test('a scrape started with the trigger URL starts a workflow per follower and once when it ends, each confirmed with the API', async () => {
  const { run } = await runWorkflow(
    itemsInto([{}], {
      parameters: { resource: 'companyFollowers', operation: 'startScrape', companyUrl: COMPANY, max_limit: 3, additionalFields: { webhookUrl: TRIGGER_URL } },
    }),
    { credentials },
  );
  const started = output(run, 'Enrich')[0]!.json as IDataObject;
  const batchId = String(started.batchId);
  expect(batchId).toBeTruthy();

  const completion = await deliveryOf('company_follower.completed');
  const query = Object.fromEntries(new URL(completion.url).searchParams);
  expect(query.token).toBeTruthy(); // the node registered a per-job token with the URL it sent

  const trigger = triggerFor(['company_follower.completed', 'company_follower.result']);
  const end = {
    event: 'company_follower.completed',
    timestamp: new Date().toISOString(),
    batchId,
    data: { companyUrl: COMPANY, followerCount: 3, processingTimeMs: 900 },
  };
  const fired = await deliverToTrigger(trigger, 'Trigger', { body: end, query }, { credentials });
  const event = fired.result.workflowData![0]![0]!.json;
  expect(event).toEqual(expect.objectContaining({ type: 'batch.completed', batch: 'companyFollowers', jobId: batchId, confirmed: true }));
  expect(event.results).toHaveLength(3);

  const first = (event.results as IDataObject[])[0]!;
  const one = {
    event: 'company_follower.result',
    timestamp: new Date().toISOString(),
    batchId,
    data: { companyUrl: COMPANY, follower: { objectURN: first.objectURN, name: 'forged name' } },
  };
  const item = await deliverToTrigger(trigger, 'Trigger', { body: one, query }, { credentials });
  const itemEvent = item.result.workflowData![0]![0]!.json;
  expect(itemEvent).toEqual(expect.objectContaining({ type: 'batch.item', confirmed: true }));
  expect((itemEvent.result as IDataObject).name).toBe(first.name); // the API's record, not the callback's claim

  const forged = await deliverToTrigger(trigger, 'Trigger', { body: end, query: { ...query, token: 'x' } }, { credentials });
  expect(forged.status).toBe(401);
});
