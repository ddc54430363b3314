/**
 * The two workflows of the queue-mode e2e, as a user would build them: a webhook receives a
 * list of people, Split Out makes one item per person, and the Enrich.so node (Shared Store:
 * Redis) validates each email one by one, or all of them as one batch it waits for by polling.
 */
import { randomUUID } from 'node:crypto';

export const RATE_PATH = 'enrichflow-queue-rate';
export const BATCH_PATH = 'enrichflow-queue-batch';

function workflow(
  id: string,
  name: string,
  path: string,
  respond: 'lastNode' | 'onReceived',
  enrich: Record<string, unknown>,
  creds: { provider: string; store: string },
) {
  return {
    id,
    name,
    nodes: [
      {
        id: 'w1',
        name: 'People',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: randomUUID(),
        parameters: { httpMethod: 'POST', path, responseMode: respond, ...(respond === 'lastNode' ? { responseData: 'allEntries' } : {}), options: {} },
      },
      {
        id: 'w2',
        name: 'One Item Per Person',
        type: 'n8n-nodes-base.splitOut',
        typeVersion: 1,
        position: [220, 0],
        parameters: { fieldToSplitOut: 'body.people', options: {} },
      },
      {
        id: 'w3',
        name: 'Enrich',
        type: 'n8n-nodes-enrichflow.enrichSo',
        typeVersion: 1,
        position: [440, 0],
        parameters: { ...enrich, sharedStore: 'redis', options: { creditBudget: 1000 } },
        credentials: {
          enrichSoApi: { id: creds.provider, name: 'Enrich.so sandbox' },
          enrichflowSharedStoreApi: { id: creds.store, name: 'Queue-mode Redis' },
        },
        onError: 'continueRegularOutput',
      },
    ],
    connections: {
      People: { main: [[{ node: 'One Item Per Person', type: 'main', index: 0 }]] },
      'One Item Per Person': { main: [[{ node: 'Enrich', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
    active: false,
  };
}

export function rateWorkflow(provider: string, store: string) {
  return workflow(
    'enrichflowQueueRate',
    'Queue mode: validate each email',
    RATE_PATH,
    'lastNode',
    { resource: 'emailValidation', operation: 'validate', email: '={{ $json.email }}' },
    { provider, store },
  );
}

export function batchWorkflow(provider: string, store: string) {
  return workflow(
    'enrichflowQueueBatch',
    'Queue mode: validate the list as one batch',
    BATCH_PATH,
    'onReceived',
    { resource: 'emailValidation', operation: 'submitBatch', email: '={{ $json.email }}', batchMode: 'wait', waitMethod: 'poll', pollInterval: 1, maxWait: 5 },
    { provider, store },
  );
}
