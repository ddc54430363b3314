/**
 * buildApp(catalog) → one Zapier integration. The translation table, in one place:
 *   lookup, batchStatus, download, list → search      (a list that is free to read → also a "New …" trigger)
 *   action (and a batch op outside any BatchSpec) → create
 *   batchSubmit of a BatchSpec         → "Start <batch>" create (callback + performResume)
 *   batchResults of a BatchSpec        → "Get <batch> results" create (all pages; settles)
 *   every BatchSpec                    → "<batch> Completed" trigger (REST hook if it calls back, else polling)
 *   every pollSource                   → its polling trigger, once per entry and window ("New Website Visitor Company")
 *   hints.ts searchOrCreates           → "Find …" search over a list op + a "Find or Create" pair
 *   an op taking many records per request → also "<op> (Many Records)" create (line items in and out)
 * Keys are derived from operation keys, so an integration's keys stay stable as catalogs grow.
 */
import type { OperationSpec, ProviderCatalog } from '../../shared';
import { authentication } from './auth';
import { batchResultsAction, batchStartAction } from './batch';
import { batchCompletedTrigger } from './batch-triggers';
import { callbackJobCompletedTrigger } from './callback-job-triggers';
import { providerHints, type ProviderHints } from './hints';
import { recordsAction } from './records';
import { createAction, listTrigger, searchAction } from './operations';
import { pollSourceTrigger } from './poll-sources';
import { searchOrCreatesFor } from './search-or-create';
import { spendReportSearch } from './spendReport';
import { stepTiming, type StepTiming } from './step-clock';
import { appThrottle } from './throttle';
import { spreadsheetSafeField } from './fields';
import type { ZAction, ZApp } from './zapier';

export interface BuildOptions {
  /** The integration's own version (its package.json). */
  version: string;
  /** The zapier-platform-core version it runs on. */
  platformVersion: string;
  /** How batch steps spend their time (defaults: the 30 s step less a margin, 2 s polls). */
  timing?: Partial<StepTiming>;
  /** Zapier-only facts the catalog cannot state (default: hints.ts for this provider). */
  hints?: ProviderHints;
}

export type Role = 'search' | 'create' | 'batchStart' | 'batchResults';

export function roleOf(catalog: ProviderCatalog, op: OperationSpec): Role {
  switch (op.kind) {
    case 'batchSubmit':
      return catalog.batches.some((b) => b.submitOp === op.key) ? 'batchStart' : 'create';
    case 'batchResults':
      return catalog.batches.some((b) => b.resultsOp === op.key) ? 'batchResults' : 'create';
    case 'action':
      return 'create';
    default:
      return 'search';
  }
}

/**
 * A list anyone can watch for free, without naming a particular thing: worth a polling trigger.
 * A trigger polls unattended, so only an operation that never charges (its cost model is
 * `free()`, not merely free for some inputs — Lead Finder search charges from page 4) qualifies.
 */
export function isWatchable(op: OperationSpec): boolean {
  if (op.kind !== 'list' || op.cost.free !== true) return false;
  const required = (op.input as { safeParse(v: unknown): { success: boolean } }).safeParse({});
  return required.success;
}

export function buildApp(catalog: ProviderCatalog, opts: BuildOptions): ZApp {
  const triggers: Record<string, ZAction> = {};
  const searches: Record<string, ZAction> = {};
  const creates: Record<string, ZAction> = {};
  const searchOrCreates: NonNullable<ZApp['searchOrCreates']> = {};
  const timing = stepTiming(opts.timing);
  const add = (into: Record<string, ZAction>, action: ZAction) => {
    if (into[action.key]) throw new Error(`${catalog.id}: two Zapier actions share the key ${action.key}`);
    into[action.key] = action;
  };

  for (const op of catalog.operations) {
    const role = roleOf(catalog, op);
    if (role === 'search') add(searches, searchAction(catalog, op));
    else if (role === 'create') add(creates, createAction(catalog, op));
    if (isWatchable(op)) add(triggers, listTrigger(catalog, op));
    if (op.records) add(creates, recordsAction(catalog, op));
  }
  for (const source of catalog.pollSources ?? []) add(triggers, pollSourceTrigger(catalog, source));
  const resultsActions = new Set<string>();
  for (const spec of catalog.batches) {
    add(creates, batchStartAction(catalog, spec, timing));
    // Batches that share one results operation (several modes of one job endpoint) share its action.
    if (!resultsActions.has(spec.resultsOp)) add(creates, batchResultsAction(catalog, spec));
    resultsActions.add(spec.resultsOp);
    add(triggers, batchCompletedTrigger(catalog, spec));
  }
  for (const job of catalog.callbackJobs ?? []) add(triggers, callbackJobCompletedTrigger(catalog, job));
  const paired = searchOrCreatesFor(catalog, opts.hints ?? providerHints[catalog.id]);
  for (const search of paired.searches) add(searches, search);
  // Every step's output may land in a spreadsheet: each gets the "Spreadsheet-Safe Text" switch.
  for (const action of [...Object.values(triggers), ...Object.values(searches), ...Object.values(creates)])
    action.operation.inputFields.push(spreadsheetSafeField());
  for (const pair of paired.pairs) searchOrCreates[pair.key] = pair;
  add(searches, spendReportSearch(catalog));

  return {
    version: opts.version,
    platformVersion: opts.platformVersion,
    authentication: authentication(catalog),
    throttle: appThrottle(catalog),
    // All our HTTP goes through z.request, which logs itself. Zapier's global http patch would add
    // nothing, and its two-argument proxy breaks http.request(url, options, cb) callers in-process.
    flags: { skipHttpPatch: true },
    triggers,
    searches,
    creates,
    ...(Object.keys(searchOrCreates).length ? { searchOrCreates } : {}),
  };
}
