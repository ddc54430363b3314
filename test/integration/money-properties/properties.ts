/**
 * The money promises as properties of one generated case (an operation, an input, a world):
 *  1. what the call (a single call, a walk to a Limit, many records in one request) takes from
 *     the sandbox wallet is at most its estimate (`quote` / `quoteWalk`, summed per record);
 *  2. a client with a Credit Budget B never takes more than B;
 *  3. the credits on the results (per record, errors 0), duplicates and misses included, sum to
 *     what left the wallet; when an answer is lost (malformed), the books — summary() — do.
 */
import type { OperationSpec } from '../../../shared/catalog/types';
import type { EnrichflowClient } from '../../../shared/client';
import type { WorldEnv } from './worlds';

export const PROPERTIES = ['1 charged ≤ estimate', '2 spent ≤ budget', '3 Σ item credits = wallet'] as const;
export type Property = (typeof PROPERTIES)[number];

export interface Case {
  input: Record<string, unknown>;
  /** Walk target (lists). */
  limit: number;
  /** Budget as a share of the estimate (0 … 1.3). */
  budgetShare: number;
  /** Send the same input twice (the second must not pay again where the provider would not charge). */
  duplicate: boolean;
  /** Garble the first answer (the provider processes and charges, the client never reads it). */
  lose: boolean;
}

export interface Verdict {
  property: Property;
  ok: boolean;
  detail: string;
}

const EPS = 1e-6;
const round = (n: number) => Math.round(n * 1e6) / 1e6;

type Mode = 'single' | 'walk' | 'records';
export const modeOf = (op: OperationSpec): Mode => (op.records ? 'records' : op.pagination ? 'walk' : 'single');

interface Ran {
  /** Credits the results carry, summed (per record for walks and many records). */
  itemCredits: number;
  errors: number;
}

/** One run of the case's action on `client`: what its results say they cost. */
async function act(client: EnrichflowClient, op: OperationSpec, c: Case, mode: Mode): Promise<Ran> {
  let itemCredits = 0;
  let errors = 0;
  const once = async () => {
    if (mode === 'walk') {
      const walk = await client.list(op.key, c.input, { limit: c.limit, pageSize: op.pagination!.maxPageSize });
      itemCredits += walk.itemCredits.reduce((s, x) => s + x.charged, 0);
      // A walk that found nothing but was charged (a flat price per request) says so once.
      if (!walk.items.length) itemCredits += walk.credits.charged;
    } else if (mode === 'records') {
      const outcomes = await client.callRecords(op.key, [c.input, { ...c.input }]);
      for (const o of outcomes) if (o.ok) itemCredits += o.value.credits.charged;
      else errors++;
    } else {
      itemCredits += (await client.call(op.key, c.input)).credits.charged;
    }
  };
  for (let n = 0; n < (c.duplicate ? 2 : 1); n++) {
    try {
      await once();
    } catch {
      errors++;
    }
  }
  return { itemCredits, errors };
}

/** The most the action may cost, before anything is sent (undefined: the input is refused). */
async function estimateOf(client: EnrichflowClient, op: OperationSpec, c: Case, mode: Mode): Promise<number | undefined> {
  try {
    const one = mode === 'walk' ? (await client.quoteWalk(op.key, c.input, { limit: c.limit, pageSize: op.pagination!.maxPageSize })).credits : await client.estimate(op.key, c.input);
    return one * (mode === 'records' ? 2 : 1) * (c.duplicate ? 2 : 1);
  } catch {
    return undefined;
  }
}

export async function checkCase(env: WorldEnv, op: OperationSpec, c: Case): Promise<Verdict[] | 'refused'> {
  const mode = modeOf(op);
  const probe = env.client();
  const estimate = await estimateOf(probe, op, c, mode);
  if (estimate === undefined) return 'refused';
  const verdicts: Verdict[] = [];

  // 1 and 3: one client, the action (twice for a duplicate), maybe one answer lost.
  if (c.lose) env.sandbox.faults.add({ method: op.method, path: env.pathOf(op.path), kind: 'malformed' });
  const client = env.client();
  const before = env.wallet();
  const ran = await act(client, op, c, mode);
  env.sandbox.faults.clear();
  const spent = round(before - env.wallet());
  verdicts.push({ property: '1 charged ≤ estimate', ok: spent <= estimate + EPS, detail: `spent ${spent}, estimated ${estimate}` });
  if (c.lose || op.reserves) {
    // A lost answer (or a reservation, settled later) is in the books, not on an item: the next
    // balance read settles it, and summary() then equals what left the wallet. Where nothing can
    // tell (no balance to read, or a batch submit, resolved from the provider's job records by
    // the batch runner) the wallet lies between what was booked and that plus the unknown.
    await client.balance().catch(() => undefined);
    const s = client.summary();
    const booked = round(s.charged + s.reserved - s.refunded);
    const unknown = s.unknown ?? 0;
    const settles = !!env.world.catalog.balance && !op.batch;
    const ok = settles ? Math.abs(booked - spent) <= EPS && unknown === 0 : booked - EPS <= spent && spent <= booked + unknown + EPS;
    verdicts.push({ property: '3 Σ item credits = wallet', ok, detail: `books ${booked} (unknown ${unknown}), wallet ${spent}` });
  } else {
    const items = round(ran.itemCredits);
    verdicts.push({ property: '3 Σ item credits = wallet', ok: Math.abs(items - spent) <= EPS, detail: `items ${items}, wallet ${spent}, errors ${ran.errors}` });
  }

  // 2: a fresh client whose budget is a share of the estimate.
  const budget = Math.floor(estimate * c.budgetShare * 100) / 100;
  const budgeted = env.client({ budget });
  const beforeBudget = env.wallet();
  await act(budgeted, op, { ...c, lose: false }, mode);
  const spentBudget = round(beforeBudget - env.wallet());
  verdicts.push({ property: '2 spent ≤ budget', ok: spentBudget <= budget + EPS, detail: `spent ${spentBudget}, budget ${budget}` });
  return verdicts;
}
