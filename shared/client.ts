/**
 * The composition point (Octokit-style): one call pipeline built from separate pieces under
 * pipeline/ — validate → price → budget → cache / subscriptions / records → throttle → send →
 * classify → book. A piece acts only where the catalog opts in: an operation's `cacheTtlMs`,
 * `subscription`, `records`, `reserves`/`settles` or `priceFrom`, the provider's `balance`,
 * `requestQuota` or `subscriptions`. Nothing here knows a provider; the catalog says
 * everything. List walks are paging/'s.
 */
import { createHash } from 'node:crypto';
import { DedupeCache } from './cache';
import { applyReadings } from './catalog/readings';
import type { OperationSpec, ProviderCatalog, Readings } from './catalog/types';
import type { Clock } from './clock';
import { type Credits, ZERO, credits, toCreditNumber } from './credits/amount';
import { CredentialScope } from './credentials';
import { BudgetGuard } from './credits/budget';
import { Ledger } from './credits/ledger';
import { type ItemOutcome, runEach } from './runEach';
import { SpendingGuard } from './spend/guard';
import { ValidationError } from './errors';
import { checkPageSizeCap, withSentPageSize } from './paging/pageCaps';
import type { PageOverlay } from './paging/paginate';
import { collectWalk, quoteWalkOf, readEveryItem, walkPages, type WalkResult } from './paging/walk';
import { AnswerCache } from './pipeline/answerCache';
import { PaidCalls } from './pipeline/paidCall';
import { CallBooks, type CreditSummary } from './pipeline/book';
import type { CallResult, PreparedCall } from './pipeline/callResult';
import { JobBooks } from './pipeline/jobBooks';
import { estimateOf, ListedPrices, type Quote, quoteOf } from './pipeline/price';
import { callOneRecord, callRecords, type RecordOutcome, type RecordsHost } from './pipeline/records';
import type { Sender } from './pipeline/send';
import { senderFor } from './pipeline/wire';
import { SubscribedRecords } from './pipeline/subscribedRecords';
import { MemoryStore } from './store/memory';
import type { Store } from './store/types';
import type { Notice } from './quota';
import { SecretRedactor } from './secrets';
import { SubscriptionRegistry, type SubscriptionQuote } from './subscriptions';
import type { Transport } from './transport/types';
import { defaultTransport, systemClock } from './platform';
import { validateInput } from './validate';
import { baseUrlSecrets, checkedBaseUrl, originOf } from './baseUrl';

