/**
 * Property 4, "the sandbox plays the most each premium or default can cost where the docs allow
 * more than one reading": the disputed prices and defaults of the README's and docs/<provider>.md's
 * assumptions tables that no credential setting switches, each as data — which operations it
 * touches (found by the catalog's own fields), and how one generated case shows that the sandbox
 * charges the costliest reading and the client's estimate covers that charge. The readings a
 * credential switches are played world by world (worlds.ts) under properties 1–3.
 */
import fc from 'fast-check';
import { request } from 'undici';
import { describeInputFields } from '../../../shared/catalog/fields';
import type { OperationSpec } from '../../../shared/catalog/types';
import { buildRequest } from '../../../shared/request';
import { startWorld, type World, type WorldEnv } from './worlds';

export interface ReadingVerdict {
  ok: boolean;
  detail: string;
}

export interface DisputedReading {
  provider: string;
  /** The assumptions row, as users read it. */
  topic: string;
  applies(op: OperationSpec): boolean;
  /** The record asked for, varied (the samples' identifiers are fixed; the premium depends on the record). */
  records?: fc.Arbitrary<Record<string, unknown>>;
  /** The sandbox this reading is checked in (its own: a listing of 100 rows spends what other cases need). */
  sandbox?: World['sandbox'];
  /** One generated case; undefined when the input is one the provider refuses (nothing to compare). */
  check(env: WorldEnv, op: OperationSpec, input: Record<string, unknown>): Promise<ReadingVerdict | undefined>;
}

const fieldNames = (op: OperationSpec) => new Set(describeInputFields(op.input as never).map((f) => f.name));
const round = (n: number) => Math.round(n * 1e6) / 1e6;
/** The rows of an answer: the list itself, or its first list (results, employees, numbers …). */
const rowsOf = (data: unknown): number =>
  Array.isArray(data) ? data.length : ((Object.values((data ?? {}) as object).find(Array.isArray) as unknown[] | undefined)?.length ?? 0);

/** What one call through the client took from the wallet, and its answer. */
async function charged(
  env: WorldEnv,
  op: OperationSpec,
  input: Record<string, unknown>,
): Promise<{ spent: number; data: unknown; estimate: number } | undefined> {
  const client = env.client();
  try {
    const estimate = await client.estimate(op.key, input);
    const before = env.wallet();
    const result = await client.call(op.key, input, { noCache: true });
    return { spent: round(before - env.wallet()), data: result.data, estimate };
  } catch {
    return undefined;
  }
}

/** One request as the catalog builds it, sent raw with `drop` left out of the query (the provider's default then applies). */
async function raw(
  env: WorldEnv,
  op: OperationSpec,
  input: Record<string, unknown>,
  drop: string,
): Promise<{ spent: number; body: Record<string, unknown> } | undefined> {
  const p = env.sandbox.providers[env.world.provider as keyof WorldEnv['sandbox']['providers']] as { apiKey: string; baseUrl: string };
  const client = env.client();
  const parsed = client.validate<Record<string, unknown>>(op.key, input);
  const url = new URL(buildRequest(p.baseUrl, op, parsed).url);
  url.searchParams.delete(drop);
  const auth = env.world.catalog.auth;
  const before = env.wallet();
  const res = await request(url, { method: op.method as 'GET', headers: { [auth.header.toLowerCase()]: `${auth.prefix ?? ''}${p.apiKey}` } });
  const body = (await res.body.json()) as Record<string, unknown>;
  return res.statusCode < 300 ? { spent: round(before - env.wallet()), body } : undefined;
}

const RICH = { enrichLayer: { accounts: [{ apiKey: 'sk_test_enrichlayer_sandbox', plan: 'other', balance: 100_000_000 }] } } as unknown as World['sandbox'];

/** EnrichLayer: `+1 per number (email) returned`, the credits guide's example returns 2, no ceiling documented. */
const COMPANY = '_companyIndex';

/** Sandbox people: each has 0–2 personal numbers and emails. */
const people = fc.nat({ max: 10_000 }).map((n) => ({ profile_url: `https://www.linkedin.com/in/sandbox-person-${n}` }));

const PERSONAL = [
  { field: 'personal_contact_number', entries: 'personal_numbers' },
  { field: 'personal_email', entries: 'personal_emails' },
] as const;

