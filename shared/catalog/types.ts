/**
 * The provider catalog format. A provider is data: every endpoint is one OperationSpec, and
 * both adapters (n8n, Zapier) derive their fields from `input` (a zod schema) so there is
 * never a hand-written copy of a field list. One module per part of the format; this one
 * gathers them so a catalog imports its types from one place.
 */
export type * from './ratePolicy';
export type * from './costModel';
export type * from './paginationSpec';
export type * from './operationSpec';
export type * from './jobSpecs';
export type * from './eventSpecs';
export type * from './providerCatalog';
