/**
 * The canary key never shows in n8n (issue 18): each provider's sandbox echoes the key it
 * receives — whole, upper-case, base64 and cut in half — in its error bodies (401, 402, 400,
 * 403, 404) and inside a successful answer. The whole run n8n's engine keeps (node errors, error
 * items, output items, stored execution data) is searched for every form of the key, with
 * Continue On Fail off and on. Occurrences: 0.
 */
import type { Sandbox } from '../../sandbox/server';
import { credentialName } from '../../nodes/adapter/names';
import { occurrences, PROVIDER_IDS, playHostile, providerUnderTest, requestsSeen, startWorld } from '../hostile/world';
import { itemsInto, PACKAGE, runWorkflow } from './harness';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startWorld();
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.faults.clear());

const tally: string[] = [];
afterAll(() => console.log(`canary key occurrences (n8n, ${tally.length} paths):\n${tally.join('\n')}`));

const cases = PROVIDER_IDS.flatMap((id) =>
  (['fail', 'continue'] as const).flatMap((onError) => [401, 402, 400, 403, 404, 200].map((status) => [id, onError, status] as const)),
);

it.each(cases)('%s, on error %s, provider answers %s echoing the key: occurrences 0', async (id, onError, status) => {
  const p = providerUnderTest(sandbox, id);
  playHostile(sandbox, id, 'echoKey', status === 200 ? {} : { status });
  const op = p.catalog.operations.find((o) => o.key === p.freeOp)!;
  const asked = requestsSeen(sandbox, id);
  const credential = credentialName(p.catalog);
  const { run } = await runWorkflow(
    itemsInto(
      [{ n: 1 }],
      {
        parameters: { resource: op.resource, operation: op.operation, ...p.freeInput },
        credentials: { [credential]: { id: '1', name: 'sandbox' } },
        ...(onError === 'continue' ? { onError: 'continueRegularOutput' as const } : {}),
      },
      `${PACKAGE}.${p.catalog.id}`,
    ),
    { credentials: { [credential]: { apiKey: p.apiKey, baseUrl: p.baseUrl, ...p.credential } } },
  );
  const kept = JSON.stringify(run, (_, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
  const count = occurrences(kept, p.apiKey);
  tally.push(`${id} ${onError} ${status}: run data ${count}`);
  // The path was really taken: the provider was asked (and answered with the echo).
  expect(requestsSeen(sandbox, id)).toBeGreaterThan(asked);
  expect(count).toBe(0);
});
