/**
 * Every trigger: the REST-hook "Batch Completed" triggers (subscribe → the provider calls the
 * hook URL we handed it → perform → performList → unsubscribe), the polling one for a batch
 * without callbacks, and the "New …" list triggers.
 */
import type { Sandbox } from '../../sandbox/server';
import { catalogs } from '../../shared';
import { enrichSoSamples } from '../unit/providers/enrichSo/samples';
import { appFor, bundle, eventually, sampleRows, startEnrichSo, startReceiver, testerFor } from './helpers';

const catalog = catalogs.enrichSo!;
const app = appFor(catalog);
const run = testerFor(app);
const exercised = new Set<string>();
let sandbox: Sandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  sandbox = await startEnrichSo();
  receiver = await startReceiver();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const hooked = catalog.batches.filter((b) => b.webhook);
const polled = catalog.batches.filter((b) => !b.webhook);

describe.each(hooked.map((b) => b.name))('REST hook: %s completed', (name) => {
  it('fires once per finished job, only for a confirmed completion with a valid token', async () => {
    const spec = catalog.batches.find((b) => b.name === name)!;
    const trigger = app.triggers[`${name}_batchCompleted`]!;
    exercised.add(trigger.key);
    expect(trigger.operation.type).toBe('hook');
    const hookPath = `/hooks/standard/${name}`;

    const subscribeData = await run(trigger.operation.performSubscribe, { ...bundle(sandbox), targetUrl: `${receiver.url}${hookPath}` });
    expect(subscribeData).toEqual({ id: expect.any(String), batch: name });

    const start = app.creates[`${name}_startBatch`]!;
    const started = await run(start.operation.perform, bundle(sandbox, { items: sampleRows(enrichSoSamples[spec.submitOp]!.good), waitForResults: false }));
    expect(started.delivery).toBe('trigger');

    const posts = await eventually(() => {
      const mine = receiver.received.filter((r) => r.path === hookPath);
      return mine.some((r) => r.body?.event === spec.webhook!.completedEvent) ? mine : undefined;
    });
    // What Zapier hands perform: the body, and the query string of the URL we gave the provider.
    const deliver = (post: (typeof posts)[number], query = post.query) =>
      run(trigger.operation.perform, { ...bundle(sandbox), cleanedRequest: post.body, rawRequest: { querystring: query }, subscribeData });
    const fired = (await Promise.all(posts.map((p) => deliver(p)))).flat();
    expect(fired).toEqual([expect.objectContaining({ type: 'batch.completed', jobId: started.jobId, batch: name, id: expect.any(String) })]);

    const completion = posts.find((p) => p.body?.event === spec.webhook!.completedEvent)!;
    expect(await deliver(completion)).toEqual([]); // a redelivery fires nothing
    expect(await deliver(completion, completion.query.replace(/token=[^&]+/, 'token=forged'))).toEqual([]);

    const listed = await run(trigger.operation.performList, bundle(sandbox));
    expect(listed.map((e: { id: string }) => e.id)).toContain(fired[0].id);

    expect(await run(trigger.operation.performUnsubscribe, { ...bundle(sandbox), subscribeData })).toEqual({ id: subscribeData.id, removed: true });
    const after = await run(
      start.operation.perform,
      bundle(sandbox, { items: sampleRows(enrichSoSamples[spec.submitOp]!.good).slice(0, 1), waitForResults: false }),
    );
    expect(after.delivery).toBe('none');
  });
});

