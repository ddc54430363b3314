/**
 * The influencers.club endpoints of §1.2 as sandbox handlers. Validation answers the way a
 * Django REST API does (400 with field errors), charges follow §1.2/§1.5 (only when data comes
 * back), and every answer carries what the reference says it carries (`credits_cost`,
 * `credits_left`).
 */
import { jsonReply, textReply, type Reply, type SandboxRequest } from '../../kit/http';
import type { Wallet } from '../../kit/wallet';
import { decodeMultipart } from '../../../shared/files/multipart';
import { parseCsv, toCsv } from '../../../shared/files/csv';
import type { InfluencersClubSandboxConfig } from './config';
import { DICTIONARIES, enrichment, index, lookalikes, type Tier, type Creator } from './data';
import { BatchJob, type BatchMode } from './jobs';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(JSON.stringify(body));
  }
}

export interface Account {
  id: string;
  wallet: Wallet;
  jobs: Map<string, BatchJob>;
  exclusionLists: Map<number, { id: number; name: string; platform: string; handles: string[]; is_default: boolean }>;
  nextListId: number;
}

export interface Ctx {
  req: SandboxRequest;
  params: Record<string, string>;
  account: Account;
  now: number;
  seed: number;
  config: InfluencersClubSandboxConfig;
  newBatchId(): string;
}

const field = (name: string, message: string) => new HttpError(400, { [name]: [message] });
const choice = (name: string, value: unknown) => field(name, `"${String(value)}" is not a valid choice.`);

const DISCOVERY = ['instagram', 'youtube', 'tiktok', 'twitch', 'twitter', 'onlyfans'];
const ENRICH_PLATFORMS: Record<Tier, string[]> = {
  raw: [...DISCOVERY, 'snapchat', 'discord', 'pinterest', 'facebook', 'linkedin'],
  profile: [...DISCOVERY, 'snapchat', 'discord', 'pinterest', 'facebook', 'linkedin'],
  socials: [...DISCOVERY, 'snapchat', 'discord', 'pinterest', 'facebook', 'linkedin'],
  full: [...DISCOVERY, 'snapchat', 'discord', 'pinterest', 'facebook'],
  analytics: DISCOVERY,
};
const PRICE: Record<Tier, number> = { raw: 0.03, full: 1, profile: 0.2, analytics: 0.8, socials: 0.5 };

export function body(ctx: Ctx): Record<string, unknown> {
  const text = ctx.req.rawBody.toString('utf8');
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new HttpError(400, { detail: 'JSON parse error - Expecting value' });
  }
}

function text(b: Record<string, unknown>, name: string, max = 300): string {
  const v = b[name];
  if (typeof v !== 'string' || v.trim() === '') throw field(name, 'This field is required.');
  if (v.length > max) throw field(name, `Ensure this field has no more than ${max} characters.`);
  return v;
}

function platformOf(b: Record<string, unknown>, allowed: string[]): string {
  const p = text(b, 'platform', 50);
  if (!allowed.includes(p)) throw choice('platform', p);
  return p;
}

/** Charge `amount` or refuse with 402 (the sandbox's reading: the reference has no single-call out-of-credits answer). */
function charge(ctx: Ctx, amount: number, what: string): void {
  if (amount === 0) return;
  if (!ctx.account.wallet.canAfford(amount))
    throw new HttpError(402, { detail: `Insufficient credits: ${what} needs ${amount}, the balance is ${ctx.account.wallet.balance}` });
  ctx.account.wallet.deduct(amount, what);
}

const left = (ctx: Ctx) => ctx.account.wallet.balance.toFixed(2);

// ---- discovery ----

function rangeFilter(filters: Record<string, unknown>, name: string): { min?: number; max?: number } | undefined {
  const r = filters[name];
  if (r === undefined) return undefined;
  if (typeof r !== 'object' || r === null) throw new HttpError(400, { filters: { [name]: ['Expected a range object with min/max.'] } });
  const { min, max } = r as Record<string, unknown>;
  for (const [k, v] of Object.entries({ min, max })) {
    if (v !== undefined && v !== null && typeof v !== 'number') throw new HttpError(400, { filters: { [name]: { [k]: ['A valid number is required.'] } } });
  }
  return { min: min as number | undefined, max: max as number | undefined };
}

