import type { Reply } from '../../../kit/http';
import type { Ctx } from '../context';

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

/** Which extra rate bucket a route counts against (every route counts against `default`). */
export interface RouteMeta {
  bucket?: 'enrichment' | 'bulkSubmit';
}
