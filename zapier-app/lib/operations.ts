/**
 * Plain catalog operations as Zapier actions: lookups and reads become searches, state changes
 * and paid work become creates, and free lists a user can watch become polling triggers.
 */
import {
  type CallResult,
  canonicalJson,
  credits,
  type EnrichflowClient,
  labelFor,
  type OperationSpec,
  type ProviderCatalog,
  shareWalkPage,
} from '../../shared';
import { callWithJobHook } from './callback-job-start';
import { fieldsFor, inputFrom } from './fields';
import { creditsOf, guarded, isRecord, META_KEY, recordOf } from './run';
import { outputFieldsFor, sampleFor } from './samples';
import { throttleFor } from './throttle';
import type { Z, ZAction, ZBundle, ZField } from './zapier';

const CREDIT_OUTPUT_FIELDS: ZField[] = [
  { key: `${META_KEY}__creditsCharged`, label: 'Credits Charged', type: 'number' },
  { key: `${META_KEY}__creditsEstimated`, label: 'Credits Estimated', type: 'number' },
  { key: `${META_KEY}__fromCache`, label: 'Answered From Cache (free)', type: 'boolean' },
];
// A list op's items have no schema of their own in the catalog, so only their id is declared.
const ID_OUTPUT: ZField = { key: 'id', label: 'ID', type: 'string' };
const CREDIT_SAMPLE = { [META_KEY]: { creditsEstimated: 1, creditsCharged: 1, creditsSource: 'provider', fromCache: false } };

/** `emailValidation.validate` → `emailValidation_validate` (Zapier keys allow no dots). */
export function actionKey(opKey: string): string {
  return opKey.replace(/[^A-Za-z0-9_]/g, '_');
}

export function titleCase(text: string): string {
  return text.replace(/(^|\s)([a-z])/g, (_m, space: string, c: string) => space + c.toUpperCase());
}

export function describe(op: OperationSpec): string {
  const text = op.description.trim();
  return text.length <= 1000 ? text : `${text.slice(0, 999)}…`;
}

/** Whether an operation can charge at all for its default input (free ones skip the budget field). */
export function mayCharge(op: OperationSpec): boolean {
  // The cost model says, not its wording: "Free for pages 1–3" still charges from page 4.
  return op.cost.free !== true;
}

function base(catalog: ProviderCatalog, op: OperationSpec): Pick<ZAction, 'key' | 'noun' | 'display'> {
  return { key: actionKey(op.key), noun: labelFor(op.resource), display: { label: titleCase(op.displayName), description: describe(op) } };
}

/** Items of a list answer: the catalog's pagination reader, else the data itself when it is a list. */
function itemsOf(op: OperationSpec, data: unknown): unknown[] {
  if (op.pagination) return op.pagination.items(data);
  return Array.isArray(data) ? data : [];
}

/**
 * One page of a list, from where the input asks it to start, sent in the pagination's own
 * parameters (page[num], a cursor, the body's paging object) — never the input field raw.
 */
async function firstPage(client: EnrichflowClient, op: OperationSpec, input: Record<string, unknown>): Promise<{ items: unknown[]; result?: CallResult }> {
  if (!op.pagination) {
    const result = await client.call(op.key, input);
    return { items: itemsOf(op, result.data), result };
  }
  for await (const page of client.pages(op.key, input, { limit: op.pagination.defaultPageSize })) return page;
  return { items: [] };
}

/**
 * A page's records, each with its share of the page's cost (exact to the micro-credit, as in
 * n8n); the first also carries the page's total, its itemised bill and the request id. A page that found nothing but was
 * charged (a flat per-request price) is one record saying so, so the charge is never hidden.
 */
function pageRecords(items: unknown[], result: CallResult): Record<string, unknown>[] {
  const page = { estimated: credits(result.credits.estimated), charged: credits(result.credits.charged) };
  if (!items.length) return result.credits.charged === 0 ? [] : [{ records: 0, [META_KEY]: creditsOf(result.credits, result.requestId) }];
  const shares = shareWalkPage(page, items.length, result.credits.source);
  const pageTotals = { pageCreditsCharged: result.credits.charged, pageCreditsEstimated: result.credits.estimated };
  return items.map((item, n) => ({
    ...asObject(item),
    [META_KEY]: n === 0 ? { ...creditsOf({ ...shares[0]!, bill: result.credits.bill }, result.requestId), ...pageTotals } : creditsOf(shares[n]!),
  }));
}