function paging(ctx: Ctx, b: Record<string, unknown>): { limit: number; page: number } {
  const p = (b.paging ?? {}) as Record<string, unknown>;
  const limit = p.limit ?? 10;
  const page = p.page ?? ctx.config.firstPage;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) throw new HttpError(400, { paging: { limit: ['A valid integer is required.'] } });
  if (limit > 50) throw new HttpError(400, { paging: { limit: ['Ensure this value is less than or equal to 50.'] } });
  if (typeof page !== 'number' || !Number.isInteger(page) || page < ctx.config.firstPage) {
    throw new HttpError(400, { paging: { page: [`Ensure this value is greater than or equal to ${ctx.config.firstPage}.`] } });
  }
  return { limit, page: page - ctx.config.firstPage };
}

function searchAnswer(ctx: Ctx, b: Record<string, unknown>, pool: Creator[], what: string): Reply {
  const filters = (b.filters ?? {}) as Record<string, unknown>;
  if (typeof filters !== 'object' || Array.isArray(filters)) throw new HttpError(400, { filters: ['Expected a dictionary of items.'] });
  const followers = rangeFilter(filters, 'number_of_followers');
  const engagement = rangeFilter(filters, 'engagement_percent');
  const within = (v: number, r?: { min?: number; max?: number }) =>
    !r || ((r.min === undefined || r.min === null || v >= r.min) && (r.max === undefined || r.max === null || v <= r.max));
  let matches = pool.filter((c) => within(c.profile.followers, followers) && within(c.profile.engagement_percent, engagement));
  const sort = (b.sort ?? {}) as Record<string, unknown>;
  const by = sort.sort_by ?? 'relevancy';
  const order = sort.sort_order ?? 'desc';
  const keys: Record<string, (c: Creator) => number> = {
    number_of_followers: (c) => c.profile.followers,
    engagement_rate: (c) => c.profile.engagement_percent,
    growth_rate: (c) => c.growth_rate,
  };
  if (by !== 'relevancy') {
    const key = keys[String(by)];
    if (!key) throw new HttpError(400, { sort: { sort_by: [`"${String(by)}" is not a valid choice.`] } });
    matches = [...matches].sort((x, y) => (order === 'asc' ? key(x) - key(y) : key(y) - key(x)));
  }
  const { limit, page } = paging(ctx, b);
  const accounts = matches.slice(page * limit, page * limit + limit);
  charge(ctx, Math.round(accounts.length) / 100, `${what}: ${accounts.length} creators`);
  return jsonReply(200, { total: matches.length, limit, credits_left: left(ctx), accounts });
}

export function discover(ctx: Ctx): Reply {
  const b = body(ctx);
  const platform = platformOf(b, DISCOVERY);
  return searchAnswer(ctx, b, index(ctx.seed, platform, ctx.config.creatorsPerPlatform), 'Discovery');
}

export function similar(ctx: Ctx): Reply {
  const b = body(ctx);
  const platform = platformOf(
    b,
    DISCOVERY.filter((p) => p !== 'twitter'),
  );
  const key = b.filter_key ?? 'username';
  if (!['url', 'username', 'id'].includes(String(key))) throw choice('filter_key', key);
  const of = text(b, 'filter_value');
  return searchAnswer(ctx, b, lookalikes(ctx.seed, platform, of, Math.min(10_000, ctx.config.creatorsPerPlatform * 2)), 'Similar creators');
}

// ---- single creator calls ----

export function enrichHandle(tier: Tier) {
  return (ctx: Ctx): Reply => {
    const b = body(ctx);
    const handle = text(b, 'handle');
    const platform = platformOf(b, ENRICH_PLATFORMS[tier]);
    if (b.email_required !== undefined && !['must_have', 'preferred'].includes(String(b.email_required))) throw choice('email_required', b.email_required);
    const includeLookalikes = typeof b.include_lookalikes === 'boolean' ? b.include_lookalikes : ctx.config.includeLookalikesDefault;
    const result = enrichment(ctx.seed, platform, handle, tier, { includeLookalikes, includeAudience: b.include_audience_data === true });
    const cost = Object.keys(result).length ? PRICE[tier] : 0;
    charge(ctx, cost, `Enrich ${tier}: ${handle}`);
    return jsonReply(200, { result, credits_cost: cost });
  };
}

