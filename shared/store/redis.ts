/**
 * The shared Store on Redis, for n8n queue-mode workers (and anything else running several
 * processes on one account): every worker throttles against the same buckets, finds the same
 * batch job registry, dedupe cache, in-flight claims and seen events.
 *
 * This is the only module that imports `ioredis`; nothing loads it unless a Redis store is
 * configured (see `openSharedStore` in ./shared.ts).
 *
 * Each Store method is one Redis command or one Lua script, so it is atomic across workers.
 * The token bucket runs the same math as MemoryStore (`bucketShape` computed here, the step in
 * Lua), on the callers' clock, so both stores grant exactly alike.
 *
 * Nothing lives forever: a value written without a TTL gets `maxTtlMs` (30 days by default),
 * buckets expire once they would be full again anyway.
 *
 * When Redis cannot be reached every call rejects with a `SharedStoreUnavailableError`, fast
 * (no offline queue): the caller stops before sending, rather than running without the shared
 * limit (which could double the rate) or the shared job registry (which could reserve twice).
 */
import Redis, { type RedisOptions } from 'ioredis';
import type { RatePolicy } from '../catalog/types';
import { bucketShape } from './memory';
import { SharedStoreUnavailableError, type SharedStoreConfig, describeTarget } from './sharedConfig';
import type { Store, TokenGrant } from './types';

const DEFAULT_MAX_TTL_MS = 30 * 24 * 3600_000;

// KEYS[1] bucket; ARGV: capacity, refillPerMs, now, epsilon, ttlMs.
// Numbers are written with %.17g so the state round-trips exactly (Lua's tostring keeps 14 digits).
const TAKE_TOKEN = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local eps = tonumber(ARGV[4])
local tokens = capacity
local at = now
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
if state[1] then
  local prevTokens = tonumber(state[1])
  local prevAt = tonumber(state[2])
  local elapsed = now - prevAt
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(capacity, prevTokens + elapsed * refill)
  if prevAt > now then at = prevAt end
end
local granted = 0
local wait = 0
if tokens >= 1 - eps then
  granted = 1
  tokens = math.max(0, tokens - 1)
else
  wait = math.max(1, math.ceil((1 - tokens) / refill))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', at))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {granted, tostring(wait)}
`;

// KEYS[1] counter; ARGV: amount, ttlMs. A counter's lifetime starts when it is created
// (like MemoryStore): the TTL is set only on a key that has none.
const INCR_BY = `
local ok, value = pcall(redis.call, 'INCRBYFLOAT', KEYS[1], ARGV[1])
if not ok then return redis.error_reply('NOTNUMBER') end
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value
`;

interface ScriptedRedis extends Redis {
  enrichflowTakeToken(key: string, capacity: string, refill: string, now: string, eps: string, ttl: string): Promise<[number, string]>;
  enrichflowIncrBy(key: string, amount: string, ttl: string): Promise<string>;
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0)) {
    throw new RangeError(`ttlMs must be a positive number of milliseconds or omitted (got ${ttlMs})`);
  }
}

/** ioredis options for a config: fail fast when Redis is away instead of queueing commands forever. */
export function redisOptions(config: SharedStoreConfig): RedisOptions {
  return {
    host: config.host,
    port: config.port,
    password: config.password || undefined,
    username: config.username || undefined,
    db: config.database ?? 0,
    tls: config.tls ? { rejectUnauthorized: config.tlsRejectUnauthorized ?? true } : undefined,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: config.connectTimeoutMs ?? 5_000,
    // No `commandTimeout`: ioredis leaves its timer running after the reply (a process then
    // lingers for the timeout); RedisStore times each step itself (`guard`).
    // Keep reconnecting in the background (a restarted Redis is picked up again), never faster
    // than every 2 s; calls made meanwhile fail at once with a clear error.
    retryStrategy: (times) => Math.min(200 * times, 2_000),
  };
}

export class RedisStore implements Store {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly maxTtlMs: number;
  private readonly target: string;
  private readonly ownsConnection: boolean;
  private readonly commandTimeoutMs: number;

  /** Use `RedisStore.connect` (checks Redis answers) unless you pass a connected client. */
  constructor(config: SharedStoreConfig, client?: Redis) {
    this.prefix = config.keyPrefix ?? 'enrichflow:';
    this.maxTtlMs = config.maxTtlMs ?? DEFAULT_MAX_TTL_MS;
    this.target = describeTarget(config);
    this.ownsConnection = client === undefined;
    this.commandTimeoutMs = config.commandTimeoutMs ?? 5_000;
    const redis = client ?? new Redis(redisOptions(config));
    // Errors reach callers through the commands; an unhandled 'error' event would crash the process.
    redis.on('error', () => undefined);
    redis.defineCommand('enrichflowTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
    redis.defineCommand('enrichflowIncrBy', { numberOfKeys: 1, lua: INCR_BY });
    this.redis = redis as ScriptedRedis;
  }

  /** Connect and check that Redis answers; rejects with SharedStoreUnavailableError otherwise. */
  static async connect(config: SharedStoreConfig): Promise<RedisStore> {
    const store = new RedisStore(config);
    try {
      await store.guard('connect', async () => {
        await store.redis.connect();
        await store.redis.ping();
      });
    } catch (error) {
      store.redis.disconnect(); // no reconnect loop left behind for a store nobody holds
      throw error;
    }
    return store;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const raw = await this.guard('get', () => this.redis.get(this.k(key)));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    checkTtl(ttlMs);
    await this.guard('set', () => this.redis.set(this.k(key), JSON.stringify(value), 'PX', this.ttl(ttlMs)));
  }

  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    checkTtl(ttlMs);
    const reply = await this.guard('setIfAbsent', () => this.redis.set(this.k(key), JSON.stringify(value), 'PX', this.ttl(ttlMs), 'NX'));
    return reply === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.guard('delete', () => this.redis.del(this.k(key)));
  }

  async incrBy(key: string, amount: number, ttlMs?: number): Promise<number> {
    checkTtl(ttlMs);
    if (!Number.isFinite(amount)) throw new RangeError(`incrBy amount must be a finite number (got ${amount})`);
    try {
      const reply = await this.guard('incrBy', () => this.redis.enrichflowIncrBy(this.k(key), String(amount), String(this.ttl(ttlMs))));
      return Number(reply);
    } catch (error) {
      if (error instanceof Error && /NOTNUMBER/.test(error.message)) throw new TypeError(`store key "${key}" does not hold a number`);
      throw error;
    }
  }

  async takeToken(key: string, policy: RatePolicy, now: number): Promise<TokenGrant> {
    const { capacity, refillPerMs } = bucketShape(policy);
    // Once the bucket would be full again its state says nothing: let Redis drop it.
    const ttl = Math.ceil(capacity / refillPerMs) + policy.windowMs;
    const [granted, wait] = await this.guard('takeToken', () =>
      this.redis.enrichflowTakeToken(this.k(key), String(capacity), String(refillPerMs), String(now), '1e-9', String(ttl)),
    );
    return { granted: granted === 1, waitMs: Number(wait) };
  }

  async close(): Promise<void> {
    if (!this.ownsConnection) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  private ttl(ttlMs: number | undefined): number {
    return Math.ceil(Math.min(ttlMs ?? this.maxTtlMs, this.maxTtlMs));
  }

  /** Run one Redis step; a connection problem becomes one clear error (never the password). */
  private async guard<T>(step: string, run: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      if (error instanceof Error && /NOTNUMBER/.test(error.message)) throw error;
      throw new SharedStoreUnavailableError(this.target, step, error);
    } finally {
      clearTimeout(timer);
    }
  }
}
