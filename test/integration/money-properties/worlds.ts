/**
 * The worlds the money properties run in: each provider's sandbox under each of its readings
 * (one switch at a time from the defaults — every value of every reading the sandbox can play),
 * with the client under the matching reading, so "the estimate is an upper bound" is checked for
 * the reading a user would choose for that provider.
 */
import type { ProviderCatalog, RatePolicy } from '../../../shared/catalog/types';
import { createClient, type ClientOptions, type EnrichflowClient } from '../../../shared/client';
import { catalogs } from '../../../shared/providers';
import { createEnrichSoCatalog } from '../../../shared/providers/enrichSo';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';
import { FakeClock } from '../../../shared/clock';
import { MemoryStore } from '../../../shared/store/memory';

export interface World {
  provider: string;
  /** "searchPricing=perRequest", "default". */
  reading: string;
  sandbox: Omit<SandboxOptions, 'port'>;
  catalog: ProviderCatalog;
  readings?: Record<string, string>;
}

export interface WorldEnv {
  world: World;
  sandbox: Sandbox;
  client(opts?: Partial<ClientOptions>): EnrichflowClient;
  /** The provider's wallet as the sandbox holds it (credits). */
  wallet(): number;
  /** Move sandbox time (jobs progress) and let it catch up. */
  advance(ms: number): Promise<void>;
  /** A path pattern of an operation on the sandbox (for faults). */
  pathOf(opPath: string): RegExp;
  close(): Promise<void>;
}

const WIDE: RatePolicy = { rate: 1_000_000, windowMs: 60_000, burst: 1_000_000 };
const BIG = 1_000_000;

const quiet = {
  influencersClub: { rowsPerSecond: 1000, queueDelayMs: 0, rateLimit: { rate: BIG, burst: BIG } },
  enrichLayer: { perFiveMinutes: BIG, perMinute: null },
  leadfeeder: { rateLimit: null },
  smarte: { rateLimit: null },
  enrichSo: { rateLimits: { default: { rate: BIG, burst: BIG }, enrichment: null, bulkSubmit: null }, itemsPerSecond: 1000 },
} as const;

function world(
  provider: keyof typeof quiet,
  reading: string,
  patch: Record<string, unknown> = {},
  readings?: Record<string, string>,
  catalog = catalogs[provider]!,
): World {
  return { provider, reading, sandbox: { [provider]: { ...quiet[provider], ...patch } } as World['sandbox'], catalog, readings };
}

/** Every provider under its default reading, then under each other value of each reading. */
export const worlds: World[] = [
  world('influencersClub', 'default (first page 1)'),
  world('influencersClub', 'firstPage=0', { firstPage: 0 }, { firstPage: '0' }),
  world('leadfeeder', 'default (searches charge)'),
  world('leadfeeder', 'searchCharges=free', { searchCharges: 'free' }),
  world('leadfeeder', 'ipEnrichPath=/ip-enrich', { ipEnrichPath: '/ip-enrich' }, { ipEnrichPath: '/ip-enrich' }),
  world('smarte', 'default'),
  world('smarte', 'singleAnswerShape=object', { singleAnswerShape: 'object' }),
  world('smarte', 'statusWords=matched', { statusWords: 'matched' }),
  world('enrichLayer', 'default'),
  world('enrichLayer', 'skills=free', { readings: { skills: 'free' } }, { skills: 'free' }),
  world('enrichLayer', 'roleSearchPerResult=6', { readings: { roleSearchPerResult: 6 } }, { roleSearchPerResult: '6' }),
  world('enrichLayer', 'pageSizeMax=200000', { readings: { pageSizeMax: 200000 } }, { pageSizeMax: '200000' }),
  world('enrichLayer', 'searchPricing=perRequest', { readings: { searchPricing: 'perRequest' } }, { searchPricing: 'perRequest' }),
  world('enrichSo', 'default (bulk phone 500, free searches may be used up)'),
  world('enrichSo', 'bulk phone 10 per item', { phoneBulkCreditsPerItem: 10 }, undefined, createEnrichSoCatalog({ bulkPhoneCreditsPerItem: 10 })),
  world('enrichSo', 'no free searches left', { leadSearchFreeSearchesPerMonth: 0 }),
  world('enrichSo', 'free searches left (reading "left")', {}, { leadSearchFreeSearches: 'left' }),
];

export async function startWorld(w: World): Promise<WorldEnv> {
  // Sandbox time stands still: a job one case starts never settles (or refunds) inside another case.
  const clock = new FakeClock(Date.parse('2026-03-02T10:00:00.000Z'));
  const sandbox = await startSandbox({ port: 0, clock, ...w.sandbox });
  // One store for the world's clients, as n8n's process store: what one run learned (subscriptions) the next knows.
  const store = new MemoryStore();
  const p = sandbox.providers[w.provider as keyof Sandbox['providers']];
  const buckets = new Set<string>([
    'default',
    ...Object.keys(w.catalog.rateLimits),
    ...Object.values(w.catalog.plans?.limits ?? {}).flatMap((l) => Object.keys(l)),
  ]);
  const rateLimits = Object.fromEntries([...buckets].map((b) => [b, WIDE]));
  const credential = w.provider === 'leadfeeder' ? { accountId: (p as Sandbox['providers']['leadfeeder']).accountId } : undefined;
  const wallet =
    w.provider === 'leadfeeder'
      ? () => (p as Sandbox['providers']['leadfeeder']).credits().remaining
      : () => (p as Sandbox['providers']['enrichSo']).wallet().balance;
  return {
    world: w,
    sandbox,
    client: (opts = {}) =>
      createClient({
        provider: w.catalog,
        readings: w.readings,
        apiKey: p.apiKey,
        baseUrl: p.baseUrl,
        credential,
        rateLimits,
        store,
        requestRate: BIG,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        timeoutMs: 5000,
        ...opts,
      }),
    wallet,
    advance: async (ms) => {
      await clock.advance(ms);
      await sandbox.flush();
    },
    pathOf: (opPath) =>
      new RegExp(
        `${opPath
          .replace(/\/$/, '')
          .split(/\{\w+\}/)
          .map(escapeRegExp)
          .join('[^/]+')}/?$`,
      ),
    close: () => sandbox.close(),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
