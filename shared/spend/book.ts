/**
 * The spend book: per limit and period, what was spent and what calls in flight hold; per day,
 * what each provider and workflow spent (the report). Every step is atomic where the store is:
 * one Lua script on Redis (./redisBook.ts); on any other store (memory, file, z.cache) the steps
 * run one at a time in this process (below), which is atomic for one process only.
 *
 * A hold carries its expiry: a hold whose owner died (a killed worker) stops counting once it
 * expires, so a dead call cannot keep a limit blocked longer than the hold time.
 */
import type { Credits } from '../credits/amount';
import type { Store } from '../store/types';

export interface LimitSlot {
  key: string;
  cap: Credits;
  ttlMs: number;
}

export interface HoldRequest {
  holdId: string;
  amount: Credits;
  now: number;
  expiresAt: number;
  slots: LimitSlot[];
}

export type HoldReply = { ok: true } | { ok: false; index: number; spent: Credits; held: Credits };

export interface SettleRequest {
  holdId: string;
  /** What the call moved the wallet by (negative for a refund). */
  actual: Credits;
  slots: { key: string; ttlMs: number }[];
  /** The report's day row (`dayKey`), field provider|workflow. */
  dayKey: string;
  provider: string;
  workflow: string;
  /** A paid call (counted in the report's calls), not a later correction. */
  call: boolean;
  now: number;
}

export interface Usage {
  spent: Credits;
  held: Credits;
  /**
   * Held by calls whose owner never settled them (a killed worker), released when the hold ran
   * out: the provider may or may not have charged them — its balance tells.
   */
  expired: Credits;
}

/** One day's rows: provider → workflow → credits and calls. */
export type DayRows = Record<string, Record<string, { credits: Credits; calls: number }>>;

export interface SpendBook {
  /** Hold `amount` against every slot, or refuse at the first slot it would take past its cap. */
  hold(req: HoldRequest): Promise<HoldReply>;
  /**
   * Turn a hold (or nothing, for a correction) into spend, in the same step reading where each
   * limit now stands; undefined when this holdId was settled already (counted once).
   */
  settle(req: SettleRequest): Promise<Usage[] | undefined>;
  release(holdId: string, slots: readonly { key: string; ttlMs: number }[]): Promise<void>;
  usage(keys: readonly string[], now: number): Promise<Usage[]>;
  /** The report rows of these days (keys from `dayKey`). */
  days(keys: readonly string[]): Promise<DayRows[]>;
}

/** Report rows live ~13 months: last year's months stay reportable. */
export const DAY_TTL_MS = 400 * 24 * 3600_000;
/** A settled mark outlives any retry of the same settle. */
export const SETTLED_TTL_MS = 24 * 3600_000;

/** `scope` keeps teams apart in a store many share (Zapier's z.cache: per API key). */
export const dayKey = (day: string, scope = ''): string => `spend:${scope ? `${scope}:` : ''}day:${day}`;
export const settledKey = (holdId: string): string => `spend:settled:${holdId}`;
/** `provider|workflow` (a workflow id never contains the separator). */
export const rowField = (provider: string, workflow: string): string => `${provider}|${workflow.replace(/\|/g, '_')}`;

export function parseDayHash(hash: Record<string, string | number>): DayRows {
  const rows: DayRows = {};
  for (const [field, value] of Object.entries(hash)) {
    const [kind, provider, workflow] = field.split('|');
    if ((kind !== 'c' && kind !== 'n') || provider === undefined || workflow === undefined) continue;
    const row = ((rows[provider] ??= {})[workflow] ??= { credits: 0 as Credits, calls: 0 });
    if (kind === 'c') row.credits = Number(value) as Credits;
    else row.calls = Number(value);
  }
  return rows;
}

interface LimitState {
  spent: number;
  /** holdId → [amount, expiresAt] */
  holds: Record<string, [number, number]>;
  expired?: number;
}

/** Drop expired holds; what the live ones hold. */
function sweep(state: LimitState, now: number): number {
  let held = 0;
  for (const [id, [amount, until]] of Object.entries(state.holds)) {
    if (until <= now) {
      delete state.holds[id];
      state.expired = (state.expired ?? 0) + amount;
    } else held += amount;
  }
  return held;
}