export const disputedReadings: DisputedReading[] = [
  {
    provider: 'enrichLayer',
    topic: 'personal numbers and emails: billed per entry returned (up to 2 each), not once per field',
    sandbox: RICH,
    applies: (op) => PERSONAL.some((p) => fieldNames(op).has(p.field)),
    records: people,
    async check(env, op, input) {
      const details: string[] = [];
      let ok = true;
      for (const p of PERSONAL.filter((x) => fieldNames(op).has(x.field))) {
        const on = await charged(env, op, { ...input, [p.field]: 'include' });
        const off = await charged(env, op, { ...input, [p.field]: 'exclude' });
        if (!on || !off) return undefined;
        const entries = ((on.data as Record<string, unknown[] | undefined>)[p.entries] ?? []).length;
        const premium = round(on.spent - off.spent);
        ok &&= premium === entries && entries <= 2 && on.spent <= on.estimate;
        details.push(`${p.field}: ${entries} returned, premium ${premium}, spent ${on.spent}, estimated ${on.estimate}`);
      }
      return { ok, detail: details.join('; ') };
    },
  },
  {
    provider: 'enrichLayer',
    topic: 'personal contact endpoints without page_size: every entry found, each billed (the client sends 2)',
    sandbox: RICH,
    applies: (op) => !op.pagination && fieldNames(op).has('page_size') && op.path.startsWith('/contact-api/personal'),
    records: people,
    async check(env, op, input) {
      const { page_size: _own, ...rest } = input;
      const bare = await raw(env, op, rest, 'page_size');
      const sent = await charged(env, op, rest);
      if (!bare || !sent) return undefined;
      const found = rowsOf(bare.body);
      const ok = bare.spent === found && sent.spent === bare.spent && sent.spent <= sent.estimate;
      return { ok, detail: `without page_size ${found} entries, ${bare.spent} charged; the client's call ${sent.spent}, estimated ${sent.estimate}` };
    },
  },
  {
    provider: 'enrichLayer',
    topic: "listings without page_size: 100 rows (search's default), each billed — not the listing pages' 10",
    sandbox: RICH,
    applies: (op) => !!op.pagination && fieldNames(op).has('page_size'),
    async check(env, op, input) {
      const base = { ...input };
      delete base.page_size;
      const bare = await raw(env, op, base, 'page_size').catch(() => undefined);
      const hundred = await raw(env, op, { ...base, page_size: 100 }, '').catch(() => undefined);
      if (!bare || !hundred) return undefined;
      const ok = rowsOf(bare.body) === rowsOf(hundred.body) && bare.spent === hundred.spent;
      return { ok, detail: `without page_size ${rowsOf(bare.body)} rows for ${bare.spent}; page_size 100: ${rowsOf(hundred.body)} rows for ${hundred.spent}` };
    },
  },
  {
    provider: 'leadfeeder',
    topic: "records brought in with include (a contact's company): each not yet subscribed is charged as a subscription of its own",
    applies: (op) => op.subscription?.recordType === 'contact' && op.subscription.related?.recordType === 'company' && fieldNames(op).has('include'),
    // A contact of a company that never visits the website (the sandbox's last third), in a fresh account.
    records: fc.integer({ min: 41, max: 59 }).map((n) => ({ [COMPANY]: n })),
    async check(env, op, input) {
      const { [COMPANY]: n, ...rest } = input;
      const contacts = [1, 2].map((k) => `con_${String(n).padStart(4, '0')}_${k}`);
      const ids = fieldNames(op).has('ids') ? { ids: contacts } : { id: contacts[0] };
      const spent: number[] = [];
      let estimate = 0;
      for (const include of [['company'], undefined]) {
        const fresh = await startWorld(env.world);
        try {
          const call = await charged(fresh, op, { ...rest, ...ids, include });
          if (!call) return undefined;
          spent.push(call.spent);
          if (include) estimate = call.estimate;
        } finally {
          await fresh.close();
        }
      }
      const ok = spent[0]! - spent[1]! === 1 && spent[0]! <= estimate;
      return { ok, detail: `with include=company ${spent[0]} charged (estimated ${estimate}), without ${spent[1]}` };
    },
  },
  {
    provider: 'enrichSo',
    topic: "Lead Finder: every request that gets free results uses one of the month's free searches; then every result is paid",
    applies: (op) => op.method === 'POST' && op.path === '/lead-finder/search',
    async check(env, op, input) {
      // A fresh month with a few free searches left, then the same search page by page and again.
      const allowance = 1 + (JSON.stringify(input).length % 3);
      const fresh = await startWorld({
        ...env.world,
        sandbox: { enrichSo: { ...(env.world.sandbox.enrichSo as object), leadSearchFreeSearchesPerMonth: allowance } } as World['sandbox'],
      });
      try {
        const size = typeof input.pageSize === 'number' ? input.pageSize : 25;
        let used = 0;
        const details: string[] = [];
        let ok = true;
        for (const page of [1, 2, 3, 4, 1, 2]) {
          const asked = { ...input, page, pageSize: size };
          const call = await charged(fresh, op, asked);
          if (!call) return undefined;
          const rows = rowsOf(call.data);
          const free = page > 3 ? 0 : Math.max(0, Math.min(rows, 75 - (page - 1) * size));
          const costliest = free > 0 && used < allowance ? rows - free : rows;
          if (free > 0 && used < allowance) used++;
          ok &&= call.spent === costliest && call.spent <= call.estimate;
          details.push(`p${page}: ${rows} rows, ${call.spent} charged (costliest reading ${costliest}, estimated ${call.estimate})`);
        }
        return { ok, detail: `${allowance} free searches; ${details.join('; ')}` };
      } finally {
        await fresh.close();
      }
    },
  },
];
