/**
 * The composition point (Octokit-style): one call pipeline built from separate pieces —
 * validate → estimate/budget/balance → dedupe cache → throttle → send → retry → classify →
 * ledger. Nothing here knows a provider; the catalog says everything.
 */
import { createHash } from 'node:crypto';
import { DedupeCache } from './cache';
import { type BillBreakdown, billBreakdown, billTotal, type Bill, mergeBills } from './catalog/bill';
import { applyReadings } from './catalog/readings';
import type { OperationSpec, ProviderCatalog, RatePolicy, Readings, ResponseMeta } from './catalog/types';
import type { Clock } from './clock';
import { type Credits, ZERO, credits, timesCredits, toCreditNumber } from './credits/amount';
import { shareWalkPage } from './paging/walkCredits';
import { CredentialScope, type CredentialValues, credentialRatePolicy } from './credentials';
import { BudgetGuard, checkBalance } from './credits/budget';
import { type ItemOutcome, runEach } from './runEach';
import { SpendingGuard } from './spend/guard';
import type { SpendLimiter } from './spend/limiter';
import { SpendLimitError } from './spend/limits';
import { JobHolds } from './credits/jobHolds';
import { Ledger } from './credits/ledger';
import { WalletBooks } from './credits/reconcile';
import { AuthError, BudgetExceededError, errorFromInfo, ProviderFailureError, TransportError, ValidationError } from './errors';
import { checkPageSizeCap, walkPageSize, withSentPageSize } from './paging/pageCaps';
import { paginate, plannedOverlays, type PageOverlay } from './paging/paginate';
import { callOneRecord, callRecords, type RecordOutcome, type RecordsHost } from './pipeline/records';
import type { CallCredits, CallResult } from './pipeline/callResult';
import { walkStart } from './paging/pageStart';
import { buildRequest } from './request';
import { defaultRetryOptions, isRetryable, type RetryOptions, withRetry } from './retry';
import { MemoryStore } from './store/memory';
import type { Store } from './store/types';
import { type Notice, RequestQuotaCounter } from './quota';
import { SecretRedactor } from './secrets';
import { RecordLocks, SubscriptionRegistry, type SubscriptionQuote } from './subscriptions';
import { type RatePermit, Throttle } from './throttle';
import type { HttpResponse, Transport } from './transport/types';
import { defaultTransport, systemClock } from './platform';
import { validateInput } from './validate';
import { csvRecords } from './files/csv';
import { ANSWER_BYTE_LIMITS, refusedAnswer } from './answerLimits';
import { baseUrlSecrets, checkedBaseUrl } from './baseUrl';

export interface ClientOptions {
  provider: ProviderCatalog;
  /** Added as the catalog's auth header. Omit when the transport authenticates (n8n). */
  apiKey?: string;
  baseUrl?: string;
  /** Allow an http:// `baseUrl` off loopback (the credential's "Allow Insecure HTTP"); https is required otherwise. */
  allowInsecureHttp?: boolean;
  /** Scope for throttle buckets, cache and job registry keys. Never the key itself. */
  account?: string;
  transport?: Transport;
  clock?: Clock;
  store?: Store;
  ledger?: Ledger;
  /** Credits this client may spend; undefined = no budget. */
  budget?: number;
  /**
   * A budget shared with other clients (a waterfall's one budget across providers): every call
   * of each holds its estimate on it. Wins over `budget`.
   */
  budgetGuard?: BudgetGuard;
  /** The team's spend limits in the shared store (and the spend report's rows). */
  spend?: SpendLimiter;
  retry?: Partial<RetryOptions>;
  /** The account's plan (one of `provider.plans`), for the provider's per-plan rate limits. */
  plan?: string;
  /** Explicit policies; they win over the plan's and the credential's rate. */
  rateLimits?: Partial<Record<string, RatePolicy>>;
  /** The credential's request rate (per `provider.rateSetting.per`), for per-contract limits. */
  requestRate?: number;
  /** Values of the catalog's `credentialFields` (account id …); sent where the catalog says, never shown. */
  credential?: CredentialValues;
  /** The readings chosen where the provider's sources disagree (`provider.readings`). */
  readings?: Partial<Readings>;
  timeoutMs?: number;
  random?: () => number;
  /**
   * Values to redact from every error and request id, besides `apiKey` (the key, when the
   * transport adds it and the client never sees it in a header).
   */
  secrets?: readonly string[];
  /** Extra headers on every request (User-Agent etc.); never logged. */
  headers?: Record<string, string>;
  /**
   * Read the provider's free balance before the first paid call (default true where the catalog
   * has a balance operation), so a charge whose answer is lost is settled from the balances
   * around it. Off only for a transport that answers a fixed script, call by call.
   */
  readBalanceFirst?: boolean;
}

export type { CallCredits, CallResult } from './pipeline/callResult';

export interface CreditSummary {
  calls: number;
  estimated: number;
  charged: number;
  reserved: number;
  refunded: number;
  fromCache: number;
  balanceBefore?: number;
  balanceAfter?: number;
  /** Charges not yet known (answers lost), at most this much; present only when there are some. */
  unknown?: number;
  byOperation: Record<string, { calls: number; charged: number }>;
}

export type { ItemOutcome };
export { shareWalkPage } from './paging/walkCredits';

/** A list walk: its records, what each record's page cost it, and the walk's total. */
export interface WalkResult {
  items: unknown[];
  /**
   * Each record's share of the page that returned it (0.01 each for 150 creators paid 1.5),
   * exact to the micro-credit: summed over the records they equal `credits`.
   */
  itemCredits: CallCredits[];
  pages: number;
  credits: CallCredits;
  stoppedBy?: 'budget';
  stopReason?: string;
}


/** An estimate with its reason: what a call may cost before it is sent, and why. */
export interface Quote {
  credits: number;
  /** Who decides: the cost model, or the record-subscription registry. */
  source: 'model' | 'subscription';
  reason: string;
  /** The upper bound itemised, when the catalog prices by line. */
  bill?: BillBreakdown;
  /** Requested records already subscribed / not yet subscribed (subscription operations). */
  subscribed?: string[];
  unsubscribed?: string[];
}