export function enrichEmail(ctx: Ctx): Reply {
  const b = body(ctx);
  const email = text(b, 'email', 254);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw field('email', 'Enter a valid email address.');
  const result = enrichment(ctx.seed, 'instagram', email.split('@')[0] as string, 'profile');
  const cost = Object.keys(result).length ? 0.05 : 0;
  charge(ctx, cost, `Enrich email: ${email}`);
  return jsonReply(200, { result, credits_cost: cost });
}

export function overlap(ctx: Ctx): Reply {
  const b = body(ctx);
  const platform = platformOf(b, DISCOVERY);
  const creators = b.creators;
  if (!Array.isArray(creators) || creators.length < 2 || creators.length > 10) throw field('creators', 'Give between 2 and 10 creators.');
  const result = { platform, creators: creators.map((c, i) => ({ handle: String(c), unique_percent: 40 + ((i * 7) % 30) })), overlap_percent: 12.5 };
  charge(ctx, 1, 'Audience overlap');
  return jsonReply(200, { result, credits_cost: 1 });
}

export function posts(ctx: Ctx): Reply {
  const b = body(ctx);
  platformOf(b, DISCOVERY);
  const handle = text(b, 'handle');
  const count = typeof b.count === 'number' ? b.count : 12;
  if (/^@?nobody/i.test(handle)) return jsonReply(200, { result: [], pagination_token: null, credits_cost: 0 });
  const from = typeof b.pagination_token === 'string' ? Number(b.pagination_token.replace(/\D/g, '')) || 0 : 0;
  const result = Array.from({ length: count }, (_, i) => ({ post_id: `${handle}_post_${from + i}`, likes: 100 + i, caption: `Post ${from + i}` }));
  charge(ctx, 0.15, `Posts: ${handle}`);
  return jsonReply(200, { result, pagination_token: `pt_${from + count}`, credits_cost: 0.15 });
}

export function postDetails(ctx: Ctx): Reply {
  const b = body(ctx);
  platformOf(b, DISCOVERY);
  const id = text(b, 'post_id', 200);
  text(b, 'content_type', 50);
  charge(ctx, 0.03, `Post details: ${id}`);
  return jsonReply(200, { result: { post_id: id, comments: [{ text: 'Great post!' }] }, pagination_token: null, credits_cost: 0.03 });
}

export function dictionary(name: string) {
  return (ctx: Ctx): Reply => {
    if (name === 'locations' && !DISCOVERY.includes(ctx.params.platform ?? '')) throw new HttpError(404, { detail: 'Not found.' });
    const search = ctx.req.query.get('search')?.toLowerCase();
    const offset = Number(ctx.req.query.get('offset') ?? 0) || 0;
    const all = (DICTIONARIES[name] ?? []).filter((e) => !search || JSON.stringify(e).toLowerCase().includes(search));
    return jsonReply(200, all.slice(offset));
  };
}

export function credits(ctx: Ctx): Reply {
  return jsonReply(200, { credits_left: left(ctx), account_id: ctx.account.id });
}

// ---- batch ----

const MAX_BYTES = 10 * 1024 * 1024;
const MODES: Record<string, { column: 'handle' | 'email'; mode: BatchMode }> = {
  raw: { column: 'handle', mode: 'raw' },
  full: { column: 'handle', mode: 'full' },
  basic: { column: 'email', mode: 'basic' },
};

