/**
 * The canary key never shows in Zapier (issue 18). Each provider's sandbox echoes the key it
 * receives — whole, upper-case, base64 and cut in half — in its error bodies (401, 402, 400,
 * 403, 404) and inside a successful answer. Whatever the platform shows is collected: the
 * step's error (with anything zapier-platform-core appends, such as "What happened … Received
 * content"), every log line the platform would store (HTTP logs included), and the output.
 * Occurrences of any form of the key: 0, for a zap step and for the connection test.
 */
import type { Sandbox } from '../../sandbox/server';
import { buildApp } from '../../zapier-app/lib';
import { actionKey } from '../../zapier-app/lib/operations';
import { occurrences, PROVIDER_IDS, playHostile, providerUnderTest, startWorld, type ProviderUnderTest } from '../hostile/world';
import { zapier } from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startWorld();
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.faults.clear());

interface Shown {
  error?: string;
  output?: string;
  logs: string;
}

/** One run through zapier-platform-core's own handler, with its log stream captured. */
async function run(p: ProviderUnderTest, method: 'test' | 'step'): Promise<Shown> {
  const app = buildApp(p.catalog, { version: '1.0.0', platformVersion: zapier.version });
  const logs: unknown[] = [];
  const handler = zapier.createAppHandler(app);
  const event = {
    command: 'execute',
    method: method === 'test' ? 'authentication.test' : `searches.${actionKey(p.freeOp)}.operation.perform`,
    bundle: { authData: { apiKey: p.apiKey, baseUrl: p.baseUrl, ...p.credential }, inputData: p.freeInput, meta: { isTestingAuth: method === 'test' } },
    customLogger: (message: string, data: unknown) => logs.push({ message, data }),
    logToStdout: false,
    // As createAppTester runs a paginated search: its cursor kept locally, not over Zapier's RPC.
    storeKey: `testKey-canary-${method}`,
    zcacheTestObj: {},
  };
  try {
    const out = await handler(event);
    return { output: JSON.stringify(out.results), logs: JSON.stringify(logs) };
  } catch (error) {
    const e = error as Error & Record<string, unknown>;
    return { error: `${e.message}\n${e.stack}\n${JSON.stringify(e)}`, logs: JSON.stringify(logs) };
  }
}

const statuses = [401, 402, 400, 403, 404];
const cases = PROVIDER_IDS.flatMap((id) =>
  (['step', 'test'] as const).flatMap((method) => [...statuses.map((status) => [id, method, status] as const), [id, method, 200] as const]),
);

const tally: string[] = [];
afterAll(() => {
  // The suite's report: every path and what the user could see of the key there.
  console.log(`canary key occurrences (Zapier, ${tally.length} paths):\n${tally.join('\n')}`);
});

it.each(cases)('%s, %s, provider answers %s echoing the key: occurrences 0', async (id, method, status) => {
  const p = providerUnderTest(sandbox, id);
  playHostile(sandbox, id, 'echoKey', status === 200 ? {} : { status });
  const shown = await run(p, method);
  const count = { error: occurrences(shown.error ?? '', p.apiKey), logs: occurrences(shown.logs, p.apiKey), output: occurrences(shown.output ?? '', p.apiKey) };
  tally.push(`${id} ${method} ${status}: error ${count.error}, logs ${count.logs}, output ${count.output}`);
  // The path was really taken: an error for the failures, data for the success.
  // (A provider whose answer schema keeps only its documented fields drops the echo itself.)
  if (status === 200) expect(shown.error ?? shown.output).toBe(shown.output);
  // A search that finds nothing (404) is an empty answer, not an error.
  else if (status === 404 && method === 'step') expect(shown.error ?? shown.output).toBeDefined();
  else expect(shown.error).toBeDefined();
  expect(count).toEqual({ error: 0, logs: 0, output: 0 });
});
