import type { PaginationSpec } from '../../shared/catalog/types';
import { ProviderFailureError, ValidationError } from '../../shared/errors';
import { paginate, type FetchedPage, type PageOverlay, type PaginateOptions } from '../../shared/paging/paginate';

const records = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Walk to the end, keeping every request's overlay and every yielded item. */
async function walk(spec: PaginationSpec, fetchPage: (o: PageOverlay) => Promise<FetchedPage>, opts: PaginateOptions = {}) {
  const overlays: PageOverlay[] = [];
  const items: unknown[] = [];
  const pageSizes: number[] = [];
  for await (const page of paginate(spec, (o) => (overlays.push(o), fetchPage(o)), opts)) {
    items.push(...page.items);
    pageSizes.push(page.items.length);
  }
  return { overlays, items, pageSizes, requests: overlays.length };
}

// influencers.club discovery: {paging: {limit, page}} in the body, `total` in the response.
const bodyPaging = (firstPage: 0 | 1, withTotal = true): PaginationSpec => ({
  style: 'bodyPaging',
  field: 'paging',
  firstPage,
  maxPageSize: 50,
  defaultPageSize: 50,
  items: (data) => (data as { accounts: unknown[] }).accounts,
  total: withTotal ? (data) => (data as { total: number }).total : undefined,
});
const creatorsApi =
  (all: number[], firstPage: 0 | 1 = 0) =>
  async (o: PageOverlay) => {
    const { limit, page } = (o.body as { paging: { limit: number; page: number } }).paging;
    const start = (page - firstPage) * limit;
    const data = { total: all.length, accounts: all.slice(start, start + limit) };
    return { data, body: data };
  };

// A plain page/limit list in the query that says nothing about totals.
const pageQuery = (extra: Partial<Extract<PaginationSpec, { style: 'page' }>> = {}): PaginationSpec => ({
  style: 'page',
  in: 'query',
  pageParam: 'page',
  sizeParam: 'limit',
  firstPage: 1,
  maxPageSize: 100,
  defaultPageSize: 50,
  items: (data) => (data as { results: unknown[] }).results,
  ...extra,
});
const resultsApi = (all: number[]) => async (o: PageOverlay) => {
  const { page, limit } = o.query as { page: number; limit: number };
  const data = { results: all.slice((page - 1) * limit, page * limit), totalPages: Math.ceil(all.length / limit) };
  return { data, body: { success: true, data } };
};

describe('walking pages to a target volume without over-fetching', () => {
  it('asking for 150 creators at 50 per page costs exactly 3 requests', async () => {
    const run = await walk(bodyPaging(0), creatorsApi(records(1_000)), { maxItems: 150 });
    expect(run.requests).toBe(3);
    expect(run.items).toEqual(records(150));
  });

  it('asking for 120 costs 3 requests of 40 and fetches exactly 120 (nothing paid per item beyond the target)', async () => {
    const run = await walk(bodyPaging(0), creatorsApi(records(1_000)), { maxItems: 120 });
    expect(run.requests).toBe(3);
    expect(run.pageSizes).toEqual([40, 40, 40]);
    expect(run.items).toEqual(records(120));
    // The page size stays the same on every request so page numbers line up.
    expect(run.overlays.map((o) => o.body)).toEqual([
      { paging: { limit: 40, page: 0 } },
      { paging: { limit: 40, page: 1 } },
      { paging: { limit: 40, page: 2 } },
    ]);
  });

  it('a target that does not divide evenly fetches at most one spare item per page (101 → 3 × 34)', async () => {
    const run = await walk(bodyPaging(0), creatorsApi(records(1_000)), { maxItems: 101 });
    expect(run.overlays.map((o) => (o.body as { paging: { limit: number } }).paging.limit)).toEqual([34, 34, 34]);
    expect(run.items).toEqual(records(101));
  });

  it('asks for a smaller page when the whole target fits in one', async () => {
    const run = await walk(bodyPaging(0), creatorsApi(records(1_000)), { maxItems: 30 });
    expect(run.overlays).toEqual([{ body: { paging: { limit: 30, page: 0 } } }]);
    expect(run.items).toHaveLength(30);
  });

  it("never asks for more per page than the provider's maximum", async () => {
    const run = await walk(bodyPaging(1), creatorsApi(records(120), 1), { pageSize: 500 });
    expect(run.overlays.map((o) => (o.body as { paging: { limit: number } }).paging.limit)).toEqual([50, 50, 50]);
    expect(run.items).toEqual(records(120));
  });

  it('stops when the reported total is reached, even on a full page', async () => {
    const run = await walk(bodyPaging(0), creatorsApi(records(100)));
    expect(run.requests).toBe(2);
    expect(run.items).toEqual(records(100));
  });

  it('can start from a later page', async () => {
    const run = await walk(bodyPaging(0), creatorsApi(records(200)), { startPage: 2 });
    expect(run.overlays.map((o) => (o.body as { paging: { page: number } }).paging.page)).toEqual([2, 3]);
    expect(run.items).toEqual(records(200).slice(100));
  });

  it('asking for 0 items sends nothing', async () => {
    const run = await walk(bodyPaging(0), creatorsApi(records(10)), { maxItems: 0 });
    expect(run.requests).toBe(0);
  });
});

