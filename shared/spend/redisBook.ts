/**
 * The spend book on Redis: each step is one Lua script, so a hold checked against a limit and
 * written to it cannot interleave with another worker's (the guarantee a team-wide cap needs).
 * Amounts are integer micro-credits (HINCRBY); a hold is a hash field `h:<id>` = amount|expiry.
 */
import type Redis from 'ioredis';
import type { Credits } from '../credits/amount';
import {
  DAY_TTL_MS,
  type DayRows,
  type HoldReply,
  type HoldRequest,
  parseDayHash,
  rowField,
  SETTLED_TTL_MS,
  type SettleRequest,
  type SpendBook,
  settledKey,
  type Usage,
} from './book';

// Sums a limit's live holds, deleting expired ones. Shared by HOLD and USAGE.
const SWEEP = `
local function sweep(key, now)
  local fields = redis.call('HGETALL', key)
  local spent, held, expired = 0, 0, 0
  for j = 1, #fields, 2 do
    local f, v = fields[j], fields[j + 1]
    if f == 'spent' then
      spent = tonumber(v)
    elseif f == 'expired' then
      expired = expired + tonumber(v)
    elseif string.sub(f, 1, 2) == 'h:' then
      local sep = string.find(v, '|', 1, true)
      local amount, untilMs = tonumber(string.sub(v, 1, sep - 1)), tonumber(string.sub(v, sep + 1))
      if untilMs <= now then
        redis.call('HDEL', key, f)
        redis.call('HINCRBY', key, 'expired', amount)
        expired = expired + amount
      else
        held = held + amount
      end
    end
  end
  return spent, held, expired
end
`;

// KEYS: limit keys. ARGV: holdId, amount, now, expiresAt, then cap and ttl per key.
const HOLD = `${SWEEP}
local amount, now = tonumber(ARGV[2]), tonumber(ARGV[3])
for i, key in ipairs(KEYS) do
  local spent, held = sweep(key, now)
  if spent + held + amount > tonumber(ARGV[3 + 2 * i]) then
    return {0, i, string.format('%.0f', spent), string.format('%.0f', held)}
  end
end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'h:' .. ARGV[1], ARGV[2] .. '|' .. ARGV[4])
  redis.call('PEXPIRE', key, ARGV[4 + 2 * i])
end
return {1, 0, '0', '0'}
`;

// KEYS: settled mark, day key, then limit keys. ARGV: holdId, actual, markTtl, field, call(0/1),
// dayTtl, now, then ttl per limit key. Returns {1, spent, held, expired per limit key} or {0}.
const SETTLE = `${SWEEP}
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[3]) then return {0} end
local out = {1}
for i = 3, #KEYS do
  redis.call('HDEL', KEYS[i], 'h:' .. ARGV[1])
  if redis.call('HINCRBY', KEYS[i], 'spent', ARGV[2]) < 0 then redis.call('HSET', KEYS[i], 'spent', 0) end
  redis.call('PEXPIRE', KEYS[i], ARGV[5 + i])
  local spent, held, expired = sweep(KEYS[i], tonumber(ARGV[7]))
  table.insert(out, string.format('%.0f', spent))
  table.insert(out, string.format('%.0f', held))
  table.insert(out, string.format('%.0f', expired))
end
redis.call('HINCRBY', KEYS[2], 'c|' .. ARGV[4], ARGV[2])
if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], 'n|' .. ARGV[4], 1) end
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return out
`;

// KEYS: limit keys. ARGV: now.
const USAGE = `${SWEEP}
local out = {}
for i, key in ipairs(KEYS) do
  local spent, held, expired = sweep(key, tonumber(ARGV[1]))
  out[3 * i - 2] = string.format('%.0f', spent)
  out[3 * i - 1] = string.format('%.0f', held)
  out[3 * i] = string.format('%.0f', expired)
end
return out
`;

