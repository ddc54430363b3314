/**
 * Record subscriptions, the monthly request quota and poll sources through createAppTester, on
 * the subscription toy: z.cache carries the registry and the quota count between steps.
 */
import { startSubscriptionServer, type SubscriptionServer } from '../unit/fixtures/subscription-server';
import { subscriptionCatalog as catalog } from '../unit/fixtures/subscription-catalog';
import { appFor, testerFor } from './helpers';

const app = appFor(catalog);
let server: SubscriptionServer;
beforeAll(async () => {
  server = await startSubscriptionServer();
});
afterAll(() => server.close());

const bundle = (apiKey: string, inputData: Record<string, unknown> = {}) => ({
  authData: { apiKey, baseUrl: server.baseUrl },
  inputData,
  meta: { isLoadingSample: false, isTestingAuth: false },
});

it('a company paid in one step is free in the next; the step says why', async () => {
  const run = testerFor(app);
  const before = server.charged();
  const [first] = await run(app.searches.company_get!.operation.perform, bundle('zkey-a', { id: 'zc-1' }));
  expect(first.enrichflow).toMatchObject({ creditsCharged: 1, creditsEstimated: 1 });
  const [second] = await run(app.searches.company_signals!.operation.perform, bundle('zkey-a', { id: 'zc-1' }));
  expect(second.enrichflow).toMatchObject({ creditsCharged: 0, creditsEstimated: 0, creditsSource: 'subscription' });
  expect(server.charged() - before).toBe(1);
});

it('the poll source is a polling trigger: visitors with ids of entry and window, and their details then free', async () => {
  const run = testerFor(app);
  const visitors = await run(app.triggers.newVisitor!.operation.perform, bundle('zkey-b'));
  expect(visitors.map((v: { id: string }) => v.id)).toEqual([expect.stringMatching(/^c-visitor-1:/), expect.stringMatching(/^c-visitor-2:/)]);
  const before = server.charged();
  const [detail] = await run(app.searches.company_retrieve!.operation.perform, bundle('zkey-b', { ids: ['c-visitor-1', 'c-visitor-2'] }));
  expect(detail.enrichflow).toMatchObject({ creditsCharged: 0, creditsSource: 'subscription' });
  expect(server.charged()).toBe(before);
});

it('a quota of ten: the step past it halts, nothing sent', async () => {
  const run = testerFor(app);
  for (let i = 0; i < 10; i++) await run(app.searches.visitors_list!.operation.perform, bundle('zkey-c'));
  const sent = server.requests();
  await expect(run(app.searches.visitors_list!.operation.perform, bundle('zkey-c'))).rejects.toMatchObject({ name: 'HaltedError' });
  expect(server.requests()).toBe(sent);
});