describe('knowing when the list has ended', () => {
  it('a short page stops the walk', async () => {
    const run = await walk(pageQuery(), resultsApi(records(70)));
    expect(run.requests).toBe(2);
    expect(run.items).toEqual(records(70));
  });

  it('without any count, an exact multiple ends on an empty page', async () => {
    const run = await walk(pageQuery(), resultsApi(records(100)));
    expect(run.pageSizes).toEqual([50, 50, 0]);
  });

  it('with totalPages, an exact multiple ends without the empty request', async () => {
    const spec = pageQuery({ totalPages: (data) => (data as { totalPages: number }).totalPages });
    const run = await walk(spec, resultsApi(records(100)));
    expect(run.requests).toBe(2);
    expect(run.overlays).toEqual([{ query: { page: 1, limit: 50 } }, { query: { page: 2, limit: 50 } }]);
  });

  it('with a total item count (Enrich.so batch results), an exact multiple ends without the empty request', async () => {
    const totalItemsApi = (all: number[]) => async (o: PageOverlay) => {
      const { page, limit } = o.query as { page: number; limit: number };
      const data = { results: all.slice((page - 1) * limit, page * limit), totalItems: all.length };
      return { data, body: { success: true, data } };
    };
    const spec = pageQuery({ totalItems: (data) => (data as { totalItems: number }).totalItems });
    expect((await walk(spec, totalItemsApi(records(100)))).requests).toBe(2);
    expect((await walk(spec, totalItemsApi(records(101)))).pageSizes).toEqual([50, 50, 1]);
  });

  it('a short page does not end the walk when the response says there is more (no item dropped)', async () => {
    // Enrich.so lead finder: page/pageSize in the body, `hasMore` in the pagination block.
    const pages = [[1, 2, 3], [4, 5], [6]];
    const spec: PaginationSpec = {
      style: 'page',
      in: 'body',
      pageParam: 'page',
      sizeParam: 'pageSize',
      firstPage: 1,
      maxPageSize: 100,
      defaultPageSize: 25,
      items: (data) => (data as { results: unknown[] }).results,
      hasMore: (data) => (data as { pagination: { hasMore: boolean } }).pagination.hasMore,
    };
    const run = await walk(spec, async (o) => {
      const page = (o.body as { page: number }).page;
      const data = { results: pages[page - 1], pagination: { hasMore: page < pages.length } };
      return { data, body: { data } };
    });
    expect(run.overlays.map((o) => o.body)).toEqual([1, 2, 3].map((page) => ({ page, pageSize: 25 })));
    expect(run.items).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('each pagination style walks correctly', () => {
  it('Leadfeeder page-number routes: page[num] from 1, page[size], meta.pagination.page_count', async () => {
    const all = records(250);
    const spec: PaginationSpec = {
      style: 'pageNum',
      maxPageSize: 100,
      defaultPageSize: 100,
      items: (data) => data as unknown[],
      pageCount: (body) => (body as { meta: { pagination: { page_count: number } } }).meta.pagination.page_count,
    };
    const run = await walk(spec, async (o) => {
      const num = o.query!['page[num]'] as number;
      const size = o.query!['page[size]'] as number;
      const data = all.slice((num - 1) * size, num * size);
      return { data, body: { data, meta: { pagination: { page_num: num, page_count: Math.ceil(all.length / size) } } } };
    });
    expect(run.overlays).toEqual([1, 2, 3].map((n) => ({ query: { 'page[num]': n, 'page[size]': 100 } })));
    expect(run.items).toEqual(all);
  });

  it('Leadfeeder cursor routes: page[cursor] from meta.pagination.next_cursor until null', async () => {
    const all = records(45);
    const spec: PaginationSpec = {
      style: 'cursor',
      maxPageSize: 100,
      defaultPageSize: 20,
      items: (data) => data as unknown[],
      nextCursor: (body) => (body as { meta: { pagination: { next_cursor: string | null } } }).meta.pagination.next_cursor,
    };
    const run = await walk(spec, async (o) => {
      const offset = o.query!['page[cursor]'] ? Number(String(o.query!['page[cursor]']).slice(1)) : 0;
      const size = o.query!['page[size]'] as number;
      const data = all.slice(offset, offset + size);
      const next = offset + size < all.length ? `c${offset + size}` : null;
      return { data, body: { data, meta: { pagination: { next_cursor: next } } } };
    });
    expect(run.overlays).toEqual([
      { query: { 'page[size]': 20 } },
      { query: { 'page[cursor]': 'c20', 'page[size]': 20 } },
      { query: { 'page[cursor]': 'c40', 'page[size]': 20 } },
    ]);
    expect(run.items).toEqual(all);
  });

  it('EnrichLayer: page_size on the first request, then follow next_page URLs until null', async () => {
    const all = records(25);
    const spec: PaginationSpec = {
      style: 'nextUrl',
      sizeParam: 'page_size',
      maxPageSize: 100,
      defaultPageSize: 10,
      items: (data) => (data as { employees: unknown[] }).employees,
      nextUrl: (body) => (body as { next_page: string | null }).next_page,
    };
    const run = await walk(spec, async (o) => {
      const url = new URL(o.url ?? `https://enrichlayer.test/api/v2/company/employees/?page_size=${o.query!.page_size}`);
      const after = Number(url.searchParams.get('after') ?? 0);
      const size = Number(url.searchParams.get('page_size'));
      const end = after + size;
      const body = {
        employees: all.slice(after, end),
        next_page: end < all.length ? `https://enrichlayer.test/api/v2/company/employees/?page_size=${size}&after=${end}` : null,
      };
      return { data: body, body };
    });
    expect(run.overlays).toEqual([
      { query: { page_size: 10 } },
      // The next URL is followed as given; the overlay's query only says what size the page asks.
      { url: 'https://enrichlayer.test/api/v2/company/employees/?page_size=10&after=10', query: { page_size: 10 } },
      { url: 'https://enrichlayer.test/api/v2/company/employees/?page_size=10&after=20', query: { page_size: 10 } },
    ]);
    expect(run.items).toEqual(all);
  });
});

describe('refusing to walk badly', () => {
  it('rejects a bad target before any request, naming the field', async () => {
    const fetchPage = jest.fn(creatorsApi(records(10)));
    await expect(walk(bodyPaging(0), fetchPage, { maxItems: -1 })).rejects.toThrow(ValidationError);
    await expect(walk(bodyPaging(0), fetchPage, { pageSize: 2.5 })).rejects.toMatchObject({ field: 'pageSize' });
    await expect(walk(bodyPaging(1), fetchPage, { startPage: 0 })).rejects.toMatchObject({ field: 'startPage' });
    expect(fetchPage).not.toHaveBeenCalled();
  });

  it('stops with an error instead of looping forever on a cursor that does not advance', async () => {
    const spec: PaginationSpec = { style: 'cursor', maxPageSize: 10, defaultPageSize: 2, items: (d) => d as unknown[], nextCursor: () => 'same' };
    const fetchPage = jest.fn(async () => ({ data: [1, 2], body: {} }));
    await expect(walk(spec, fetchPage)).rejects.toThrow(ProviderFailureError);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('reports a page without an item list as a provider failure', async () => {
    await expect(walk(pageQuery(), async () => ({ data: { results: 'nope' }, body: {} }))).rejects.toThrow(/no item list/);
  });
});
