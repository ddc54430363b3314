/**
 * Richer credentials (issue 7, item 7): extra fields that travel on every request where the
 * catalog says, readings the user chooses where sources disagree, a request rate set per
 * contract — all through the public client API, on fake time.
 */
import { inspect } from 'node:util';
import { FakeClock } from '../../shared/clock';
import { createClient, type ClientOptions } from '../../shared/client';
import { credentialSettings, credentialTest } from '../../shared/credentials';
import { ValidationError } from '../../shared/errors';
import { MemoryStore } from '../../shared/store/memory';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';

const SIGNING_KEY = ['sgn', 'live', 'x7Qm2Rt9Lp4Vz8Kc'].join('_');

function toyClient(answer: ConstructorParameters<typeof ScriptedTransport>[0], extra: Partial<ClientOptions> = {}) {
  const clock = new FakeClock(1_000_000);
  const transport = new ScriptedTransport(answer);
  const client = createClient({
    provider: toyCatalog,
    apiKey: 'k_test',
    transport,
    clock,
    store: new MemoryStore({ clock }),
    random: () => 0.5,
    readBalanceFirst: false,
    ...extra,
  });
  return { client, transport, clock };
}

const ok = (data: unknown) => json(200, { data, meta: {} });

describe('credential fields go where the catalog says', () => {
  it('sends the workspace in the query, region and signing key as headers, the tenant in the JSON body, the team in the path', async () => {
    const { client, transport } = toyClient((req) => (req.url.includes('/people/lookup') ? ok({ found: false }) : ok({ members: [] })), {
      credential: { workspace: 'ws_42', signingKey: SIGNING_KEY, tenant: 'acme', teamSlug: 'sales team' },
    });
    await client.call('person.lookup', { email: 'a@b.io' });
    await client.call('team.members', {});
    const [lookup, members] = transport.requests;
    expect(new URL(lookup.url).searchParams.get('workspace_id')).toBe('ws_42');
    expect(lookup.headers['x-toy-region']).toBe('eu'); // the field's default
    expect(lookup.headers['x-toy-signing-key']).toBe(SIGNING_KEY);
    expect(JSON.parse(lookup.body!)).toEqual({ tenant_id: 'acme', email: 'a@b.io' });
    expect(members.url).toBe('https://toy.example/api/teams/sales%20team/members?workspace_id=ws_42');
    expect(members.body).toBeUndefined(); // body fields never turn a GET into a request with a body
  });

  it('refuses a call that needs a field left empty, naming the field, sending nothing and spending nothing', async () => {
    const required = { ...toyCatalog, credentialFields: toyCatalog.credentialFields!.map((f) => (f.name === 'workspace' ? { ...f, required: true } : f)) };
    const { client, transport } = toyClient(() => ok({ found: true }), { provider: required, budget: 10 });
    await expect(client.call('person.lookup', { email: 'a@b.io' })).rejects.toMatchObject({ kind: 'validation', field: 'workspace' });
    await expect(client.call('team.members', {})).rejects.toMatchObject({ kind: 'validation', field: 'workspace' });
    expect(transport.requests).toHaveLength(0);
    expect(client.budgetRemaining()).toBe(10);
    expect(client.summary().calls).toBe(0);
  });

  it('refuses an operation whose path needs a field left empty, even an optional one', async () => {
    const { client, transport } = toyClient(() => ok({ members: [] }));
    await expect(client.call('team.members', {})).rejects.toBeInstanceOf(ValidationError);
    expect(transport.requests).toHaveLength(0);
  });

  it('never shows a secret field value in an inspected client, its JSON, or an error, even one the provider echoes', async () => {
    // A transport that keeps nothing (the test transport records requests, headers included).
    // The provider even echoes the signing key in its error message.
    const transport = { send: async () => json(500, { message: `bad signature ${SIGNING_KEY}` }) };
    const { client } = toyClient(() => json(500, {}), { transport, credential: { workspace: 'ws_42', signingKey: SIGNING_KEY }, retry: { retries: 0 } });
    const error = await client.call('person.lookup', { email: 'a@b.io' }).catch((e: unknown) => e);
    for (const shown of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(error), String(error), inspect(error, { depth: 10 })]) {
      expect(shown).not.toContain(SIGNING_KEY);
    }
  });

  it('keeps the answers of two workspaces behind one key apart in the cache', async () => {
    const store = new MemoryStore();
    const answer = (req: { url: string }) => ok({ found: true, workspace: new URL(req.url).searchParams.get('workspace_id') });
    const first = toyClient(answer, { store, credential: { workspace: 'ws_1' } });
    const second = toyClient(answer, { store, credential: { workspace: 'ws_2' } });
    await first.client.call('person.lookup', { email: 'a@b.io' });
    const other = await second.client.call<{ workspace: string }>('person.lookup', { email: 'a@b.io' });
    expect(other.credits.fromCache).toBe(false);
    expect(other.data.workspace).toBe('ws_2');
  });
});

