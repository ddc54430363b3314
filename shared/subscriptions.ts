/**
 * The record-subscription registry: which records an account has already paid for, and until
 * when. Lives in the Store (one key per record, expiring with the subscription), so every run
 * and every worker sharing the store knows a company paid for last week is free today.
 */
import type { RecordSubscriptionSpec, ResponseMeta } from './catalog/types';
import type { Clock } from './clock';
import { type Credits, credits, timesCredits, ZERO } from './credits/amount';
import type { Store } from './store/types';

/** What the registry says about one call before it is sent. */
export interface SubscriptionQuote {
  recordType: string;
  /** Requested records already subscribed (free). */
  subscribed: string[];
  /** Requested records not subscribed yet (each starts a subscription, `retrieve`). */
  unsubscribed: string[];
  /** The call's price per the registry, or undefined when the cost model decides. */
  credits?: Credits;
  /** One sentence a user reads next to the estimate. */
  reason: string;
}

export class SubscriptionRegistry {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly scope: { provider: string; account: string; ttlMs: number },
  ) {}

  private key(recordType: string, id: string): string {
    return `subscription:${this.scope.provider}:${this.scope.account}:${recordType}:${id}`;
  }

  async isSubscribed(recordType: string, id: string): Promise<boolean> {
    return (await this.store.get(this.key(recordType, id))) !== undefined;
  }

  /**
   * Note records as subscribed from `since` (default now: the call that charged them). A record
   * already registered keeps its original expiry: retrieving a subscribed record again does not
   * renew the subscription. A subscription already over is not registered.
   */
  async register(recordType: string, ids: readonly string[], since: number = this.clock.now()): Promise<void> {
    const until = since + this.scope.ttlMs;
    const left = until - this.clock.now();
    if (left <= 0) return;
    for (const id of new Set(ids)) await this.store.setIfAbsent(this.key(recordType, id), { at: since, until }, left);
  }

  /** The ids the registry does not know as subscribed. */
  async unknown(recordType: string, ids: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const id of new Set(ids)) if (!(await this.isSubscribed(recordType, id))) out.push(id);
    return out;
  }

  async quote<I>(spec: RecordSubscriptionSpec<I>, input: I): Promise<SubscriptionQuote> {
    const requested = [...new Set(spec.requested(input))];
    const subscribed: string[] = [];
    const unsubscribed: string[] = [];
    for (const id of requested) ((await this.isSubscribed(spec.recordType, id)) ? subscribed : unsubscribed).push(id);
    const type = spec.recordType;
    switch (spec.mode) {
      case 'retrieve': {
        const related = spec.related ? spec.related.most(input) : 0;
        const credits = timesCredits(spec.perRecord ?? ZERO, unsubscribed.length + related);
        const relatedNote = related ? `; at most ${plural(related, spec.related!.recordType)} brought in with include (each may start a subscription)` : '';
        const reason =
          unsubscribed.length === 0 && related === 0
            ? `free: ${plural(subscribed.length, type)} already subscribed`
            : `${plural(unsubscribed.length, type)} not subscribed yet (each starts a subscription)${subscribed.length ? `; ${subscribed.length} already subscribed (free)` : ''}${relatedNote}`;
        return { recordType: type, subscribed, unsubscribed, credits, reason };
      }
      case 'freeWhenSubscribed':
        return requested.length > 0 && unsubscribed.length === 0
          ? { recordType: type, subscribed, unsubscribed, credits: ZERO, reason: `free: ${plural(subscribed.length, type)} already subscribed` }
          : { recordType: type, subscribed, unsubscribed, reason: `${plural(unsubscribed.length, type)} not subscribed` };
      default:
        return { recordType: type, subscribed, unsubscribed, reason: `${type} records in the answer arrive subscribed` };
    }
  }

  /**
   * After a successful call that `charged` this much: register what the answer subscribed —
   * the records it returned (only those a reported charge pays for, under `whenCharged`), and
   * the related records it brought in when the reported charge pays for them too.
   */
  async registerAnswer<I>(
    spec: RecordSubscriptionSpec<I>,
    ctx: { data: unknown; meta: ResponseMeta; input: I },
    charged: Credits,
    requested: readonly string[],
  ): Promise<void> {
    const now = this.clock.now();
    const returned = spec.returned(ctx);
    const price = spec.perRecord ?? credits(1);
    // What the main records' new subscriptions account for; the rest of a report may pay related ones.
    let paidFor: number;
    if (spec.registers === 'whenCharged') {
      const fresh = await this.unknown(spec.recordType, returned);
      const reported = ctx.meta.creditsUsed;
      if (reported === undefined || fresh.length === 0 || reported < timesCredits(price, fresh.length)) return;
      await this.register(spec.recordType, fresh, now);
      paidFor = fresh.length;
    } else {
      const requestedSet = new Set(requested);
      const fresh = returned.filter((id) => requestedSet.has(id));
      paidFor = fresh.length;
      // A report that pays for fewer than the records new to the registry: some were subscribed
      // before, from a date nobody told us — registering them from now could outlive them.
      const reported = spec.mode === 'retrieve' ? ctx.meta.creditsUsed : undefined;
      if (reported !== undefined && reported < timesCredits(price, fresh.length)) {
        const known = new Set(fresh);
        await this.register(
          spec.recordType,
          returned.filter((id) => !known.has(id)),
          now,
        );
        return;
      }
      await this.register(spec.recordType, returned, spec.since ? Math.min(now, spec.since({ input: ctx.input, now })) : now);
    }
    if (!spec.related || ctx.meta.creditsUsed === undefined) return;
    const related = await this.unknown(spec.related.recordType, spec.related.ids({ data: ctx.data, input: ctx.input }));
    if (related.length > 0 && charged >= timesCredits(price, paidFor + related.length)) await this.register(spec.related.recordType, related, now);
  }
}

function plural(n: number, type: string): string {
  return `${n} ${type}${n === 1 ? '' : 's'}`;
}

/**
 * Calls that retrieve the same record run one after the other (in this process), so the second
 * is quoted after the first has registered the subscription: two concurrent fetches of one new
 * company are booked 1 + 0, as the provider charges them.
 */
export class RecordLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const before = unique.map((k) => this.tails.get(k) ?? Promise.resolve());
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tails = unique.map((k, i) => before[i]!.then(() => mine));
    unique.forEach((k, i) => this.tails.set(k, tails[i]!));
    try {
      await Promise.all(before);
      return await fn();
    } finally {
      release();
      unique.forEach((k, i) => {
        if (this.tails.get(k) === tails[i]) this.tails.delete(k);
      });
    }
  }
}
