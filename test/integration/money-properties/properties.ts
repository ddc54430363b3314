/**
 * The money promises as properties of one generated case (an operation, an input, a world):
 *  1. what the call (a single call, a walk to a Limit, many records in one request) takes from
 *     the sandbox wallet is at most its estimate (`quote` / `quoteWalk`, summed per record);
 *  2. a client with a Credit Budget B never takes more than B;
 *  3. the credits on the results (per record; an error carries what its failed request charged),
 *     duplicates, misses and lost (malformed) answers included, sum to what left the wallet —
 *     and so do the books, summary(). Where the provider has no balance to read, a lost answer's
 *     charge stays unknown: the wallet then lies between the items and the items plus the unknown.
 *  5. the same with another paid call of the catalog sent at the same time on the same client
 *     (a companion): where the balance can be read, the items of both, and the books, equal
 *     what left the wallet — a charge measured or settled from the balance is not taken for
 *     the companion's, nor shared out wrongly.
 */
import type { OperationSpec } from '../../../shared/catalog/types';
import type { EnrichflowClient } from '../../../shared/client';
import type { WorldEnv } from './worlds';

export const PROPERTIES = [
  '1 charged ≤ estimate',
  '2 spent ≤ budget',
  '3 Σ item credits = wallet',
  '4 sandbox plays the costliest reading',
  '5 Σ item credits = wallet, with a call at once',
] as const;
export type Property = (typeof PROPERTIES)[number];

export interface Case {
  input: Record<string, unknown>;
  /** Walk target (lists). */
  limit: number;
  /** Budget as a share of the estimate (0 … 1.3). */
  budgetShare: number;
  /** Send the same input twice (the second must not pay again where the provider would not charge). */
  duplicate: boolean;
  /** Garble an answer (the provider processes and charges, the client never reads it): the first, or a walk's second page. */
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

/** What a failed request charged, booked on its item (a lost answer settled from the balance, an unmatched answer). */
const chargedOn = (error: unknown): number => (typeof (error as { charged?: unknown })?.charged === 'number' ? (error as { charged: number }).charged : 0);

/** One run of the case's action on `client`: what its results (and errors) say they cost. */
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
      for (const o of outcomes) {
        if (o.ok) itemCredits += o.value.credits.charged;
        else {
          errors++;
          itemCredits += chargedOn(o.error);
        }
      }
    } else {
      itemCredits += (await client.call(op.key, c.input)).credits.charged;
    }
  };
  for (let n = 0; n < (c.duplicate ? 2 : 1); n++) {
    try {
      await once();
    } catch (error) {
      errors++;
      itemCredits += chargedOn(error);
    }
  }
  return { itemCredits, errors };
}

/** The most the action may cost, before anything is sent (undefined: the input is refused). */
async function estimateOf(client: EnrichflowClient, op: OperationSpec, c: Case, mode: Mode): Promise<number | undefined> {
  try {
    const one =
      mode === 'walk'
        ? (await client.quoteWalk(op.key, c.input, { limit: c.limit, pageSize: op.pagination!.maxPageSize })).credits
        : await client.estimate(op.key, c.input);
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
  // A walk loses its first page's answer or (odd limits) its second's, after one was paid for.
  if (c.lose) env.sandbox.faults.add({ method: op.method, path: env.pathOf(op.path), kind: 'malformed', skip: mode === 'walk' ? c.limit % 2 : 0 });
  const client = env.client();
  const before = env.wallet();
  const ran = await act(client, op, c, mode);
  env.sandbox.faults.clear();
  const spent = round(before - env.wallet());
  verdicts.push({ property: '1 charged ≤ estimate', ok: spent <= estimate + EPS, detail: `spent ${spent}, estimated ${estimate}` });
  if (op.reserves) {
    // A reservation is settled later, in the books, not on an item: the next balance read settles
    // it, and summary() then equals what left the wallet. A batch submit whose answer was lost is
    // resolved from the provider's job records by the batch runner: the wallet lies between what
    // was booked and that plus the unknown.
    await client.balance().catch(() => undefined);
    const s = client.summary();
    const booked = round(s.charged + s.reserved - s.refunded);
    const unknown = s.unknown ?? 0;
    const settles = !!env.world.catalog.balance && !op.batch;
    const ok = settles ? Math.abs(booked - spent) <= EPS && unknown === 0 : booked - EPS <= spent && spent <= booked + unknown + EPS;
    verdicts.push({ property: '3 Σ item credits = wallet', ok, detail: `books ${booked} (unknown ${unknown}), wallet ${spent}` });
  } else if (c.lose) {
    // A lost answer's charge is read from the balance at once and sits on its item; without a
    // balance to read it stays unknown (at most the estimate), on no item.
    const items = round(ran.itemCredits);
    const unknown = client.summary().unknown ?? 0;
    const ok = env.world.catalog.balance ? Math.abs(items - spent) <= EPS && unknown === 0 : items - EPS <= spent && spent <= items + unknown + EPS;
    await client.balance().catch(() => undefined);
    const s = client.summary();
    const booked = round(s.charged - s.refunded);
    const books = env.world.catalog.balance ? Math.abs(booked - spent) <= EPS : booked - EPS <= spent && spent <= booked + (s.unknown ?? 0) + EPS;
    verdicts.push({
      property: '3 Σ item credits = wallet',
      ok: ok && books,
      detail: `items ${items} (unknown ${unknown}), books ${booked}, wallet ${spent}, errors ${ran.errors}`,
    });
  } else {
    const items = round(ran.itemCredits);
    verdicts.push({
      property: '3 Σ item credits = wallet',
      ok: Math.abs(items - spent) <= EPS,
      detail: `items ${items}, wallet ${spent}, errors ${ran.errors}`,
    });
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

/** Another paid operation of the catalog and an input for it, sent at the same time as a case's action. */
export interface Companion {
  op: OperationSpec;
  input: Record<string, unknown>;
}

/** Property 5 for one case (undefined where it does not apply: no balance to read, a job, a refused input). */
export async function checkAtOnce(env: WorldEnv, op: OperationSpec, c: Case, companion: Companion): Promise<Verdict | undefined> {
  if (!env.world.catalog.balance || op.reserves || op.batch || companion.op.reserves || companion.op.batch) return undefined;
  const probe = env.client();
  if ((await estimateOf(probe, companion.op, { ...c, input: companion.input, duplicate: false }, modeOf(companion.op))) === undefined) return undefined;
  const mode = modeOf(op);
  if (c.lose) env.sandbox.faults.add({ method: op.method, path: env.pathOf(op.path), kind: 'malformed', skip: mode === 'walk' ? c.limit % 2 : 0 });
  const client = env.client();
  const before = env.wallet();
  const [mine, theirs] = await Promise.all([
    act(client, op, c, mode),
    act(client, companion.op, { ...c, input: companion.input, duplicate: false, lose: false }, modeOf(companion.op)),
  ]);
  env.sandbox.faults.clear();
  const spent = round(before - env.wallet());
  const items = round(mine.itemCredits + theirs.itemCredits);
  await client.balance().catch(() => undefined);
  const s = client.summary();
  const booked = round(s.charged - s.refunded);
  const ok = Math.abs(items - spent) <= EPS && Math.abs(booked - spent) <= EPS && !s.unknown;
  return {
    property: '5 Σ item credits = wallet, with a call at once',
    ok,
    detail: `with ${companion.op.key}: items ${items}, books ${booked} (unknown ${s.unknown ?? 0}), wallet ${spent}, errors ${mine.errors + theirs.errors}`,
  };
}