describe('readings where sources disagree', () => {
  const pagesOf = (transport: ScriptedTransport) => transport.requests.map((r) => Number(new URL(r.url).searchParams.get('page')));
  const twoPages = (req: { url: string }) =>
    ok({ people: Number(new URL(req.url).searchParams.get('page')) < 2 ? Array.from({ length: 50 }, (_, i) => ({ i })) : [] });

  it('walks from page 1 by default (the docs) and from page 0 when the credential chooses the vendor client reading', async () => {
    const docs = toyClient(twoPages);
    expect(docs.client.readings).toEqual({ firstPage: '1' });
    expect((await docs.client.list('person.list', { team: 't' })).items).toHaveLength(50);
    expect(pagesOf(docs.transport)).toEqual([1, 2]);

    const vendor = toyClient(twoPages, { readings: { firstPage: '0' } });
    expect((await vendor.client.list('person.list', { team: 't' })).items).toHaveLength(100);
    expect(pagesOf(vendor.transport)).toEqual([0, 1, 2]);
    // The input's rules follow the reading: page 0 exists only under it.
    await expect(docs.client.call('person.list', { team: 't', page: 0 })).rejects.toMatchObject({ field: 'page' });
  });

  it('refuses an unknown reading or value, naming it and its options', () => {
    expect(() => toyClient(twoPages, { readings: { firstPage: '2' } })).toThrow(/First Page Number must be one of 1, 0/);
    expect(() => toyClient(twoPages, { readings: { pageBase: '0' } })).toThrow(/no reading "pageBase"/);
  });
});

describe('a request rate set in the credential', () => {
  it('paces every call to the contract rate instead of the catalog default', async () => {
    const clock = new FakeClock();
    const sentAt: number[] = [];
    const transport = new ScriptedTransport(() => {
      sentAt.push(clock.now());
      return ok({ balance: 5 });
    });
    const client = createClient({ provider: toyCatalog, apiKey: 'k', transport, clock, store: new MemoryStore({ clock }), requestRate: 6 });
    await clock.run(Promise.all(Array.from({ length: 8 }, () => client.call('account.balance', {}, { noCache: true }))), 1000);
    // 6 in any minute: six at once, the seventh a minute (and 300 ms of headroom) after the first
    // (the catalog's default, 600 a minute, would send all eight at once).
    expect(sentAt).toEqual([0, 0, 0, 0, 0, 0, 60_300, 60_300]);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => createClient({ provider: toyCatalog, apiKey: 'k', requestRate: 0 })).toThrow(/request rate must be a number above 0/);
  });
});

describe('what a saved credential sets', () => {
  it('reads fields, readings and the rate the same way for both adapters; empty means the default', () => {
    const settings = credentialSettings(toyCatalog, { apiKey: 'k', workspace: ' ws_1 ', firstPage: '', requestRate: '30', plan: '' });
    expect(settings).toEqual({
      plan: undefined,
      requestRate: 30,
      allowInsecureHttp: false,
      credential: { workspace: 'ws_1', region: '', signingKey: '', tenant: '', teamSlug: '' },
      readings: {},
    });
  });

  it('tests the credential with an operation in a free mode (its fixed input), refusing one that would spend', () => {
    expect(credentialTest(toyCatalog)).toMatchObject({ op: { key: 'person.lookup' }, input: { audit: true } });
    const paid = { ...toyCatalog, credentialTestInput: { email: 'a@b.io' } };
    expect(() => credentialTest(paid)).toThrow(/would cost 10 credits; it must be free/);
  });
});
