/** The influencers.club example workflow, run by n8n's engine against the sandbox (the e2e runs it in the real CLI). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { output, runWorkflow, type WorkflowJson } from './harness';

const example = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '../../examples', name), 'utf8')) as WorkflowJson;
let sandbox: Sandbox;
let credentials: { influencersClubApi: { apiKey: string; baseUrl: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  credentials = { influencersClubApi: { apiKey: sandbox.providers.influencersClub.apiKey, baseUrl: sandbox.providers.influencersClub.baseUrl } };
});
afterAll(() => sandbox.close());

const charged = (items: { json: Record<string, unknown> }[]) =>
  items.reduce((sum, i) => sum + Number((i.json._credits as { charged?: number } | undefined)?.charged ?? 0), 0);

test('discover → enrich the best 100 with Full: 100 creators over 50k by engagement, one Full answer each, within the budget of 150', async () => {
  const wallet = sandbox.providers.influencersClub.wallet();
  const before = wallet.balance;
  const { run } = await runWorkflow(example('influencers-club-discover-and-enrich.json'), { credentials });
  expect(run.data.resultData.error).toBeUndefined();
  const creators = output(run, 'Discover Creators');
  expect(creators).toHaveLength(100);
  const rates = creators.map((c) => (c.json.profile as { engagement_percent: number }).engagement_percent);
  expect(rates).toEqual([...rates].sort((a, b) => b - a));
  for (const c of creators) expect((c.json.profile as { followers: number }).followers).toBeGreaterThan(50_000);
  const enriched = output(run, 'Enrich Full');
  expect(enriched.map((i) => i.pairedItem)).toEqual(creators.map((_, item) => ({ item })));
  expect(enriched.every((i) => (i.json.result as Record<string, unknown>).instagram)).toBe(true);
  const spent = charged(creators) + charged(enriched);
  expect(spent).toBeCloseTo(101, 6);
  expect(spent).toBeLessThanOrEqual(150);
  expect(before - wallet.balance).toBeCloseTo(spent, 6);
});

test('with fewer credits left in the budget, the run stops before exceeding it: the rest of the items say "budget exceeded"', async () => {
  const wf = example('influencers-club-discover-and-enrich.json');
  const enrich = wf.nodes.find((n) => n.name === 'Enrich Full')!;
  (enrich.parameters.options as { creditBudget: number }).creditBudget = 40;
  // TikTok creators: none of them is in the day's cache from the run above.
  wf.nodes.find((n) => n.name === 'Discover Creators')!.parameters.platform = 'tiktok';
  enrich.parameters.platform = 'tiktok';
  const { run } = await runWorkflow(wf, { credentials });
  const enriched = output(run, 'Enrich Full');
  expect(enriched).toHaveLength(100);
  expect(charged(enriched)).toBe(40);
  expect(enriched.filter((i) => (i.json.details as { kind?: string } | undefined)?.kind === 'budget_exceeded')).toHaveLength(60);
});
