/**
 * Paging that always starts where asked (issue 7, item 9), through the public client API: the
 * start the input names is honoured in every paging style, and sent in the provider's own
 * parameter rather than as the input field itself.
 */
import { FakeClock } from '../../shared/clock';
import { createClient, type ClientOptions } from '../../shared/client';
import { MemoryStore } from '../../shared/store/memory';
import type { HttpRequest } from '../../shared/transport/types';
import { z } from 'zod';
import { json, ScriptedTransport, toyCatalog } from './fixtures/toy-catalog';

const vendorToy = toyCatalog.withReadings!({ firstPage: '0' });

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ n: from + i }));

function toyClient(answer: (req: HttpRequest) => ReturnType<typeof json>, extra: Partial<ClientOptions> = {}) {
  const clock = new FakeClock();
  const transport = new ScriptedTransport(answer);
  const client = createClient({ provider: toyCatalog, apiKey: 'k', transport, clock, store: new MemoryStore({ clock }), ...extra });
  return { client, transport };
}

const query = (req: HttpRequest) => Object.fromEntries(new URL(req.url).searchParams);

describe('a walk starts where the input asks', () => {
  it('body paging: starts at the paging page asked for (pages counted from the chosen first page)', async () => {
    // 120 creators, 50 a page; the vendor reading numbers pages from 0.
    const answer = (req: HttpRequest) => {
      const { paging } = JSON.parse(req.body!) as { paging: { page: number; limit: number } };
      return json(200, {
        data: { total: 120, accounts: rows(paging.page * paging.limit, Math.max(0, Math.min(paging.limit, 120 - paging.page * paging.limit))) },
      });
    };
    const { client, transport } = toyClient(answer, { readings: { firstPage: '0' } });
    const listed = await client.list('creator.search', { platform: 'instagram', page: 1 });
    expect(transport.requests.map((r) => JSON.parse(r.body!))).toEqual([
      { platform: 'instagram', paging: { limit: 50, page: 1 } },
      { platform: 'instagram', paging: { limit: 50, page: 2 } },
    ]);
    expect(listed.items).toEqual(rows(50, 70));

    // Without a start field of its own, body paging starts at the input's own paging page.
    const nested = z.object({ platform: z.string(), paging: z.object({ page: z.number().int().min(0) }).optional() });
    const own = {
      ...vendorToy,
      operations: vendorToy.operations.map((o) =>
        o.key === 'creator.search' ? { ...o, input: nested, pagination: { ...o.pagination!, startParam: undefined } } : o,
      ),
    };
    const second = toyClient(answer, { provider: own });
    await second.client.list('creator.search', { platform: 'instagram', paging: { page: 2 } });
    expect(second.transport.requests.map((r) => JSON.parse(r.body!).paging)).toEqual([{ limit: 50, page: 2 }]);
  });

  it('page[num]: starts at the page asked for, sent as page[num] and never as the input field', async () => {
    const { client, transport } = toyClient((req) => json(200, { data: rows(Number(query(req)['page[num]']) * 100, 100), meta: { page_count: 4 } }));
    await client.list('tag.list', { page: 3 });
    expect(transport.requests.map(query)).toEqual([
      { 'page[num]': '3', 'page[size]': '100' },
      { 'page[num]': '4', 'page[size]': '100' },
    ]);
  });

  it('cursor: resumes from the cursor an earlier walk stopped at', async () => {
    const next: Record<string, string | null> = { c2: 'c3', c3: null };
    const { client, transport } = toyClient((req) => json(200, { data: rows(0, 100), meta: { next_cursor: next[query(req)['page[cursor]']] } }));
    const listed = await client.list('company.search', { cursor: 'c2' });
    expect(transport.requests.map(query)).toEqual([
      { 'page[cursor]': 'c2', 'page[size]': '100' },
      { 'page[cursor]': 'c3', 'page[size]': '100' },
    ]);
    expect(listed.pages).toBe(2);
  });

  it('next-page URL: resumes from the URL an earlier walk stopped at, on the provider host only', async () => {
    const base = 'https://toy.example/api/employees';
    const { client, transport } = toyClient((req) =>
      json(200, { data: { employees: rows(0, 10) }, next_page: req.url.includes('after=2') ? `${base}?company=acme&page_size=10&after=3` : null }),
    );
    await client.list('employee.list', { company: 'acme', resumeFrom: `${base}?company=acme&page_size=10&after=2` });
    expect(transport.requests.map((r) => r.url)).toEqual([`${base}?company=acme&page_size=10&after=2`, `${base}?company=acme&page_size=10&after=3`]);

    const elsewhere = toyClient(() => json(200, { data: { employees: [] }, next_page: null }));
    await expect(elsewhere.client.list('employee.list', { company: 'acme', resumeFrom: 'https://evil.example/steal?k=1' })).rejects.toThrow(/another host/);
    expect(elsewhere.transport.requests).toHaveLength(0);
  });

  it('without a start, every style begins at its first page and sends no start field', async () => {
    const { client, transport } = toyClient(() => json(200, { data: [], meta: { page_count: 1, next_cursor: null } }));
    await client.list('tag.list', {});
    await client.list('company.search', {});
    expect(transport.requests.map(query)).toEqual([{ 'page[num]': '1', 'page[size]': '100' }, { 'page[size]': '100' }]);
  });

  it('refuses a start before the first page, naming the field, before any request', async () => {
    const { client, transport } = toyClient(() => json(200, { data: [] }));
    await expect(client.list('creator.search', { platform: 'instagram', page: 0 })).rejects.toMatchObject({ kind: 'validation', field: 'page' });
    expect(transport.requests).toHaveLength(0);
  });
});