interface CachedAnswer {
  data: unknown;
  meta: ResponseMeta;
  requestId?: string;
  status: number;
}

interface Sent {
  response: HttpResponse;
  body: unknown;
  attempts: number;
}

export class EnrichflowClient {
  readonly provider: ProviderCatalog;
  readonly ledger: Ledger;
  readonly store: Store;
  readonly clock: Clock;
  readonly account: string;
  readonly baseUrl: string;
  /** Every reading of the catalog, as chosen or by default. */
  readonly readings: Readings;
  private readonly opts: Omit<ClientOptions, 'credential' | 'apiKey' | 'headers' | 'secrets'>;
  // The key and the extra headers live in private fields: util.inspect, JSON.stringify and an
  // error's cause chain never reach them.
  readonly #apiKey: string | undefined;
  readonly #headers: Record<string, string> | undefined;
  readonly #redact: SecretRedactor;
  readonly #books: WalletBooks;
  private readonly scope: CredentialScope;
  private readonly transport: Transport;
  private readonly throttle: Throttle;
  private readonly cache: DedupeCache;
  private readonly budget: SpendingGuard;
  private readonly jobHolds = new JobHolds();
  private readonly retry: RetryOptions;
  private readonly ops: Map<string, OperationSpec>;
  private readonly planLimits: Record<string, RatePolicy> & { default: RatePolicy };
  /** Running-charge bookings per job, chained so two reads of one job never book the same growth twice. */
  private readonly runningCharges = new Map<string, Promise<Credits>>();
  /** Each paid answer's bill (structured), so a walk can add its pages' bills up. */
  private readonly lastBill = new WeakMap<CallResult, Bill>();
  private readonly subscriptions?: SubscriptionRegistry;
  private readonly quota?: RequestQuotaCounter;
  private readonly noticeList: Notice[] = [];
  private readonly recordLocks = new RecordLocks();
  private readonly credentialRate: RatePolicy | undefined;
  /** Prices read from the provider's free price lists, by operation (see withListedPrice). */
  private readonly listedPrices = new Map<string, Promise<number | undefined>>();
  /** The one balance read before the first paid call (see knowBalance). */
  private balanceRead: Promise<AuthError | undefined> | undefined;
  /** What records.ts may use of this client: its public checks and the paid pipeline for one chunk. */
  private readonly recordsHost: RecordsHost;
  /** Cacheable calls on the wire now: an identical call waits for that answer instead of paying again. */

  /** The clock and transport are the platform's (n8n's `sleep` and `fetch` in nodes); `createClient` gives Node's by default. */
  constructor(options: ClientOptions & { clock: Clock; transport: Transport }) {
    const { credential, apiKey, headers, secrets, ...opts } = options;
    this.opts = opts;
    this.#apiKey = apiKey;
    this.#headers = headers;
    ({ catalog: this.provider, readings: this.readings } = applyReadings(opts.provider, opts.readings));
    this.scope = new CredentialScope(this.provider, credential);
    this.baseUrl = checkedBaseUrl(this.provider.displayName, opts.baseUrl ?? this.provider.baseUrl, { allowInsecureHttp: opts.allowInsecureHttp, example: this.provider.baseUrl });
    // A credential field marked secret is redacted like the key, and so is anything a Base URL carries (user info, query).
    this.#redact = new SecretRedactor([apiKey, ...(secrets ?? []), ...this.scope.secrets(), ...baseUrlSecrets(this.baseUrl)]);
    this.clock = opts.clock;
    this.store = opts.store ?? new MemoryStore({ clock: this.clock });
    this.ledger = opts.ledger ?? new Ledger();
    this.transport = opts.transport;
    this.throttle = new Throttle(this.store, this.clock);
    this.cache = new DedupeCache(this.store, this.clock);
    this.budget = new SpendingGuard(opts.budgetGuard ?? new BudgetGuard(opts.budget === undefined ? undefined : credits(opts.budget)), opts.spend);
    this.retry = { ...defaultRetryOptions, ...opts.retry };
    this.account = opts.account ?? (apiKey ? createHash('sha256').update(apiKey).digest('hex').slice(0, 16) : 'default');
    this.ops = new Map(this.provider.operations.map((op) => [op.key, op]));
    this.planLimits = planLimits(this.provider, opts.plan);
    this.#books = new WalletBooks(this.ledger, () => this.clock.now(), (delta) => this.budget.adjust(delta));
    this.credentialRate = credentialRatePolicy(this.provider, opts.requestRate);
    // The quota belongs to the key; subscriptions to the account the credential scopes (account_id).
    const scope = { provider: this.provider.id, displayName: this.provider.displayName, account: this.account };
    if (this.provider.subscriptions) this.subscriptions = new SubscriptionRegistry(this.store, this.clock, { ...scope, account: this.subscriptionScope(), ttlMs: this.provider.subscriptions.ttlMs });
    if (this.provider.requestQuota) this.quota = new RequestQuotaCounter(this.store, this.clock, this.provider.requestQuota, scope, (n) => this.noticeList.push(n));
    this.recordsHost = {
      provider: this.provider,
      operation: (key) => this.operation(key),
      validate: (key, input) => this.validate(key, input),
      budgetRemaining: () => this.budgetRemaining(),
      notify: (notice) => this.notify(notice),
      sendChunk: (op, input, opts) => this.sendAndBook(op, input, undefined, opts, op.cost.estimate(input, { plan: this.opts.plan })),
    };
  }

  // An inspected or serialized client shows what it is for, never its settings (a Base URL may carry a key).
  toJSON(): Record<string, string> {
    return { client: 'EnrichflowClient', provider: this.provider.id, origin: originOf(this.baseUrl) };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `EnrichflowClient(${this.provider.id} @ ${originOf(this.baseUrl)})`;
  }

