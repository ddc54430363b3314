/**
 * How long the providers take to answer, and how many requests each is answering at once.
 * Loopback answers in well under a millisecond; a real provider in 100–500 ms, which is what
 * decides whether a client sending one call at a time can reach its plan's rate. The latency is
 * real time spent after the provider handled the request (counted, charged, rate-limited as it
 * arrived), before the answer is written: it never changes what is charged or allowed.
 */
import type { ProviderId } from './provider';

/** Every provider's answer time, or one per provider id (ids without one answer at once). */
export type LatencyOption = number | Record<ProviderId, number>;

export interface AtOnce {
  /** Requests being answered now. */
  now: number;
  /** The most answered at the same moment since the start (or the last `resetPeaks`). */
  peak: number;
}

function checkMs(ms: unknown, where: string): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 60_000)
    throw new RangeError(`${where} must be a number of milliseconds from 0 to 60000`);
  return ms;
}

export class AnswerTimer {
  private everyMs = 0;
  private readonly byProvider = new Map<ProviderId, number>();
  private readonly counts = new Map<ProviderId, AtOnce>();

  constructor(latency?: LatencyOption) {
    if (typeof latency === 'number') this.setLatency(latency);
    else for (const [id, ms] of Object.entries(latency ?? {})) this.setLatency(ms, id);
  }

  /** Set the answer time of one provider, or (no provider) of every provider without its own. */
  setLatency(ms: number, provider?: ProviderId): void {
    checkMs(ms, provider ? `latency of ${provider}` : 'latency');
    if (provider) this.byProvider.set(provider, ms);
    else this.everyMs = ms;
  }

  latencyOf(provider: ProviderId): number {
    return this.byProvider.get(provider) ?? this.everyMs;
  }

  /** The latency settings as the control API shows them. */
  latency(): { ms: number; providers: Record<ProviderId, number> } {
    return { ms: this.everyMs, providers: Object.fromEntries(this.byProvider) };
  }

  /** Requests at once for one provider (or every provider's). */
  atOnce(provider: ProviderId): AtOnce {
    return { ...(this.counts.get(provider) ?? { now: 0, peak: 0 }) };
  }

  allAtOnce(): Record<ProviderId, AtOnce> {
    return Object.fromEntries([...this.counts].map(([id, c]) => [id, { ...c }]));
  }

  /** Start counting peaks afresh (a test's or a bench round's own measurement). */
  resetPeaks(): void {
    for (const c of this.counts.values()) c.peak = c.now;
  }

  /** Answer one request of `provider`: `work` handles it, then the answer waits out the latency. */
  async answer<T>(provider: ProviderId, work: () => Promise<T>): Promise<T> {
    const count = this.counts.get(provider) ?? { now: 0, peak: 0 };
    this.counts.set(provider, count);
    count.now++;
    count.peak = Math.max(count.peak, count.now);
    try {
      const reply = await work();
      const ms = this.latencyOf(provider);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      return reply;
    } finally {
      count.now--;
    }
  }

  /** A latency patch from the control API: `{ms}` for every provider, `{ms, provider}` for one. */
  static patchFromJson(body: unknown): { ms: number; provider?: ProviderId } {
    if (!body || typeof body !== 'object') throw new RangeError('latency must be a JSON object: {"ms": 150} or {"ms": 150, "provider": "enrichSo"}');
    const b = body as Record<string, unknown>;
    if (b.provider !== undefined && typeof b.provider !== 'string') throw new RangeError('provider must be a provider id');
    return { ms: checkMs(b.ms, 'ms'), provider: b.provider as ProviderId | undefined };
  }
}
