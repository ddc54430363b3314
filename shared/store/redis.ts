/**
 * The shared Store on Redis, for n8n queue-mode workers (and anything else running several
 * processes on one account): every worker throttles against the same buckets, finds the same
 * batch job registry, dedupe cache, in-flight claims and seen events.
 *
 * This is the only module that imports `ioredis`; nothing loads it unless a Redis store is
 * configured (see `openSharedStore` in ./shared.ts).
 *
 * Each Store method is one Redis command or one Lua script, so it is atomic across workers.
 * Rate schedules run the same step as MemoryStore (`reserveSlot`, in Lua here) on the Redis
 * server's clock, so workers whose clocks disagree still never crowd a window; only waits
 * (durations) travel back to them.
 *
 * Nothing lives forever: a value written without a TTL gets `maxTtlMs` (30 days by default),
 * schedules expire once their last reservation has left every window.
 *
 * When Redis cannot be reached every call rejects with a `SharedStoreUnavailableError`, fast
 * (no offline queue): the caller stops before sending, rather than running without the shared
 * limit (which could double the rate) or the shared job registry (which could reserve twice).
 */
import Redis, { type RedisOptions } from 'ioredis';
import { type RateShape, scheduleTtlMs, type Slot, stampsKept } from '../rateSchedule';
import { SharedStoreUnavailableError, type SharedStoreConfig, describeTarget } from './sharedConfig';
import type { Store } from './types';
import type { SpendBook } from '../spend/book';
import { defineSpendScripts, RedisSpendBook } from '../spend/redisBook';

const DEFAULT_MAX_TTL_MS = 30 * 24 * 3600_000;

// KEYS[1] the schedule's latest stamps (a sorted set: member = slot id, score = time), KEYS[2]
// its state (seq, bucket, hold, last). ARGV: now ('' = the Redis server's clock), bucket
// capacity (0 = none), bucket interval, ttl after the reservation, then count and windowMs per
// sliding window. The same step as reserveSlot in rateSchedule.ts. Numbers are written with
// %.17g so they round-trip exactly.
const NOW = `
local function num(x) return string.format('%.17g', x) end
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

const RESERVE_SLOT = `${NOW}
local st = redis.call('HMGET', KEYS[2], 'tat', 'hold', 'last')
local tat, hold, last = tonumber(st[1]), tonumber(st[2]), tonumber(st[3])
local at = now
if hold and hold > at then at = hold end
if last and last > at then at = last end
local capacity, interval = tonumber(ARGV[2]), tonumber(ARGV[3])
if capacity > 0 and tat then
  local earliest = tat - (capacity - 1) * interval
  if earliest > at then at = earliest end
end
local keep = 0
for i = 5, #ARGV, 2 do
  local count, windowMs = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  if count > keep then keep = count end
  local nth = redis.call('ZRANGE', KEYS[1], -count, -count, 'WITHSCORES')
  if nth[2] and tonumber(nth[2]) + windowMs > at then at = tonumber(nth[2]) + windowMs end
end
local id = redis.call('HINCRBY', KEYS[2], 'seq', 1)
local ttl = math.ceil(at - now + tonumber(ARGV[4]))
if keep > 0 then
  redis.call('ZADD', KEYS[1], num(at), id)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -keep - 1)
  redis.call('PEXPIRE', KEYS[1], ttl)
end
if capacity > 0 then
  if not tat or tat < at then tat = at end
  redis.call('HSET', KEYS[2], 'tat', num(tat + interval))
end
redis.call('HSET', KEYS[2], 'last', num(at))
redis.call('PEXPIRE', KEYS[2], ttl)
return {num(at - now), id}
`;

// KEYS as RESERVE_SLOT; ARGV: now ('' = the server's clock), slot id, bucket interval (0 = none),
// ttl, stamps kept (0 = none). Moves the slot's stamp to now when that is later, or puts it back
// there when it is no longer kept (settleSlot in rateSchedule.ts); the bucket counts it there too.
const SETTLE_SLOT = `${NOW}
local keep = tonumber(ARGV[5])
local stamp = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[2]))
if keep > 0 and (not stamp or stamp < now) then
  redis.call('ZADD', KEYS[1], num(now), ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -keep - 1)
