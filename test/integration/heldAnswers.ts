/**
 * A transport for tests that need calls to overlap in a given order: the real transport, but the
 * answers to chosen paths are held — the provider has answered (and charged) — until the test
 * lets them go on.
 */
import type { HttpRequest, HttpResponse, Transport } from '../../shared/transport/types';
import { UndiciTransport } from '../../shared/transport/undici';

/** The real transport, but the answers to some paths are held (the provider has charged) until the test lets them go. */
export class HeldAnswers implements Transport {
  private readonly inner = new UndiciTransport();
  private readonly holds: { path: RegExp; arrived: () => void; released: Promise<void> }[] = [];
  /** Requests sent so far. */
  sent = 0;

  private failedWaiters: (() => void)[] = [];

  async send(req: HttpRequest): Promise<HttpResponse> {
    this.sent++;
    const answer = await this.inner.send(req).catch((error: unknown) => {
      for (const w of this.failedWaiters.splice(0)) w();
      throw error;
    });
    const i = this.holds.findIndex((h) => h.path.test(new URL(req.url).pathname));
    if (i >= 0) {
      const [hold] = this.holds.splice(i, 1);
      hold!.arrived();
      await hold!.released;
    }
    return answer;
  }

  /** Hold the next answer to `path`: `arrived` once the provider answered it, `release` lets it go on. */
  hold(path: RegExp): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.holds.push({ path, arrived, released: new Promise<void>((resolve) => (release = resolve)) });
    return { arrived: arrival, release };
  }

  /** Resolves when the next request gets no answer (a reset, a timeout). */
  failed(): Promise<void> {
    return new Promise((resolve) => this.failedWaiters.push(resolve));
  }

  /** Whether a request goes out within one turn of the event loop (what a call does before sending needs no I/O here). */
  async sendsAtOnce(): Promise<boolean> {
    const before = this.sent;
    await new Promise((resolve) => setImmediate(resolve));
    return this.sent > before;
  }
}