interface SpendRedis extends Redis {
  enrichflowSpendHold(...args: string[]): Promise<[number, number, string, string]>;
  enrichflowSpendSettle(...args: string[]): Promise<(number | string)[]>;
  enrichflowSpendUsage(...args: string[]): Promise<string[]>;
}

/** Register the scripts on a connection (once, by RedisStore). */
export function defineSpendScripts(redis: Redis): void {
  redis.defineCommand('enrichflowSpendHold', { lua: HOLD });
  redis.defineCommand('enrichflowSpendSettle', { lua: SETTLE });
  redis.defineCommand('enrichflowSpendUsage', { lua: USAGE });
}

type Guard = <T>(step: string, run: () => Promise<T>) => Promise<T>;

export class RedisSpendBook implements SpendBook {
  private readonly redis: SpendRedis;

  constructor(
    redis: Redis,
    private readonly k: (key: string) => string,
    private readonly guard: Guard,
  ) {
    this.redis = redis as SpendRedis;
  }

  async hold(req: HoldRequest): Promise<HoldReply> {
    const keys = req.slots.map((s) => this.k(s.key));
    const args = [
      String(req.holdId),
      String(req.amount),
      String(req.now),
      String(req.expiresAt),
      ...req.slots.flatMap((s) => [String(s.cap), String(Math.ceil(s.ttlMs))]),
    ];
    const [ok, index, spent, held] = await this.guard('spendHold', () => this.redis.enrichflowSpendHold(String(keys.length), ...keys, ...args));
    return ok === 1 ? { ok: true } : { ok: false, index: index - 1, spent: Number(spent) as Credits, held: Number(held) as Credits };
  }

  async settle(req: SettleRequest): Promise<Usage[] | undefined> {
    const keys = [this.k(settledKey(req.holdId)), this.k(req.dayKey), ...req.slots.map((s) => this.k(s.key))];
    const args = [
      req.holdId,
      String(req.actual),
      String(SETTLED_TTL_MS),
      rowField(req.provider, req.workflow),
      req.call ? '1' : '0',
      String(DAY_TTL_MS),
      String(req.now),
      ...req.slots.map((s) => String(Math.ceil(s.ttlMs))),
    ];
    const reply = await this.guard('spendSettle', () => this.redis.enrichflowSpendSettle(String(keys.length), ...keys, ...args));
    if (Number(reply[0]) !== 1) return undefined;
    return req.slots.map((_, i) => ({
      spent: Number(reply[1 + 3 * i]) as Credits,
      held: Number(reply[2 + 3 * i]) as Credits,
      expired: Number(reply[3 + 3 * i]) as Credits,
    }));
  }

  async release(holdId: string, slots: readonly { key: string; ttlMs: number }[]): Promise<void> {
    if (!slots.length) return;
    await this.guard('spendRelease', async () => {
      const pipeline = this.redis.multi();
      for (const slot of slots) pipeline.hdel(this.k(slot.key), `h:${holdId}`);
      await pipeline.exec();
    });
  }

  async usage(keys: readonly string[], now: number): Promise<Usage[]> {
    if (!keys.length) return [];
    const reply = await this.guard('spendUsage', () => this.redis.enrichflowSpendUsage(String(keys.length), ...keys.map((key) => this.k(key)), String(now)));
    return keys.map((_, i) => ({
      spent: Number(reply[3 * i]) as Credits,
      held: Number(reply[3 * i + 1]) as Credits,
      expired: Number(reply[3 * i + 2]) as Credits,
    }));
  }

  async days(keys: readonly string[]): Promise<DayRows[]> {
    if (!keys.length) return [];
    const hashes = await this.guard('spendDays', async () => {
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.hgetall(this.k(key));
      return (await pipeline.exec()) ?? [];
    });
    return keys.map((_, i) => {
      const [error, hash] = hashes[i] ?? [];
      if (error) throw error;
      return parseDayHash((hash ?? {}) as Record<string, string>);
    });
  }
}
