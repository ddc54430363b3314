/**
 * Posts JSON callbacks. Deliveries for one queue (one job) go out strictly one after
 * another, so the order a test sees is the order the provider chose — including the
 * deliberately shuffled order of the out-of-order fault. A non-2xx answer or a network
 * error is retried a few times; retry pauses are real time (the receiver is real).
 */
import http from 'node:http';
import https from 'node:https';

export interface WebhookSenderOptions {
  /** Extra attempts after the first failed one. */
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  /** Clock for the delivery log's timestamps. */
  now: () => number;
}

export interface DeliveryAttempt {
  url: string;
  event: string | undefined;
  attempt: number;
  /** HTTP status, or 0 when the request failed before an answer. */
  status: number;
  /** The start of the receiver's answer (its first 1,000 characters), as a provider's log keeps it. */
  answer?: string;
  error?: string;
  at: string;
}

interface Pending {
  url: string;
  payload: unknown;
}

export class WebhookSender {
  private readonly queues = new Map<string, Pending[]>();
  private readonly running = new Set<Promise<void>>();
  private readonly log: DeliveryAttempt[] = [];
  private closed = false;
  private readonly abort = new AbortController();
  // Own agents, destroyed on close, so no keep-alive socket outlives the sandbox.
  private readonly agentHttp = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly agentHttps = new https.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(private opts: WebhookSenderOptions) {}

  configure(opts: Partial<Omit<WebhookSenderOptions, 'now'>>): void {
    this.opts = { ...this.opts, ...opts };
  }

  /** Queue a POST; callbacks sharing `queueKey` are delivered in order, one at a time. */
  enqueue(queueKey: string, url: string, payload: unknown): void {
    if (this.closed) return;
    const queue = this.queues.get(queueKey);
    if (queue) {
      queue.push({ url, payload });
      return;
    }
    const fresh: Pending[] = [{ url, payload }];
    this.queues.set(queueKey, fresh);
    const run = this.drain(queueKey, fresh).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves when every queued callback has been delivered or given up on. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  deliveries(): readonly DeliveryAttempt[] {
    return this.log;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    for (const q of this.queues.values()) q.length = 0;
    await Promise.allSettled([...this.running]);
    this.agentHttp.destroy();
    this.agentHttps.destroy();
  }

  private async drain(queueKey: string, queue: Pending[]): Promise<void> {
    try {
      for (let item = queue.shift(); item; item = queue.shift()) await this.deliver(item).catch(() => undefined); // a bad callback never stops the sandbox
    } finally {
      this.queues.delete(queueKey);
    }
  }

  private async deliver(item: Pending): Promise<void> {
    const body = JSON.stringify(item.payload);
    const event = (item.payload as { event?: unknown } | null)?.event;
    for (let attempt = 1; attempt <= this.opts.retries + 1 && !this.closed; attempt++) {
      const outcome = await this.post(item.url, body);
      this.log.push({
        url: item.url,
        event: typeof event === 'string' ? event : undefined,
        attempt,
        status: outcome.status,
        ...(outcome.answer !== undefined ? { answer: outcome.answer } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
        at: new Date(this.opts.now()).toISOString(),
      });
      if (outcome.status >= 200 && outcome.status < 300) return;
      if (attempt <= this.opts.retries) await this.pause(this.opts.retryDelayMs * attempt);
    }
  }

  private post(url: string, body: string): Promise<{ status: number; answer?: string; error?: string }> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: 0, error: 'invalid URL' });
        return;
      }
      // Only http(s) is ever delivered: node's request() throws on file:, javascript:, data:…,
      // and a throw here would reject the queue's drain and take the whole sandbox down.
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        resolve({ status: 0, error: `unsupported callback URL scheme ${target.protocol}` });
        return;
      }
      const isHttps = target.protocol === 'https:';
      let req: http.ClientRequest;
      try {
        req = (isHttps ? https : http).request(
          target,
          {
            method: 'POST',
            agent: isHttps ? this.agentHttps : this.agentHttp,
            timeout: this.opts.timeoutMs,
            signal: this.abort.signal,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'enrichflow-sandbox-webhooks' },
          },
          (res) => {
            let answer = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (answer = answer.length < 1000 ? (answer + chunk).slice(0, 1000) : answer));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, answer }));
            res.on('error', (err) => resolve({ status: 0, error: err.message }));
          },
        );
      } catch (err) {
        resolve({ status: 0, error: err instanceof Error ? err.message : String(err) });
        return;
      }
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => resolve({ status: 0, error: err.message }));
      req.end(body);
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      timer.unref();
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export interface CallbackFaults {
  /** Send every callback twice. */
  duplicate: boolean;
  /** Hold item callbacks back, shuffle them, and send the completion halfway through. */
  outOfOrder: boolean;
}

/** One job's callbacks, in the order its faults say. */
export class JobCallbacks {
  private held: unknown[] = [];

  constructor(
    private readonly sender: WebhookSender,
    private readonly queueKey: string,
    private readonly url: string,
    private readonly faults: CallbackFaults,
    /** Deterministic shuffle for the out-of-order fault. */
    private readonly shuffle: <T>(items: readonly T[]) => T[],
  ) {}

  item(payload: unknown): void {
    if (this.faults.outOfOrder) this.held.push(payload);
    else this.send(payload);
  }

  complete(payload: unknown): void {
    if (!this.faults.outOfOrder) {
      this.send(payload);
      return;
    }
    const items = this.shuffle(this.held);
    this.held = [];
    const half = Math.floor(items.length / 2);
    for (const p of items.slice(0, half)) this.send(p);
    this.send(payload);
    for (const p of items.slice(half)) this.send(p);
  }

  private send(payload: unknown): void {
    this.sender.enqueue(this.queueKey, this.url, payload);
    if (this.faults.duplicate) this.sender.enqueue(this.queueKey, this.url, payload);
  }
}
