/**
 * Leadfeeder subscribes records this client never saw subscribed — a company that visited the
 * website, a record another tool on the account paid for — and its retrievals report no charge.
 * The client reads the account's credits right before and right after a retrieval it cannot
 * prove free, and books what the wallet lost: each item says what it cost, the run equals the
 * wallet, and a record it knows as subscribed is still one request.
 */
import { MemoryStore } from '../../shared/store/memory';
import { startLeadfeeder, type LeadfeederEnv } from './leadfeeder-helpers';

let env: LeadfeederEnv;
afterEach(() => env?.close());

/** A company that visited the website in the last year, found by another client (this one never listed visitors). */
async function unseenVisitor(): Promise<string> {
  const visitors = await env.client({ store: new MemoryStore() }).list('webVisit.visitorCompanies', { start_date: '2025-06-01', end_date: '2026-03-01' });
  return (visitors.items[0] as { company: { id: string } }).company.id;
}

const paths = (from: number) =>
  env.sandbox.providers.leadfeeder
    .requests()
    .slice(from)
    .map((r) => r.path.replace(/^.*\/v1/, ''));

it('a website visitor this client never listed is booked 0, as the wallet moves, with a balance read on each side', async () => {
  env = await startLeadfeeder();
  const id = await unseenVisitor();
  const client = env.client({ store: new MemoryStore() });
  expect(await client.estimate('company.get', { id })).toBe(1); // the client cannot know: the upper bound
  const used = env.used();
  const asked = env.requests();
  const answer = await client.call('company.get', { id });
  expect(env.used()).toBe(used);
  // Nobody reported the charge: it was read from the account's credits, and the item and the ledger say so.
  expect(answer.credits).toMatchObject({ estimated: 1, charged: 0, source: 'balance' });
  expect(client.ledger.entries().at(-1)).toMatchObject({ operation: 'company.get', source: 'balance' });
  expect(client.summary().charged).toBe(0);
  expect(paths(asked)).toEqual(['/accounts', `/companies/${id}`, '/accounts']);
});

it('records another tool on the account paid for are booked 0; the new ones 1 each', async () => {
  env = await startLeadfeeder();
  const otherTool = env.client({ store: new MemoryStore() });
  await otherTool.call('company.get', { id: 'cmp_0050' });
  await otherTool.call('contact.get', { id: 'con_0051_1' });
  const client = env.client({ store: new MemoryStore() });
  const used = env.used();
  const company = await client.call('company.get', { id: 'cmp_0050' });
  const contact = await client.call('contact.get', { id: 'con_0051_1' });
  const both = await client.call('company.retrieve', { ids: ['cmp_0050', 'cmp_0052'] });
  expect([company.credits.charged, contact.credits.charged, both.credits.charged]).toEqual([0, 0, 1]);
  expect(env.used() - used).toBe(1);
  expect(client.summary().charged).toBe(1);
});

it('a record the client knows as subscribed is fetched in one request, without reading the balance', async () => {
  env = await startLeadfeeder();
  const client = env.client();
  expect((await client.call('company.get', { id: 'cmp_0053' })).credits.charged).toBe(1);
  const asked = env.requests();
  expect((await client.call('company.get', { id: 'cmp_0053' })).credits).toMatchObject({ charged: 0, source: 'subscription' });
  expect(paths(asked)).toEqual(['/companies/cmp_0053']);
});

it('an answer that reports its charge is taken at its word: no balance read after it', async () => {
  env = await startLeadfeeder({ detailReportsCredits: true });
  const client = env.client();
  const asked = env.requests();
  expect((await client.call('company.get', { id: 'cmp_0054' })).credits).toMatchObject({ charged: 1, source: 'provider' });
  expect(paths(asked)).toEqual(['/accounts', '/companies/cmp_0054']);
});

it('a garbled answer retried: the item carries what the lost attempt cost (a new company 1, a visitor 0)', async () => {
  env = await startLeadfeeder();
  const visitor = await unseenVisitor();
  const client = env.client({ store: new MemoryStore() });
  for (const [id, cost] of [
    ['cmp_0055', 1],
    [visitor, 0],
  ] as const) {
    const used = env.used();
    env.sandbox.faults.add({ method: 'GET', path: `/companies/${id}`, kind: 'malformed' });
    const answer = await client.call('company.get', { id });
    expect(answer.attempts).toBe(2);
    expect(env.used() - used).toBe(cost);
    expect(answer.credits).toMatchObject({ charged: cost, source: 'balance' });
  }
  // The lost attempts were settled from the balance too, and their ledger entries say so.
  expect(
    client.ledger
      .entries()
      .filter((e) => e.operation.endsWith('.reconciled'))
      .every((e) => e.source === 'balance'),
  ).toBe(true);
  expect(client.summary().charged).toBe(1);
  expect(client.summary().unknown).toBeUndefined();
});

it('a retrieval whose every answer arrives garbled fails, and its error says what it cost, read from the balance', async () => {
  env = await startLeadfeeder();
  const client = env.client({ retry: { retries: 1, baseDelayMs: 10 } });
  const used = env.used();
  env.sandbox.faults.add({ method: 'GET', path: '/companies/cmp_0060', kind: 'malformed', times: 'always' });
  const error = await client.call('company.get', { id: 'cmp_0060' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(env.used() - used).toBe(1);
  expect(error).toMatchObject({ charged: 1, chargedSource: 'balance' });
});

it('retrievals sent at the same time are measured one after the other: each item gets its own charge', async () => {
  env = await startLeadfeeder();
  const visitor = await unseenVisitor();
  const client = env.client({ store: new MemoryStore() });
  const used = env.used();
  const answers = await Promise.all([visitor, 'cmp_0056', 'cmp_0057', visitor].map((id) => client.call('company.get', { id })));
  expect(answers.map((a) => a.credits.charged)).toEqual([0, 1, 1, 0]);
  expect(env.used() - used).toBe(2);
});
