/**
 * Which n8n package this code is built into. The all-in-one package (self-hosted n8n, and every
 * test) includes the queue-mode Shared Store. The per-provider packages, the ones n8n can verify
 * for n8n Cloud, do not: a Redis connection is a socket, and n8n's rules for verified nodes
 * allow no network library. scripts/n8n/build.mjs swaps in edition.verified.ts for them.
 */
export const SHARED_STORE_INCLUDED: boolean = true;