import type { ClientOptions } from './clientOptions';
export type { ClientOptions } from './clientOptions';
export type { CallCredits, CallResult, PreparedCall } from './pipeline/callResult';
export type { CreditSummary } from './pipeline/book';
export type { Quote } from './pipeline/price';
export type { WalkResult } from './paging/walk';
export type { ItemOutcome };
export { shareWalkPage } from './paging/walkCredits';

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
  // The redactor knows the key, and the sender holds it with the extra headers: in private
  // fields, util.inspect, JSON.stringify and an error's cause chain never reach them.
  readonly #redact: SecretRedactor;
  readonly #sender: Sender;
  private readonly scope: CredentialScope;
  private readonly budget: SpendingGuard;
  private readonly ops: Map<string, OperationSpec>;
  private readonly answers: AnswerCache;
  private readonly books: CallBooks;
  private readonly jobs: JobBooks;
  private readonly prices: ListedPrices;
  /** Present where the catalog declares record subscriptions. */
  private readonly subscribed?: SubscribedRecords;
  private readonly noticeList: Notice[] = [];
  /** What records.ts may use of this client: its public checks and the paid pipeline for one chunk. */
  private readonly recordsHost: RecordsHost;
  /** The paid path of a call: balance and budget, send, book (pipeline/paidCall.ts). */
  readonly #paid: PaidCalls;

  /** The clock and transport are the platform's (n8n's `sleep` and `fetch` in nodes); `createClient` gives Node's by default. */
  constructor(options: ClientOptions & { clock: Clock; transport: Transport }) {
    const { credential, apiKey, headers, secrets, ...opts } = options;
    this.opts = opts;
    ({ catalog: this.provider, readings: this.readings } = applyReadings(opts.provider, opts.readings));
    this.scope = new CredentialScope(this.provider, credential);
    this.baseUrl = checkedBaseUrl(this.provider.displayName, opts.baseUrl ?? this.provider.baseUrl, {
      allowInsecureHttp: opts.allowInsecureHttp,
      example: this.provider.baseUrl,
    });
    // A credential field marked secret is redacted like the key, and so is anything a Base URL carries (user info, query).
    this.#redact = new SecretRedactor([apiKey, ...(secrets ?? []), ...this.scope.secrets(), ...baseUrlSecrets(this.baseUrl)]);
    this.clock = opts.clock;
    this.store = opts.store ?? new MemoryStore({ clock: this.clock });
    this.ledger = opts.ledger ?? new Ledger();
    const transport = opts.transport;
    this.budget = new SpendingGuard(opts.budgetGuard ?? new BudgetGuard(opts.budget === undefined ? undefined : credits(opts.budget)), opts.spend);
    this.account = opts.account ?? (apiKey ? createHash('sha256').update(apiKey).digest('hex').slice(0, 16) : 'default');
    this.ops = new Map(this.provider.operations.map((op) => [op.key, op]));
    const adjustBudget = (delta: Credits) => this.budget.adjust(delta);
    // Subscriptions belong to the account the credential scopes (account_id).
    if (this.provider.subscriptions) {
      const scope = {
        provider: this.provider.id,
        displayName: this.provider.displayName,
        account: this.subscriptionScope(),
        ttlMs: this.provider.subscriptions.ttlMs,
      };
      this.subscribed = new SubscribedRecords(new SubscriptionRegistry(this.store, this.clock, scope));
    }
    const wire = { provider: this.provider, baseUrl: this.baseUrl, scope: this.scope, transport, store: this.store, clock: this.clock, account: this.account };
    this.#sender = senderFor(wire, opts, { apiKey, headers, redact: this.#redact }, (n) => this.noticeList.push(n));
    this.answers = new AnswerCache(new DedupeCache(this.store, this.clock), this.ledger, this.clock, this.provider.id, this.cacheScope());
    this.jobs = new JobBooks({ provider: this.provider.id, account: this.account, store: this.store, clock: this.clock, ledger: this.ledger, adjustBudget });
    const booking = {
      provider: this.provider,
      plan: opts.plan,
      ledger: this.ledger,
      clock: this.clock,
      jobs: this.jobs,
      subscribed: this.subscribed,
      adjustBudget,
      settlesFromReads: this.provider.balance !== undefined && opts.readBalanceFirst !== false,
    };
    this.books = new CallBooks(booking, this.#redact);
    this.prices = new ListedPrices((op) => this.call(op, {}, { noCache: true }));
    const paying = { provider: this.provider, baseUrl: this.baseUrl, scope: this.scope, budget: this.budget, ledger: this.ledger, books: this.books };
    this.#paid = new PaidCalls(
      {
        ...paying,
        subscribed: this.subscribed,
        readBalanceFirst: opts.readBalanceFirst,
        balance: () => this.noteBalance(),
        readBalance: () => this.readBalance(),
      },
      this.#sender,
      this.#redact,
    );
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
      throw new ValidationError(`${this.provider.displayName} has no operation "${key}"`, [
        { field: 'operation', rule: `one of ${[...this.ops.keys()].join(', ')}` },
      ]);
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
    return (await this.prepare(key, input)).quote;
  }

  /**
   * Check and price `input` once, to send it later without checking it again: a 500,000-email
   * batch submit is validated and priced in one pass, and its send neither re-reads nor copies
   * the list. The budget and the balance are still checked when it is sent.
   */
  async prepare<O = unknown>(key: string, input: unknown): Promise<PreparedCall<O>> {
    const op = this.operation(key);
    const parsed = await this.prices.withListedPrice(op, withSentPageSize(op, this.validate(key, input)));
    const quote = quoteOf(op, parsed, this.opts.plan, await this.subscribed?.quote(op, parsed));
    // The model's estimate holds for the input as checked (a subscription's is asked again when sent).
    const estimated = quote.source === 'model' ? credits(quote.credits) : undefined;
    // One record of an operation that takes many per request goes through the records path, as call() sends it.
    return {
      quote,
      call: (opts = {}) => (op.records ? callOneRecord<O>(this.recordsHost, key, input, opts) : this.execute<O>(op, parsed, undefined, opts, estimated)),
    };
  }

  /** Whether the dedupe cache holds an answer for this call, so it would cost nothing now. */
  async isCached(key: string, input: unknown): Promise<boolean> {
    const op = this.operation(key);
    if (!op.cacheTtlMs || op.records) return false;
    return this.answers.holds(op, this.validate(key, input));
  }

  async call<O = unknown>(key: string, input: unknown, opts: { signal?: AbortSignal; noCache?: boolean } = {}): Promise<CallResult<O>> {
    const op = this.operation(key);
    // One record of an operation that takes many per request: sent as a one-record request.
    if (op.records) return callOneRecord<O>(this.recordsHost, key, input, opts);
    const sized = withSentPageSize(op, this.validate(key, input));
    // Only an operation priced from the provider's list waits for it.
    const parsed = op.priceFrom ? await this.prices.withListedPrice(op, sized) : sized;
    return await this.execute<O>(op, parsed, undefined, opts);
  }

  /** The bill before a walk to `limit` items, every page priced as the walk sends it (paging/walk.ts). */
  async quoteWalk(key: string, input: unknown, opts: { limit?: number; pageSize?: number } = {}): Promise<Quote & { pages?: number; perPage?: boolean }> {
    const op = this.operation(key);
    const parsed = this.validate<Record<string, unknown>>(key, input);
    if (!op.pagination) return this.quote(key, parsed);
    return quoteWalkOf(op, op.pagination, parsed, opts, this.opts.plan);
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
    yield* walkPages(op, this.validate(key, input), opts, (sent, overlay, callOpts) => this.execute(op, sent, overlay, callOpts));
  }

  /** All items of a paginated operation (see `pages`), with the credits the walk cost. */
  list(key: string, input: unknown, opts: { limit?: number; pageSize?: number; signal?: AbortSignal; perItemCredits?: boolean } = {}): Promise<WalkResult> {
    return collectWalk(this.pages(key, input, opts), (result) => this.books.billOf(result), opts);
  }

  /**
   * Every item of a free read, sent without booking (no ledger, no budget, no cache): to look at
   * a job that may be another run's (batch/submitOutcome.ts). A settlement the read makes the provider
   * perform is the job owner's to book, from the settlement its own next read reports.
   */
  async inspectAll(key: string, input: unknown, opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<unknown[]> {
    const op = this.operation(key);
    const parsed = this.validate(key, input);
    if (op.cost.estimate(parsed, { plan: this.opts.plan }) !== ZERO)
      throw new ValidationError(`${this.provider.displayName}: ${op.displayName} is not free; it cannot be read without booking`);
    const read = async (overlay: PageOverlay | undefined) => {
      try {
        const sent = await this.#sender.send(op, parsed, overlay, opts.signal);
        return { data: this.provider.unwrap(sent.body, sent.response).data, body: sent.body };
      } catch (error) {
        throw this.#redact.error(error);
      }
    };
    return readEveryItem(op.pagination, read, opts.pageSize);
  }

  runEach<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, opts?: { concurrency?: number }): Promise<ItemOutcome<R>[]> {
    return runEach(items, fn, opts);
  }

  /**
   * The account balance from the provider's free balance operation (also noted in the ledger),
   * read once this client's paid calls in flight are booked: a charge made and not yet booked
   * would otherwise be counted twice by the books.
   */
  balance(): Promise<number | undefined> {
    return this.#paid.withNoPaidCallInFlight(() => this.noteBalance());
  }

  /** Reads the balance and notes it in the books (the paid path calls it where no paid call is in flight). */
  private async noteBalance(): Promise<number | undefined> {
    const balance = await this.readBalance();
    // An answer without the balance leaves it unknown: no known balance refuses nothing.
    if (balance === undefined) return undefined;
    this.books.reportedBalance(balance);
    return toCreditNumber(balance);
  }

  /** The balance the provider's free balance operation shows now, not yet noted in the books. */
  private async readBalance(): Promise<Credits | undefined> {
    const spec = this.provider.balance;
    if (!spec) return undefined;
    return spec.read((await this.call(spec.op, {}, { noCache: true })).data);
  }

  /** Credits left in this client's budget, or undefined without a budget. */
  budgetRemaining(): number | undefined {
    const left = this.budget.remaining();
    return left === undefined ? undefined : toCreditNumber(left);
  }

  /**
   * A job found in the provider's records after its submit's answer was lost (see
   * batch/submitOutcome.ts): book its reservation as the submit would have, so its settlement is
   * reconciled and the ledger matches the wallet.
   */
  adoptReservation(submitOp: string, jobId: string, reserved: Credits | undefined): Promise<void> {
    return this.jobs.adoptReservation(submitOp, jobId, reserved);
  }

  summary(): CreditSummary {
    return this.books.summary();
  }

  // ---- the pipeline ----

  private async execute<O>(
    op: OperationSpec,
    input: unknown,
    overlay: PageOverlay | undefined,
    opts: { signal?: AbortSignal; noCache?: boolean },
    priced?: Credits,
  ): Promise<CallResult<O>> {
    // A subscribed record is free to fetch again: the registry prices the call, and it is sent
    // (fresh data) rather than answered from a cache.
    if (op.subscription && this.subscribed) {
      return this.subscribed.locked(op, input, (sub) =>
        this.sendAndBook<O>(op, input, overlay, opts, sub?.credits ?? estimateOf(op, input, overlay, this.opts.plan), sub),
      );
    }
    const estimated = priced ?? estimateOf(op, input, overlay, this.opts.plan);
    const cacheKey = this.answers.keyOf(op, input, overlay);
    if (!cacheKey) return await this.sendAndBook<O>(op, input, overlay, opts, estimated);
    return this.answers.through<O>(op, cacheKey, estimated, opts.noCache, () => this.sendAndBook<O>(op, input, overlay, opts, estimated));
  }

  private sendAndBook<O>(
    op: OperationSpec,
    input: unknown,
    overlay: PageOverlay | undefined,
    opts: { signal?: AbortSignal },
    estimated: Credits,
    sub?: SubscriptionQuote,
  ): Promise<CallResult<O>> {
    return this.#paid.send<O>(op, input, overlay, opts, estimated, sub);
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
}

/** A client on the platform it is given, else on Node's (timers, undici). */
export function createClient(opts: ClientOptions): EnrichflowClient {
  return new EnrichflowClient({
    ...opts,
    clock: opts.clock ?? systemClock,
    transport: opts.transport ?? defaultTransport({ defaultTimeoutMs: opts.timeoutMs ?? opts.provider.timeoutMs }),
  });
}
