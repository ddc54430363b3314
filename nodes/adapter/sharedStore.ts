/**
 * The optional shared store an Enrichflow node can select: "In Memory (This Process Only)" (the in-memory
 * default) or "Redis (Queue Mode)" with the Enrichflow Shared Store credential, so every n8n
 * worker throttles against one rate budget and finds the same batch job registry, dedupe
 * cache and seen callbacks. Generic: every provider's nodes get the same field and credential.
 *
 * n8n's own Redis credential cannot be reused here: n8n refuses credentials from another
 * package in a community node (lint rule `no-credential-reuse`, a security rule).
 */
import { createHash } from 'node:crypto';
import type {
  ICredentialDataDecryptedObject,
  ICredentialsDecrypted,
  ICredentialTestFunctions,
  INode,
  INodeCredentialDescription,
  INodeCredentialTestResult,
  INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { SharedStoreConfig, Store } from '@enrichflow/core';
import { openSharedStore } from '@enrichflow/core/store/shared';
import { SHARED_STORE_INCLUDED } from './edition';

export const SHARED_STORE_CREDENTIAL = 'enrichflowSharedStoreApi';
export const SHARED_STORE_TEST = 'enrichflowSharedStoreConnection';
const PARAM = 'sharedStore';

/** The node field: where throttle buckets, the job registry and the dedupe cache live. */
export const sharedStoreProperty: INodeProperties = {
  displayName: 'Shared Store',
  name: PARAM,
  type: 'options',
  noDataExpression: true,
  default: 'process',
  options: [
    // n8n's lint title-cases option names ("n8n" would become "N8n"): the label names no product.
    { name: 'In Memory (This Process Only)', value: 'process', description: 'Kept in this n8n process: enough for one n8n process, not for queue mode' },
    {
      name: 'Redis (Queue Mode)',
      value: 'redis',
      description: 'All n8n workers share one rate limit, one batch job registry and one dedupe cache (needed in queue mode)',
    },
  ],
  description: 'Where rate-limit tokens, batch jobs already submitted and answers already paid for are kept',
};

/** The node fields this package's edition has for the store: the Shared Store choice, or none. */
export const sharedStoreProperties: INodeProperties[] = SHARED_STORE_INCLUDED ? [sharedStoreProperty] : [];

/** A node's credentials: the provider's, and the shared store's, asked for only when Redis is selected. */
export function nodeCredentials(providerCredential: string): INodeCredentialDescription[] {
  return editionCredentials([
    { name: providerCredential, required: true },
    { name: SHARED_STORE_CREDENTIAL, required: true, testedBy: SHARED_STORE_TEST, displayOptions: { show: { [PARAM]: ['redis'] } } },
  ]);
}

/** A node's credential list as this package's edition has it (no shared store in the verified packages). */
export function editionCredentials(credentials: INodeCredentialDescription[]): INodeCredentialDescription[] {
  return SHARED_STORE_INCLUDED ? credentials : credentials.filter((c) => c.name !== SHARED_STORE_CREDENTIAL);
}

export function sharedStoreConfig(data: ICredentialDataDecryptedObject): SharedStoreConfig {
  const port = Number(data.port ?? 6379);
  const database = Number(data.database ?? 0);
  return {
    host: String(data.host || '127.0.0.1'),
    port: Number.isInteger(port) && port > 0 ? port : 6379,
    username: data.user ? String(data.user) : undefined,
    password: data.password ? String(data.password) : undefined,
    database: Number.isInteger(database) && database >= 0 ? database : 0,
    tls: data.ssl === true,
    keyPrefix: data.keyPrefix === undefined ? 'enrichflow:' : String(data.keyPrefix),
  };
}

// One connection per distinct configuration per n8n process, shared by every execution.
const opened = new Map<string, Promise<Store>>();

function openOnce(config: SharedStoreConfig): Promise<Store> {
  const id = createHash('sha256').update(JSON.stringify(config)).digest('hex');
  let store = opened.get(id);
  if (!store) {
    store = openSharedStore(config);
    opened.set(id, store);
    // A failed connect is not kept: the next execution tries again.
    store.catch(() => opened.delete(id));
  }
  return store;
}

interface StoreContext {
  getNodeParameter(name: string, index: number, fallback?: unknown): unknown;
  getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
  getNode(): INode;
}

/**
 * The store this node was set to use: `fallback` (the process's in-memory store) unless Redis
 * is selected. An unreachable Redis fails the node with a clear message; it never falls back
 * to memory silently (each worker would then throttle alone, and a rerun could reserve again).
 */
export async function storeFor(ctx: StoreContext, fallback: Store): Promise<Store> {
  if (!SHARED_STORE_INCLUDED) return fallback;
  const choice = ctx.getNodeParameter(PARAM, 0, 'process');
  if (choice !== 'redis') return fallback;
  const config = sharedStoreConfig(await ctx.getCredentials(SHARED_STORE_CREDENTIAL));
  try {
    return await openOnce(config);
  } catch (error) {
    throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
      description:
        'Nothing was sent. Start Redis (or fix the Enrichflow Shared Store credential) and run again: batches already submitted are found again in the registry.',
    });
  }
}

/** The credential's "Test" button: connect and PING. */
export async function testSharedStoreConnection(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  try {
    const store = await openSharedStore({ ...sharedStoreConfig(credential.data ?? {}), connectTimeoutMs: 5_000 });
    await store.close();
    return { status: 'OK', message: 'Connection successful' };
  } catch (error) {
    return { status: 'Error', message: (error as Error).message };
  }
}

/** What each Enrichflow node sets as `methods`, so n8n can test the shared-store credential. */
export const sharedStoreMethods: { credentialTest?: Record<string, typeof testSharedStoreConnection> } = SHARED_STORE_INCLUDED
  ? { credentialTest: { [SHARED_STORE_TEST]: testSharedStoreConnection } }
  : {};

/** Close every shared-store connection this process opened (tests; a process shutting down). */
export async function closeSharedStores(): Promise<void> {
  const stores = [...opened.values()];
  opened.clear();
  await Promise.all(stores.map((p) => p.then((s) => s.close?.()).catch(() => undefined)));
}