function asObject(item: unknown): Record<string, unknown> {
  return isRecord(item) ? item : { value: item };
}

/**
 * Lookups answer "nothing found" as a 200 (found:false, `{}`, `{phones: []}` — the catalog's
 * `found` says which); a search says that with [].
 */
function isNoMatch(op: OperationSpec, data: unknown): boolean {
  if (isRecord(data) && data.found === false) return true;
  return op.found ? !op.found(data) : false;
}

export function searchAction(catalog: ProviderCatalog, op: OperationSpec): ZAction {
  const fields = fieldsFor(op, { budget: mayCharge(op) });
  const isList = op.kind === 'list';
  return {
    ...base(catalog, op),
    operation: {
      inputFields: fields.inputFields,
      outputFields: isList ? [ID_OUTPUT] : outputFieldsFor(op.output, CREDIT_OUTPUT_FIELDS),
      sample: isList ? { id: '665a1f4e2c3b7800129dce01' } : sampleFor(op.output, CREDIT_SAMPLE),
      throttle: throttleFor(catalog, op),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { labels: fields.labels }, async ({ client }) => {
          const input = inputFrom(fields.descriptors, bundle.inputData as Record<string, unknown>);
          try {
            if (isList) {
              const { items, result } = await firstPage(client, op, input);
              return result ? pageRecords(items, result) : items.map(asObject);
            }
            const result = await client.call(op.key, input);
            return isNoMatch(op, result.data) ? [] : [recordOf(result)];
          } catch (error) {
            // A search that finds nothing is an answer, not a failure.
            if ((error as { kind?: string }).kind === 'not_found') return [];
            throw error;
          }
        }),
    },
  };
}

export function createAction(catalog: ProviderCatalog, op: OperationSpec): ZAction {
  const fields = fieldsFor(op, { budget: mayCharge(op) });
  return {
    ...base(catalog, op),
    operation: {
      inputFields: fields.inputFields,
      outputFields: outputFieldsFor(op.output, CREDIT_OUTPUT_FIELDS),
      sample: sampleFor(op.output, CREDIT_SAMPLE),
      throttle: throttleFor(catalog, op),
      perform: (z: Z, bundle: ZBundle) =>
        guarded(z, bundle, catalog, { labels: fields.labels }, async ({ client }) => {
          const result = await callWithJobHook(client, op.key, inputFrom(fields.descriptors, bundle.inputData as Record<string, unknown>));
          return recordOf(result);
        }),
    },
  };
}

/** Fields that identify an item across polls, most specific first. */
const ID_FIELDS = ['id', 'jobId', 'batchId', 'invitationId', 'userId', 'email'];

/** A stable dedupe id: the item's own id, else a hash of its content (same item → same id). */
export function itemId(z: Z, item: Record<string, unknown>): string {
  for (const key of ID_FIELDS) {
    const v = item[key];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
  }
  return z.hash('sha256', canonicalJson(item));
}

/** A free list the user can watch: "New …" fires once per item (Zapier dedupes on `id`). */
export function listTrigger(catalog: ProviderCatalog, op: OperationSpec): ZAction {
  const fields = fieldsFor(op);
  return {
    key: `new_${actionKey(op.key)}`,
    noun: labelFor(op.resource),
    display: { label: `New ${titleCase(op.displayName.replace(/^(list|get)\s+/i, ''))}`, description: `Triggers on each new entry of: ${describe(op)}` },
    operation: {
      type: 'polling',
      inputFields: fields.inputFields,
      outputFields: [ID_OUTPUT],
      sample: { id: '665a1f4e2c3b7800129dce01' },
      perform: (z: Z, bundle: ZBundle) =>
        // A budget of 0: should a poll ever be priced, it is refused before anything is sent.
        guarded(z, bundle, catalog, { labels: fields.labels, budget: 0 }, async ({ client }) => {
          const { items } = await firstPage(client, op, inputFrom(fields.descriptors, bundle.inputData as Record<string, unknown>));
          return items.map(asObject).map((item) => ({ ...item, id: itemId(z, item) }));
        }),
    },
  };
}
