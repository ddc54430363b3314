/**
 * How to reach a shared store, and the error every shared-store call gives when it cannot.
 * No `ioredis` here: adapters and the core import this freely; the Redis client itself is
 * loaded only by `openSharedStore` when a store is configured.
 */
import { EnrichflowError } from '../errors';

export interface SharedStoreConfig {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Redis logical database number (0 by default). */
  database?: number;
  tls?: boolean;
  /** False only for a self-signed certificate you trust. */
  tlsRejectUnauthorized?: boolean;
  /** Put before every key, so several teams or environments can share one Redis. */
  keyPrefix?: string;
  /**
   * The longest any value may live (30 days by default): nothing in the store is unbounded. The
   * spend report's day rows keep their own ~13 months (a report of last month must survive it).
   */
  maxTtlMs?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /**
   * Whose clock rate schedules run on: the Redis server's (default; workers' clocks may
   * disagree) or the callers' (every caller on one clock, e.g. a sped-up one in a benchmark).
   */
  scheduleClock?: 'redis' | 'caller';
}

/** `host:port/db`, for messages: never the password. */
export function describeTarget(config: Pick<SharedStoreConfig, 'host' | 'port' | 'database' | 'tls'>): string {
  return `${config.tls ? 'rediss' : 'redis'}://${config.host}:${config.port}/${config.database ?? 0}`;
}

/** Another run held the store's lock too long: stopped before sending (nothing held or spent). */
export class SharedStoreBusyError extends EnrichflowError {
  constructor(what: string, waitedMs: number) {
    super('transport', `The shared store is busy: ${what} was not free within ${waitedMs} ms. Stopped before sending; run again.`, { retryable: true });
  }
}

/**
 * The shared store did not answer. The call that needed it stops here, before anything is
 * sent or reserved: running on without the shared rate limit could double the rate across
 * workers, and without the shared job registry a rerun could reserve a batch twice.
 */
export class SharedStoreUnavailableError extends EnrichflowError {
  constructor(target: string, step: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message.replace(/\s+/g, ' ').slice(0, 200) : String(cause);
    super(
      'transport',
      `The shared store (Redis at ${target}) is unreachable (${step}: ${reason}). Stopped before sending: without it the workers' shared rate limit and batch job registry cannot be honoured. Start Redis again and rerun; batches already submitted are found again in the registry.`,
      { retryable: false },
    );
  }
}
