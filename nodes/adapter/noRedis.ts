/**
 * The verified (per-provider) packages' stand-in for the Redis store, swapped in by
 * scripts/n8n/build.mjs: those packages offer no Shared Store (nodes/adapter/edition.ts), so
 * this is never reached; it says what to install if it ever is.
 */
export const RedisStore = {
  connect(): never {
    throw new Error('The queue-mode Shared Store (Redis) is in the all-in-one package n8n-nodes-enrichflow for self-hosted n8n, not in this per-provider package.');
  },
};
