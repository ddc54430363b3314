/** The per-provider (verifiable) packages: no queue-mode Shared Store. See edition.ts. */
export const SHARED_STORE_INCLUDED: boolean = false;
