/**
 * Per-account state of the Leadfeeder sandbox: credits, record subscriptions, lists and tags;
 * and the JSON:API answer helpers every route uses.
 */
import { jsonReply, type Reply, type SandboxRequest } from '../../kit/http';
import type { LeadfeederAccount, LeadfeederSandboxConfig, LeadfeederUser } from './config';
import { DAY_MS, type Company, type Contact, type World } from './data';

export interface ListRecord {
  id: string;
  name: string;
  items: { type: 'companies' | 'contacts'; id: string }[];
  [key: string]: unknown;
}

export class AccountState {
  used = 0;
  /**
   * The billing period `used` counts in. The help centre says credits reset (`next_reset_on`);
   * the period itself is not documented: the sandbox plays calendar months in UTC, the date it
   * shows as `next_reset_on`. Record subscriptions keep their 12 months across resets.
   */
  private period = '';
  /** `company:cmp_0001` → subscribed until (ms). */
  readonly subscriptions = new Map<string, number>();
  readonly lists = new Map<string, ListRecord>();
  readonly tags = new Map<string, { id: string; name: string; [key: string]: unknown }>();
  private counter = 0;

  constructor(readonly account: LeadfeederAccount) {}

  get remaining(): number {
    return this.account.credits - this.used;
  }

  /** A new billing period started since the last request: the credits are whole again. */
  rollPeriod(now: number): void {
    const period = new Date(now).toISOString().slice(0, 7);
    if (period !== this.period) {
      if (this.period) this.used = 0;
      this.period = period;
    }
  }

  newId(prefix: string): string {
    return `${prefix}_${this.account.id.replace(/^acc_/, '')}_${++this.counter}`;
  }
}

/** A refusal in Leadfeeder's error shape. */
export class LeadfeederError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly extra: { parameter?: string; headers?: Record<string, string>; flat?: boolean; singular?: boolean } = {},
  ) {
    super(title);
  }
}

export const invalidParameter = (parameter: string, title: string) => new LeadfeederError(400, 'invalid_parameter', title, { parameter });
export const notFound = (what: string) => new LeadfeederError(404, 'entity_not_found', `${what} not found`);

export interface Ctx {
  req: SandboxRequest;
  params: Record<string, string>;
  user: LeadfeederUser;
  /** The account named by `account_id` (routes that need one). */
  state: AccountState;
  now: number;
  cfg: LeadfeederSandboxConfig;
  world: World;
  requestId: string;
  body(): Record<string, unknown>;
  states: (id: string) => AccountState | undefined;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;
/** `account: false` routes need no `account_id` (they list or describe the key's own reach). */
export interface RouteMeta {
  account: boolean;
}

export const companyResource = (c: Company) => ({ type: 'companies', id: c.id, attributes: c.attributes });
export const contactResource = (c: Contact) => ({
  type: 'contacts',
  id: c.id,
  attributes: c.attributes,
  relationships: { company: { data: { type: 'companies', id: c.companyId } } },
});

export function documentReply(ctx: Ctx, data: unknown, extra: { included?: unknown[]; meta?: Record<string, unknown>; status?: number } = {}): Reply {
  const body: Record<string, unknown> = { data };
  if (extra.included?.length) body.included = extra.included;
  body.meta = { request_id: ctx.requestId, ...extra.meta };
  return jsonReply(extra.status ?? 200, body);
}

/** Subscribed: explicitly (paid within 12 months) or as a website visitor of the last 12 months. */
export function isSubscribed(ctx: Ctx, type: 'company' | 'contact', id: string): boolean {
  const until = ctx.state.subscriptions.get(`${type}:${id}`);
  if (until !== undefined && until > ctx.now) return true;
  if (type !== 'company') return false;
  const company = ctx.world.company(id);
  return company !== undefined && ctx.world.visitedWithinYear(company, ctx.now);
}

/**
 * Charge 1 credit per record not yet subscribed and subscribe it for 12 months (`also`: records
 * of another type the same answer brings in); all or nothing (a shortfall charges nothing).
 * Returns what was charged.
 */
export function charge(
  ctx: Ctx,
  type: 'company' | 'contact',
  ids: readonly string[],
  also: { type: 'company' | 'contact'; ids: readonly string[] }[] = [],
): number {
  const groups = [{ type, ids }, ...also].map((g) => ({ type: g.type, fresh: [...new Set(g.ids)].filter((id) => !isSubscribed(ctx, g.type, id)) }));
  const needed = groups.reduce((n, g) => n + g.fresh.length, 0);
  if (needed > ctx.state.remaining) {
    throw new LeadfeederError(402, 'insufficient_credits', `Not enough credits: ${needed} needed, ${ctx.state.remaining} remaining`);
  }
  for (const g of groups) for (const id of g.fresh) ctx.state.subscriptions.set(`${g.type}:${id}`, ctx.now + 365 * DAY_MS);
  ctx.state.used += needed;
  return needed;
}

function pageSize(ctx: Ctx, fallback: number): number {
  const raw = ctx.req.query.get('page[size]');
  if (raw === null) return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 100) throw invalidParameter('page[size]', 'page[size] must be a whole number from 1 to 100');
  return size;
}

/** `page[num]` / `page[size]` routes. */
export function numberedPage<T>(ctx: Ctx, items: readonly T[]): { page: T[]; meta: Record<string, unknown> } {
  const size = pageSize(ctx, 25);
  const num = Number(ctx.req.query.get('page[num]') ?? '1');
  if (!Number.isInteger(num) || num < 1) throw invalidParameter('page[num]', 'page[num] must be a whole number of at least 1');
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  return {
    page: items.slice((num - 1) * size, num * size),
    meta: { pagination: { page_num: num, page_size: size, page_count: pageCount, total_count: items.length } },
  };
}

/** `page[cursor]` / `page[size]` routes; the cursor is an opaque offset. */
export function cursorPage<T>(ctx: Ctx, items: readonly T[]): { page: T[]; meta: Record<string, unknown> } {
  const size = pageSize(ctx, 25);
  const cursor = ctx.req.query.get('page[cursor]');
  let offset = 0;
  if (cursor !== null) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!decoded) throw invalidParameter('page[cursor]', 'page[cursor] is not a cursor this API gave out');
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(`o:${offset + size}`).toString('base64url') : null;
  return { page, meta: { pagination: { next_cursor: next, page_size: size, total_count: items.length } } };
}

export function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.trim() !== '')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}