  /** `error` with the key (and every other secret this client knows) redacted from all it carries. */
  redacted<E>(error: E): E {
    return this.#redact.error(error);
  }

  /** Warnings this client's calls raised (a request quota nearly used up), for the adapter to show. */
  notices(): readonly Notice[] {
    return this.noticeList.slice();
  }

  /** A warning for the adapter to show next to the run's results (records.ts: a charged free check). */
  notify(notice: Notice): void {
    this.noticeList.push(notice);
  }

  operation(key: string): OperationSpec {
    const op = this.ops.get(key);
    if (!op) {
      throw new ValidationError(`${this.provider.displayName} has no operation "${key}"`, [{ field: 'operation', rule: `one of ${[...this.ops.keys()].join(', ')}` }]);
    }
    return op;
  }

  validate<I>(key: string, input: unknown): I {
    const op = this.operation(key) as OperationSpec<I>;
    const parsed = validateInput<I>(this.provider.displayName, op, input);
    checkPageSizeCap(this.provider.displayName, op, parsed);
    return parsed;
  }

  /** Credits the call may cost (an upper bound); 0 for records already subscribed. */
  async estimate(key: string, input: unknown): Promise<number> {
    return (await this.quote(key, input)).credits;
  }

  /** The estimate and why: "free: 1 company already subscribed". */
  async quote(key: string, input: unknown): Promise<Quote> {
    const op = this.operation(key);
    const parsed = await this.withListedPrice(op, withSentPageSize(op, this.validate(key, input)));
    const ctx = { plan: this.opts.plan };
    const sub = await this.subscriptionQuote(op, parsed);
    if (sub?.credits !== undefined) {
      return { credits: toCreditNumber(sub.credits), source: 'subscription', reason: sub.reason, subscribed: sub.subscribed, unsubscribed: sub.unsubscribed };
    }
    const credits = toCreditNumber(op.cost.estimate(parsed, ctx));
    const bill = op.cost.quote?.(parsed, ctx);
    return {
      credits,
      source: 'model',
      reason: op.cost.summary,
      ...(bill ? { bill: billBreakdown(bill) } : {}),
      ...(sub ? { subscribed: sub.subscribed, unsubscribed: sub.unsubscribed } : {}),
    };
  }

  /** Whether the dedupe cache holds an answer for this call, so it would cost nothing now. */
  async isCached(key: string, input: unknown): Promise<boolean> {
    const op = this.operation(key);
    if (!op.cacheTtlMs || op.records) return false;
    const parsed = this.validate(key, input);
    const cacheKey = DedupeCache.key({ provider: this.provider.id, account: this.cacheScope(), operation: op.key, input: op.cacheKey ? op.cacheKey(parsed) : parsed });
    return (await this.cache.get(cacheKey)) !== undefined;
  }

  private async subscriptionQuote(op: OperationSpec, input: unknown): Promise<SubscriptionQuote | undefined> {
    return op.subscription && this.subscriptions ? this.subscriptions.quote(op.subscription, input) : undefined;
  }

  async call<O = unknown>(key: string, input: unknown, opts: { signal?: AbortSignal; noCache?: boolean } = {}): Promise<CallResult<O>> {
    const op = this.operation(key);
    // One record of an operation that takes many per request: sent as a one-record request.
    if (op.records) return callOneRecord<O>(this.recordsHost, key, input, opts);
    const parsed = await this.withListedPrice(op, withSentPageSize(op, this.validate(key, input)));
    return this.execute<O>(op, parsed, undefined, opts);
  }

  /**
   * The bill before a walk to `limit` items: every page it would ask for, each priced as the
   * walk sends it (its page size, its page number), as an upper bound; without a limit (Return
   * All), the first page's price with `perPage` set.
   */
  async quoteWalk(key: string, input: unknown, opts: { limit?: number; pageSize?: number } = {}): Promise<Quote & { pages?: number; perPage?: boolean }> {
    const op = this.operation(key);
    const parsed = this.validate<Record<string, unknown>>(key, input);
    const spec = op.pagination;
    if (!spec) return this.quote(key, parsed);
    const { start, input: sent } = walkStart(spec, parsed);
    const pageSize = walkPageSize(spec, parsed, opts.pageSize);
    const perPage = opts.limit === undefined;
    const overlays = plannedOverlays(spec, { maxItems: opts.limit ?? Math.min(spec.maxPageSize, pageSize ?? spec.defaultPageSize), pageSize, ...start });
    const ctx = { plan: this.opts.plan };
    const bills = overlays.map((overlay): Bill => {
      const page = this.effectiveInput(op, sent, overlay);
      return op.cost.quote?.(page, ctx) ?? { lines: { total: op.cost.estimate(page, ctx) } };
    });
    const bill = mergeBills(bills);
    const quote = { credits: toCreditNumber(billTotal(bill)), source: 'model' as const, reason: op.cost.summary, bill: billBreakdown(bill), pages: bills.length };
    return perPage ? { ...quote, perPage: true } : quote;
  }

  /**
   * Many input records of an operation that takes them in one request (`op.records`): few
   * requests, every answer matched back to its input; one outcome per input, in input order.
   */
  callRecords<O = unknown>(key: string, inputs: readonly unknown[], opts: { signal?: AbortSignal; stopOnError?: boolean } = {}): Promise<RecordOutcome<O>[]> {
    return callRecords<O>(this.recordsHost, key, inputs, opts);
  }

