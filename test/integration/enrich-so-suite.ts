/**
 * The Enrich.so operation suites (enrich-so-operations: lookups and batches; enrich-so-prospecting:
 * followers, Lead Finder, people search, wallet and team): every operation of the catalog goes
 * through the real client against the sandbox, returns data matching its output schema and is
 * charged per §5.4. Each suite shares one sandbox, one client and the ids its tests chain, and
 * ends by checking that it covered every operation of its part and that the wallet moved exactly
 * by summary().charged.
 */
import type { CallResult, EnrichflowClient } from '../../shared/client';
import { type Credits, toCreditNumber } from '../../shared/credits/amount';
import { enrichSo } from '../../shared/providers/enrichSo';
import { startEnv, type Env } from './helpers';

/** Which suite covers which resources of the catalog: together, all of them. */
export const PARTS = {
  operations: ['emailValidation', 'emailFinder', 'phoneFinder', 'reverseLookup', 'ipToCompany'],
  prospecting: ['companyFollowers', 'wallet', 'team', 'leadFinder', 'peopleSearch'],
} as const;

export let env: Env;
export let client: EnrichflowClient;
let walletBefore: number;
let clientBalanceBefore: number;
/** Operation key → number of calls made through the client by this suite. */
const covered = new Map<string, number>();

const opOf = (key: string) => {
  const op = enrichSo.operations.find((o) => o.key === key);
  if (!op) throw new Error(`no catalog operation ${key}`);
  return op;
};

export function expectSchema(key: string, data: unknown): void {
  const parsed = opOf(key).output.safeParse(data);
  expect(parsed.success ? 'matches' : { key, issues: parsed.error.issues }).toBe('matches');
}

/** One call through the client: counted as coverage, schema-checked, charge checked when given. */
export async function run(key: string, input: unknown, charged?: number): Promise<CallResult<any>> {
  const result = await client.call<any>(key, input);
  covered.set(key, (covered.get(key) ?? 0) + 1);
  expect(result.status).toBe(200);
  expectSchema(key, result.data);
  if (charged !== undefined) expect({ key, charged: result.credits.charged }).toEqual({ key, charged });
  return result;
}

/** A paginated walk through the client (each page schema-checked). */
export async function walk(key: string, input: unknown, opts: { limit?: number; pageSize?: number } = {}) {
  const pages: CallResult<any>[] = [];
  const items: any[] = [];
  for await (const page of client.pages(key, input, opts)) {
    covered.set(key, (covered.get(key) ?? 0) + 1);
    expectSchema(key, page.result.data);
    pages.push(page.result);
    items.push(...page.items);
  }
  return { pages, items, charged: pages.reduce((n, p) => n + p.credits.charged, 0) };
}

/** One sandbox and one client for the suite's tests; the balance read first counts as covering it. */
export function useEnrichSoSuite(): void {
  beforeAll(async () => {
    env = await startEnv();
    client = env.client();
    walletBefore = env.balance();
    clientBalanceBefore = (await client.balance())!;
    covered.set('wallet.getBalance', 1);
  });

  afterAll(async () => {
    await env?.close();
  });
}

/** The suite's last tests: it covered its part of the catalog, and its books equal the wallet. */
export function checkCoverageAndBooks(part: keyof typeof PARTS): void {
  describe('Enrich.so coverage and the books', () => {
    it('covered every operation of its part, and the parts cover the catalog (a new operation without a test fails here)', () => {
      const catalogKeys = enrichSo.operations.map((o) => o.key).sort();
      expect(catalogKeys).toHaveLength(52);
      expect(Object.values(PARTS).flat().sort()).toEqual([...new Set(enrichSo.operations.map((o) => o.resource))].sort());
      const mine = (key: string) => (PARTS[part] as readonly string[]).includes(key.split('.')[0]!);
      expect([...covered.keys()].filter(mine).sort()).toEqual(catalogKeys.filter(mine));
    });

    it("moved the wallet by exactly summary().charged over the suite's paid calls", async () => {
      await env.advance(5000); // let every job finish (and settle itself where the worker charges)
      const clientBalanceAfter = (await client.balance())!;
      const summary = client.summary();
      const walletDelta = walletBefore - env.balance();
      expect(clientBalanceBefore).toBe(walletBefore);
      expect(clientBalanceBefore - clientBalanceAfter).toBe(walletDelta);
      expect({ walletDelta, byOperation: summary.byOperation }).toEqual({ walletDelta: summary.charged, byOperation: summary.byOperation });
    });
  });
}

export function toNumber(c: Credits | undefined): number | undefined {
  return c === undefined ? undefined : toCreditNumber(c);
}
