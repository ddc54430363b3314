/**
 * Spend limits a team sets once where its workers share state: at most `credits` per provider
 * per period (a UTC day, or a month starting on the plan's renewal day), optionally for one
 * workflow only. A limit is data; the book (./book.ts) holds the money against it.
 */
import { type Credits, credits as toMicro, formatCredits } from '../credits/amount';
import { EnrichflowError, ValidationError } from '../errors';

export type SpendPeriod = 'day' | 'month';

export interface SpendLimit {
  /** A provider id (`leadfeeder`, `enrichSo`, …). */
  provider: string;
  period: SpendPeriod;
  /** Most credits the period may spend (fractions allowed: 0.01 per creator). */
  credits: number;
  /** Only this workflow's (n8n workflow id, Zapier Zap id) calls count and are refused. */
  workflow?: string;
  /** Month periods: the day of the month the provider's billing period starts (1–28, default 1). */
  startDay?: number;
}

/** The period a limit is in at some instant: an id for keys, and when it started and resets. */
export interface SpendWindow {
  id: string;
  startsAt: number;
  resetsAt: number;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function windowOf(limit: Pick<SpendLimit, 'period' | 'startDay'>, now: number): SpendWindow {
  const d = new Date(now);
  if (limit.period === 'day') {
    const startsAt = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { id: isoDay(startsAt), startsAt, resetsAt: startsAt + 24 * 3600_000 };
  }
  const startDay = limit.startDay ?? 1;
  // Date.UTC carries a month of -1 or 12 into the neighbouring year.
  const month = d.getUTCDate() < startDay ? d.getUTCMonth() - 1 : d.getUTCMonth();
  const startsAt = Date.UTC(d.getUTCFullYear(), month, startDay);
  const resetsAt = Date.UTC(d.getUTCFullYear(), month + 1, startDay);
  return { id: `from-${isoDay(startsAt)}`, startsAt, resetsAt };
}

/** "Leadfeeder monthly limit of 500 credits (workflow wf1)". */
export function describeLimit(limit: SpendLimit): string {
  const period = limit.period === 'day' ? 'daily' : limit.startDay && limit.startDay !== 1 ? `monthly (from day ${limit.startDay})` : 'monthly';
  return `${limit.provider} ${period} limit of ${limit.credits} credit${limit.credits === 1 ? '' : 's'}${limit.workflow ? ` for workflow ${limit.workflow}` : ''}`;
}

/** The store key of a limit's counter in one window: provider, period, scope and window. */
export function limitKey(limit: SpendLimit, window: SpendWindow, scope = ''): string {
  return `spend:${scope ? `${scope}:` : ''}limit:${limit.provider}:${limit.period}:${limit.workflow ?? '*'}:${window.id}`;
}

/** Limits that govern a call of `provider` made by `workflow`. */
export function limitsFor(limits: readonly SpendLimit[], provider: string, workflow: string | undefined): SpendLimit[] {
  return limits.filter((l) => l.provider === provider && (l.workflow === undefined || l.workflow === workflow));
}

export function capOf(limit: SpendLimit): Credits {
  return toMicro(limit.credits);
}

/**
 * Read limits from what a user typed (a JSON array, or one object): every field checked, and the
 * error names the entry and the rule. `providers` are the ids a limit may name; `provider` is the
 * one an entry without a provider means (a Zapier connection belongs to one provider).
 */
export function parseSpendLimits(raw: unknown, providers: readonly string[], opts: { provider?: string } = {}): SpendLimit[] {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return [];
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValidationError('Spend Limits must be JSON, e.g. [{"provider":"leadfeeder","period":"month","credits":500}]', [
        { field: 'spendLimits', rule: 'a JSON array' },
      ]);
    }
  }
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry, i) =>
    checkLimit(opts.provider && isObject(entry) && entry.provider === undefined ? { ...entry, provider: opts.provider } : entry, i, providers),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkLimit(entry: unknown, i: number, providers: readonly string[]): SpendLimit {
  const where = `Spend Limits entry ${i + 1}`;
  const fail = (field: string, rule: string): never => {
    throw new ValidationError(`${where}: "${field}" must be ${rule}`, [{ field: `spendLimits[${i}].${field}`, rule }]);
  };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new ValidationError(`${where} must be an object`, [{ field: `spendLimits[${i}]`, rule: 'an object' }]);
  const e = entry as Record<string, unknown>;
  const known = ['provider', 'period', 'credits', 'workflow', 'startDay'];
  for (const key of Object.keys(e)) if (!known.includes(key)) fail(key, `one of the known fields (${known.join(', ')})`);
  if (typeof e.provider !== 'string' || !providers.includes(e.provider)) fail('provider', `one of ${providers.join(', ')}`);
  if (e.period !== 'day' && e.period !== 'month') fail('period', '"day" or "month"');
  if (typeof e.credits !== 'number' || !Number.isFinite(e.credits) || e.credits < 0) fail('credits', 'a number of credits, 0 or more');
  if (e.workflow !== undefined && (typeof e.workflow !== 'string' || e.workflow === '')) fail('workflow', 'a workflow id (text)');
  if (e.startDay !== undefined && (e.period !== 'month' || !Number.isInteger(e.startDay) || (e.startDay as number) < 1 || (e.startDay as number) > 28)) {
    fail('startDay', 'a day of the month from 1 to 28, on a month limit');
  }
  const limit: SpendLimit = { provider: e.provider as string, period: e.period as SpendPeriod, credits: e.credits as number };
  if (e.workflow !== undefined) limit.workflow = e.workflow as string;
  if (e.startDay !== undefined) limit.startDay = e.startDay as number;
  return limit;
}

/** A spend limit refused the call: nothing was sent, nothing charged. Retry after `resetsAt`. */
export class SpendLimitError extends EnrichflowError {
  constructor(
    readonly limit: SpendLimit,
    readonly estimate: Credits,
    readonly left: Credits,
    readonly resetsAt: string,
  ) {
    super(
      'budget_exceeded',
      `Spend limit reached: the ${describeLimit(limit)} has ${formatCredits(left)} credits left and this call may cost up to ${formatCredits(estimate)}; it resets at ${resetsAt}. Nothing was sent.`,
      { provider: limit.provider, retryable: false, notCharged: true },
    );
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      limit: { ...this.limit },
      estimate: Number(formatCredits(this.estimate)),
      left: Number(formatCredits(this.left)),
      resetsAt: this.resetsAt,
    };
  }
}