  /**
   * Walk a paginated operation page by page, to `limit` items (all when undefined), never
   * over-fetching. Each page is one call through the whole pipeline (budget, throttle, ledger).
   */
  async *pages(
    key: string,
    input: unknown,
    opts: { limit?: number; pageSize?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<{ items: unknown[]; result: CallResult }> {
    const op = this.operation(key);
    const parsed = this.validate(key, input);
    if (!op.pagination) {
      const result = await this.execute(op, parsed, undefined, opts);
      const items = Array.isArray(result.data) ? result.data : [result.data];
      yield { items: opts.limit === undefined ? items : items.slice(0, opts.limit), result };
      return;
    }
    // A walk starts where the input asks, in every paging style (a paid page 4 is not the free page 1).
    const { start, input: sent } = walkStart(op.pagination, parsed);
    let last: CallResult | undefined;
    const fetchPage = async (overlay: PageOverlay) => {
      last = await this.execute(op, sent, overlay, { signal: opts.signal, noCache: true });
      return { data: last.data, body: last.body };
    };
    const pageSize = walkPageSize(op.pagination, parsed, opts.pageSize);
    for await (const page of paginate(op.pagination, fetchPage, { maxItems: opts.limit, pageSize, ...start })) {
      yield { items: page.items, result: last! };
    }
  }

  /** All items of a paginated operation (see `pages`), with the credits the walk cost. */
  async list(
    key: string,
    input: unknown,
    opts: { limit?: number; pageSize?: number; signal?: AbortSignal } = {},
  ): Promise<WalkResult> {
    const items: unknown[] = [];
    const itemCredits: CallCredits[] = [];
    /** A page that returned no items: its charge waits for the next item (or the walk's end). */
    let unplaced = { estimated: ZERO, charged: ZERO };
    let pages = 0;
    let estimated = ZERO;
    let charged = ZERO;
    let source: CallCredits['source'] = 'model';
    const bills: Bill[] = [];
    let stop: BudgetExceededError | SpendLimitError | undefined;
    try {
      for await (const page of this.pages(key, input, opts)) {
        pages++;
        items.push(...page.items);
        const pageEstimated = credits(page.result.credits.estimated);
        const pageCharged = credits(page.result.credits.charged);
        estimated = (estimated + pageEstimated) as Credits;
        charged = (charged + pageCharged) as Credits;
        unplaced = { estimated: (unplaced.estimated + pageEstimated) as Credits, charged: (unplaced.charged + pageCharged) as Credits };
        if (page.items.length) {
          itemCredits.push(...shareWalkPage(unplaced, page.items.length, page.result.credits.source));
          unplaced = { estimated: ZERO, charged: ZERO };
        }
        if (page.result.credits.source === 'provider') source = 'provider';
        const bill = this.lastBill.get(page.result);
        if (bill) bills.push(bill);
      }
    } catch (error) {
      // The budget refused the next page: the pages already paid for are kept, never lost.
      if (!(error instanceof BudgetExceededError || error instanceof SpendLimitError) || pages === 0) throw error;
      stop = error;
    }
    const walk: CallCredits = { estimated: toCreditNumber(estimated), charged: toCreditNumber(charged), source, fromCache: false };
    if (bills.length) walk.bill = billBreakdown(mergeBills(bills));
    // Pages after the last item that charged anyway (a flat line on an empty page): on the last item.
    if (itemCredits.length && (unplaced.charged !== ZERO || unplaced.estimated !== ZERO)) {
      const last = itemCredits[itemCredits.length - 1]!;
      itemCredits[itemCredits.length - 1] = { ...last, estimated: toCreditNumber((credits(last.estimated) + unplaced.estimated) as Credits), charged: toCreditNumber((credits(last.charged) + unplaced.charged) as Credits) };
    }
    const result: WalkResult = { items, itemCredits, pages, credits: walk };
    return stop ? { ...result, stoppedBy: 'budget', stopReason: stop.message } : result;
  }

  /**
   * Every item of a free read, sent without booking (no ledger, no budget, no cache): to look at
   * a job that may be another run's (submitOutcome.ts). A settlement the read makes the provider
   * perform is the job owner's to book, from the settlement its own next read reports.
   */
  async inspectAll(key: string, input: unknown, opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<unknown[]> {
    const op = this.operation(key);
    const parsed = this.validate(key, input);
    if (op.cost.estimate(parsed, { plan: this.opts.plan }) !== ZERO) throw new ValidationError(`${this.provider.displayName}: ${op.displayName} is not free; it cannot be read without booking`);
    const read = async (overlay: PageOverlay | undefined) => {
      try {
        const sent = await this.send(op, parsed, overlay, opts.signal);
        return { data: this.provider.unwrap(sent.body, sent.response).data, body: sent.body };
      } catch (error) {
        throw this.#redact.error(error);
      }
    };
    if (!op.pagination) {
      const { data } = await read(undefined);
      return Array.isArray(data) ? data : [data];
    }
    const items: unknown[] = [];
    for await (const page of paginate(op.pagination, read, { pageSize: opts.pageSize ?? op.pagination.maxPageSize })) items.push(...page.items);
    return items;
  }

  runEach<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, opts?: { concurrency?: number }): Promise<ItemOutcome<R>[]> {
    return runEach(items, fn, opts);
  }

  /** The account balance from the provider's free balance operation (also noted in the ledger). */
  async balance(): Promise<number | undefined> {
    const spec = this.provider.balance;
    if (!spec) return undefined;
    const result = await this.call(spec.op, {}, { noCache: true });
    const balance = spec.read(result.data);
    // An answer without the balance leaves it unknown: no known balance refuses nothing.
    if (balance === undefined) return undefined;
    this.#books.reportedBalance(balance);
    return toCreditNumber(balance);
  }

  /** The input with the price the provider lists for it (see `OperationSpec.priceFrom`). */
  private async withListedPrice<I>(op: OperationSpec, input: I): Promise<I> {
    const spec = op.priceFrom;
    if (!spec || typeof input !== 'object' || input === null) return input;
    let listed = this.listedPrices.get(spec.op);
    if (!listed) {
      listed = this.call(spec.op, {}, { noCache: true }).then((r) => spec.read(r.data));
      this.listedPrices.set(spec.op, listed);
      listed.catch(() => this.listedPrices.delete(spec.op));
    }
    const price = await listed;
    const own = (input as Record<string, unknown>)[spec.field];
    if (price === undefined || (typeof own === 'number' && own >= price)) return input;
    return { ...input, [spec.field]: price };
  }

  /** Reads the balance once, before the first paid call, where the catalog has a free balance operation. */
  private knowBalance(): Promise<void> {
    if (!this.provider.balance || this.opts.readBalanceFirst === false || this.ledger.lastKnownBalance !== undefined) return Promise.resolve();
    // A balance that cannot be read now leaves the call as it was (reconciled from later
    // balances) — but a refused key is refused once: the paid call is not sent after it.
    this.balanceRead ??= this.balance().then(
      () => undefined,
      (error: unknown) => (error instanceof AuthError ? error : undefined),
    );
    return this.balanceRead.then((refused) => {
      if (refused) throw refused;
    });
  }

  /** Credits left in this client's budget, or undefined without a budget. */
  budgetRemaining(): number | undefined {
    const left = this.budget.remaining();
    return left === undefined ? undefined : toCreditNumber(left);
  }

  /**
   * A job found in the provider's records after its submit's answer was lost (see
   * submitOutcome.ts): book its reservation as the submit would have, so its settlement is
   * reconciled and the ledger matches the wallet.
   */
  async adoptReservation(submitOp: string, jobId: string, reserved: Credits | undefined): Promise<void> {
    if (reserved !== undefined) await this.store.set(this.jobKey('reserved', jobId), reserved, JOB_RECORD_TTL_MS);
    this.ledger.record({ provider: this.provider.id, operation: submitOp, estimated: ZERO, charged: ZERO, reserved, source: 'provider', at: this.clock.now() });
    if (reserved !== undefined) this.budget.adjust(reserved);
  }

  /** Money moved by something other than a single call (batch settlement): keep the budget true. */
  adjustBudget(delta: Credits): void {
    this.budget.adjust(delta);
  }

  summary(): CreditSummary {
    const t = this.ledger.totals();
    const n = (c: Credits | undefined) => (c === undefined ? undefined : toCreditNumber(c));
    const byOperation: CreditSummary['byOperation'] = {};
    for (const [k, v] of Object.entries(t.byOperation)) byOperation[k] = { calls: v.calls, charged: toCreditNumber(v.charged) };
    return {
      calls: t.calls,
      estimated: toCreditNumber(t.estimated),
      charged: toCreditNumber(t.charged),
      reserved: toCreditNumber(t.reserved),
      refunded: toCreditNumber(t.refunded),
      fromCache: t.fromCache,
      balanceBefore: n(t.balanceBefore),
      balanceAfter: n(t.balanceAfter),
      ...(this.#books.unresolved > 0 ? { unknown: toCreditNumber(this.#books.unresolved) } : {}),
      byOperation,
    };
  }

  // ---- the pipeline ----

  private async execute<O>(op: OperationSpec, input: unknown, overlay: PageOverlay | undefined, opts: { signal?: AbortSignal; noCache?: boolean }): Promise<CallResult<O>> {
    // A subscribed record is free to fetch again: the registry prices the call, and it is sent
    // (fresh data) rather than answered from a cache.
    if (op.subscription && this.subscriptions) {
      const keys = op.subscription.requested(input as never).map((id) => `${op.subscription!.recordType}:${id}`);
      return this.recordLocks.run(keys, async () => {
        const sub = await this.subscriptionQuote(op, input);
        return this.sendAndBook<O>(op, input, overlay, opts, sub?.credits ?? op.cost.estimate(this.effectiveInput(op, input, overlay), { plan: this.opts.plan }), sub);
      });
    }
    const estimated = op.cost.estimate(this.effectiveInput(op, input, overlay), { plan: this.opts.plan });
    // `op.cacheKey` says what identifies the record (e.g. an email in any letter case).
    const cacheKey =
      op.cacheTtlMs && !overlay ? DedupeCache.key({ provider: this.provider.id, account: this.cacheScope(), operation: op.key, input: op.cacheKey ? op.cacheKey(input) : input }) : undefined;
    if (!cacheKey) return this.sendAndBook<O>(op, input, overlay, opts, estimated);
    if (opts.noCache) {
      // Asked fresh: sent regardless, and the answer refreshes the cache.
      const result = await this.sendAndBook<O>(op, input, overlay, opts, estimated);
      await this.cache.set<CachedAnswer>(cacheKey, cachedAnswer(result), op.cacheTtlMs!).catch(() => undefined); // paid for: a lost cache write must not lose it
      return result;
    }
    // The cache answers, or one call is sent and shared with identical calls running at the
    // same time (runEach with concurrency): the twins pay nothing.
    let fresh: CallResult<O> | undefined;
    const { value, hit } = await this.cache.once<CachedAnswer>(cacheKey, op.cacheTtlMs!, async () => {
      fresh = await this.sendAndBook<O>(op, input, overlay, opts, estimated);
      return cachedAnswer(fresh);
    });
    return hit || !fresh ? this.answerFromCache<O>(op, estimated, value) : fresh;
  }

  private answerFromCache<O>(op: OperationSpec, estimated: Credits, cached: CachedAnswer): CallResult<O> {
    this.ledger.record({ provider: this.provider.id, operation: op.key, estimated, charged: ZERO, source: 'cache', requestId: cached.requestId, at: this.clock.now() });
    return {
      data: cached.data as O,
      meta: cached.meta,
      requestId: cached.requestId,
      status: cached.status,
      attempts: 0,
      credits: { estimated: toCreditNumber(estimated), charged: 0, source: 'cache', fromCache: true },
    };
  }

  private async sendAndBook<O>(
    op: OperationSpec,
    input: unknown,
    overlay: PageOverlay | undefined,
    opts: { signal?: AbortSignal },
    estimated: Credits,
    sub?: SubscriptionQuote,
  ): Promise<CallResult<O>> {
    // The first paid call learns the balance first (a free read), so a charge whose answer is
    // lost can always be settled from the balances around it and summary() ends equal to the wallet.
    // Batch jobs are left to the provider (a job short of credits pauses, to be resumed after a
    // top-up) and resolve a lost submit from the provider's own records (submitOutcome.ts).
    const budgetLeft = this.budget.remaining();
    if (estimated > 0 && !op.batch && (budgetLeft === undefined || estimated <= budgetLeft)) {
      // Bad input (a rule only the request builder checks) is refused before anything is sent.
      buildRequest(this.baseUrl, op, input, overlay, this.scope.partsFor(op));
      await this.knowBalance();
    }
    // Refuse before sending when the known balance or the run's budget cannot cover the estimate.
    checkBalance(estimated, this.ledger.lastKnownBalance);
    const hold = await this.budget.holdWithLimits(estimated);
    let sent: Sent;
    // An attempt whose answer was lost may have been charged even when a retry then succeeds
    // (a retry-safe call is charged at most once in all, but maybe by the lost attempt): booked
    // as an unknown charge, settled from the next balance, and counted by the budget meanwhile.
    const lostAttempt = () => {
      if (estimated <= 0) return;
      this.budget.adjust(estimated);
      this.#books.unknownCharge(this.provider.id, op.key, estimated, this.clock.now());
    };
    try {
      sent = await this.send(op, input, overlay, opts.signal, lostAttempt);
    } catch (error) {
      if (estimated > 0 && answerLost(error)) {
        // The provider may have charged: the budget counts the estimate, the books an unknown charge.
        hold.settle(estimated);
        this.#books.unknownCharge(this.provider.id, op.key, estimated, this.clock.now());
        // A garbled answer was processed: the records a retrieval asked for are subscribed now
        // (the next balance says what that cost), so fetching them again is not booked twice.
        if (answerProcessed(error) && op.subscription?.mode === 'retrieve' && this.subscriptions) {
          await this.subscriptions.register(op.subscription.recordType, op.subscription.requested(input as never)).catch(() => undefined);
        }
      } else hold.release();
      throw this.#redact.error(error);
    }

    const unwrapped = this.provider.unwrap(sent.body, sent.response);
    const rawData = unwrapped.data;
    // A provider that echoes the key back (in a request id, say) must not put it in our output.
    const meta: ResponseMeta = unwrapped.meta.requestId === undefined ? unwrapped.meta : { ...unwrapped.meta, requestId: this.#redact.text(unwrapped.meta.requestId) };
    const parsedOutput = op.output.safeParse(rawData);
    const data = (parsedOutput.success ? parsedOutput.data : rawData) as O;
    const effective = this.effectiveInput(op, input, overlay);
    const returned = sub && op.subscription ? op.subscription.returned({ data, meta, input: effective }) : [];
    const costCtx = { input: effective, data, response: sent.response, meta, plan: this.opts.plan };
    const modelCharge = (): Credits => (op.cost.actual ? op.cost.actual(costCtx) : (meta.creditsUsed ?? estimated));
    // A subscription operation: the provider's own report, else the registry's (new records ×
    // price); other operations keep their cost model first (a settled read reports its job's
    // settlement in meta, which is booked once per job, not per read).
    const charged = op.subscription && sub ? (meta.creditsUsed ?? subscriptionCharge(op, sub, returned) ?? modelCharge()) : modelCharge();
    const bill = op.cost.billed?.(costCtx);
    // A reservation leaves the wallet like a charge until it is settled, so the budget counts it —
    // the estimate when the provider does not say what it holds; the settlement corrects it.
    const reservedForBudget = meta.creditsReserved ?? op.reserves?.reserved?.(data) ?? (op.reserves ? estimated : ZERO);
    hold.settle((charged + reservedForBudget) as Credits);
    const heldJob = op.reserves?.jobId(data);
    if (heldJob) this.jobHolds.remember(heldJob, reservedForBudget);
    const source = sub?.credits === ZERO && charged === ZERO ? 'subscription' : meta.creditsUsed !== undefined ? 'provider' : 'model';
    if (op.subscription && this.subscriptions && sub) await this.subscriptions.registerAnswer(op.subscription, { data, meta, input: effective }, charged, sub.unsubscribed);
    const reserved = await this.rememberReservation(op, data, meta);
    this.ledger.record({
      provider: this.provider.id,
      operation: op.key,
      estimated,
      charged,
      reserved,
      source,
      requestId: meta.requestId,
      at: this.clock.now(),
    });
    const settled = await this.bookSettlement(op, input, data, meta);
    // What this call moved: its charge and reservation out, a settlement's refund back in.
    this.#books.moved((charged + (reserved ?? ZERO) - (settled?.refunded ?? ZERO)) as Credits);
    if (meta.creditsRemaining !== undefined) this.#books.reportedBalance(meta.creditsRemaining);
    const result: CallResult<O> = {
      data,
      meta,
      body: sent.body,
      requestId: meta.requestId,
      status: sent.response.status,
      attempts: sent.attempts,
      credits: { estimated: toCreditNumber(estimated), charged: toCreditNumber((charged + (settled?.charged ?? ZERO)) as Credits), source, fromCache: false },
    };
    if (bill) {
      result.credits.bill = billBreakdown(bill);
      this.lastBill.set(result as CallResult, bill);
    }
    return result;
  }

  private jobKey(kind: 'reserved' | 'settled', jobId: string): string {
    return `${kind}:${this.provider.id}:${this.account}:${jobId}`;
  }

  /** Remember what a job reserved, so its settlement can be reconciled later (any process). */
  private async rememberReservation(op: OperationSpec, data: unknown, meta: ResponseMeta): Promise<Credits | undefined> {
    if (!op.reserves) return meta.creditsReserved;
    const reserved = meta.creditsReserved ?? op.reserves.reserved?.(data);
    const jobId = op.reserves.jobId(data);
    if (reserved !== undefined && jobId) await this.store.set(this.jobKey('reserved', jobId), reserved, JOB_RECORD_TTL_MS);
    return reserved;
  }

  /**
   * Book a finished job's settlement exactly once, however often its results are read; the
   * refund goes back to the budget, which counted the whole reservation at submit.
   */
  private async bookSettlement(op: OperationSpec, input: unknown, data: unknown, meta: ResponseMeta): Promise<{ charged: Credits; refunded: Credits } | undefined> {
    if (!op.settles) return undefined;
    const jobId = op.settles.jobId(input);
    const reserved = await this.store.get<Credits>(this.jobKey('reserved', jobId));
    const settlement = op.settles.read({ data, meta, reserved });
    if (!settlement) return undefined;
    if (op.settles.cumulative) return { charged: await this.bookRunningCharge(op, jobId, settlement.charged, reserved, meta.requestId), refunded: ZERO };
    if (!(await this.store.setIfAbsent(this.jobKey('settled', jobId), this.clock.now(), JOB_RECORD_TTL_MS))) return { charged: ZERO, refunded: ZERO };
    // A refund of an outright charge (not of a reservation) lowers what the run was charged.
    const charged = op.settles.refundsCharge ? ((settlement.charged - settlement.refunded) as Credits) : settlement.charged;
    this.ledger.record({
      provider: this.provider.id,
      operation: `${op.resource}.settlement`,
      estimated: ZERO,
      charged,
      refunded: settlement.refunded,
      source: 'provider',
      requestId: meta.requestId,
      at: this.clock.now(),
    });
    this.budget.adjust(this.jobHolds.correction(jobId, { charged, refunded: settlement.refunded }));
    return { charged, refunded: settlement.refunded };
  }

  /**
   * A job charged as it runs: book what its running total grew by since the last read, once
   * (reads of the same job are serialized here; the total booked so far lives in the store).
   * What exceeds a known reservation counts against the budget.
   */
  private bookRunningCharge(op: OperationSpec, jobId: string, total: Credits, reserved: Credits | undefined, requestId: string | undefined): Promise<Credits> {
    const key = this.jobKey('settled', jobId);
    const previous = this.runningCharges.get(key) ?? Promise.resolve(ZERO);
    const next = previous.then(async () => {
      const booked = (await this.store.get<Credits>(key)) ?? ZERO;
      if (total <= booked) return ZERO;
      await this.store.set(key, total, JOB_RECORD_TTL_MS);
      const delta = (total - booked) as Credits;
      this.ledger.record({ provider: this.provider.id, operation: `${op.resource}.settlement`, estimated: ZERO, charged: delta, source: 'provider', requestId, at: this.clock.now() });
      const covered = reserved === undefined ? ZERO : (Math.max(0, Math.min(total, reserved) - Math.min(booked, reserved)) as Credits);
      this.budget.adjust((delta - covered) as Credits);
      return delta;
    });
    this.runningCharges.set(key, next.catch(() => ZERO));
    return next;
  }

  /** Subscriptions belong to the account the credential names (any user's key on it), else to the key's scope. */
  private subscriptionScope(): string {
    const field = this.provider.subscriptions?.accountField;
    const account = field ? this.scope.digestOf(field) : undefined;
    return account ? `account:${account}` : this.cacheScope();
  }

  /** Cached answers belong to the key and the credential's scope (two accounts behind one key see different records). */
  private cacheScope(): string {
    const scoped = this.scope.fingerprint();
    return scoped ? `${this.account}:${scoped}` : this.account;
  }

  /** The input a page request really sends, so per-page estimates see the page size. */
  private effectiveInput(op: OperationSpec, input: unknown, overlay: PageOverlay | undefined): unknown {
    // A next-page URL carries its own cursor; the overlay's query still says the page size it asks.
    if (!overlay || typeof input !== 'object' || input === null) return input;
    const merged = { ...(input as Record<string, unknown>), ...overlay.query, ...overlay.body };
    const reparsed = op.input.safeParse(merged);
    return reparsed.success ? reparsed.data : input;
  }

  /** Every limit a request of `op` counts in: its bucket's, and the general one where that covers all. */
  private ratePolicies(op: OperationSpec): { key: string; policy: RatePolicy }[] {
    const bucket = op.rateBucket ?? 'default';
    const own = this.ratePolicy(bucket);
    return bucket !== 'default' && this.provider.defaultLimitsCoverAll ? [own, this.ratePolicy('default')] : [own];
  }

  private ratePolicy(bucket: string): { key: string; policy: RatePolicy } {
    const limits = this.planLimits;
    const policy = this.opts.rateLimits?.[bucket] ?? this.credentialRate ?? limits[bucket] ?? this.opts.rateLimits?.default ?? limits.default;
    return { key: `${this.provider.id}:${this.account}:${bucket}`, policy };
  }

  private async send(op: OperationSpec, input: unknown, overlay: PageOverlay | undefined, signal?: AbortSignal, lostAttempt?: () => void): Promise<Sent> {
    const scope = this.scope.partsFor(op);
    const request = buildRequest(this.baseUrl, op, input, overlay, scope);
    const headers: Record<string, string> = { accept: op.responseType === 'text' || op.responseType === 'file' ? 'text/csv, application/json' : 'application/json', ...this.#headers, ...scope.headers };
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    if (this.#apiKey) headers[this.provider.auth.header.toLowerCase()] = `${this.provider.auth.prefix ?? ''}${this.#apiKey}`;
    const limits = this.ratePolicies(op);
    const { policy } = limits[0];
    let attempts = 0;

    return withRetry(
      async () => {
        attempts++;
        // One slot in each limit, in turn: a slot taken before waiting for the next is counted
        // again when the request really goes (the permit settles it at its answer).
        const permits: RatePermit[] = [];
        for (const limit of limits) permits.push(await this.throttle.acquire(limit.key, limit.policy, signal));
        // Every attempt the provider sees counts against its long-period quota.
        await this.quota?.take();
        const maxBytes = ANSWER_BYTE_LIMITS[op.kind];
        let response: HttpResponse;
        try {
          response = await this.transport.send({ method: op.method, url: request.url, headers, body: request.body, timeoutMs: this.opts.timeoutMs ?? this.provider.timeoutMs, signal, maxBytes });
        } finally {
          for (const permit of permits) permit.answered();
        }
        for (const limit of limits) await this.respectRateHeaders(limit.key, response);
        const refused = refusedAnswer(this.provider, op, response, maxBytes);
        if (refused) throw refused;
        // A provider that echoes the key inside its answer must not put it into output items.
        const body = this.redactAnswer(op.responseType === 'file' && response.status < 300 ? parseResultsFile(response) : parseBody(response, op.responseType === 'text'), response.body);
        if (response.status >= 200 && response.status < 300) {
          if (body === MALFORMED) {
            throw new ProviderFailureError(`${this.provider.displayName}: malformed response body (HTTP ${response.status}) from ${op.displayName}`, {
              provider: this.provider.id,
              code: MALFORMED_BODY,
              status: response.status,
              retryable: true,
            });
          }
          return { response, body, attempts };
        }
        const info = this.provider.parseError(response, body === MALFORMED ? undefined : body);
        if (info.kind === 'rate_limited') {
          // Without Retry-After the contract's window is the wait the provider documents: another
          // client filled it, and retrying sooner only collects more 429s.
          info.retryAfterMs ??= policy.windowMs;
          for (const limit of limits) await this.throttle.pauseUntil(limit.key, this.clock.now() + info.retryAfterMs);
        }
        // A body the provider's error shape describes is its refusal; an empty or garbled one proves nothing.
        throw errorFromInfo(this.provider.displayName, info, body !== MALFORMED && body !== undefined && typeof body === 'object');
      },
      {
        clock: this.clock,
        retry: this.retry,
        random: this.opts.random,
        signal,
        shouldRetry: (error) => isRetryable(error, op.retrySafe),
        onRetry: (error) => {
          if (answerLost(error)) lostAttempt?.();
        },
      },
    );
  }

  /** The parsed answer with the key redacted — walked only when its text holds a form of it (or JSON escapes that could hide one). */
  private redactAnswer(body: unknown, text: string): unknown {
    if (body === MALFORMED || !(this.#redact.leaks(text) || text.includes('\\u'))) return body;
    return this.#redact.data(body);
  }

  /** When the provider says the window is used up, everybody on this bucket waits for the reset. */
  private async respectRateHeaders(bucketKey: string, response: HttpResponse): Promise<void> {
    const remaining = response.headers['x-ratelimit-remaining'];
    const reset = response.headers['x-ratelimit-reset'];
    if (remaining === undefined || reset === undefined || Number(remaining) > 0) return;
    const seconds = Number(reset);
    if (!Number.isFinite(seconds) || seconds <= 0) return;
    const waitMs = seconds > 1e9 ? seconds * 1000 - this.clock.now() : seconds * 1000;
    if (waitMs > 0) await this.throttle.pauseUntil(bucketKey, this.clock.now() + waitMs);
  }
}

/** The rate policies of `plan` (the catalog's own when the provider publishes no plans). */
function planLimits(provider: ProviderCatalog, plan: string | undefined): Record<string, RatePolicy> & { default: RatePolicy } {
  if (!plan || !provider.plans) return provider.rateLimits;
  const limits = provider.plans.limits[plan];
  if (!limits?.default) {
    const plans = Object.keys(provider.plans.limits).join(', ');
    throw new ValidationError(`${provider.displayName} has no plan "${plan}" (plans: ${plans})`, [{ field: 'plan', rule: `one of ${plans}` }]);
  }
  return limits as Record<string, RatePolicy> & { default: RatePolicy };
}

/**
 * What the registry says a subscription call charged when the provider does not report it:
 * each requested record that was not subscribed and came back (found) started a subscription.
 */
function subscriptionCharge(op: OperationSpec, sub: SubscriptionQuote | undefined, returned: string[]): Credits | undefined {
  if (!sub || !op.subscription) return undefined;
  if (op.subscription.mode === 'retrieve') {
    const found = new Set(returned);
    return timesCredits(op.subscription.perRecord ?? ZERO, sub.unsubscribed.filter((id) => found.has(id)).length);
  }
  return sub.credits === ZERO ? ZERO : undefined;
}

/** What the cache keeps of an answer (not the whole body, not what the first call cost). */
function cachedAnswer(result: CallResult<unknown>): CachedAnswer {
  return { data: result.data, meta: result.meta, requestId: result.requestId, status: result.status };
}

const MALFORMED = Symbol('malformed');
const MALFORMED_BODY = 'malformed_body';

const ANSWER_REFUSED = new Set([MALFORMED_BODY, 'answer_too_large', 'answer_too_deep']);

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid)';
  }
}

/** The call may have been carried out (and charged) but its answer never arrived intact. */
function answerLost(error: unknown): boolean {
  if (error instanceof ProviderFailureError) return ANSWER_REFUSED.has(error.code ?? '');
  return error instanceof TransportError && (error.reason === 'reset' || error.reason === 'timeout');
}

/** The provider carried the call out (its answer arrived, garbled): unlike a reset, never a call that did not happen. */
function answerProcessed(error: unknown): boolean {
  return error instanceof ProviderFailureError && error.code === MALFORMED_BODY;
}

/** A results file: JSON as sent, CSV as records keyed by its header line. */
function parseResultsFile(response: HttpResponse): unknown {
  const type = response.headers['content-type'] ?? '';
  const text = response.body.trimStart();
  if (type.includes('csv') || (!type.includes('json') && !/^[[{]/.test(text))) return csvRecords(response.body);
  return parseBody(response, false);
}
const JOB_RECORD_TTL_MS = 30 * 24 * 3600_000;

function parseBody(response: HttpResponse, asText: boolean): unknown {
  const type = response.headers['content-type'] ?? '';
  if (asText && response.status < 300 && !type.includes('json')) return response.body;
  if (response.body === '') return undefined;
  try {
    return JSON.parse(response.body);
  } catch {
    return MALFORMED;
  }
}

/** A client on the platform it is given, else on Node's (timers, undici). */
export function createClient(opts: ClientOptions): EnrichflowClient {
  return new EnrichflowClient({
    ...opts,
    clock: opts.clock ?? systemClock,
    transport: opts.transport ?? defaultTransport({ defaultTimeoutMs: opts.timeoutMs ?? opts.provider.timeoutMs }),
  });
}
