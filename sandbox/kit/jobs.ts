/**
 * Jobs that progress over sandbox-clock time. A job's progress is a pure function of the
 * clock (items processed = elapsed × itemsPerSecond), so polling shows the right state even
 * if nothing ran in between; `advance(now)` applies side effects (webhooks, wallet drains,
 * settlements) for items that became processed since the last call, exactly once. The
 * ticker calls `advance` on a real-time interval so webhooks go out without anyone polling.
 */

interface Segment {
  startAt: number;
  count: number;
}

export interface ProgressJobOptions {
  createdAt: number;
  total: number;
  itemsPerSecond: number;
  /** Time spent `queued` before the first item starts. */
  queueDelayMs: number;
}

export abstract class ProgressJob {
  readonly createdAt: number;
  protected readonly itemsPerSecond: number;
  private readonly queueDelayMs: number;
  private readonly segments: Segment[] = [];
  private handled = 0;
  private terminalHandled = false;

  constructor(opts: ProgressJobOptions) {
    if (!(opts.itemsPerSecond > 0)) throw new RangeError('itemsPerSecond must be > 0');
    this.createdAt = opts.createdAt;
    this.itemsPerSecond = opts.itemsPerSecond;
    this.queueDelayMs = opts.queueDelayMs;
    this.segments.push({ startAt: opts.createdAt + opts.queueDelayMs, count: opts.total });
  }

  get total(): number {
    return this.segments.reduce((n, s) => n + s.count, 0);
  }

  /** Items processed by `now`, in submission order. */
  processedAt(now: number): number {
    let done = 0;
    for (const s of this.segments) {
      const elapsed = now - s.startAt;
      if (elapsed < 0) break;
      const n = this.itemsPerSecond === Infinity ? s.count : Math.floor((elapsed * this.itemsPerSecond) / 1000);
      done += Math.min(s.count, n);
      if (n < s.count) break;
    }
    return done;
  }

  /** When item `index` (0-based, over all segments) finishes. */
  itemDoneAt(index: number): number {
    let offset = 0;
    for (const s of this.segments) {
      if (index < offset + s.count) {
        const k = index - offset + 1;
        return s.startAt + (this.itemsPerSecond === Infinity ? 0 : Math.ceil((k * 1000) / this.itemsPerSecond));
      }
      offset += s.count;
    }
    return this.finishAt();
  }

  finishAt(): number {
    const last = this.segments[this.segments.length - 1] as Segment;
    return last.startAt + (this.itemsPerSecond === Infinity ? 0 : Math.ceil((last.count * 1000) / this.itemsPerSecond));
  }

  startedAt(now: number): boolean {
    return now >= (this.segments[0] as Segment).startAt;
  }

  isDone(now: number): boolean {
    return this.processedAt(now) >= this.total;
  }

  /** Add `count` more items (e.g. a follower-scrape continue); the job is running again. */
  extend(count: number, now: number): void {
    const start = Math.max(now, this.finishAt()) + this.queueDelayMs;
    this.segments.push({ startAt: start, count });
    this.terminalHandled = false;
  }

  /** Apply side effects for everything that happened up to `now`. Idempotent. */
  advance(now: number): void {
    const p = this.processedAt(now);
    if (p > this.handled) {
      const from = this.handled;
      this.handled = p;
      this.onItems(from, p);
    }
    if (p >= this.total && !this.terminalHandled) {
      this.terminalHandled = true;
      this.onComplete(this.finishAt());
    }
  }

  /** True once nothing is left to happen (no more side effects unless extended). */
  get settledSideEffects(): boolean {
    return this.terminalHandled;
  }

  /** Items [from, to) have just been processed. */
  protected onItems(_from: number, _to: number): void {}

  /** Every item is processed; `at` is the completion time on the sandbox clock. */
  protected onComplete(_at: number): void {}
}

/** Drives `advance` on a real-time interval (unref'd so it never holds the process open). */
export class JobTicker {
  private readonly jobs = new Set<ProgressJob>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly now: () => number,
    private readonly intervalMs: number,
  ) {}

  add(job: ProgressJob): void {
    this.jobs.add(job);
    job.advance(this.now());
    if (job.settledSideEffects) this.jobs.delete(job);
  }

  tick(): void {
    const t = this.now();
    for (const job of this.jobs) {
      try {
        job.advance(t);
      } catch (err) {
        // A broken job must not stop every other job's webhooks.
        process.stderr.write(`sandbox: job advance failed: ${(err as Error).message}\n`);
      }
      if (job.settledSideEffects) this.jobs.delete(job);
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