describe.each((catalog.callbackJobs ?? []).map((j) => j.name))('REST hook: %s completed (a job that calls back, not a batch)', (name) => {
  it('a scrape started without a webhookUrl reports to the subscribed zap, which fires once for the confirmed end', async () => {
    const job = catalog.callbackJobs!.find((j) => j.name === name)!;
    const trigger = app.triggers[`${name}_completed`]!;
    exercised.add(trigger.key);
    expect(trigger.operation.type).toBe('hook');
    const hookPath = `/hooks/standard/${name}`;
    const subscribeData = await run(trigger.operation.performSubscribe, { ...bundle(sandbox), targetUrl: `${receiver.url}${hookPath}` });

    const start = app.creates[job.startOp.replace('.', '_')]!;
    const started = await run(start.operation.perform, bundle(sandbox, { companyUrl: 'https://www.linkedin.com/company/stripe', max_limit: 3 }));
    const posts = await eventually(() => {
      const mine = receiver.received.filter((r) => r.path === hookPath);
      return mine.some((r) => r.body?.event === 'company_follower.completed') ? mine : undefined;
    });
    const deliver = (post: (typeof posts)[number], query = post.query) =>
      run(trigger.operation.perform, { ...bundle(sandbox), cleanedRequest: post.body, rawRequest: { querystring: query }, subscribeData });
    const fired = (await Promise.all(posts.map((p) => deliver(p)))).flat();
    expect(fired).toEqual([expect.objectContaining({ type: 'batch.completed', jobId: started.batchId, batch: name })]);
    const completion = posts.find((p) => p.body?.event === 'company_follower.completed')!;
    expect(await deliver(completion)).toEqual([]); // a redelivery fires nothing
    expect(await deliver(completion, completion.query.replace(/token=[^&]+/, 'token=forged'))).toEqual([]);

    const listed = await run(trigger.operation.performList, bundle(sandbox));
    expect(listed.map((e: { jobId: string }) => e.jobId)).toContain(started.batchId);
    expect(await run(trigger.operation.performUnsubscribe, { ...bundle(sandbox), subscribeData })).toEqual({ id: subscribeData.id, removed: true });
  });
});

describe.each(polled.map((b) => b.name))('polling: %s completed', (name) => {
  it('returns each finished job once, with a stable id', async () => {
    const spec = catalog.batches.find((b) => b.name === name)!;
    const trigger = app.triggers[`${name}_batchCompleted`]!;
    exercised.add(trigger.key);
    expect(trigger.operation.type).toBe('polling');
    const started = await run(
      app.creates[`${name}_startBatch`]!.operation.perform,
      bundle(sandbox, { items: sampleRows(enrichSoSamples[spec.submitOp]!.good), waitForResults: false }),
    );
    const first = await eventually(async () => {
      const events = await run(trigger.operation.perform, bundle(sandbox));
      return events.find((e: { jobId: string }) => e.jobId === started.jobId);
    });
    const again = await run(trigger.operation.perform, bundle(sandbox));
    expect(again.find((e: { jobId: string }) => e.jobId === started.jobId).id).toBe(first.id);
  });
});

describe('"New …" list triggers', () => {
  const listTriggers = Object.values(app.triggers).filter((t) => t.key.startsWith('new_'));

  it.each(listTriggers.map((t) => t.key))('%s gives items with ids that stay the same between polls', async (key) => {
    const trigger = app.triggers[key]!;
    exercised.add(key);
    // Something to list: a reveal job, a saved search, an export, a wallet movement.
    await run(app.creates.leadFinder_reveal!.operation.perform, bundle(sandbox, enrichSoSamples['leadFinder.reveal']!.good as Record<string, unknown>));
    await run(
      app.creates.leadFinder_saveSearch!.operation.perform,
      bundle(sandbox, { ...enrichSoSamples['leadFinder.saveSearch']!.good, filters: JSON.stringify(enrichSoSamples['leadFinder.saveSearch']!.good.filters) }),
    );
    await run(
      app.creates.leadFinder_export!.operation.perform,
      bundle(sandbox, { ...enrichSoSamples['leadFinder.export']!.good, filters: JSON.stringify(enrichSoSamples['leadFinder.export']!.good.filters) }),
    );
    const first = await run(trigger.operation.perform, bundle(sandbox));
    expect(first.length).toBeGreaterThan(0);
    for (const item of first) expect(item.id).toEqual(expect.any(String));
    const second = await run(trigger.operation.perform, bundle(sandbox));
    expect(second.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(first.map((i: { id: string }) => i.id)));
  });
});

it('every trigger of the integration ran above', () => {
  expect(Object.keys(app.triggers).filter((k) => !exercised.has(k))).toEqual([]);
});
