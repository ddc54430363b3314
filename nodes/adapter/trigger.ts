/**
 * The callback trigger of a provider that calls back (Enrich.so): receives the per-job
 * callbacks of batches started with this trigger's URL as their callback, authenticates each
 * by the token recorded for its job when the node started it (the store: one n8n process, or
 * the shared store in queue mode), refuses oversized bodies, emits each event once, and treats
 * every callback as a hint: a completion is emitted only after the API confirms it, and a
 * per-result event carries the API's own result for that item (a forged one is not emitted).
 * Only events of batches the node can start are offered.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
  callbackSourceNames,
  confirmCompletion,
  confirmItem,
  handleCallback,
  jobResults,
  type ProviderCatalog,
  rejectionStatus,
  type Store,
} from '@enrichflow/core';
import type { GeneratedDescription } from './description';
import { credentialName, titleCase } from './names';
import { clientFor, processStore, type ProviderCredentials } from './runtime';
import { nodeCredentials, sharedStoreProperties, storeFor } from './sharedStore';
import { type VersionOptions, versionFields } from './versions';
import { spreadsheetSafeJson, spreadsheetSafeProperty } from './output';
import { spendLimiterFor } from './spend';

const SEEN_TTL_MS = 7 * 24 * 3600_000;
const SEEN_MAX = 5000;

/** Everything the catalog decides; the node file adds its UI literals (see GeneratedDescription). */
export function callbackTriggerDescription(catalog: ProviderCatalog, { versions }: VersionOptions = {}): GeneratedDescription {
  // An event of a batch the node cannot start (no BatchSpec) could never be confirmed: not offered.
  const events = offeredEvents(catalog);
  // Defaults held in plain names: n8n's lint reads a `default` only as a literal or a name.
  const completionEvents = events.filter((e) => e.type !== 'batch.item').map((e) => e.event);
  // Jobs that are not batches but call back too (a follower scrape): their start takes the URL as a field.
  const otherJobs = (catalog.callbackJobs ?? []).map((j) => {
    const start = catalog.operations.find((o) => o.key === j.startOp);
    return ` — or start a ${j.displayName.toLowerCase()} ("${start?.displayName ?? j.startOp}") with this URL as its "${j.callbackField}"`;
  });
  return {
    displayName: `${catalog.displayName} Trigger`,
    name: `${catalog.id}Trigger`,
    group: ['trigger'],
    ...versionFields(versions),
    description: `Starts the workflow when a ${catalog.displayName} batch job calls back: each result, or the job finished (confirmed with the API)`,
    defaults: { name: `${catalog.displayName} Trigger` },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: nodeCredentials(credentialName(catalog)),
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' }],
    properties: [
      {
        displayName: `${catalog.displayName} registers callbacks per job: start a batch with the ${catalog.displayName} node (Mode "Start") and paste this trigger's production URL into its "Callback URL"${otherJobs.join('')}. Use the same credential here. The node records each job's callback token in the n8n process (in queue mode, configure the shared store) — callbacks for jobs it did not start are refused.`,
        name: 'notice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: [...completionEvents],
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
      spreadsheetSafeProperty,
      ...sharedStoreProperties,
    ],
  };
}

export function offeredEvents(catalog: ProviderCatalog) {
  const sources = callbackSourceNames(catalog);
  return catalog.webhookEvents.filter((e) => sources.has(e.batch));
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
  reserveSlot(...args: Parameters<Store['reserveSlot']>) {
    return this.inner.reserveSlot(...args);
  }
  settleSlot(...args: Parameters<Store['settleSlot']>) {
    return this.inner.settleSlot(...args);
  }
  holdSlots(...args: Parameters<Store['holdSlots']>) {
    return this.inner.holdSlots(...args);
  }
}

/** The body's size as sent (content-length), when n8n passes the header on. */
function rawBodyBytes(ctx: IWebhookFunctions): number | undefined {
  const length = Number(ctx.getHeaderData()['content-length']);
  return Number.isFinite(length) && length >= 0 ? length : undefined;
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
    rawBytes: rawBodyBytes(ctx),
  });
  if (outcome.status === 'rejected') {
    ctx.getResponseObject().status(rejectionStatus(outcome.reason)).json({ error: outcome.reason });
    return { noWebhookResponse: true };
  }
  const wanted = (ctx.getNodeParameter('events', []) as string[]).includes(outcome.event.event);
  if (outcome.status === 'duplicate' || !wanted) return { webhookResponse: { received: true, emitted: false } };

  const event = outcome.event;
  const json: IDataObject = { ...event } as unknown as IDataObject;
  // Reading a finished job's results settles its reservation: the team's spend book hears of it.
  const spend = await spendLimiterFor(ctx, catalog, shared);
  const client = clientFor(ctx, catalog, credentials, { store: shared, spend });
  if (event.type === 'batch.item') {
    // The callback's claim is a hint; what is emitted is the API's own result for the item.
    const confirmed = await confirmItem(client, event).catch(() => undefined);
    if (confirmed === undefined) {
      await store.delete(`seen:${event.id}`);
      return { webhookResponse: { received: true, emitted: false, reason: 'not confirmed by the API' } };
    }
    // Once per item, whichever delivery (real, repeated or forged) confirmed it first.
    if (!(await store.setIfAbsent(`seen:${event.provider}:${event.jobId}:item:${confirmed.key}`, 1, SEEN_TTL_MS)))
      return { webhookResponse: { received: true, emitted: false } };
    json.result = confirmed.result as IDataObject;
    json.confirmed = true;
  } else {
    if (!(await confirmCompletion(client, event))) {
      // Not (yet) what the API says: forget it (the core's seen-key) so the real completion is emitted.
      await store.delete(`seen:${event.id}`);
      return { webhookResponse: { received: true, emitted: false, reason: 'not confirmed by the API' } };
    }
    json.confirmed = true;
    if (event.type === 'batch.completed' && ctx.getNodeParameter('includeResults', false)) {
      const read = await jobResults(client, event.batch, event.jobId);
      json.results = read.results as IDataObject[];
      json._credits = { ...read.credits };
    }
  }
  await spend.flush();
  return { workflowData: [ctx.helpers.returnJsonArray(spreadsheetSafeJson([json], ctx.getNodeParameter('spreadsheetSafe', true)))] };
}