export function createBatch(ctx: Ctx): Reply {
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data/i.test(type)) throw new HttpError(415, { detail: `Unsupported media type "${type}" in request.` });
  const form = decodeMultipart(ctx.req.rawBody.toString('utf8'), type);
  const file = form.files.find((f) => f.name === 'file');
  if (!file) throw field('file', 'No file was submitted.');
  if (Buffer.byteLength(file.content, 'utf8') > MAX_BYTES) throw field('file', 'File too large: the maximum is 10 MB.');
  const modeName = form.fields.enrichment_mode;
  const mode = modeName ? MODES[modeName] : undefined;
  if (!mode) throw modeName === 'advanced' ? field('enrichment_mode', 'Advanced mode is not played by the sandbox.') : choice('enrichment_mode', modeName);
  const [header, ...rows] = parseCsv(file.content);
  if (!header || header.length !== 1 || header[0]?.trim().toLowerCase() !== mode.column)
    throw field('file', `The CSV must have a single column with the header "${mode.column}".`);
  if (rows.length === 0) throw field('file', 'The CSV has no rows.');
  if (rows.length > 10_000) throw field('file', 'The CSV has more than 10,000 rows.');
  let platform: string | undefined;
  if (mode.column === 'handle') {
    platform = form.fields.platform;
    if (!platform) throw field('platform', 'This field is required for handle enrichment.');
    if (!ENRICH_PLATFORMS[mode.mode === 'full' ? 'full' : 'raw'].includes(platform)) throw choice('platform', platform);
  }
  let metadata: unknown = null;
  if (form.fields.metadata) {
    try {
      metadata = JSON.parse(form.fields.metadata);
    } catch {
      throw field('metadata', 'Value must be valid JSON.');
    }
  }
  const flag = (name: string, fallback: boolean) => (form.fields[name] === undefined ? fallback : form.fields[name] === 'true');
  const job = new BatchJob({
    id: ctx.newBatchId(),
    mode: mode.mode,
    platform,
    rows: rows.map((r) => r[0] ?? ''),
    metadata,
    options: { includeLookalikes: flag('include_lookalikes', ctx.config.includeLookalikesDefault), includeAudience: flag('include_audience_data', false) },
    createdAt: ctx.now,
    queueDelayMs: ctx.config.queueDelayMs,
    rowsPerSecond: ctx.config.rowsPerSecond,
    seed: ctx.seed,
    wallet: ctx.account.wallet,
  });
  ctx.account.jobs.set(job.setup.id, job);
  return jsonReply(201, { batch_id: job.setup.id, status: 'queued', created_at: new Date(ctx.now).toISOString(), platform: platform ?? null, metadata });
}

function jobOf(ctx: Ctx): BatchJob {
  const job = ctx.account.jobs.get(ctx.params.batch_id ?? '');
  if (!job) throw new HttpError(404, { detail: 'Not found.' });
  job.advance(ctx.now);
  return job;
}

export function batchStatus(ctx: Ctx): Reply {
  return jsonReply(200, jobOf(ctx).view(ctx.now));
}

export function batchResults(ctx: Ctx): Reply {
  const job = jobOf(ctx);
  const ready = job.status === 'finished' || job.status === 'failed' || (ctx.config.resultsWhilePaused && job.status === 'paused_insufficient_credits');
  if (!ready) throw new HttpError(400, { error: 'Batch results are not ready yet', current_status: job.status });
  const format = ctx.req.query.get('format') ?? 'csv';
  if (format === 'json') return jsonReply(200, job.results);
  if (format !== 'csv') throw choice('format', format);
  const csv = toCsv(
    ['input_value', 'status', 'enrichment_data'],
    job.results.map((r) => [r.input_value, r.status, r.enrichment_data === null ? '' : JSON.stringify(r.enrichment_data)]),
    // The provider's file as it sends it: what a hostile answer puts in a cell arrives unchanged.
    { formulas: 'keep' },
  );
  return textReply(200, csv, 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="${job.setup.id}.csv"` });
}

export function resumeBatch(ctx: Ctx): Reply {
  const job = jobOf(ctx);
  if (job.status !== 'paused_insufficient_credits') throw new HttpError(400, { error: 'Only a paused batch can be resumed', current_status: job.status });
  job.resume(ctx.now);
  return jsonReply(200, { batch_id: job.setup.id, status: job.status });
}