/**
 * A store with no atomic scripts can still offer mutual exclusion across processes (Zapier's
 * z.cache: a lock written with `nx`); the book then runs each step inside it.
 */
export interface ExclusiveStore extends Store {
  exclusive<R>(name: string, step: () => Promise<R>): Promise<R>;
}

/** The book on any Store, one step at a time per process (memory, a file store, z.cache). */
export class StoreSpendBook implements SpendBook {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Store) {}

  hold(req: HoldRequest): Promise<HoldReply> {
    return this.serially(async () => {
      const states = await Promise.all(req.slots.map((s) => this.read(s.key)));
      for (const [index, state] of states.entries()) {
        const held = sweep(state, req.now);
        if (state.spent + held + req.amount > req.slots[index]!.cap) return { ok: false, index, spent: state.spent as Credits, held: held as Credits };
      }
      for (const [index, state] of states.entries()) {
        state.holds[req.holdId] = [req.amount, req.expiresAt];
        await this.store.set(req.slots[index]!.key, state, req.slots[index]!.ttlMs);
      }
      return { ok: true };
    });
  }

  settle(req: SettleRequest): Promise<Usage[] | undefined> {
    return this.serially(async () => {
      if (!(await this.store.setIfAbsent(settledKey(req.holdId), 1, SETTLED_TTL_MS))) return undefined;
      const usage: Usage[] = [];
      for (const slot of req.slots) {
        const state = await this.read(slot.key);
        delete state.holds[req.holdId];
        state.spent = Math.max(0, state.spent + req.actual);
        const held = sweep(state, req.now) as Credits;
        await this.store.set(slot.key, state, slot.ttlMs);
        usage.push({ spent: state.spent as Credits, held, expired: (state.expired ?? 0) as Credits });
      }
      const key = req.dayKey;
      const day = (await this.store.get<Record<string, number>>(key)) ?? {};
      const field = rowField(req.provider, req.workflow);
      day[`c|${field}`] = (day[`c|${field}`] ?? 0) + req.actual;
      if (req.call) day[`n|${field}`] = (day[`n|${field}`] ?? 0) + 1;
      await this.store.set(key, day, DAY_TTL_MS);
      return usage;
    });
  }

  release(holdId: string, slots: readonly { key: string; ttlMs: number }[]): Promise<void> {
    return this.serially(async () => {
      for (const slot of slots) {
        const state = await this.store.get<LimitState>(slot.key);
        if (!state || !(holdId in state.holds)) continue;
        delete state.holds[holdId];
        await this.store.set(slot.key, state, slot.ttlMs);
      }
    });
  }

  usage(keys: readonly string[], now: number): Promise<Usage[]> {
    return this.serially(async () =>
      Promise.all(
        keys.map(async (key) => {
          const state = await this.read(key);
          const held = sweep(state, now) as Credits;
          return { spent: state.spent as Credits, held, expired: (state.expired ?? 0) as Credits };
        }),
      ),
    );
  }

  async days(keys: readonly string[]): Promise<DayRows[]> {
    const out: DayRows[] = [];
    for (const key of keys) out.push(parseDayHash((await this.store.get<Record<string, number>>(key)) ?? {}));
    return out;
  }

  private async read(key: string): Promise<LimitState> {
    const state = await this.store.get<LimitState>(key);
    return state ? { spent: state.spent, holds: { ...state.holds }, expired: state.expired ?? 0 } : { spent: 0, holds: {}, expired: 0 };
  }

  private serially<R>(step: () => Promise<R>): Promise<R> {
    const exclusive = (this.store as Partial<ExclusiveStore>).exclusive;
    const guarded = typeof exclusive === 'function' ? () => exclusive.call(this.store, 'spend-book', step) as Promise<R> : step;
    const next = this.queue.then(guarded, guarded);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A store that keeps its own atomic book (Redis: Lua scripts). */
export interface StoreWithSpendBook extends Store {
  spendBook(): SpendBook;
}

const books = new WeakMap<Store, SpendBook>();

/** The book of a store: its own (Redis), else one per store object in this process. */
export function spendBookFor(store: Store): SpendBook {
  const own = (store as Partial<StoreWithSpendBook>).spendBook;
  if (typeof own === 'function') return own.call(store);
  let book = books.get(store);
  if (!book) {
    book = new StoreSpendBook(store);
    books.set(store, book);
  }
  return book;
}
