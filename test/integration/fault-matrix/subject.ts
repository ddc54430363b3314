/**
 * What the fault matrix needs to know about one provider: its catalog, the operations each
 * column exercises, the items they run on, and where on the wire each column's fault lands.
 * A new catalog joins the matrix by adding one of these (and its sandbox), nothing else.
 */
import type { ProviderCatalog } from '../../../shared/catalog/types';
import type { Sandbox } from '../../../sandbox/server';

export interface MatrixSubject {
  name: string;
  catalog: ProviderCatalog;
  /** The sandbox provider playing this catalog, as the test needs it. */
  provider(sandbox: Sandbox): {
    baseUrl: string;
    apiKey: string;
    balance(): number;
    /** The wallet's transactions so far (type, amount in credits; negative = money out). */
    transactions(): readonly { type: string; amount: number }[];
    setBalance(credits: number): void;
    configure(patch: Record<string, unknown>): void;
  };
  /** Sandbox switches: a job that runs out of credits after `items` items (0: at once), and back. */
  drainAfter(items: number | null): Record<string, unknown>;
  callbacks(faults: { duplicate?: boolean; outOfOrder?: boolean }): Record<string, unknown>;
  /** One paid call per item. `path` matches only its requests. */
  single: { op: string; inputs: Record<string, unknown>[]; path: RegExp };
  /** One paginated walk (one item) that reaches a paid page; the fault lands on `faultPage` (1-based). */
  list: { op: string; input: Record<string, unknown>; limit: number; path: RegExp; faultPage: number };
  /** A batch job: its items, and the paths of its status and results reads. */
  batch: { name: string; items: unknown[]; statusPath: RegExp; resultsPath: RegExp; submitPath: RegExp };
}
