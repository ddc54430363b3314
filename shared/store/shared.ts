/**
 * Open the store a configuration asks for: the in-memory default, or Redis. `ioredis` is loaded
 * here on demand only, so a build or a bundle that never configures Redis never loads it.
 */
import type { SharedStoreConfig } from './sharedConfig';
import type { Store } from './types';

/** Connect to the shared Redis store and check it answers (SharedStoreUnavailableError if not). */
export async function openSharedStore(config: SharedStoreConfig): Promise<Store & { close(): Promise<void> }> {
  const { RedisStore } = await import('./redis');
  return RedisStore.connect(config);
}
