/**
 * The cache piece, for operations whose catalog entry gives a `cacheTtlMs`: an answer paid for
 * once is answered again for free while it is fresh, and identical calls on the wire at the same
 * time share one request (the twins pay nothing). A cached answer is booked at zero, so the
 * ledger still shows every call.
 */
import { DedupeCache } from '../cache';
import type { OperationSpec, ResponseMeta } from '../catalog/types';
import type { Clock } from '../clock';
import { type Credits, ZERO, toCreditNumber } from '../credits/amount';
import type { Ledger } from '../credits/ledger';
import type { PageOverlay } from '../paging/paginate';
import type { CallResult } from './callResult';

/** What the cache keeps of an answer (not the whole body, not what the first call cost). */
interface CachedAnswer {
  data: unknown;
  meta: ResponseMeta;
  requestId?: string;
  status: number;
}

export class AnswerCache {
  constructor(
    private readonly cache: DedupeCache,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
    private readonly providerId: string,
    /** Cached answers belong to the key and the credential's scope (two accounts behind one key see different records). */
    private readonly scope: string,
  ) {}

  /** The cache entry of a call, or undefined where the operation is not cached (and for a page of a walk). */
  keyOf(op: OperationSpec, input: unknown, overlay?: PageOverlay): string | undefined {
    // `op.cacheKey` says what identifies the record (e.g. an email in any letter case).
    return op.cacheTtlMs && !overlay
      ? DedupeCache.key({ provider: this.providerId, account: this.scope, operation: op.key, input: op.cacheKey ? op.cacheKey(input) : input })
      : undefined;
  }

  /** Whether the cache holds an answer for this validated input of a cached operation, so it would cost nothing now. */
  async holds(op: OperationSpec, input: unknown): Promise<boolean> {
    const key = this.keyOf(op, input);
    return key !== undefined && (await this.cache.get(key)) !== undefined;
  }

  /** The call answered from the cache, or `send` once and its answer kept; `noCache` sends regardless. */
  async through<O>(
    op: OperationSpec,
    cacheKey: string,
    estimated: Credits,
    noCache: boolean | undefined,
    send: () => Promise<CallResult<O>>,
  ): Promise<CallResult<O>> {
    if (noCache) {
      // Asked fresh: sent regardless, and the answer refreshes the cache.
      const result = await send();
      await this.cache.set<CachedAnswer>(cacheKey, cachedAnswer(result), op.cacheTtlMs!).catch(() => undefined); // paid for: a lost cache write must not lose it
      return result;
    }
    // The cache answers, or one call is sent and shared with identical calls running at the
    // same time (runEach with concurrency): the twins pay nothing.
    let fresh: CallResult<O> | undefined;
    const { value, hit } = await this.cache.once<CachedAnswer>(cacheKey, op.cacheTtlMs!, async () => {
      fresh = await send();
      return cachedAnswer(fresh);
    });
    return hit || !fresh ? this.answerFromCache<O>(op, estimated, value) : fresh;
  }

  private answerFromCache<O>(op: OperationSpec, estimated: Credits, cached: CachedAnswer): CallResult<O> {
    this.ledger.record({
      provider: this.providerId,
      operation: op.key,
      estimated,
      charged: ZERO,
      source: 'cache',
      requestId: cached.requestId,
      at: this.clock.now(),
    });
    return {
      data: cached.data as O,
      meta: cached.meta,
      requestId: cached.requestId,
      status: cached.status,
      attempts: 0,
      credits: { estimated: toCreditNumber(estimated), charged: 0, source: 'cache', fromCache: true },
    };
  }
}

function cachedAnswer(result: CallResult<unknown>): CachedAnswer {
  return { data: result.data, meta: result.meta, requestId: result.requestId, status: result.status };
}
