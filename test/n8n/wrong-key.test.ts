/**
 * A wrong key is sent once, not once per item: with Continue On Fail on, five items with a
 * refused key make one request; the first item carries the provider's answer and the other four
 * say they were not run — one error each, paired to its item, none of them showing the key.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { itemsInto, output, runWorkflow } from './harness';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

// Made up at run time, and not shaped like the sandbox's keys.
const WRONG_KEY = ['wrong', 'key', 'for', 'enrichflow', 'tests', '0000'].join('-');

test('Continue On Fail: a refused key stops at the first item and marks the rest as not run', async () => {
  const credentials = { enrichSoApi: { apiKey: WRONG_KEY, baseUrl: sandbox.providers.enrichSo.baseUrl } };
  const emails = ['ann@x.com', 'bo@x.com', 'cy@x.com', 'di@x.com', 'ed@x.com'];
  const before = sandbox.providers.enrichSo.requests().length;
  const { run } = await runWorkflow(
    itemsInto(
      emails.map((email) => ({ email })),
      { parameters: { resource: 'emailValidation', operation: 'validate', email: '={{ $json.email }}' }, onError: 'continueRegularOutput' },
    ),
    { credentials },
  );
  const items = output(run, 'Enrich');
  expect(sandbox.providers.enrichSo.requests().length - before).toBe(1);
  expect(items.map((i) => i.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
  expect(items.map((i) => (i.json.details as { kind: string }).kind)).toEqual(['auth', 'auth', 'auth', 'auth', 'auth']);
  expect(items[0].json.error).not.toMatch(/^Not run/);
  for (const item of items.slice(1)) expect(item.json.error).toMatch(/^Not run: the API key was refused at item 1/);
  expect(JSON.stringify(items)).not.toContain(WRONG_KEY);
});
