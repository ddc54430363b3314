/**
 * The callback trigger of a provider that calls back (Enrich.so): receives the per-job
 * callbacks of batches started with this trigger's URL as their callback, authenticates each
 * by its per-job token (derived from the credential, so no registry is shared with the node
 * that started the job), emits each event once, and emits a completion only after the API
 * confirms it.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { confirmCompletion, fetchBatchResults, handleCallback, type ProviderCatalog, type Store } from '../../shared';
import type { GeneratedDescription } from './description';
import { credentialName, titleCase } from './names';
import { clientFor, processStore, type ProviderCredentials } from './runtime';
import { nodeCredentials, sharedStoreProperty, storeFor } from './sharedStore';

const SEEN_TTL_MS = 7 * 24 * 3600_000;
const SEEN_MAX = 5000;

/** Everything the catalog decides; the node file adds its UI literals (see GeneratedDescription). */
export function callbackTriggerDescription(catalog: ProviderCatalog): GeneratedDescription {
  const events = catalog.webhookEvents;
  return {
    displayName: `${catalog.displayName} Trigger`,
    name: `${catalog.id}Trigger`,
    group: ['trigger'],
    version: 1,
    description: `Starts the workflow when a ${catalog.displayName} batch job calls back: each result, or the job finished (confirmed with the API)`,
    defaults: { name: `${catalog.displayName} Trigger` },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: nodeCredentials(credentialName(catalog)),
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' }],
    properties: [
      {
        displayName: `${catalog.displayName} registers callbacks per job: start a batch with the ${catalog.displayName} node (Mode "Start") and paste this trigger's production URL into its "Callback URL". Use the same credential here.`,
        name: 'notice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: events.filter((e) => e.type !== 'batch.item').map((e) => e.event),
        description: 'The callbacks that start the workflow',
        options: events.map((e) => ({ name: titleCase(e.event.replace(/^webhook:/, '').replace(/[._]/g, ' ')), value: e.event, description: e.description })),
      },
      {
        displayName: 'Include Results',
        name: 'includeResults',
        type: 'boolean',
        default: false,
        description: 'Whether a completion event also carries every result of the job (reading them is free; the first read settles the job)',
      },
      sharedStoreProperty,
    ],
  };
}

/**
 * Seen callbacks, remembered twice: in the process store (atomic, so two deliveries racing
 * each other emit once) and in the workflow's static data (so a redelivery after an n8n
 * restart is still recognised).
 */
export class SeenCallbackStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly persisted: IDataObject,
    private readonly now: () => number,
  ) {}

  private seen(): Record<string, number> {
    this.persisted.seen ??= {};
    return this.persisted.seen as Record<string, number>;
  }

  async setIfAbsent<T>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    const seen = this.seen();
    if (seen[key] !== undefined) return false;
    if (!(await this.inner.setIfAbsent(key, value, ttlMs))) return false;
    const now = this.now();
    seen[key] = now;
    const keys = Object.keys(seen);
    for (const k of keys) if (now - seen[k] > SEEN_TTL_MS) delete seen[k];
    for (const k of Object.keys(seen).slice(0, Math.max(0, Object.keys(seen).length - SEEN_MAX))) delete seen[k];
    return true;
  }

  get<T>(key: string) {
    return this.inner.get<T>(key);
  }
  set<T>(key: string, value: T, ttlMs?: number) {
    return this.inner.set(key, value, ttlMs);
  }
  delete(key: string) {
    delete this.seen()[key];
    return this.inner.delete(key);
  }
  incrBy(key: string, amount: number, ttlMs?: number) {
    return this.inner.incrBy(key, amount, ttlMs);
  }
  takeToken(...args: Parameters<Store['takeToken']>) {
    return this.inner.takeToken(...args);
  }
}

export async function receiveCallback(ctx: IWebhookFunctions, catalog: ProviderCatalog): Promise<IWebhookResponseData> {
  const query = ctx.getQueryData() as { ref?: string; token?: string };
  const credentials = (await ctx.getCredentials(credentialName(catalog))) as ProviderCredentials;
  const shared = await storeFor(ctx, processStore);
  const store = new SeenCallbackStore(shared, ctx.getWorkflowStaticData('node'), () => Date.now());
  const outcome = await handleCallback(catalog, store, {
    payload: ctx.getBodyData(),
    ref: String(query.ref ?? ''),
    token: String(query.token ?? ''),
    secret: String(credentials.apiKey ?? ''),
  });
  if (outcome.status === 'rejected') {
    ctx.getResponseObject().status(outcome.reason.includes('token') ? 401 : 400).json({ error: outcome.reason });
    return { noWebhookResponse: true };
  }
  const wanted = (ctx.getNodeParameter('events', []) as string[]).includes(outcome.event.event);
  if (outcome.status === 'duplicate' || !wanted) return { webhookResponse: { received: true, emitted: false } };

  const event = outcome.event;
  const json: IDataObject = { ...event } as unknown as IDataObject;
  if (event.type !== 'batch.item') {
    const client = clientFor(ctx, catalog, credentials, { store: shared });
    if (!(await confirmCompletion(client, event))) {
      // Not (yet) what the API says: forget it (the core's seen-key) so the real completion is emitted.
      await store.delete(`seen:${event.id}`);
      return { webhookResponse: { received: true, emitted: false, reason: 'not confirmed by the API' } };
    }
    json.confirmed = true;
    if (event.type === 'batch.completed' && ctx.getNodeParameter('includeResults', false)) {
      const read = await fetchBatchResults(client, event.batch, event.jobId);
      json.results = read.results as IDataObject[];
      json._credits = { ...read.credits };
    }
  }
  return { workflowData: [ctx.helpers.returnJsonArray([json])] };
}
