/**
 * The record-subscription registry: which records an account has already paid for, and until
 * when. Lives in the Store (one key per record, expiring with the subscription), so every run
 * and every worker sharing the store knows a company paid for last week is free today.
 */
import type { OperationSpec, RecordSubscriptionSpec } from './catalog/types';
import type { Clock } from './clock';
import { type Credits, timesCredits, ZERO } from './credits/amount';
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
   * Note records as subscribed from now. A record already registered keeps its original expiry:
   * retrieving a subscribed record again does not renew the subscription.
   */
  async register(recordType: string, ids: readonly string[]): Promise<void> {
    const at = this.clock.now();
    for (const id of new Set(ids)) await this.store.setIfAbsent(this.key(recordType, id), { at, until: at + this.scope.ttlMs }, this.scope.ttlMs);
  }

  async quote<I>(spec: RecordSubscriptionSpec<I>, input: I): Promise<SubscriptionQuote> {
    const requested = [...new Set(spec.requested(input))];
    const subscribed: string[] = [];
    const unsubscribed: string[] = [];
    for (const id of requested) ((await this.isSubscribed(spec.recordType, id)) ? subscribed : unsubscribed).push(id);
    const type = spec.recordType;
    switch (spec.mode) {
      case 'retrieve': {
        const credits = timesCredits(spec.perRecord ?? ZERO, unsubscribed.length);
        const reason =
          unsubscribed.length === 0
            ? `free: ${plural(subscribed.length, type)} already subscribed`
            : `${plural(unsubscribed.length, type)} not subscribed yet (each starts a subscription)${subscribed.length ? `; ${subscribed.length} already subscribed (free)` : ''}`;
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

  /** After a successful call: the answer's records are subscribed. */
  async registerAnswer<I>(op: OperationSpec<I>, ctx: Parameters<RecordSubscriptionSpec<I>['returned']>[0]): Promise<void> {
    if (!op.subscription) return;
    await this.register(op.subscription.recordType, op.subscription.returned(ctx));
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
