/**
 * The Shared Store option through n8n's engine: a node set to "Redis (Queue Mode)" keeps its
 * batch job registry in Redis (where every queue-mode worker finds it), the credential's Test
 * button connects for real, and a Redis that went away fails the node with a clear message
 * before anything is sent.
 */
import Redis from 'ioredis';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';
import { closeSharedStores, testSharedStoreConnection } from '../../nodes/adapter/sharedStore';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { RedisServer, redisAvailable } from '../redis/redisServer';
import { itemsInto, output, runWorkflow } from './harness';

const describeRedis = redisAvailable() ? describe : describe.skip;
if (!redisAvailable()) console.warn('redis-server is not installed: run scripts/redis/install.sh to include the n8n shared-store tests');

describeRedis('n8n nodes on the shared Redis store', () => {
  let sandbox: Sandbox;
  let redis: RedisServer;
  let credentials: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    redis = await RedisServer.start();
    credentials = {
      enrichSoApi: { apiKey: sandbox.providers.enrichSo.apiKey, baseUrl: sandbox.providers.enrichSo.baseUrl },
      enrichflowSharedStoreApi: { host: '127.0.0.1', port: redis.port, password: '', database: 2, ssl: false, keyPrefix: 'team-a:' },
    };
  });
  afterAll(async () => {
    await closeSharedStores();
    await sandbox?.close();
    await redis?.shutdown();
  });

  const startBatch = (emails: string[]) =>
    itemsInto(
      emails.map((email) => ({ email })),
      {
        parameters: { resource: 'emailValidation', operation: 'submitBatch', email: '={{$json.email}}', batchMode: 'start', sharedStore: 'redis' },
        credentials: { enrichSoApi: { id: '1', name: 'Enrich.so sandbox' }, enrichflowSharedStoreApi: { id: '2', name: 'Queue-mode Redis' } },
      },
    );
  const submits = () => sandbox.providers.enrichSo.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/email-validation/batch')).length;

  it("keeps the batch job registry in Redis, under the credential's key prefix and database, never the API key", async () => {
    const { run } = await runWorkflow(startBatch(['q.one@acme.com', 'q.two@globex.com']), { credentials: credentials as never });
    const jobId = output(run, 'Enrich')[0].json.jobId;
    expect(jobId).toEqual(expect.any(String));

    const direct = new Redis({ host: '127.0.0.1', port: redis.port, db: 2 });
    try {
      const keys = await direct.keys('*');
      const registry = keys.filter((k) => k.startsWith('team-a:job:enrichSo:'));
      expect(registry).toHaveLength(1);
      expect(JSON.parse((await direct.get(registry[0]))!)).toMatchObject({ state: 'submitted', jobId });
      expect(keys.every((k) => k.startsWith('team-a:'))).toBe(true);
      expect(keys.join(' ')).not.toContain(sandbox.providers.enrichSo.apiKey);
    } finally {
      direct.disconnect();
    }
  });

  it('a second execution (any worker) finds the job there: no second submit', async () => {
    const before = submits();
    const { run } = await runWorkflow(startBatch(['q.one@acme.com', 'q.two@globex.com']), { credentials: credentials as never });
    expect(output(run, 'Enrich')[0].json.reused).toBe(true);
    expect(submits()).toBe(before);
  });

  it('with Redis stopped, the node fails with a clear error and sends nothing', async () => {
    const requests = sandbox.providers.enrichSo.requests().length;
    await redis.stop();
    try {
      const { run } = await runWorkflow(startBatch(['q.three@acme.com']), { credentials: credentials as never });
      expect(run.data.resultData.error?.message).toMatch(/shared store \(Redis at redis:\/\/127\.0\.0\.1:\d+\/2\) is unreachable/);
      expect(sandbox.providers.enrichSo.requests().length).toBe(requests);
    } finally {
      await redis.resume();
    }
  });

  it("the credential's Test button connects and pings, and says why when it cannot", async () => {
    const test = (data: Record<string, unknown>) =>
      testSharedStoreConnection.call(
        {} as ICredentialTestFunctions,
        { id: '2', name: 'Redis', type: 'enrichflowSharedStoreApi', data } as ICredentialsDecrypted,
      );
    expect(await test(credentials.enrichflowSharedStoreApi)).toEqual({ status: 'OK', message: 'Connection successful' });
    const refused = await test({ ...credentials.enrichflowSharedStoreApi, port: 1, password: 'hunter2-secret' });
    expect(refused.status).toBe('Error');
    expect(refused.message).toMatch(/unreachable/);
    expect(refused.message).not.toContain('hunter2-secret');
  });
});
