/**
 * Hostile answers from each provider's sandbox (issue 18): oversized, nested deeper than any
 * provider nests, formula-bearing and key-echoing. The client refuses the first two with a clear
 * error, without reading them whole and without retrying (a paid call is not sent twice, and its
 * charge is settled from the next balance: the ledger equals the wallet); both adapters neutralise
 * formulas before items reach a sheet; no form of the key reaches an answer.
 */
import type { Sandbox } from '../../sandbox/server';
import { ANSWER_BYTE_LIMITS, createClient, MAX_ANSWER_DEPTH, ProviderFailureError } from '../../shared';
import { credentialName } from '../../nodes/adapter/names';
import { buildApp } from '../../zapier-app/lib';
import { actionKey } from '../../zapier-app/lib/operations';
import { occurrences, PROVIDER_IDS, playHostile, providerUnderTest, requestsSeen, startWorld, type ProviderUnderTest } from '../hostile/world';
import { itemsInto, output, PACKAGE, runWorkflow } from '../n8n/harness';
import { zapier } from '../zapier/helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startWorld();
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.faults.clear());

function clientFor(p: ProviderUnderTest) {
  const rate = Number(p.credential.requestRate);
  return createClient({
    provider: p.catalog,
    apiKey: p.apiKey,
    baseUrl: p.baseUrl,
    credential: p.credential,
    ...(rate ? { requestRate: rate } : {}),
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

/** Every text value in `value`, however deep. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(texts);
  return [];
}

const FORMULA = /^[=@\t\r]|^[+-](?![\d\s().\-/]*$)/;

describe.each(PROVIDER_IDS)('%s: hostile answers', (id) => {
  it("an answer larger than its kind's cap is refused unread, with a clear error, asked once", async () => {
    const p = providerUnderTest(sandbox, id);
    const cap = ANSWER_BYTE_LIMITS[p.catalog.operations.find((o) => o.key === p.freeOp)!.kind];
    playHostile(sandbox, id, 'oversized', { bytes: cap + 1024 * 1024 });
    const asked = requestsSeen(sandbox, id);
    const error = await clientFor(p)
      .call(p.freeOp, p.freeInput)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderFailureError);
    expect(error).toMatchObject({ code: 'answer_too_large', message: expect.stringMatching(/larger than \d+ MiB/) });
    expect(requestsSeen(sandbox, id) - asked).toBe(1);
  });

  it(`an answer nested deeper than ${MAX_ANSWER_DEPTH} levels (100,000 here) is refused before parsing`, async () => {
    const p = providerUnderTest(sandbox, id);
    playHostile(sandbox, id, 'deep', { depth: 100_000 });
    const error = await clientFor(p)
      .call(p.freeOp, p.freeInput)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'answer_too_deep', message: expect.stringMatching(/nested deeper than/) });
  });

  it('a key-echoing answer reaches the caller with no form of the key', async () => {
    const p = providerUnderTest(sandbox, id);
    playHostile(sandbox, id, 'echoKey');
    const result = await clientFor(p).call(p.freeOp, p.freeInput);
    expect(occurrences(JSON.stringify(result), p.apiKey)).toBe(0);
  });

  it('formula-bearing answers leave Zapier spreadsheet-safe, unless the step turns it off', async () => {
    const p = providerUnderTest(sandbox, id);
    playHostile(sandbox, id, 'formula');
    const app = buildApp(p.catalog, { version: '1.0.0', platformVersion: zapier.version });
    const tester = zapier.createAppTester(app);
    const bundle = (safe?: boolean) => ({
      authData: { apiKey: p.apiKey, baseUrl: p.baseUrl, ...p.credential },
      inputData: { ...p.freeInput, ...(safe === false ? { enrichflowSpreadsheetSafe: false } : {}) },
    });
    const search = app.searches[actionKey(p.freeOp)]!.operation.perform;
    const safe = texts(await tester(search, bundle()));
    const raw = texts(await tester(search, bundle(false)));
    expect(raw.some((t) => FORMULA.test(t))).toBe(true);
    expect(safe.filter((t) => FORMULA.test(t))).toEqual([]);
    expect(safe.some((t) => t.startsWith("'="))).toBe(true);
  });

  it('n8n reads an answer as a stream and refuses it past the cap, with the same clear error', async () => {
    const p = providerUnderTest(sandbox, id);
    const op = p.catalog.operations.find((o) => o.key === p.freeOp)!;
    playHostile(sandbox, id, 'oversized', { bytes: ANSWER_BYTE_LIMITS[op.kind] + 1024 * 1024 });
    const credential = credentialName(p.catalog);
    const { run } = await runWorkflow(
      itemsInto(
        [{ n: 1 }],
        { parameters: { resource: op.resource, operation: op.operation, ...p.freeInput }, credentials: { [credential]: { id: '1', name: 'sandbox' } } },
        `${PACKAGE}.${p.catalog.id}`,
      ),
      { credentials: { [credential]: { apiKey: p.apiKey, baseUrl: p.baseUrl, ...p.credential } } },
    );
    expect(run.data.resultData.error?.message).toMatch(/is larger than \d+ MiB/);
  });

  it('formula-bearing answers leave n8n spreadsheet-safe by default', async () => {
    const p = providerUnderTest(sandbox, id);
    playHostile(sandbox, id, 'formula');
    const op = p.catalog.operations.find((o) => o.key === p.freeOp)!;
    const credential = credentialName(p.catalog);
    const { run } = await runWorkflow(
      itemsInto(
        [{ n: 1 }],
        { parameters: { resource: op.resource, operation: op.operation, ...p.freeInput }, credentials: { [credential]: { id: '1', name: 'sandbox' } } },
        `${PACKAGE}.${p.catalog.id}`,
      ),
      { credentials: { [credential]: { apiKey: p.apiKey, baseUrl: p.baseUrl, ...p.credential } } },
    );
    const items = output(run, 'Enrich');
    expect(items.length).toBeGreaterThan(0);
    const shown = texts(items.map((i) => i.json));
    expect(shown.filter((t) => FORMULA.test(t))).toEqual([]);
    expect(shown.some((t) => t.startsWith("'="))).toBe(true);
  });
});

it('an oversized answer to a paid call is not sent twice, and its charge is booked from the balance read after it: the ledger equals the wallet', async () => {
  const p = providerUnderTest(sandbox, 'enrichSo');
  const client = clientFor(p);
  const before = (await client.balance())!;
  playHostile(sandbox, 'enrichSo', 'oversized', { bytes: ANSWER_BYTE_LIMITS.lookup + 1024 * 1024, path: '/email-validation', times: 1 });
  const validations = () => sandbox.providers.enrichSo.requests().filter((r) => r.path.includes('/email-validation')).length;
  const asked = validations();
  const error = await client.call('emailValidation.validate', { email: 'oversized.answer@acme.com' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'answer_too_large' });
  expect(validations() - asked).toBe(1);
  const after = (await client.balance())!;
  expect(before - after).toBeGreaterThan(0);
  expect(error).toMatchObject({ charged: before - after });
  expect(client.summary().charged).toBe(before - after);
  expect(client.summary().unknown).toBeUndefined();
});
