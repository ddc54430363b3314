/**
 * shared/store/redis.ts as the per-provider (verifiable) packages hold it, swapped in by
 * scripts/n8n/bundle.mjs: those packages offer no Shared Store (nodes/adapter/edition.ts), so
 * `connect` is never reached; if it ever is, it says which package has the Shared Store.
 */
export const RedisStore = {
  connect(): never {
    throw new Error(
      'The queue-mode Shared Store (Redis) is in the all-in-one package n8n-nodes-enrichflow for self-hosted n8n, not in this per-provider package.',
    );
  },
};
