/**
 * Every Leadfeeder operation through the real client against the sandbox: the good sample is
 * answered as a plain (flattened) item, the bad one refused naming its field with nothing sent;
 * both paging styles walk every page; related records come from `included`.
 */
import { leadfeeder } from '../../shared/providers/leadfeeder';
import { leadfeederSamples, SEEDED_LIST } from '../unit/providers/leadfeeder/samples';
import { startLeadfeeder, type LeadfeederEnv } from './leadfeeder-helpers';

let env: LeadfeederEnv;
beforeAll(async () => {
  env = await startLeadfeeder();
});
afterAll(() => env.close());

describe.each(leadfeeder.operations.map((op) => [op.key, op] as const))('%s', (key, op) => {
  const sample = leadfeederSamples[key]!;

  it('answers the good sample with plain items (no JSON:API envelope left)', async () => {
    expect(sample).toBeDefined();
    const client = env.client();
    let data: unknown;
    try {
      data = op.pagination ? (await client.list(key, sample.good, { limit: 5 })).items : (await client.call(key, sample.good)).data;
    } catch (error) {
      // Samples that name records on purpose missing (delete of an unknown id) are classified.
      expect(key).toMatch(/\.delete$/);
      expect(error).toMatchObject({ kind: 'not_found' });
      return;
    }
    for (const item of Array.isArray(data) ? data : [data]) {
      expect(item).toEqual(expect.any(Object));
      expect(item).not.toHaveProperty('attributes');
      expect(item).not.toHaveProperty('relationships');
    }
  });

  it(`refuses the bad sample naming "${sample?.badField}", sending nothing`, async () => {
    const before = env.requests();
    await expect(env.client().call(key, sample.bad)).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining(sample.badField) });
    expect(env.requests()).toBe(before);
  });
});

describe('JSON:API answers become plain items', () => {
  it('a contact carries its company, resolved from `included`', async () => {
    const { data } = await env.client().call<Record<string, any>>('contact.get', { id: 'con_0009_2', include: ['company'] });
    expect(data).toMatchObject({
      id: 'con_0009_2',
      type: 'contacts',
      first_name: 'Linus',
      company: { id: 'cmp_0009', type: 'companies', name: expect.any(String), url: expect.stringMatching(/^https:/) },
    });
  });

  it('a company in a list shows that list, resolved from `included`', async () => {
    const { data } = await env.client().call<Record<string, any>>('company.get', { id: 'cmp_0001', include: ['lists'] });
    expect(data.lists).toEqual([expect.objectContaining({ id: SEEDED_LIST, name: expect.any(String) })]);
  });

  it('visitor-company rows carry the company inline', async () => {
    const { items } = await env.client().list('webVisit.visitorCompanies', { start_date: '2026-03-01', end_date: '2026-03-02' }, { limit: 3 });
    expect(items[0]).toMatchObject({ visits: expect.any(Number), company: { id: expect.stringMatching(/^cmp_/), name: expect.any(String) } });
  });
});

describe('both paging styles, Return All', () => {
  it('page-number routes: every tag once, three to a page, one request per page', async () => {
    const client = env.client();
    const existing = (await client.list('tag.list', {})).items.length;
    for (let i = existing; i < 8; i++) await client.call('tag.create', { name: `Tag ${i}` });
    const before = env.requests();
    const walk = await client.list('tag.list', {}, { pageSize: 3 });
    expect(walk.items).toHaveLength(8);
    expect(new Set(walk.items.map((t) => (t as { id: string }).id)).size).toBe(8);
    expect(env.requests() - before).toBe(3);
  });

  it('cursor routes: every contact of the sales search, page by page with the next cursor', async () => {
    const client = env.client();
    const all = await client.list('contact.search', { departments: ['sales_department'] }, { pageSize: 25 });
    const ids = all.items.map((c) => (c as { id: string }).id);
    expect(ids.length).toBe(120);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.pages).toBe(5);
  });

  it('a page size over 100 is refused before sending', async () => {
    await expect(env.client().list('tag.list', { 'page[size]': 101 })).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('page[size]'),
    });
  });
});

it('passes extra fields through to the API', async () => {
  const created = await env.client().call<Record<string, unknown>>('list.create', { name: 'With colour', extraFields: { colour: 'green' } });
  expect(created.data).toMatchObject({ name: 'With colour', colour: 'green' });
});

it('lists CRUD: create, rename, read, delete', async () => {
  const client = env.client();
  const { data: made } = await client.call<{ id: string }>('list.create', { name: 'Callbacks' });
  await client.call('list.update', { id: made.id, name: 'Call back today' });
  expect((await client.call<{ name: string }>('list.get', { id: made.id })).data.name).toBe('Call back today');
  expect((await client.call('list.delete', { id: made.id })).data).toEqual({ deleted: true });
  await expect(client.call('list.get', { id: made.id })).rejects.toMatchObject({ kind: 'not_found', code: 'entity_not_found' });
});