end
local interval = tonumber(ARGV[3])
local tat = tonumber(redis.call('HGET', KEYS[2], 'tat'))
if interval > 0 and tat and tat < now + interval then redis.call('HSET', KEYS[2], 'tat', num(now + interval)) end
local ttl = math.ceil(tonumber(ARGV[4]))
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 0
`;

// KEYS[1] the schedule's state; ARGV: now ('' = the server's clock), ms to hold.
const HOLD_SLOTS = `${NOW}
local untilMs = now + tonumber(ARGV[2])
local hold = tonumber(redis.call('HGET', KEYS[1], 'hold'))
if hold and hold >= untilMs then return 0 end
redis.call('HSET', KEYS[1], 'hold', num(untilMs))
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]))) end
return 1
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
  enrichflowReserveSlot(log: string, state: string, ...args: string[]): Promise<[string, number]>;
  enrichflowSettleSlot(log: string, state: string, now: string, id: string, interval: string, ttl: string, keep: string): Promise<number>;
  enrichflowHoldSlots(state: string, now: string, ms: string): Promise<number>;
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
  private readonly scheduleClock: 'redis' | 'caller';

  /** Use `RedisStore.connect` (checks Redis answers) unless you pass a connected client. */
  constructor(config: SharedStoreConfig, client?: Redis) {
    this.prefix = config.keyPrefix ?? 'enrichflow:';
    this.maxTtlMs = config.maxTtlMs ?? DEFAULT_MAX_TTL_MS;
    this.target = describeTarget(config);
    this.ownsConnection = client === undefined;
    this.commandTimeoutMs = config.commandTimeoutMs ?? 5_000;
    this.scheduleClock = config.scheduleClock ?? 'redis';
    const redis = client ?? new Redis(redisOptions(config));
    // Errors reach callers through the commands; an unhandled 'error' event would crash the process.
    redis.on('error', () => undefined);
    redis.defineCommand('enrichflowReserveSlot', { numberOfKeys: 2, lua: RESERVE_SLOT });
    redis.defineCommand('enrichflowSettleSlot', { numberOfKeys: 2, lua: SETTLE_SLOT });
    redis.defineCommand('enrichflowHoldSlots', { numberOfKeys: 1, lua: HOLD_SLOTS });
    redis.defineCommand('enrichflowIncrBy', { numberOfKeys: 1, lua: INCR_BY });
    defineSpendScripts(redis);
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

  async reserveSlot(key: string, shape: RateShape, now: number): Promise<Slot> {
    const args = [this.scheduleNow(now), String(shape.bucket?.capacity ?? 0), String(shape.bucket?.intervalMs ?? 0), String(scheduleTtlMs(shape))];
    for (const w of shape.windows) args.push(String(w.count), String(w.windowMs));
    const [wait, id] = await this.guard('reserveSlot', () => this.redis.enrichflowReserveSlot(this.k(`${key}:log`), this.k(`${key}:state`), ...args));
    return { waitMs: Number(wait), id: Number(id) };
  }

  async settleSlot(key: string, shape: RateShape, id: number, now: number): Promise<void> {
    await this.guard('settleSlot', () =>
      this.redis.enrichflowSettleSlot(
        this.k(`${key}:log`),
        this.k(`${key}:state`),
        this.scheduleNow(now),
        String(id),
        String(shape.bucket?.intervalMs ?? 0),
        String(scheduleTtlMs(shape)),
        String(stampsKept(shape)),
      ),
    );
  }

  async holdSlots(key: string, ms: number, now: number): Promise<void> {
    if (!(Number.isFinite(ms) && ms > 0)) return;
    await this.guard('holdSlots', () => this.redis.enrichflowHoldSlots(this.k(`${key}:state`), this.scheduleNow(now), String(Math.ceil(ms))));
  }

  /** Spend limits and the spend report, atomic across workers (one Lua script per step). */
  spendBook(): SpendBook {
    return new RedisSpendBook(
      this.redis,
      (key) => this.k(key),
      (step, run) => this.guard(step, run),
    );
  }

  async close(): Promise<void> {
    if (!this.ownsConnection) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  /** Schedules run on the Redis server's clock unless told otherwise: workers' clocks may disagree. */
  private scheduleNow(now: number): string {
    return this.scheduleClock === 'caller' ? String(now) : '';
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
